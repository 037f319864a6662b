"""Find who did what to whom in a parsed sentence: arguments of triggers, and the actors in them.

Works on spaCy's dependency parse. A noun phrase's own tokens are its subtree without
prepositional attachments (other than 'of'), relative clauses and coordinated phrases, so
'the Chinese embassy in the Kyrgyz capital of Bishkek' is CHN GOV, and Bishkek is left for
the place resolver. Coordination ('Afghanistan, Pakistan and Tajikistan', 'Chinese and Kyrgyz
border forces') gives one actor per conjunct.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lanner.events.wordlists import WordList
from lanner.records import ActorRef

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from lanner.actors import ActorEntry

__all__ = [
    "ActorMention",
    "SentenceActors",
    "noun_phrase_tokens",
    "conjuncts",
    "prep_objects",
    "SUBJECT_DEPS",
    "OBJECT_DEPS",
]

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd"})
_NP_EXCLUDED_DEPS = frozenset(
    {"relcl", "acl", "advcl", "conj", "cc", "punct", "appos", "prep", "parataxis", "dep"}
)
# Sectors of state institutions: a bare 'the government' takes the country in focus.
STATE_SECTORS = WordList("state_sectors")
PRONOUNS_SINGULAR = WordList("pronouns_singular")
PRONOUNS_PLURAL = WordList("pronouns_plural")
ANAPHORIC_HEADS = WordList("anaphoric_heads")


@dataclass
class ActorMention:
    """An actor found in the sentence: the code parts plus the tokens that justify them."""

    actor: ActorRef
    head_i: int  # doc index of the phrase head
    why: list[str] = field(default_factory=list)
    inferred: bool = False
    place_first: bool = False  # a victim object: its country is where the event happened


def noun_phrase_tokens(head: Token) -> list[Token]:
    """The head's own phrase: subtree minus clauses, coordination and non-'of' attachments."""
    out: list[Token] = []
    stack = [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            # coordinated modifiers stay ('Chinese and Kyrgyz forces'); coordinated heads do not
            if child.dep_ in ("conj", "cc") and tok != head:
                stack.append(child)
                continue
            if child.dep_ in _NP_EXCLUDED_DEPS and not (
                child.dep_ == "prep" and child.lower_ in ("of", "from") and child.head == head
            ):
                continue
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


def conjuncts(head: Token) -> list[Token]:
    """The head and every token coordinated with it ('A, B and C')."""
    out = [head]
    stack = [c for c in head.children if c.dep_ == "conj"]
    while stack:
        tok = stack.pop(0)
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ == "conj")
    return out


