"""Foreign security installations as a model of the world, read off the stored reports.

An *installation* is a base, outpost, border post, centre, radar station, facility,
embassy or consulate that one state or organisation (the **owner**) keeps in another
country (the **host**). Lanner reads them from the sentences of the stored documents
(:mod:`.installation_rules` reads one sentence), then builds each installation with:

* an owner, a host (always known when the place is known: the place's country), a kind;
* a place: the most specific one seen, so a country-level mention ("the Chinese embassy in
  Kyrgyzstan") joins the city-level installation ("... in Bishkek");
* a status history: transitions ``planned`` -> ``under construction`` -> ``operating``,
  ``attacked``, ``closed``, ``reopened``, ``withdrawn``, each with its evidence (document,
  sentence, cue, date).

The rules, in the order they apply, are written up in ``docs/analysis.md``. In short:
a phrase with no owner of its own ("the outpost") is the last installation of that kind
named in the same report, else the one of that kind at the place it names; "its base"
belongs to the clause's subject; a domestic post (owner = host) is not a foreign
installation; a plan after construction began, or a mere mention after a closure, does not
move the status back; a back-reference to an attack ("the attack on the embassy") is new
evidence for that attack, not a new one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from lanner.analysis.common import check_range, distance_km, fetch_dicts, iso
from lanner.analysis.installation_rules import (
    ANY_KIND,
    KINDS,
    Reading,
    country_words,
    read_sentence,
    split_sentences,
)

__all__ = [
    "KINDS",
    "STATUSES",
    "TRANSITIONS",
    "country_words",
    "find_installations",
    "installation_mentions",
]

# The state an installation is in (its current ``status``) ...
STATUSES = ("planned", "under construction", "operating", "attacked", "closed", "withdrawn")
# ... and the transitions of its history (``reopened`` leaves it operating again).
TRANSITIONS = (*STATUSES, "reopened")
# Where a state stands in an installation's life; a later piece of evidence whose state
# stands lower (a plan once construction began) does not move the status back.
_LIFECYCLE = {"planned": 0, "under construction": 1, "operating": 2, "reopened": 2,
              "attacked": 2, "closed": 3, "withdrawn": 3}  # fmt: skip
_DATELINE = re.compile(r"^[A-Z][A-Za-z' .-]+,[^\n]{0,60}?\([^)]{0,40}\)\s*[-–—]\s*")
_DATELINE_COUNTRY = re.compile(r"^([A-Z][A-Z'’ .-]+),\s+([A-Z][a-z]+(?: [A-Z][a-z]+)*),")
# "due to be finished by the end of July": a deadline does not date what the sentence says
_DEADLINE = re.compile(
    r"\b(?:by|until|till|before)\s+(?:the\s+)?(?:(?:end|middle|start) of\s+)?$", re.I
)
_PRECISION_RANK = {"point": 0, "city": 1, "admin1": 2, "border": 3, "region": 4, "country": 5}


@dataclass
class Place:
    name: str
    text: str
    country: str | None
    precision: str
    lat: float | None
    lon: float | None


@dataclass
class Mention:
    reading: Reading
    doc: dict[str, Any]
    sentence: str
    sentence_start: int
    date: str | None
    owner: str
    host: str | None
    place: Place | None
    status: str | None


@dataclass
class _Site:
    owner: str
    kind: str
    host: str | None
    place: Place | None
    mentions: list[Mention] = field(default_factory=list)


class _Places:
    """Place names resolved the way the store's geocoder resolved them, else the gazetteer."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.known: dict[str, Place] = {}
        # "ISHKASHIM, Tajikistan, April 24 (...) -": a dateline states its place's country
        self.dateline_country: dict[str, str] = {}
        rows = con.execute(
            """SELECT location_text, location_name, location_country, location_precision,
                      lat, lon, count(*) AS n
               FROM events WHERE location_text IS NOT NULL AND location_name IS NOT NULL
               GROUP BY ALL ORDER BY n"""
        ).fetchall()
        for text, name, country, precision, lat, lon, _ in rows:  # most frequent last wins
            place = Place(name, text, country, precision or "point", lat, lon)
            self.known[text.lower().removeprefix("the ")] = place
            self.known.setdefault(name.lower(), place)

    def add_dateline(self, text: str) -> None:
        m = _DATELINE_COUNTRY.match(text)
        iso3 = country_words().get(m.group(2).lower()) if m else None
        if m and iso3:
            self.dateline_country.setdefault(m.group(1).lower(), iso3)

    def resolve(self, text: str, context: tuple[str, ...]) -> Place | None:
        key = text.lower().removeprefix("the ")
        stated = self.dateline_country.get(key)
        if key in self.known and (stated is None or self.known[key].country == stated):
            return self.known[key]
        if stated is not None:
            found = self._gazetteer(text, (stated,))
            if found is not None and found.country == stated:
                return found
            # the gazetteer knows another place of that name: the dateline's country wins
            return Place(text, text, stated, "city", None, None)
        iso3 = country_words().get(key)
        if iso3:
            return self._country(text, iso3)
        return self._gazetteer(text, context)

    def _country(self, text: str, iso3: str) -> Place:
        from lanner.geo import country_location

        loc = country_location(iso3)
        lat, lon = (loc.lat, loc.lon) if loc is not None else (None, None)
        return Place((loc.name if loc else None) or text, text, iso3, "country", lat, lon)

    def _gazetteer(self, text: str, context: tuple[str, ...]) -> Place | None:
        from lanner.geo import place_location

        loc = place_location(text, context_countries=context)
        if loc is None or not loc.country:
            return None
        if loc.country not in context and context:
            return None
        place = Place(
            loc.name or text, text, loc.country, loc.precision or "city", loc.lat, loc.lon
        )
        self.known[text.lower()] = place
        return place


