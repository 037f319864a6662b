"""Actor entries, the phrase trie that finds them in a sentence, and the lexicon object.

A phrase is stored as the tuple of lowercased tokens spaCy's English tokenizer gives for it,
so the coder can look up ``[t.lower_ for t in sent]`` directly. :func:`phrase_tokens` copies
the few tokenizer rules that matter for names (hyphen infixes, ``'s``, trailing periods after
lowercase letters) so that building the lexicon does not need spaCy; a test checks it agrees
with spaCy on every phrase in the package data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lanner.errors import LannerWarning

__all__ = [
    "KINDS",
    "ActorEntry",
    "ActorLexicon",
    "ActorMatch",
    "CountryInfo",
    "phrase_tokens",
]

# prefix of a cased alias's token; no lowercased word starts with it
CASED_MARK = "\u2063="

KINDS = frozenset(
    {"state", "adjective", "demonym", "capital", "sector", "igo", "named", "group", "attacker"}
)

# Labels handed to the entity ruler, per entry kind (None: not an entity on its own).
_RULER_LABELS: dict[str, str] = {
    "state": "GPE",
    "capital": "GPE",
    "adjective": "NORP",
    "demonym": "NORP",
    "igo": "ORG",
    "group": "LOC",
}  # "named" is left out: it mixes people (leaders by role) with organisations

# Names that are also common words or personal names: the lexicon keeps them (the coder
# decides from context) but the entity ruler must not force an entity label on them.
_RULER_SKIP = frozenset({"georgia", "jordan", "chad", "niger", "turkey", "guinea"})

_END = "\x00"  # trie key holding the entries of the phrase ending at that node


@dataclass(frozen=True)
class ActorEntry:
    """One phrase and the code it gives, optionally only within a period."""

    phrase: tuple[str, ...]
    kind: str
    code: str
    country: str | None = None
    sector: str | None = None
    igo: str | None = None
    members: tuple[str, ...] = ()
    valid_from: str | None = None  # YYYY-MM-DD, inclusive
    valid_to: str | None = None  # YYYY-MM-DD, inclusive
    origin: str = ""

    def valid_on(self, date: str | None) -> bool:
        """True when the entry applies on ``date`` (ISO strings compare in date order)."""
        if date is None:
            return True
        if self.valid_from is not None and date < self.valid_from:
            return False
        return not (self.valid_to is not None and date > self.valid_to)


@dataclass(frozen=True)
class ActorMatch:
    """A phrase found in a token list: ``tokens[start:end]``."""

    start: int
    end: int
    entries: tuple[ActorEntry, ...]


@dataclass(frozen=True)
class CountryInfo:
    """What the lexicon knows about one state or territory."""

    iso3: str
    iso2: str
    name: str
    capital: str | None = None
    capitals: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    region: str | None = None


_HYPHEN_INFIX = re.compile(r"(?<=[^\W_])([-–—/])(?=[^\W\d_])")
_PLAIN_WORDS = re.compile(r"[^\W\d_]+(?:\s+[^\W\d_]+)*\s*")
_PREFIX_PUNCT = "\"'([{“‘«"
_SUFFIX_PUNCT = ",;:!?)]}\"”’»'"
# spaCy keeps the final period of these abbreviations (tokenizer exceptions).
_PERIOD_ABBREVIATIONS = frozenset(
    [
        "st.",
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "gen.",
        "lt.",
        "col.",
        "sgt.",
        "gov.",
        "sen.",
        "rep.",
        "jr.",
        "sr.",
        "mt.",
        "ft.",
        "capt.",
        "maj.",
        "adm.",
        "prof.",
        "rev.",
        "co.",
        "corp.",
        "inc.",
        "ltd.",
        "no.",
        "vs.",
        "ave.",
        "messrs.",
    ]
)


def phrase_tokens(text: str) -> tuple[str, ...]:
    """Lowercased tokens of ``text`` as spaCy's English tokenizer splits a name."""
    if _PLAIN_WORDS.fullmatch(text):  # most names: letters and spaces only
        return tuple(text.lower().split())
    out: list[str] = []
    for chunk in text.split():
        out.extend(_split_chunk(chunk))
    return tuple(t.lower() for t in out if t)


def _split_chunk(chunk: str) -> list[str]:
    if chunk.lower() in ("'s", "’s"):
        return [chunk]
    prefix: list[str] = []
    suffix: list[str] = []
    while len(chunk) > 1 and chunk[0] in _PREFIX_PUNCT:
        prefix.append(chunk[0])
        chunk = chunk[1:]
    while len(chunk) > 1:
        if chunk[-1] in _SUFFIX_PUNCT:
            suffix.insert(0, chunk[-1])
            chunk = chunk[:-1]
        elif chunk[-2:].lower() in ("'s", "’s") and len(chunk) > 2:
            suffix.insert(0, chunk[-2:])
            chunk = chunk[:-2]
        elif (
            chunk[-1] == "."
            and (chunk[-2].islower() or chunk[-2].isdigit())
            and chunk.lower() not in _PERIOD_ABBREVIATIONS
            and not (len(chunk) == 2 and chunk[0].isalpha())  # initials: "W." in "George W. Bush"
            and "." not in chunk[:-1]
        ):
            suffix.insert(0, ".")
            chunk = chunk[:-1]
        else:
            break
    middle = [p for p in _HYPHEN_INFIX.split(chunk) if p] if "." not in chunk else [chunk]
    return prefix + middle + suffix