def prep_objects(tok: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the token's prepositions named in ``preps`` (in order), e.g. 'with' -> ['Russia']."""
    wanted = tuple(preps)
    out: list[Token] = []
    for want in wanted:
        for child in tok.children:
            if child.dep_ in ("prep", "agent", "dative") and child.lower_ == want:
                objs = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                if not objs:
                    # a dangling preposition ('granted asylum to five officers holed up ...'
                    # parsed with 'officers' as a subject): take the next noun phrase
                    objs = _next_noun_head(child)
                out.extend(objs)
    return out


def _next_noun_head(prep: Token) -> list[Token]:
    doc = prep.doc
    for i in range(prep.i + 1, min(prep.i + 8, len(doc))):
        tok = doc[i]
        if tok.pos_ in ("VERB", "AUX", "ADP", "PUNCT") and tok.i > prep.i + 1:
            return []
        if tok.pos_ in ("NOUN", "PROPN"):
            while tok.dep_ in ("compound", "amod", "nmod") and tok.head.i > tok.i:
                tok = tok.head
            return [tok]
    return []


class SentenceActors:
    """Actor lexicon matches of one sentence, indexed by token, plus phrase-to-actor rules."""

    def __init__(
        self,
        sent: Span,
        matches: Sequence[tuple[int, int, tuple[ActorEntry, ...]]],
        place_countries: Sequence[str] = (),
    ):
        self.sent = sent
        # countries of capitals named as places ('meeting in Brussels'): no actor, but
        # context for resolving the sentence's place names
        self.place_countries = tuple(place_countries)
        self.by_token: dict[int, tuple[int, int, tuple[ActorEntry, ...]]] = {}
        for start, end, entries in matches:
            for i in range(start, end):
                self.by_token[i] = (start, end, entries)

    def entries_in(self, tokens: Sequence[Token]) -> list[tuple[int, int, tuple[ActorEntry, ...]]]:
        seen: set[int] = set()
        out = []
        for tok in tokens:
            hit = self.by_token.get(tok.i)
            if hit is not None and hit[0] not in seen:
                seen.add(hit[0])
                out.append(hit)
        return out

    def actors_of(self, head: Token) -> list[ActorMention]:
        """All actors named by the phrase headed by ``head`` and its conjuncts."""
        out: list[ActorMention] = []
        for conj in conjuncts(head):
            out.extend(self.phrase_actors(conj))
        return out

    def is_actor_token(self, tok: Token) -> bool:
        return tok.i in self.by_token

    def phrase_actors(self, head: Token) -> list[ActorMention]:
        tokens = noun_phrase_tokens(head)
        hits = self.entries_in(tokens)
        if not hits:
            return []
        countries: list[tuple[str, str]] = []  # (iso3, why)
        igos: list[tuple[str, str, str]] = []
        sector: tuple[str, str] | None = None
        head_hit = self.by_token.get(head.i)
        for start, end, entries in hits:
            entry = entries[0]
            text = self.sent.doc[start:end].text
            why = f"'{text}' -> {entry.code} ({entry.kind}, {entry.origin})"
            if not entry.igo and (entry.kind == "group" or entry.members):
                countries.extend((m, why) for m in entry.members)
                continue
            if entry.igo:
                igos.append((entry.igo, entry.code, why))
                if entry.sector and sector is None:
                    sector = (entry.sector, why)
                continue
            if entry.country:
                countries.append((entry.country, why))
            # the sector of the head noun wins over modifiers ('military aid officials')
            if entry.sector and (sector is None or (head_hit is not None and head_hit[0] == start)):
                sector = (entry.sector, why)
        if any(t.lower_ == "ethnic" for t in tokens):
            # 'three ethnic Serbs' in Kosovo: a community, not the state of Serbia
            countries, sector = [], (sector or ("CVL", "'ethnic' group -> CVL"))
        text = self.sent.doc[tokens[0].i : tokens[-1].i + 1].text
        mentions: list[ActorMention] = []
        if igos:
            igo, igo_code, why = igos[0]
            code = igo_code + (sector[0] if sector and sector[0] not in igo_code else "")
            mentions.append(
                ActorMention(
                    ActorRef(
                        text=text,
                        code=code,
                        country=None,
                        sector=sector[0] if sector else None,
                        igo=igo,
                        start=tokens[0].idx,
                        end=tokens[-1].idx + len(tokens[-1]),
                    ),
                    head.i,
                    [why] + ([sector[1]] if sector else []),
                )
            )
            return mentions
        unique: list[tuple[str, str]] = []
        for iso, why in countries:
            if iso not in [u[0] for u in unique]:
                unique.append((iso, why))
        if not unique:
            if sector is None:
                return []
            unique = [("", "")]
        for iso, why in unique:
            sec = sector[0] if sector else None
            code = (iso or "") + (sec or "")
            reasons = [w for w in (why, sector[1] if sector else "") if w]
            mentions.append(
                ActorMention(
                    ActorRef(
                        text=text,
                        code=code,
                        country=iso or None,
                        sector=sec,
                        igo=None,
                        start=tokens[0].idx,
                        end=tokens[-1].idx + len(tokens[-1]),
                    ),
                    head.i,
                    reasons,
                )
            )
        return mentions
