"""Gold corpora for event evaluation, read into one representation.

Three formats are read and told apart by their content, not their file name:

* Lanner gold JSON (``docs/gold-format.md``): one article per file, every sentence of the
  text annotated (events, ``non_events``, or nothing to code);
* the PLOVER gold-standard sentences (``PLOVER_GSR_CAMEO.txt``), read in
  :mod:`lanner.eval.external`;
* PETRARCH validation XML, also in :mod:`lanner.eval.external`.

A bad file raises ``E301`` (a gold file with a problem) or ``E302`` (not a gold format at all),
naming the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lanner.errors import LannerError
from lanner.eval.external import read_petrarch_xml, read_plover_gsr
from lanner.eval.gold_types import (
    CURRENT_PLOVER_EVENTS,
    FACTUALITIES,
    GoldActor,
    GoldDocument,
    GoldEvent,
    GoldFormat,
    GoldLocation,
    current_plover_name,
)

__all__ = [
    "CURRENT_PLOVER_EVENTS",
    "FACTUALITIES",
    "GoldActor",
    "GoldDocument",
    "GoldEvent",
    "GoldFormat",
    "GoldLocation",
    "current_plover_name",
    "gold_files",
    "load_gold",
    "read_gold_file",
]

GOLD_SUFFIXES = (".json", ".xml", ".txt")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_PATTERNS = {
    "day": _ISO_DAY,
    "month": re.compile(r"\d{4}-\d{2}"),
    "year": re.compile(r"\d{4}"),
}


def gold_files(paths: Iterable[str | Path]) -> list[Path]:
    """The gold files under ``paths`` (files as given, directories searched recursively)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in GOLD_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise LannerError("E301", path=str(path), reason="no such file or directory")
    return found


def load_gold(paths: Iterable[str | Path], split: str | None = None) -> list[GoldDocument]:
    """Read every gold file under ``paths``; keep only ``split`` when given.

    Documents without a split (PLOVER and PETRARCH sets) are kept whatever ``split`` is.
    """
    docs: list[GoldDocument] = []
    for path in gold_files(paths):
        docs.extend(read_gold_file(path))
    if split is not None:
        docs = [d for d in docs if d.split is None or d.split == split]
    return docs


