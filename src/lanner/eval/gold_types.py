"""The gold corpus's records: actors, locations, events and documents, in every format.

``lanner.eval.gold`` reads Lanner gold JSON into them and ``lanner.eval.external`` the PLOVER
gold standard and PETRARCH XML; both import these types from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "CURRENT_PLOVER_EVENTS",
    "DATE_PRECISIONS",
    "FACTUALITIES",
    "OLD_PLOVER_NAMES",
    "GoldActor",
    "GoldDocument",
    "GoldEvent",
    "GoldFormat",
    "GoldLocation",
    "current_plover_name",
]

GoldFormat = Literal["lanner", "plover", "petrarch"]

FACTUALITIES = ("asserted", "intended", "hypothetical", "negated")
DATE_PRECISIONS = {"day": 10, "month": 7, "year": 4}

CURRENT_PLOVER_EVENTS = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
)

# PLOVER 0.5 (the 2016 gold standard) used names that the 2021 manual renamed or folded in.
# INVESTIGATE became a mode of ACCUSE (CAMEO 09x -> ACCUSE/investigate in CAMEO2PLOVER-2021);
# YIELD is the pre-0.6 name of CONCEDE.
OLD_PLOVER_NAMES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "INVESTIGATE": "ACCUSE",
    "YIELD": "CONCEDE",
}


def current_plover_name(name: str | None) -> str | None:
    """The current (16-event) PLOVER name for ``name``, which may be an old PLOVER 0.5 name."""
    if not name:
        return None
    upper = name.strip().upper()
    return OLD_PLOVER_NAMES.get(upper, upper)


@dataclass(frozen=True)
class GoldActor:
    country: str | None = None
    sector: str | None = None
    igo: str | None = None

    @property
    def key(self) -> str | None:
        """The actor as it enters the scored triple: its country, else its IGO, else None."""
        return self.country or self.igo


@dataclass(frozen=True)
class GoldLocation:
    lat: float
    lon: float
    precision: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class GoldEvent:
    sentence: str
    source: GoldActor | None
    target: GoldActor | None
    cameo: str | None
    cameo_alt: tuple[str, ...] = ()
    plover: str | None = None
    factuality: str = "asserted"
    date: str | None = None
    date_precision: str | None = None
    location: GoldLocation | None = None
    trigger: str | None = None

    @property
    def codes(self) -> frozenset[str]:
        """Every CAMEO code an expert accepts for this event."""
        return frozenset(c for c in (self.cameo, *self.cameo_alt) if c)

    @property
    def roots(self) -> frozenset[str]:
        """The CAMEO roots (first two digits) of ``cameo`` and ``cameo_alt``."""
        return frozenset(c[:2] for c in self.codes)

    @property
    def required(self) -> bool:
        """Whether the coder must find this event (its main output is asserted/intended)."""
        return self.factuality in ("asserted", "intended")


@dataclass
class GoldDocument:
    id: str
    text: str
    published: str | None
    events: list[GoldEvent]
    non_events: list[str] = field(default_factory=list)
    split: str | None = None
    format: GoldFormat = "lanner"
    path: str | None = None
    title: str | None = None

    @property
    def exhaustive(self) -> bool:
        """Whether every sentence of the text is annotated.

        Lanner gold and PETRARCH validation records code everything in their text, so any
        unmatched prediction is a false alarm. The PLOVER gold standard codes one event per
        sentence, so it yields coverage and event-type figures instead.
        """
        return self.format != "plover"
