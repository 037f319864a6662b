"""Toponym recognition: spaCy place entities plus gazetteer matches, persons and orgs kept out.

Sources of place names, in order of trust:

1. spaCy ``GPE`` and ``LOC`` entities (``FAC`` only when the gazetteer knows the name);
2. ``ORG`` entities that are exactly a country, first-level unit or a city of 100,000+ (the small
   model tags capitals used as actors, 'Dushanbe has rejected', as ORG); ``PERSON`` entities
   that a locative preposition governs and that name a unit or a town of 50,000+ ('a drone
   attack on Odesa');
3. capitalised words outside any entity that name a country, first-level unit, region or a
   city of 100,000+.

Words inside ``PERSON``, ``NORP`` and other ``ORG`` entities are never places.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from lanner.geo.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY, Gazetteer, normalize_name
from lanner.geo.resolver import GENERIC_WORDS, UNIT_WORDS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

__all__ = ["country_words", "default_nlp", "find_toponym_spans"]

PLACE_LABELS = {"GPE", "LOC"}
BIG_CITY = 100_000
_lock = threading.Lock()
_country_words: dict[str, str] | None = None


def default_nlp() -> Language:
    """Lanner's pipeline when available, else the bare spaCy model."""
    try:
        from lanner.nlp import get_nlp

        return get_nlp()
    except ImportError:  # the entity ruler is not in this tree yet
        from lanner.nlp.pipeline import bare_nlp

        return bare_nlp()


def country_words(gaz: Gazetteer) -> dict[str, str]:
    """Normalized country names, aliases and demonyms -> ISO3 (built once per process)."""
    global _country_words
    with _lock:
        if _country_words is None:
            country_rows = {row: iso3 for iso3, row in gaz.country_row.items()}
            words = {k: country_rows[r] for k, r in gaz.demonyms.items() if r in country_rows}
            for key in gaz.index:
                for row in gaz.rows(key):
                    if row in country_rows:
                        words[key] = country_rows[row]
            _country_words = words
        return _country_words


def _known(gaz: Gazetteer, text: str, *, min_population: int) -> bool:
    for row in gaz.lookup(text):
        kind = gaz.kinds[row]
        if kind != CITY or gaz.populations[row] >= min_population:
            return True
    return False


def _is_big_place(gaz: Gazetteer, text: str, *, units_only: bool = False) -> bool:
    """A country, first-level unit, region or (unless ``units_only``) big city, matched on
    its main name."""
    key = normalize_name(text)
    for row in gaz.rows(key):
        kind = gaz.kinds[row]
        city_ok = not units_only and kind == CITY and gaz.populations[row] >= BIG_CITY
        big = kind >= ADMIN1 or city_ok
        if big and (kind == COUNTRY or gaz.primary_key(row) == key):
            return True
    return False


# Capitalised words that often stand next to a place name without making it a longer
# name: 'Bishkek Mayor', 'Kabul police', 'Moscow on Monday'.
NEIGHBOUR_OK = frozenset(
    [
        "mayor",
        "governor",
        "gov",
        "president",
        "prime",
        "minister",
        "police",
        "officials",
        "government",
        "authorities",
        "army",
        "forces",
        "troops",
        "residents",
        "people",
        "council",
        "assembly",
        "parliament",
        "embassy",
        "consulate",
        "airport",
        "port",
        "province",
        "region",
        "state",
        "county",
        "city",
        "district",
        "valley",
        "border",
    ]
)


# Prepositions after which a name is a place ('an attack on Odesa', 'fled from al-Qaim').
LOCATIVE_PREPS = frozenset(
    ["in", "at", "near", "on", "from", "into", "outside", "inside", "around", "across", "toward"]
)
KNOWN_TOWN = 50_000


def _is_place_object(ent: Span) -> bool:
    """The entity is the object of a locative preposition, or joined to one ('in Donetsk and
    Zaporizhzhia'): the small model tags unfamiliar place names as people ('a drone attack
    on Odesa'); people rarely stand there."""
    root = ent.root
    for _ in range(3):
        if root.dep_ != "conj" or root.head == root:
            break
        root = root.head
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS


