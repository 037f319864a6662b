"""Assembling dyads into records: pairing sources with targets, giving sector-only actors a
country, dropping reflexive and duplicate dyads, and the filters for history and allegations.

These are the coder's decisions after the arguments are found; ``coder`` calls them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lanner.events.arguments import STATE_SECTORS, ActorMention, SentenceActors
from lanner.events.context import DiscourseContext
from lanner.events.wordlists import WordList
from lanner.records import ActorRef, EventRecord, Location

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "VIOLENT_ROOTS",
    "actors",
    "alleged",
    "dateline_end",
    "dedupe",
    "fill_country",
    "historical",
    "pair_dyads",
    "reflexive",
]

VIOLENT_ROOTS = frozenset({"18", "19", "20"})


def actors(head: Token, sa: SentenceActors, ctx: DiscourseContext, si: int) -> list[ActorMention]:
    from lanner.events.dyads import actors_at

    return actors_at(head, sa, ctx, si)


_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'-]{1,40}(?:,[^\n]{0,40}?)?\s*(?:\([^)\n]{0,40}\))?\s*[-\u2013\u2014]+\s"
)


def dateline_end(text: str) -> int:
    """End offset of a wire dateline ('NIAMEY, March 13 (Lanner) - '), or 0."""
    m = _DATELINE.match(text)
    return m.end() if m else 0


_DOMESTIC_SECTORS = WordList("domestic_sectors")
# people a state acts on at home: with no place or nationality they are that state's own
_STATE_POPULATION_SECTORS = WordList("state_population_sectors")
# force, where the people acted on are as often foreign as not
_FORCE_ROOTS = frozenset({"15", "18", "19", "20"})


_ALLEGING_VERBS = WordList("alleging_verbs")


def historical(date: str | None, precision: str | None, published: str | None) -> bool:
    """An event dated (by the sentence itself) more than a year before publication."""
    if not date or not published or precision == "day":
        return False
    return int(date[:4]) < int(published[:4]) - 1


def alleged(noun: Token) -> bool:
    """'accused Ukraine of terrorist attacks': a noun event inside an accusation is alleged."""
    cur = noun
    for _ in range(3):
        if cur.head == cur:
            return False
        cur = cur.head
        if cur.pos_ == "VERB":
            return cur.lemma_.lower() in _ALLEGING_VERBS
    return False


def reflexive(a: ActorRef, b: ActorRef) -> bool:
    """Same actor on both sides. A domestic dyad needs two different sectors, or the state
    itself facing its own people ('Belarus released opposition leaders': BLR -> BLR OPP)."""
    if a.code == b.code:
        return True
    if a.country and a.country == b.country:
        if not a.sector or not b.sector:
            people = a if a.sector else b  # named in the text, not a default
            return not people.text or people.sector not in _STATE_POPULATION_SECTORS
        return a.sector == b.sector
    return bool(a.igo and a.igo == b.igo)


# unidentified attackers, and NGOs named without a country (Human Rights Watch, Amnesty),
# keep an unknown country: the convention codes international NGOs with none
_STATELESS_SECTORS = frozenset({"UAF", "NGO"})

# branches of one civil state that face each other at home: the legislature and the courts
# with the government ('Pakistan's Senate called on the government'). Not the armed forces: a
# junta acting on a foreign government is as common as an army facing its own.
_CIVIL_BRANCHES = frozenset({"GOV", "LEG", "JUD"})


def _same_state_institutions(sector: str, other_sector: str | None) -> bool:
    return (
        other_sector is not None
        and other_sector != sector
        and {sector, other_sector} <= _CIVIL_BRANCHES
    )


def fill_country(
    mention: ActorMention,
    location: Location | None,
    ctx: DiscourseContext,
    si: int,
    other: str | None,
    other_sector: str | None = None,
    root: str | None = None,
) -> None:
    """Give a sector-only actor ('police', 'protesters', 'the foreign ministry') a country.

    State institutions belong to the state in focus; others to where the event happened, or,
    when a state acts on them without force and nothing places them ("Belarus released
    political prisoners", "the government dissolved the teachers' union"), to that state.
    Unidentified attackers (UAF) and NGOs named without a country keep an unknown country,
    as the convention says.
    """
    actor = mention.actor
    if actor.country or actor.igo or not actor.sector or actor.sector in _STATELESS_SECTORS:
        return
    state = actor.sector in STATE_SECTORS and not mention.place_first
    place = location.country if location is not None and location.precision != "country" else None
    if state and place and actor.sector in ("COP", "MIL"):
        # 'police in Tehran': forces belong to where they act
        actor.country, actor.code = place, place + actor.sector
        mention.why.append(f"country {place} from the event location")
        mention.inferred = True
        return
    if (
        state
        and other is not None
        and (
            other_sector in _DOMESTIC_SECTORS
            or _same_state_institutions(actor.sector, other_sector)
        )
    ):
        # 'the opposition accused the government', 'the Senate called on the government':
        # a domestic actor's own state
        actor.country, actor.code = other, other + actor.sector
        mention.why.append(f"country {other}: the government of the domestic actor it faces")
        mention.inferred = True
        return
    context = ctx.recent_country(si, mention.head_i, exclude=other)
    own_state = (
        other
        if not state
        and other is not None
        and actor.sector in _STATE_POPULATION_SECTORS
        and (other_sector is None or other_sector in STATE_SECTORS)
        and root not in _FORCE_ROOTS
        else None
    )
    candidates = (
        [context, place, ctx.home_country]
        if state
        else [place, ctx.home_country, own_state, location.country if location else None]
    )
    # a guess from context never makes a dyad with itself
    country = next((c for c in candidates if c and (c != other or c in (place, own_state))), None)
    if country:
        actor.country = country
        actor.code = country + actor.sector
        mention.why.append(f"country {country} from {'context' if state else 'the event location'}")
        mention.inferred = True


def _same(a: ActorMention, b: ActorMention) -> bool:
    return a.actor.code == b.actor.code


def pair_dyads(
    sources: Sequence[ActorMention],
    targets: Sequence[ActorMention],
    symmetric: bool,
    pairwise: bool,
) -> list[tuple[ActorMention | None, ActorMention | None]]:
    out: list[tuple[ActorMention | None, ActorMention | None]] = []
    if pairwise or (symmetric and len(sources) > 1 and not targets):
        group = list(targets if pairwise else sources)
        for a in group:
            for b in group:
                if a is not b and not _same(a, b):
                    out.append((a, b))
        return out
    if not sources:
        return [(None, t) for t in targets]
    if not targets:
        return [(s, None) for s in sources]
    for s in sources:
        for t in targets:
            if not _same(s, t):
                out.append((s, t))
    return out


def dedupe(events: list[EventRecord]) -> list[EventRecord]:
    """One event per dyad and CAMEO root in a sentence: keep the most specific code."""
    best: dict[tuple[str, str, str, str], EventRecord] = {}
    for ev in events:
        key = (
            ev.source.code if ev.source else "",
            ev.target.code if ev.target else "",
            # 'killed 26 people in a dawn raid': one act of violence, coded once
            "violence" if ev.cameo_root in VIOLENT_ROOTS else ev.cameo_root,
            ev.factuality,
        )
        old = best.get(key)
        if old is None or len(ev.cameo) > len(old.cameo):
            best[key] = ev
    return sorted(best.values(), key=lambda e: (e.trigger.start, e.id))
