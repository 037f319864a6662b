"""Place each event: the place in its own clause, else the dateline, else the target's country.

Toponyms come from ``lanner.geo.geoparse`` once per document. A toponym counts for an event
when it lies in the trigger's clause and is not itself one of the actors ('Beijing announced'
is an actor, 'in Dushanbe' is a place). Borders and cities beat regions and countries.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lanner.records import Document, Location

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from lanner.events.arguments import ActorMention
    from lanner.events.triggers import Trigger
    from lanner.geo import Toponym

__all__ = ["EventPlacer"]

log = logging.getLogger(__name__)

_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
_RANK = {"point": 0, "city": 1, "border": 1, "admin1": 2, "region": 3, "country": 4}
# A name that is also an actor ('Germany', 'Moscow') is a place only after these.
_STRICT_PLACE_PREPS = frozenset(
    {"in", "at", "near", "inside", "outside", "across", "along", "within", "into", "from"}
)
_PLACE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "on",
        "along",
        "across",
        "outside",
        "inside",
        "into",
        "around",
        "off",
        "over",
        "within",
        "from",
        "to",
        "toward",
        "towards",
        "through",
    }
)


class EventPlacer:
    def __init__(
        self, doc: Doc, document: Document, actor_countries: Sequence[str], *, enabled: bool = True
    ):
        self.doc = doc
        self.document = document
        self.enabled = enabled
        self.toponyms: list[Toponym] = []
        self._dateline: Location | None = None
        self._country_cache: dict[str, Location | None] = {}
        self.actor_starts: frozenset[int] = frozenset()
        self.skip_before = 0
        if not enabled:
            return
        from lanner.geo import geoparse, place_location

        try:
            self.toponyms = geoparse(
                doc, actor_countries=actor_countries, dateline=document.dateline
            )
        except Exception:  # geo must never sink the coding of a document
            log.exception("geoparsing failed for %s", document.id)
            self.toponyms = []
        if document.dateline:
            self._dateline = place_location(
                document.dateline.split(",")[0].strip(), context_countries=actor_countries
            )

    @property
    def home_country(self) -> str | None:
        return self._dateline.country if self._dateline is not None else None

    def _country(self, iso3: str | None) -> Location | None:
        if not iso3 or not self.enabled:
            return None
        if iso3 not in self._country_cache:
            from lanner.geo import country_location

            self._country_cache[iso3] = country_location(iso3)
        loc = self._country_cache[iso3]
        if loc is None:
            return None
        return Location(
            loc.text,
            loc.name,
            loc.country,
            loc.admin1,
            loc.lat,
            loc.lon,
            loc.geonameid,
            loc.precision,
        )

    def place(
        self, trigger: Trigger, src: ActorMention | None, tgt: ActorMention | None
    ) -> tuple[Location | None, str]:
        if not self.enabled:
            return None, "location: geo disabled"
        clause = _clause_tokens(trigger)
        lo = min(t.idx for t in clause)
        hi = max(t.idx + len(t) for t in clause)
        actor_spans = [
            (m.actor.start, m.actor.end)
            for m in (src, tgt)
            if m is not None and m.actor.start is not None
        ]
        candidates = []
        for top in self.toponyms:
            if top.location is None or not (lo <= top.start and top.end <= hi):
                continue
            if top.start < self.skip_before:
                continue  # the dateline says where the story was filed, not where this happened
            if (
                any(
                    s is not None and e is not None and s <= top.start and top.end <= e
                    for s, e in actor_spans
                )
                and top.kind != "border"
            ):
                continue
            if top.kind != "border" and not _attached_as_place(self.doc, top, self.actor_starts):
                continue
            steps = _steps_to(self.doc, top, trigger.clause_head)
            rank = _RANK.get(top.location.precision or "country", 5)
            # the place attached closest to the trigger wins; then the most precise
            candidates.append((steps, rank, abs(top.start - trigger.token.idx), top))
        if candidates:
            candidates.sort(key=lambda c: (c[0], c[1], c[2]))
            top = candidates[0][3]
            assert top.location is not None  # candidates only hold resolved toponyms
            return (
                top.location,
                f"location: '{top.text}' in the event's clause ({top.location.precision})",
            )
        # the dateline city is where the source spoke or acted only if it is the source's home
        source_country = src.actor.country if src is not None else None
        if (
            src is not None
            and source_country is None
            and (src.actor.sector or "") in _STATE_SECTORS
        ):
            # 'the junta ordered ...' with a dateline: an unnamed state institution is local
            source_country = self._dateline.country if self._dateline is not None else None
        if (
            self._dateline is not None
            and source_country
            and self._dateline.country == source_country
        ):
            return self._dateline, f"location: dateline '{self.document.dateline}'"
        for m, role in ((tgt, "target"), (src, "source")):
            if m is not None and m.actor.country:
                loc = self._country(m.actor.country)
                if loc is not None:
                    return loc, f"location: the {role}'s country ({m.actor.country})"
        return None, "location: none found"


def _clause_tokens(trigger: Trigger) -> list[Token]:
    head = trigger.clause_head
    return list(head.subtree)


def _steps_to(doc: Doc, top: Toponym, head: Token) -> int:
    span = doc.char_span(top.start, top.end, alignment_mode="expand")
    if span is None:
        return 50
    tok = span.root
    steps = 0
    while tok != head and tok.head != tok and steps < 50:
        if tok.lower_ == "according":
            return 60  # 'according to officials in Kabul' is the source of the report
        tok = tok.head
        steps += 1
    return steps


def _attached_as_place(doc: Doc, top: Toponym, actor_starts: frozenset[int] = frozenset()) -> bool:
    """A toponym is a place (not an actor) when a locative preposition governs it or it is a
    modifier inside a place phrase ('the Kyrgyz capital of Bishkek')."""
    span = doc.char_span(top.start, top.end, alignment_mode="expand")
    if span is None:
        return True
    head = span.root
    cur = head
    for _ in range(6):
        if cur.dep_ == "pobj":
            # 'in Bishkek' is a place; 'with Afghanistan' names a party to the event;
            # 'the Kyrgyz capital of Bishkek' inherits from 'capital'
            if cur.head.lower_ == "of" and cur.head.head != cur.head:
                cur = cur.head.head
                continue
            preps = _STRICT_PLACE_PREPS if top.start in actor_starts else _PLACE_PREPS
            return cur.head.lower_ in preps
        if cur.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "agent", "dative"):
            return False
        if cur.head == cur:
            break
        cur = cur.head
    return True
