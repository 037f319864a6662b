"""How a toponym attaches to its sentence: as a place (after a locative preposition) or as
an actor ('Moscow said'), and how far it is from an event's clause head in the parse."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from lanner.geo import Toponym

__all__ = ["PLACE_PREPS", "STRICT_PLACE_PREPS", "attached_as_place", "steps_to"]

# A name that is also an actor ('Germany', 'Moscow') is a place only after these.
STRICT_PLACE_PREPS = frozenset(
    {"in", "at", "near", "inside", "outside", "across", "along", "within", "into", "from"}
)
PLACE_PREPS = frozenset(
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


def steps_to(doc: Doc, top: Toponym, head: Token) -> int:
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


def attached_as_place(doc: Doc, top: Toponym, actor_starts: frozenset[int] = frozenset()) -> bool:
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
            preps = STRICT_PLACE_PREPS if top.start in actor_starts else PLACE_PREPS
            return cur.head.lower_ in preps
        if cur.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "agent", "dative"):
            return False
        if cur.head == cur:
            break
        cur = cur.head
    return True
