"""Readers for gold sets written by other projects: the PLOVER gold standard and PETRARCH XML.

Each record of these sets is one sentence, so each becomes a one-sentence :class:`GoldDocument`.

* PLOVER gold standard (PLOVER 0.5, 2016): a JSON list; ``DOCUMENT`` records are file
  documentation and are skipped. Event names are mapped to the current 16 (see
  :data:`lanner.eval.gold.OLD_PLOVER_NAMES`). The set has no CAMEO codes, and its actor codes
  are CAMEO-style (``JAP``, ``IGO``), so it is scored for coverage and event type only.
* PETRARCH validation XML: ``<Sentence date="YYYYMMDD" id="...">`` elements with
  ``<EventCoding eventcode=... sourcecode=... targetcode=.../>`` children and a ``<Text>``.
  The actor's first three letters are its country (``CALGOV`` -> ``CAL``), the next three its
  sector. ``noevents="True"`` on the sentence or a coding marks a sentence with no event.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree

from lanner.errors import LannerError
from lanner.eval.gold_types import (
    CURRENT_PLOVER_EVENTS,
    GoldActor,
    GoldDocument,
    GoldEvent,
    current_plover_name,
)

__all__ = ["petrarch_actor", "read_petrarch_xml", "read_plover_gsr"]

# CAMEO-style codes in the PLOVER gold standard that name a kind of organisation, not a state.
_ORGANISATION_CODES = frozenset({"IGO", "NGO", "NGM", "IMG", "MNC"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_WHITESPACE = re.compile(r"\s+")


def read_plover_gsr(records: list[dict[str, Any]], path: Path) -> list[GoldDocument]:
    """One gold document per sentence record of the PLOVER gold standard."""
    docs: list[GoldDocument] = []
    for i, record in enumerate(records):
        event_name = str(record.get("event") or "")
        if event_name.upper() == "DOCUMENT":
            continue
        rid = str(record.get("id") or f"{path.stem}-{i}")
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise LannerError("E301", path=str(path), reason=f"record {rid} has no text")
        plover = current_plover_name(event_name)
        if plover not in CURRENT_PLOVER_EVENTS:
            raise LannerError(
                "E301", path=str(path), reason=f"record {rid}: unknown PLOVER event {event_name!r}"
            )
        date = _iso_day(record.get("date"))
        sources = _plover_actors(record.get("source"))
        targets = _plover_actors(record.get("target"))
        # One gold event per directed dyad, as in Lanner gold (a compound source gives several).
        events = [
            GoldEvent(
                sentence=text,
                source=source,
                target=target,
                cameo=None,
                plover=plover,
                date=date,
                date_precision="day" if date else None,
            )
            for source in sources
            for target in targets
            if source is None or target is None or source != target
        ] or [GoldEvent(sentence=text, source=None, target=None, cameo=None, plover=plover)]
        docs.append(
            GoldDocument(
                id=rid,
                text=text,
                published=date,
                events=events,
                split=None,
                format="plover",
                path=str(path),
            )
        )
    return docs


def _plover_actors(raw: Any) -> list[GoldActor | None]:
    if not isinstance(raw, list) or not raw:
        return [None]
    actors: list[GoldActor | None] = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        code = str(item.get("code") or "").upper() or None
        sector = item.get("sector") if isinstance(item.get("sector"), str) else None
        if code in _ORGANISATION_CODES:
            actors.append(GoldActor(country=None, sector=sector, igo=code))
        else:
            actors.append(GoldActor(country=code, sector=sector))
    return actors or [None]


def petrarch_actor(code: str | None) -> GoldActor | None:
    """A PETRARCH actor code as a gold actor: country = first 3 letters, sector = next 3."""
    code = (code or "").strip().upper()
    if not code or code.startswith("---") or code in ("NONE", "NULL"):
        return None
    return GoldActor(country=code[:3], sector=code[3:6] or None)


def read_petrarch_xml(text: str, path: Path) -> list[GoldDocument]:
    """Read PETRARCH validation sentences; liberal about the wrapping and attribute case."""
    root = _parse_xml(text, path)
    docs: list[GoldDocument] = []
    for n, sentence in enumerate(e for e in root.iter() if _tag(e) == "sentence"):
        attrs = {k.lower(): v for k, v in sentence.attrib.items()}
        sid = attrs.get("id") or f"{path.stem}-{n + 1}"
        body = next((c for c in sentence if _tag(c) == "text"), None)
        sentence_text = _WHITESPACE.sub(" ", "".join(body.itertext()) if body is not None else "")
        sentence_text = sentence_text.strip()
        if not sentence_text:
            raise LannerError("E301", path=str(path), reason=f"sentence {sid} has no <Text>")
        events: list[GoldEvent] = []
        if not _true(attrs.get("noevents")):
            for coding in (c for c in sentence if _tag(c) == "eventcoding"):
                events.extend(_petrarch_event(coding, sentence_text, sid, path))
        published = _petrarch_date(attrs.get("date"))
        docs.append(
            GoldDocument(
                id=sid,
                text=sentence_text,
                published=published,
                events=events,
                non_events=[] if events else [sentence_text],
                split=None,
                format="petrarch",
                path=str(path),
            )
        )
    if not docs:
        raise LannerError("E301", path=str(path), reason="no <Sentence> elements")
    return docs


def _petrarch_event(coding: etree._Element, sentence: str, sid: str, path: Path) -> list[GoldEvent]:
    attrs = {k.lower(): v for k, v in coding.attrib.items()}
    if _true(attrs.get("noevents")):
        return []
    code = (attrs.get("eventcode") or "").strip()
    if not code:
        return []
    if not code.isdigit() or not 2 <= len(code) <= 4:
        raise LannerError("E301", path=str(path), reason=f"sentence {sid}: bad eventcode {code!r}")
    return [
        GoldEvent(
            sentence=sentence,
            source=petrarch_actor(attrs.get("sourcecode")),
            target=petrarch_actor(attrs.get("targetcode")),
            cameo=code,
        )
    ]


def _parse_xml(text: str, path: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    body = _XML_DECLARATION.sub("", text, count=1)
    try:
        return etree.fromstring(body.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        pass
    # Validation files are sometimes a bare run of <Sentence> elements with no single root.
    try:
        return etree.fromstring(f"<Sentences>{body}</Sentences>".encode(), parser)
    except etree.XMLSyntaxError as exc:
        raise LannerError("E301", path=str(path), reason=f"invalid XML: {exc}") from exc


def _tag(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return str(etree.QName(tag).localname).lower()


def _true(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "yes", "1")


def _iso_day(value: Any) -> str | None:
    """A YYYY-MM-DD string, or None for anything else (the gold date is then unknown)."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return value.strip()
    return None


def _petrarch_date(value: str | None) -> str | None:
    digits = re.sub(r"\D", "", value or "")
    if len(digits) != 8:
        return None
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
