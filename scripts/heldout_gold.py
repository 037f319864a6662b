"""Write the held-out share of the training corpus as a Lanner gold file.

`lanner train` holds out a fixed 10% of the team's training sentences (seed 13) for
validation and calibration; the model never trains on them. This script writes exactly those
sentences as gold articles (one sentence each), so that the three coders can be compared on
text the model has not seen, without touching the test split:

    python scripts/heldout_gold.py /tmp/heldout.json
    lanner eval events /tmp/heldout.json --coder hybrid

Scores there use the training corpus's single codes (no `cameo_alt`) and have no gold dates
or places: only the triple figures are meaningful.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lanner.events.cameo import cameo  # noqa: E402
from lanner.train.data import build_examples, held_out_indices  # noqa: E402


def held_out_origins(seed: int, share: float = 0.1) -> set[str]:
    """The origins (file:line) of the held-out lines, chosen as lanner train chooses them."""
    examples = build_examples(ROOT, None, include_gold=True)
    return {examples[i].origin for i in held_out_indices(examples, random.Random(seed), share)}


def _actor(raw: dict[str, object] | None) -> dict[str, object] | None:
    if raw is None:
        return None
    return {k: raw.get(k) for k in ("country", "sector", "igo")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    held = held_out_origins(args.seed)
    docs = []
    for path in sorted((ROOT / "corpus" / "train").glob("*.jsonl")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if f"{path.name}:{no}" not in held:
                continue
            obj = json.loads(line)
            events = [
                {
                    "sentence": obj["text"],
                    "trigger": ev["trigger"],
                    "source": _actor(ev.get("source_actor")),
                    "target": _actor(ev.get("target_actor")),
                    "cameo": ev["cameo"],
                    "cameo_alt": [],
                    "plover": cameo(ev["cameo"]).plover_event,
                    "factuality": ev["factuality"],
                    "date": None,
                    "date_precision": None,
                    "location": None,
                }
                for ev in obj["events"]
            ]
            docs.append(
                {
                    "id": obj["id"],
                    "split": "dev",
                    "region": "held-out",
                    "fictional": True,
                    "note": "a held-out line of the team's training corpus",
                    "title": "",
                    "published": obj.get("published") or "2024-01-01",
                    "source": "Lanner training corpus (held out)",
                    "text": obj["text"],
                    "events": events,
                    "non_events": [] if events else [obj["text"]],
                }
            )
    args.out.write_text(json.dumps(docs), encoding="utf-8")
    print(f"{len(docs)} held-out sentences written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