def _unit_word_end(doc: Doc, gaz: Gazetteer, start: int, end: int) -> int | None:
    """End offset of 'X province' when tokens [start, end) name a unit and the next token is
    its lower-case kind word ('Enga province', 'the Donetsk region'); else None."""
    after = doc[end] if end < len(doc) else None
    if after is None or after.lower_ not in UNIT_WORDS or not after.is_lower:
        return None
    name = doc[start:end].text
    if name.lower().startswith("the "):
        name = name[4:]
    if any(gaz.kinds[row] in (ADMIN1, ADMIN2) for row in gaz.lookup(name)):
        return after.idx + len(after.text)
    return None


def _is_known_town(gaz: Gazetteer, text: str) -> bool:
    """A unit, or a town of 50,000+, under this name (main or alternate)."""
    return any(
        gaz.kinds[row] >= ADMIN1 or gaz.populations[row] >= KNOWN_TOWN for row in gaz.lookup(text)
    )


def _name_word(tok: Token) -> bool:
    return (
        tok.is_title
        and tok.is_alpha
        and not tok.is_stop
        and not tok.is_sent_start
        and tok.ent_type_ not in {"DATE", "TIME", "NORP"}
        and tok.lower_ not in NEIGHBOUR_OK
    )


def _inside_longer_name(doc: Doc, start: int, end: int) -> bool:
    """'George Washington Carver', 'Washington Post', 'Paris Hilton': a place entity with a
    capitalised word glued to it (no comma) is part of a person's or firm's name."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and _name_word(before) and not doc[start].is_sent_start:
        return True
    return after is not None and _name_word(after)


def find_toponym_spans(doc: Doc, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Character spans of place names in ``doc``, sorted and non-overlapping."""
    spans: list[tuple[int, int]] = []
    blocked = [False] * len(doc)
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            blocked[i] = True
        text = ent.text
        unit_end = _unit_word_end(doc, gaz, ent.start, ent.end)
        if unit_end is not None and ent.label_ in PLACE_LABELS | {"ORG", "PERSON"}:
            # 'Khatlon province', 'the Donetsk region': the unit, whatever the model said
            start = ent.start_char + (4 if text.lower().startswith("the ") else 0)
            spans.append((start, unit_end))
            continue
        if ent.label_ in PLACE_LABELS and _inside_longer_name(doc, ent.start, ent.end):
            continue
        if ent.label_ in PLACE_LABELS:
            start, end = ent.start_char, ent.end_char
            if text.lower().startswith("the "):
                start += 4
            if text.endswith(("'s", "’s")):
                end -= 2
            spans.append((start, end))
        elif (
            (ent.label_ == "FAC" and _known(gaz, text, min_population=0))
            or (ent.label_ == "ORG" and _is_big_place(gaz, text))
            or (ent.label_ == "PERSON" and _is_place_object(ent) and _is_known_town(gaz, text))
        ):
            spans.append((ent.start_char, ent.end_char))
    # Gazetteer pass over capitalised runs the model left untagged.
    i = 0
    while i < len(doc):
        tok = doc[i]
        if blocked[i] or not (tok.is_title or tok.is_upper) or not tok.is_alpha:
            i += 1
            continue
        j = i + 1
        while j < len(doc) and j - i < 4 and not blocked[j] and doc[j].is_title:
            j += 1
        for k in range(j, i, -1):
            span = doc[i:k]
            # Capitals at a sentence start say nothing: only unit and country names count.
            units_only = tok.is_sent_start or tok.is_upper
            # One common word ('Most', 'Man', 'West') is a place only if the model says so.
            if k == i + 1 and (tok.is_stop or tok.lower_ in GENERIC_WORDS):
                continue
            # 'Enga province', 'Batken region': a unit named with its lower-case kind word
            unit_end = _unit_word_end(doc, gaz, i, k)
            if unit_end is not None:
                spans.append((span.start_char, unit_end))
                i = k
                break
            if _is_big_place(gaz, span.text, units_only=units_only):
                spans.append((span.start_char, span.end_char))
                i = k - 1
                break
        i += 1
    spans.sort()
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out
