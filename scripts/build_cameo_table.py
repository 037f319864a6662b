"""Build src/lanner/events/data/cameo.tsv: one row per CAMEO code with the facts Lanner needs.

Facts only (code, short label, Goldstein value, quad class, PLOVER event/mode/context), taken
from the CAMEO codebook table and the CAMEO->PLOVER conversion table in ../shared. No
descriptions, notes or examples are copied. PLOVER names are updated to the current 16 events.

    python scripts/build_cameo_table.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "lanner" / "events" / "data" / "cameo.tsv"

RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT"}


def quad_class(code: str) -> int:
    # CAMEO roots 01-05 verbal cooperation, 06-08 material cooperation,
    # 09-13 verbal conflict, 14-20 material conflict.
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = parser.parse_args()
    shared = Path(args.shared)
    plover: dict[str, tuple[str, str, str]] = {}
    for line in (shared / "data/plover/CAMEO2PLOVER-2021.txt").read_text().splitlines():
        m = re.match(r"^(\d{2,4}):\s*([^#]*)", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")]
        parts += [""] * (3 - len(parts))
        event = RENAMED.get(parts[0], parts[0])
        if event:
            plover[m.group(1)] = (event, parts[1], parts[2])
    rows = []
    with open(shared / "data/cameo/cameo-codes.csv", newline="", encoding="latin-1") as fh:
        for rec in csv.DictReader(fh):
            code = rec["code"].strip()
            gold = rec["goldstein"].strip()
            event, mode, context = (
                plover.get(code) or plover.get(code[:3]) or plover.get(code[:2]) or ("", "", "")
            )
            if code.startswith("02"):
                event = "REQUEST"  # Lanner convention: CAMEO 02 appeals are PLOVER REQUEST
            rows.append(
                [
                    code,
                    rec["name"].strip(),
                    gold if gold != "NA" else "0",
                    str(quad_class(code)),
                    event,
                    mode,
                    context,
                ]
            )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(
            [
                "code",
                "name",
                "goldstein",
                "quad_class",
                "plover_event",
                "plover_mode",
                "plover_context",
            ]
        )
        w.writerows(sorted(rows))
    print(f"wrote {len(rows)} codes to {OUT}")


if __name__ == "__main__":
    main()
