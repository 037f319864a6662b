"""Inter-annotator agreement between the training corpus and a second annotation.

Usage: python scripts/agreement.py SECOND.jsonl [--first FILE ...] [--details]

SECOND.jsonl holds lines in the corpus/train format (docs/train-format.md) for a subset of
ids. The first annotation is read by id from corpus/train/*.jsonl (or from --first files).
Printed figures:

* sentence level: agreement on event / no event (and Cohen's kappa on that binary label);
* event level: events are matched within a sentence by their dyad (source country-or-igo,
  target country-or-igo; a null side counts as its own value). When several events share a
  dyad they are paired one-to-one, exact code matches first, then same root, then the rest.
  Over matched pairs: agreement on CAMEO root, on the full code and on factuality;
* Cohen's kappa on the root label per sentence (the first event's root, or NONE).

--details lists every sentence whose annotations differ, for review.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load(paths: list[Path]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                obj = json.loads(line)
                out[obj["id"]] = obj
    return out


def side(actor: dict | None) -> str | None:
    if not actor:
        return None
    return actor.get("country") or actor.get("igo") or None


def dyad(ev: dict) -> tuple[str | None, str | None]:
    return side(ev.get("source_actor")), side(ev.get("target_actor"))


def root(code: object) -> str:
    return str(code)[:2]


def match_events(
    first: list[dict], second: list[dict]
) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pair events by dyad; returns (pairs, unmatched first, unmatched second)."""
    by_dyad_1: dict[tuple, list[dict]] = collections.defaultdict(list)
    by_dyad_2: dict[tuple, list[dict]] = collections.defaultdict(list)
    for ev in first:
        by_dyad_1[dyad(ev)].append(ev)
    for ev in second:
        by_dyad_2[dyad(ev)].append(ev)
    pairs: list[tuple[dict, dict]] = []
    left1: list[dict] = []
    left2: list[dict] = []
    for key in list(by_dyad_1) + [k for k in by_dyad_2 if k not in by_dyad_1]:
        a, b = list(by_dyad_1.get(key, [])), list(by_dyad_2.get(key, []))
        for same in (
            lambda x, y: str(x["cameo"]) == str(y["cameo"]),
            lambda x, y: root(x["cameo"]) == root(y["cameo"]),
            lambda x, y: True,
        ):
            for x in list(a):
                for y in b:
                    if same(x, y):
                        pairs.append((x, y))
                        a.remove(x)
                        b.remove(y)
                        break
        left1 += a
        left2 += b
    return pairs, left1, left2


def cohen_kappa(labels_1: list[str], labels_2: list[str]) -> float:
    n = len(labels_1)
    if n == 0:
        return float("nan")
    po = sum(x == y for x, y in zip(labels_1, labels_2, strict=True)) / n
    c1, c2 = collections.Counter(labels_1), collections.Counter(labels_2)
    pe = sum(c1[k] * c2[k] for k in set(c1) | set(c2)) / (n * n)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def pct(num: int, den: int) -> str:
    return f"{num}/{den} = {100 * num / den:.1f}%" if den else f"{num}/0"


def fmt_event(ev: dict) -> str:
    s, t = dyad(ev)
    return f"{s}->{t} {ev['cameo']} {ev['factuality']} [{ev.get('trigger')!s}]"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("second", type=Path)
    ap.add_argument("--first", nargs="*", type=Path, default=None)
    ap.add_argument("--details", action="store_true")
    args = ap.parse_args(argv)

    first_files = args.first or sorted((ROOT / "corpus" / "train").glob("*.jsonl"))
    first = load(first_files)
    second = load([args.second])
    ids = [i for i in second if i in first]
    missing = [i for i in second if i not in first]

    sent_agree = 0
    ev1_bin, ev2_bin, root1, root2 = [], [], [], []
    n_pairs = same_root = same_code = same_fact = 0
    n_ev1 = n_ev2 = unmatched1 = unmatched2 = 0
    details: list[str] = []
    for i in ids:
        e1, e2 = first[i]["events"], second[i]["events"]
        has1, has2 = bool(e1), bool(e2)
        sent_agree += has1 == has2
        ev1_bin.append(str(has1))
        ev2_bin.append(str(has2))
        root1.append(root(e1[0]["cameo"]) if e1 else "NONE")
        root2.append(root(e2[0]["cameo"]) if e2 else "NONE")
        n_ev1 += len(e1)
        n_ev2 += len(e2)
        pairs, l1, l2 = match_events(e1, e2)
        unmatched1 += len(l1)
        unmatched2 += len(l2)
        diff = bool(l1 or l2)
        for x, y in pairs:
            n_pairs += 1
            same_root += root(x["cameo"]) == root(y["cameo"])
            same_code += str(x["cameo"]) == str(y["cameo"])
            same_fact += x["factuality"] == y["factuality"]
            diff = diff or str(x["cameo"]) != str(y["cameo"]) or x["factuality"] != y["factuality"]
        if diff and args.details:
            lines = [f"== {i}: {first[i]['text']}"]
            lines += [
                f"   both:   {fmt_event(x)}  |  {y['cameo']} {y['factuality']}" for x, y in pairs
            ]
            lines += [f"   first:  {fmt_event(x)}" for x in l1]
            lines += [f"   second: {fmt_event(y)}" for y in l2]
            details.append("\n".join(lines))

    n = len(ids)
    print(
        f"sentences compared: {n}"
        + (f" ({len(missing)} ids not found in the first annotation)" if missing else "")
    )
    print(
        f"events: first {n_ev1}, second {n_ev2}; matched by dyad {n_pairs}; "
        f"unmatched first {unmatched1}, unmatched second {unmatched2}"
    )
    print(
        f"sentence-level event/no-event agreement: {pct(sent_agree, n)}; "
        f"kappa {cohen_kappa(ev1_bin, ev2_bin):.3f}"
    )
    print(f"matched events, CAMEO root agreement:  {pct(same_root, n_pairs)}")
    print(f"matched events, full code agreement:   {pct(same_code, n_pairs)}")
    print(f"matched events, factuality agreement:  {pct(same_fact, n_pairs)}")
    print(
        f"Cohen's kappa on sentence root label (first event's root or NONE): {cohen_kappa(root1, root2):.3f} "
        f"(raw agreement {pct(sum(a == b for a, b in zip(root1, root2, strict=True)), n)})"
    )
    if args.details:
        print()
        print(f"{len(details)} sentences with differences:")
        print("\n".join(details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