def _documents(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    # Every report that names an installation: a status in the date range may rest on
    # a place or owner that only an earlier report gives.
    return fetch_dicts(
        con,
        """SELECT id, url, title, published, text FROM documents
           WHERE regexp_matches(lower(text), ?) ORDER BY published NULLS LAST, seq""",
        [ANY_KIND],
    )


def _sentence_date(
    sentence: str, published: str | None, cue_at: int, default: str | None
) -> str | None:
    """The date expression nearest the status cue, else the report's date."""
    from lanner.dates import find_dates

    found = [
        e
        for e in find_dates(sentence, published)
        if e.value
        and e.precision
        and not _DEADLINE.search(sentence[max(0, e.start - 30) : e.start])
    ]
    if published:
        found = [e for e in found if e.value <= published]  # type: ignore[operator]
    if not found:
        return default
    # the nearest expression outside a relative clause ("..., where militants killed two
    # guards last month" dates the killing, not the plan)
    clause = re.search(r",\s*(?:where|which|who|when|after)\b", sentence[cue_at:])
    limit = cue_at + clause.start() if clause else len(sentence)
    near = [e for e in found if e.start < limit] or found
    return min(near, key=lambda e: abs(e.start - cue_at)).value


def _report_date(text: str, published: str | None) -> tuple[int, str | None]:
    """Where the story starts after its dateline, and the date of its undated statements.

    News convention: the lead's day (the first day-precise date of the first sentence) is
    the day of the story's undated statements, else the dateline's day, else publication.
    """
    from lanner.dates import find_dates

    m = _DATELINE.match(text)
    skip = m.end() if m else 0
    days = [e.value for e in find_dates(text[:skip], published) if e.precision == "day"]
    default = days[0] if days else published
    lead = split_sentences(text[skip:])[:1]
    if lead:
        found = find_dates(text[skip : skip + lead[0][1]], published)
        lead_days = [e.value for e in found if e.precision == "day" and e.value]
        if lead_days and (default is None or lead_days[0] <= default):
            default = lead_days[0]
    return skip, default


class _Reader:
    """Reads documents in date order, resolving owners and places through coreference."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.places = _Places(con)
        self.by_place: dict[tuple[str, str], tuple[str, str | None]] = {}  # (kind, place)
        self.mentions: list[Mention] = []

    def read(self, doc: dict[str, Any]) -> None:
        text: str = doc["text"]
        published = iso(doc["published"])
        skip, default_date = _report_date(text, published)
        last: dict[str, Mention] = {}  # kind -> last mention of that kind in this report
        last_any: Mention | None = None
        context = tuple(sorted({m.owner for m in self.mentions[-20:]}))
        for start, end in split_sentences(text):
            start = max(start, skip)
            sentence = text[start:end]
            if not re.search(ANY_KIND, sentence.lower()):
                continue
            for reading in read_sentence(sentence):
                mention = self._mention(reading, doc, sentence, start, last, last_any, context)
                if mention is None:
                    continue
                mention.date = _sentence_date(sentence, published, reading.cue_offset, default_date)
                last[reading.kind] = last_any = mention
                if mention.place is not None:
                    self.by_place.setdefault(
                        (reading.kind, mention.place.name), (mention.owner, mention.host)
                    )
                if mention.status is not None:
                    self.mentions.append(mention)

    def _mention(
        self,
        reading: Reading,
        doc: dict[str, Any],
        sentence: str,
        start: int,
        last: dict[str, Mention],
        last_any: Mention | None,
        context: tuple[str, ...],
    ) -> Mention | None:
        if reading.plural and reading.owner is None:
            return None  # "outside powers building military facilities": no one installation
        place = self._place(reading, context)
        owner, host = reading.owner, place.country if place else None
        earlier = last.get(reading.kind)
        if owner is None and reading.owner_rule.startswith("its") and last_any is not None:
            owner = last_any.owner  # "The ministry said its radar station ..."
        if owner is None and reading.definite and place is not None:
            owner, host = self.by_place.get((reading.kind, place.name), (None, host))
        if owner is None and reading.definite and earlier is not None:
            owner = earlier.owner
            if place is None or place.precision == "country":
                place, host = earlier.place or place, earlier.host
        if owner is None:
            return None
        if host is None and reading.kind == "border post":
            host = owner  # a national border post stands on its own side of the border
        if host is None and earlier is not None and earlier.owner == owner:
            place, host = earlier.place, earlier.host
        if host is None or host == owner:
            return None  # not locatable, or a domestic post: not a foreign installation
        status = reading.status
        if status is None and reading.definite and reading.owner is not None:
            status = "operating"  # "its air base at Kant": the owner has it
        return Mention(reading, doc, sentence, start, None, owner, host, place, status)

    def _place(self, reading: Reading, context: tuple[str, ...]) -> Place | None:
        found = [p for p in (self.places.resolve(t, context) for t in reading.places) if p]
        if not found:
            return None
        return min(found, key=lambda p: _PRECISION_RANK.get(p.precision, 9))


def installation_mentions(
    con: duckdb.DuckDBPyConnection,
    *,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
) -> list[dict[str, Any]]:
    """Every sentence that says something about a foreign installation, with the rules applied."""
    return [_mention_row(m) for m in _read_mentions(con, date_from, date_to)]


def _read_mentions(
    con: duckdb.DuckDBPyConnection, date_from: str | date | None, date_to: str | date | None
) -> list[Mention]:
    start, end = check_range(date_from, date_to)
    reader = _Reader(con)
    documents = _documents(con)
    for doc in documents:
        reader.places.add_dateline(doc["text"])
    for doc in documents:
        reader.read(doc)
    lo, hi = iso(start), iso(end)
    return [
        m
        for m in reader.mentions
        if (lo is None or (m.date or "") >= lo) and (hi is None or (m.date or "9999") <= hi)
    ]


def _mention_row(m: Mention) -> dict[str, Any]:
    return {
        "doc_id": m.doc["id"],
        "url": m.doc["url"],
        "title": m.doc["title"],
        "event_id": None,
        "date": m.date,
        "kind": m.reading.kind,
        "owner": m.owner,
        "host": m.host,
        "status": "operating" if m.status == "opened" else m.status,
        "cue": m.reading.cue,
        "reference": m.reading.reference,
        "place": m.place.name if m.place else None,
        "place_text": m.place.text if m.place else None,
        "lat": m.place.lat if m.place else None,
        "lon": m.place.lon if m.place else None,
        "sentence": m.sentence.strip(),
        "sentence_start": m.sentence_start,
        "sentence_end": m.sentence_start + len(m.sentence.rstrip()),
    }


def _group(mentions: list[Mention], radius_km: float) -> list[_Site]:
    """Mentions -> installations: same owner and kind, and the same place or a place inside it."""
    sites: list[_Site] = []
    specific_first = sorted(
        mentions,
        key=lambda m: (
            _PRECISION_RANK.get(m.place.precision, 9) if m.place else 10,
            m.date or "9999",
        ),
    )
    for m in specific_first:
        same = [s for s in sites if s.owner == m.owner and s.kind == m.reading.kind]
        target = None
        if m.place is not None and m.place.precision not in ("country", "region"):
            for site in same:
                p = site.place
                if p and p.name == m.place.name or _within(p, m.place, radius_km):
                    target = site
                    break
        else:
            in_host = [s for s in same if s.host == m.host]
            target = in_host[-1] if in_host else None
        if target is None:
            target = _Site(m.owner, m.reading.kind, m.host, m.place)
            sites.append(target)
        target.mentions.append(m)
    return sites


def _within(a: Place | None, b: Place, radius_km: float) -> bool:
    if a is None or None in (a.lat, a.lon, b.lat, b.lon):
        return False
    return distance_km(a.lat, a.lon, b.lat, b.lon) <= radius_km  # type: ignore[arg-type]


def _history(mentions: list[Mention]) -> list[dict[str, Any]]:
    """Transitions from the dated evidence: a status that would move the life back is kept
    as evidence of the current transition, not as a new one."""
    ordered = sorted(
        mentions, key=lambda m: (m.date or "9999", _LIFECYCLE.get(_state(m.status), 9))
    )
    history: list[dict[str, Any]] = []
    for m in ordered:
        status = "operating" if m.status == "opened" else str(m.status)
        current = history[-1] if history else None
        if current is not None and not _moves(current["status"], status, m, history):
            target = current
            if status == "attacked" and m.reading.reference:
                target = next(t for t in reversed(history) if t["status"] == "attacked")
            _add_evidence(target, m)
            continue
        history.append({"status": status, "date": m.date, "evidence": []})
        _add_evidence(history[-1], m)
    for step in history:
        days = [e["date"] for e in step["evidence"] if e["date"] and len(e["date"]) == 10]
        dates = days or [e["date"] for e in step["evidence"] if e["date"]]
        step["date"] = min(dates) if dates else None
        step["documents"] = sorted({e["doc_id"] for e in step["evidence"]})
        step["note"] = step["evidence"][0]["cue"]
    return history


def _state(status: str | None) -> str:
    return "operating" if status in ("opened", "reopened") else str(status)


def _moves(current: str, new: str, m: Mention, history: list[dict[str, Any]]) -> bool:
    """Whether evidence with status ``new`` starts a transition after ``current``."""
    if new == "attacked":
        if m.reading.reference and any(t["status"] == "attacked" for t in history):
            return False  # "the attack on the embassy": evidence for the attack already known
        return not (current == "attacked" and _days_apart(history[-1]["date"], m.date) <= 1)
    if _state(new) == _state(current) and new != "reopened":
        return False
    if current in ("closed", "withdrawn"):
        return new in ("reopened", "withdrawn") or (new == "operating" and m.status == "opened")
    if new == "reopened":
        return current in ("closed", "withdrawn", "attacked")
    return _LIFECYCLE[new] >= _LIFECYCLE[_state(current)] or current == "attacked"


def _days_apart(a: str | None, b: str | None) -> int:
    if not a or not b or len(a) != 10 or len(b) != 10:
        return 0 if a == b else 99
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def _add_evidence(step: dict[str, Any], m: Mention) -> None:
    step["evidence"].append(_mention_row(m))


def _installation_id(owner: str, host: str | None, kind: str, anchor: str) -> str:
    return hashlib.sha256(f"{owner}|{host}|{kind}|{anchor}".encode()).hexdigest()[:12]


def _site_row(site: _Site) -> dict[str, Any]:
    history = _history(site.mentions)
    evidence = [e for step in history for e in step["evidence"]]
    evidence.sort(key=lambda e: (e["date"] or "", e["doc_id"], e["sentence_start"]))
    last = history[-1]["status"]
    place = site.place
    dates = [e["date"] for e in evidence if e["date"]]
    return {
        "id": _installation_id(site.owner, site.host, site.kind, place.name if place else ""),
        "kind": site.kind,
        "owner": site.owner,
        "host": site.host,
        "place": place.name if place else None,
        "place_text": place.text if place else None,
        "place_precision": place.precision if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "status": "operating" if last == "reopened" else last,
        "first_seen": min(dates) if dates else None,
        "last_seen": max(dates) if dates else None,
        "events": len(evidence),
        "documents": len({e["doc_id"] for e in evidence}),
        "history": [{k: v for k, v in step.items() if k != "evidence"} for step in history],
        "evidence": evidence,
    }


def find_installations(
    con: duckdb.DuckDBPyConnection,
    *,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    owner: str | None = None,
    host: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    radius_km: float = 50.0,
) -> list[dict[str, Any]]:
    """Installations with their status history and evidence, evidence dated in the range.

    ``owner``, ``host``, ``kind`` and ``status`` (the current status) filter the result.
    """
    mentions = _read_mentions(con, date_from, date_to)
    out = [_site_row(site) for site in _group(mentions, radius_km)]
    wanted = {"owner": owner, "host": host, "kind": kind, "status": status}
    out = [i for i in out if all(v is None or i[k] == v for k, v in wanted.items())]
    out.sort(key=lambda i: (i["owner"], i["host"] or "", i["kind"], i["first_seen"] or "", i["id"]))
    return out