def read_gold_file(path: str | Path) -> list[GoldDocument]:
    """Read one gold file of any supported format, detected from its content."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LannerError("E301", path=str(path), reason=exc.strerror or str(exc)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LannerError("E301", path=str(path), reason="not UTF-8") from exc
    head = text.lstrip()[:1]
    if not head:
        raise LannerError("E301", path=str(path), reason="the file is empty")
    if head == "<":
        return read_petrarch_xml(text, path)
    if head not in "[{":
        raise LannerError("E302", path=str(path))
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LannerError(
            "E301", path=str(path), reason=f"invalid JSON at line {exc.lineno}: {exc.msg}"
        ) from exc
    return _documents_from_json(payload, path)


def _documents_from_json(payload: Any, path: Path) -> list[GoldDocument]:
    if isinstance(payload, dict) and "text" in payload and "events" in payload:
        return [lanner_document(payload, path)]
    if isinstance(payload, list) and payload and all(isinstance(r, dict) for r in payload):
        if all("text" in r and "events" in r for r in payload):
            return [lanner_document(r, path, index=i) for i, r in enumerate(payload)]
        if any("event" in r for r in payload):
            return read_plover_gsr(payload, path)
    raise LannerError("E302", path=str(path))


def lanner_document(record: dict[str, Any], path: Path, index: int | None = None) -> GoldDocument:
    """One Lanner gold article; checks the field rules of ``docs/gold-format.md``."""
    where = str(path) if index is None else f"{path}[{index}]"

    def bad(reason: str) -> LannerError:
        return LannerError("E301", path=where, reason=reason)

    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad("'text' must be a non-empty string")
    events_raw = record.get("events")
    if not isinstance(events_raw, list):
        raise bad("'events' must be a list")
    non_events = record.get("non_events") or []
    if not isinstance(non_events, list) or not all(isinstance(s, str) for s in non_events):
        raise bad("'non_events' must be a list of sentences")
    for sentence in non_events:
        if sentence not in text:
            raise bad(f"non-event sentence is not in the text: {sentence[:80]!r}")
    events = [_lanner_event(e, i, text, bad) for i, e in enumerate(events_raw)]
    published = _optional_str(record, "published", "", bad)
    if published is not None and not _ISO_DAY.fullmatch(published):
        raise bad(f"'published' must be YYYY-MM-DD, got {published!r}")
    split = _optional_str(record, "split", "", bad)
    if split is None and path.parent.name in ("dev", "test"):
        split = path.parent.name
    doc_id = record.get("id")
    if not isinstance(doc_id, str | int | type(None)) or isinstance(doc_id, bool):
        raise bad("'id' must be a string")
    return GoldDocument(
        id=str(doc_id or path.stem),
        text=text,
        published=published,
        events=events,
        non_events=list(non_events),
        split=split,
        format="lanner",
        path=str(path),
        title=_optional_str(record, "title", "", bad),
    )


def _optional_str(record: dict[str, Any], key: str, what: str, bad: Any) -> str | None:
    """``record[key]`` when it is a string, None when absent or null; E301 otherwise."""
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise bad(f"{what}{' ' if what else ''}{key!r} must be a string or null")
    return value


def _lanner_event(raw: Any, i: int, text: str, bad: Any) -> GoldEvent:
    if not isinstance(raw, dict):
        raise bad(f"event {i} is not an object")
    sentence = raw.get("sentence")
    if not isinstance(sentence, str) or sentence not in text:
        raise bad(f"event {i}: 'sentence' is not an exact substring of the text")
    cameo = raw.get("cameo")
    if not isinstance(cameo, str) or not cameo.isdigit() or not 2 <= len(cameo) <= 4:
        raise bad(f"event {i}: 'cameo' must be a 2-4 digit CAMEO code, got {cameo!r}")
    alt = raw.get("cameo_alt") or []
    if not isinstance(alt, list) or not all(isinstance(c, str) and c.isdigit() for c in alt):
        raise bad(f"event {i}: 'cameo_alt' must be a list of CAMEO codes")
    what = f"event {i}:"
    factuality = _optional_str(raw, "factuality", what, bad) or "asserted"
    if factuality not in FACTUALITIES:
        raise bad(f"event {i}: unknown factuality {factuality!r}")
    plover = current_plover_name(_optional_str(raw, "plover", what, bad))
    if plover is not None and plover not in CURRENT_PLOVER_EVENTS:
        raise bad(f"event {i}: unknown PLOVER event {raw.get('plover')!r}")
    date = _optional_str(raw, "date", what, bad)
    precision = _optional_str(raw, "date_precision", what, bad)
    if date is not None and (
        precision not in _DATE_PATTERNS or not _DATE_PATTERNS[precision].fullmatch(date)
    ):
        raise bad(f"event {i}: date {date!r} does not match date_precision {precision!r}")
    return GoldEvent(
        sentence=sentence,
        source=_lanner_actor(raw.get("source"), f"event {i} source", bad),
        target=_lanner_actor(raw.get("target"), f"event {i} target", bad),
        cameo=cameo,
        cameo_alt=tuple(alt),
        plover=plover,
        factuality=factuality,
        date=date,
        date_precision=precision if date is not None else None,
        location=_lanner_location(raw.get("location"), i, bad),
        trigger=_optional_str(raw, "trigger", what, bad),
    )


def _lanner_actor(raw: Any, what: str, bad: Any) -> GoldActor | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise bad(f"{what} must be an object or null")
    actor = GoldActor(
        country=_optional_str(raw, "country", what, bad),
        sector=_optional_str(raw, "sector", what, bad),
        igo=_optional_str(raw, "igo", what, bad),
    )
    if actor.country is not None and not (len(actor.country) == 3 and actor.country.isalpha()):
        raise bad(f"{what}: country must be ISO 3166-1 alpha-3, got {actor.country!r}")
    return actor


def _lanner_location(raw: Any, i: int, bad: Any) -> GoldLocation | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise bad(f"event {i}: 'location' must be an object or null")
    lat, lon = raw.get("lat"), raw.get("lon")
    if lat is None or lon is None:
        return None
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon)):
        raise bad(f"event {i}: location lat/lon must be numbers")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise bad(f"event {i}: location ({lat}, {lon}) is off the globe")
    what = f"event {i} location:"
    return GoldLocation(
        float(lat),
        float(lon),
        _optional_str(raw, "precision", what, bad),
        _optional_str(raw, "name", what, bad),
    )
