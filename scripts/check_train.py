"""Check the team-written training corpus (corpus/train/*.jsonl); see docs/train-format.md.

Usage: python scripts/check_train.py [FILES...] [--stats]
Exit code 1 when any line is invalid; every problem is printed as file:line: message.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lanner.events.cameo import all_codes  # noqa: E402

FACTUALITY = {"asserted", "intended", "hypothetical", "negated"}
EVENT_KEYS = {
    "trigger",
    "source",
    "source_actor",
    "target",
    "target_actor",
    "cameo",
    "factuality",
    "trigger_start",
    "source_start",
    "target_start",
    "note",
}
LINE_KEYS = {"id", "text", "published", "phenomena", "events", "note", "region"}
ACTOR_KEYS = {"country", "sector", "igo"}


def _span_ok(text: str, span: str, start: object) -> bool:
    if isinstance(start, int):
        return text[start : start + len(span)] == span
    return span in text


def check_line(obj: object, codes: set[str]) -> list[str]:
    if not isinstance(obj, dict):
        return ["line is not a JSON object"]
    errs = [f"unknown key {k!r}" for k in obj if k not in LINE_KEYS]
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return errs + ["missing text"]
    if not isinstance(obj.get("id"), str):
        errs.append("missing id")
    pub = obj.get("published")
    if pub is not None and not (isinstance(pub, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", pub)):
        errs.append(f"published {pub!r} is not YYYY-MM-DD")
    events = obj.get("events")
    if not isinstance(events, list):
        return errs + ["events must be a list"]
    for i, ev in enumerate(events):
        where = f"event {i}"
        if not isinstance(ev, dict):
            errs.append(f"{where}: not an object")
            continue
        errs += [f"{where}: unknown key {k!r}" for k in ev if k not in EVENT_KEYS]
        trig = ev.get("trigger")
        if not isinstance(trig, str) or not _span_ok(text, trig, ev.get("trigger_start")):
            errs.append(f"{where}: trigger {trig!r} is not in the text")
        for role in ("source", "target"):
            span, actor = ev.get(role), ev.get(f"{role}_actor")
            if span is None:
                if actor is not None:
                    errs.append(f"{where}: {role}_actor given without a {role} span")
                continue
            if not isinstance(span, str) or not _span_ok(text, span, ev.get(f"{role}_start")):
                errs.append(f"{where}: {role} {span!r} is not in the text")
            if not isinstance(actor, dict) or set(actor) - ACTOR_KEYS:
                errs.append(f"{where}: {role}_actor must have country/sector/igo")
                continue
            country = actor.get("country")
            if country is not None and not re.fullmatch(r"[A-Z]{3}", str(country)):
                errs.append(f"{where}: {role} country {country!r} is not alpha-3")
            if not any(actor.get(k) for k in ACTOR_KEYS):
                errs.append(f"{where}: {role}_actor is empty")
        if str(ev.get("cameo")) not in codes:
            errs.append(f"{where}: unknown CAMEO code {ev.get('cameo')!r}")
        if ev.get("factuality") not in FACTUALITY:
            errs.append(f"{where}: factuality {ev.get('factuality')!r}")
    return errs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--stats", action="store_true")
    args = ap.parse_args(argv)
    files = args.files or sorted((ROOT / "corpus" / "train").glob("*.jsonl"))
    codes = set(all_codes())
    bad = 0
    seen: dict[str, str] = {}
    roots: collections.Counter[str] = collections.Counter()
    phen: collections.Counter[str] = collections.Counter()
    n_lines = n_events = n_empty = 0
    for path in files:
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{path}:{no}: bad JSON: {exc}")
                bad += 1
                continue
            errs = check_line(obj, codes)
            if isinstance(obj, dict):
                oid, text = obj.get("id"), obj.get("text")
                if isinstance(oid, str):
                    if oid in seen:
                        errs.append(f"duplicate id {oid!r} (also {seen[oid]})")
                    seen[oid] = f"{path.name}:{no}"
                if isinstance(text, str) and text in seen:
                    errs.append(f"duplicate text (also {seen[text]})")
                if isinstance(text, str):
                    seen[text] = f"{path.name}:{no}"
            for e in errs:
                print(f"{path}:{no}: {e}")
            bad += bool(errs)
            if not errs:
                n_lines += 1
                evs = obj["events"]
                n_events += len(evs)
                n_empty += not evs
                roots.update(str(e["cameo"])[:2] for e in evs)
                phen.update(obj.get("phenomena") or [])
    print(f"{n_lines} valid sentences, {n_events} events, {n_empty} without events, {bad} invalid")
    if args.stats:
        print("roots:", " ".join(f"{r}:{roots[r]}" for r in sorted(roots)))
        print("phenomena:", " ".join(f"{p}:{c}" for p, c in phen.most_common()))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