def _apostrophe_variants(phrase: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The phrase, plus its typographic-apostrophe spelling when it has an apostrophe."""
    if not any("'" in t for t in phrase):
        return [phrase]
    return [phrase, tuple(t.replace("'", "’") for t in phrase)]


@dataclass
class ActorLexicon:
    """All actor phrases, indexed for greedy longest matching over token lists."""

    entries: list[ActorEntry]
    countries: dict[str, CountryInfo] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    warnings: list[LannerWarning] = field(default_factory=list)
    _trie: dict[str, Any] = field(default_factory=dict, repr=False)
    _surface: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict, repr=False)
    _cased: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        self._trie = {}
        for entry in self.entries:
            self._index(entry)

    def _index(self, entry: ActorEntry) -> None:
        if entry.phrase[0].startswith(CASED_MARK):
            self._cased.add(entry.phrase[0][len(CASED_MARK) :])
        for phrase in _apostrophe_variants(entry.phrase):
            node = self._trie
            for token in phrase:
                node = node.setdefault(token, {})
            node.setdefault(_END, []).append(entry)

    def add(self, entries: Iterable[ActorEntry]) -> None:
        """Add entries (e.g. from a user dictionary) after construction."""
        for entry in entries:
            self.entries.append(entry)
            self._index(entry)

    def remember_surface(self, phrase: tuple[str, ...], surface: str, kind: str) -> None:
        """Keep the original spelling of a phrase for the entity ruler (first one wins)."""
        label = _RULER_LABELS.get(kind)
        if label is not None and phrase not in self._surface and surface.lower() not in _RULER_SKIP:
            self._surface[phrase] = (surface, label)

    def lookup(self, phrase: Sequence[str], date: str | None = None) -> tuple[ActorEntry, ...]:
        """Entries for exactly this lowercased phrase, valid on ``date``."""
        node: dict[str, Any] | None = self._trie
        for token in phrase:
            node = node.get(token) if node is not None else None
            if node is None:
                return ()
        found = node.get(_END, ()) if node is not None else ()
        return tuple(e for e in found if e.valid_on(date))

    def find(self, tokens: Sequence[str], date: str | None = None) -> list[ActorMatch]:
        """Greedy longest, left-to-right, non-overlapping phrase matches in lowercased tokens.

        Entries outside their validity period are dropped, and a phrase whose entries are all
        out of period does not block a shorter phrase. Entries keep dictionary order, so
        ``entries[0]`` is the one a PETRARCH-style "first listed wins" coder would take.
        """
        matches: list[ActorMatch] = []
        trie = self._trie
        n = len(tokens)
        i = 0
        while i < n:
            node = trie.get(tokens[i])
            if node is None:
                i += 1
                continue
            best_end = 0
            best: tuple[ActorEntry, ...] = ()
            j = i + 1
            while True:
                found = node.get(_END)
                if found is not None:
                    valid = (
                        tuple(found)
                        if date is None
                        else tuple(e for e in found if e.valid_on(date))
                    )
                    if valid:
                        best_end, best = j, valid
                if j >= n:
                    break
                node = node.get(tokens[j])
                if node is None:
                    break
                j += 1
            if best:
                matches.append(ActorMatch(i, best_end, best))
                i = best_end
            else:
                i += 1
        return matches

    def find_words(self, words: Sequence[str], date: str | None = None) -> list[ActorMatch]:
        """:meth:`find` over words as written, which lets letter case rule out a reading.

        * A ``cased`` alias matches only as written: ``US`` is the United States and ``WHO``
          the World Health Organization, while *us* and *who* are pronouns. Text mostly in
          capitals (a shouted headline) has no case to go by, so cased aliases are off there.
        * A one-word name (a state, capital, people, organisation, region or person) written
          in lower case in text that uses capitals is the common word, not the name: "the west
          bank of the river", "turkey", "a gulf between them", "china plates". Sector nouns
          are lower case anyway and always match; an all-lower-case text keeps every match.
        """
        cased = self._cased and not _mostly_capitals(words)
        tokens = [CASED_MARK + w if cased and w in self._cased else w.lower() for w in words]
        matches = self.find(tokens, date)
        if not any(c.isupper() for w in words for c in w):
            return matches
        return [m for m in matches if not _lower_case_name(m, words)]

    def country(self, iso3: str) -> CountryInfo | None:
        """Names, capital, adjectives and region of a state by ISO 3166-1 alpha-3 code."""
        return self.countries.get(iso3.upper())

    def group_members(self, name_or_code: str) -> tuple[str, ...]:
        """Member ISO3 codes of a region, grouping or IGO, by name, alias or code."""
        key = name_or_code.strip()
        if key in self.groups:
            return self.groups[key]
        if key.upper() in self.groups:
            return self.groups[key.upper()]
        for entry in self.lookup(phrase_tokens(key)):
            if entry.members:
                return entry.members
        return ()

    def phrases_for_entity_ruler(self) -> list[tuple[str, str]]:
        """(surface phrase, spaCy label) pairs for states, capitals, NORPs, IGOs and regions."""
        return sorted(set(self._surface.values()))


def _lower_case_name(match: ActorMatch, words: Sequence[str]) -> bool:
    """A one-word match of a proper-name kind, written in lower case."""
    if match.end - match.start != 1 or not words[match.start].islower():
        return False
    return all(entry.kind not in _COMMON_NOUN_KINDS for entry in match.entries)


# kinds whose phrases are common nouns, written in lower case in running text
_COMMON_NOUN_KINDS = frozenset({"sector", "attacker"})


def cased_phrase(surface: str) -> tuple[str, ...]:
    """The phrase of a ``cased`` alias: one token that only :meth:`ActorLexicon.find_words`
    produces, for a word written exactly so."""
    return (CASED_MARK + surface,)


def _mostly_capitals(words: Sequence[str]) -> bool:
    lettered = [w for w in words if any(c.isalpha() for c in w)]
    return sum(w.isupper() for w in lettered) * 2 > len(lettered)
