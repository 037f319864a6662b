"""Find event triggers in a parsed sentence and the pattern each one matches.

A trigger is a verb or event noun whose lemma is in the pattern lexicon. The chosen pattern is
the most specific one whose conditions hold: the object contains one of the pattern's words
('sold air defense systems' -> 062, 'sold wheat' -> 061), a required word is in the clause
('spoke by phone' -> 041), or a noun modifier is present ('suicide attack' -> 1831).

Light verbs ('held talks', 'launched an attack', 'imposed sanctions') hand the event to their
object noun, with the verb's subject as the source.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lanner.events.arguments import OBJECT_DEPS, PASSIVE_SUBJECT_DEPS, noun_phrase_tokens
from lanner.events.patterns import EventPattern, PatternLexicon
from lanner.events.wordlists import WordList

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["Trigger", "find_triggers", "object_heads", "LIGHT_VERBS"]

_NOUN_GOVERNORS = ("intent", "appeal", "demand", "threat", "refusal")
_COPULAS = WordList("copulas")
LIGHT_VERBS = WordList("light_verbs")


@dataclass
class Trigger:
    token: Token  # the verb or noun carrying the event
    pattern: EventPattern
    light_verb: Token | None = None  # 'held' in 'held talks'
    obj: Token | None = None  # the object head the pattern matched on
    consequence: Token | None = None  # 'killing' in 'struck villages, killing 15 people'

    @property
    def clause_head(self) -> Token:
        return self.light_verb if self.light_verb is not None else self.token


def object_heads(verb: Token) -> list[Token]:
    """Direct objects, or the passive subject, of a verb ('troops were sent' -> troops)."""
    objs = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    if not objs:
        objs = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    if not objs and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        objs = [verb.head]
    if not objs and verb.dep_ == "acl" and verb.tag_ == "VBN":
        objs = [verb.head]
    # 'sent its own troops to patrol': also look through xcomp-less particles ('pull out troops')
    return objs


def _phrase_words(tokens: list[Token]) -> tuple[list[str], list[str]]:
    return [t.lower_ for t in tokens], [t.lemma_.lower() for t in tokens]


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    if n == 1:
        return phrase[0] in words
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))


def _object_matches(pattern: EventPattern, obj_tokens: list[Token]) -> bool:
    if not pattern.obj_required:
        return True
    if not pattern.obj:  # `obj: []` means "intransitive use only"
        return not obj_tokens
    surface, lemmas = _phrase_words(obj_tokens)
    return any(_contains(surface, p) or _contains(lemmas, p) for p in pattern.obj)


def _with_matches(pattern: EventPattern, tok: Token) -> bool:
    if not pattern.with_words:
        return True
    near = [c for c in tok.children] + [
        g for c in tok.children if c.dep_ in ("prep", "prt", "agent") for g in c.children
    ]
    words = {t.lower_ for t in near} | {t.lemma_.lower() for t in near}
    return any(w in words for w in pattern.with_words)


def _mod_matches(pattern: EventPattern, noun: Token) -> bool:
    if not pattern.mod:
        return True
    words = {c.lower_ for c in noun.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod")}
    words |= {c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod", "nmod")}
    return any(m in words for m in pattern.mod)


def _verb_pattern(lex: PatternLexicon, verb: Token) -> tuple[EventPattern, Token | None] | None:
    patterns = lex.verbs.get(verb.lemma_.lower())
    if not patterns:
        return None
    objs = object_heads(verb)
    obj_tokens = [t for o in objs for t in noun_phrase_tokens(o)]
    # for 'sent its own troops to patrol the border' the object phrase is the dobj subtree;
    # prepositional objects also count for 'provided Tajikistan with weapons'
    with_objs = [
        g for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children
    ]
    obj_tokens_ext = obj_tokens + [t for o in with_objs for t in noun_phrase_tokens(o)]
    for pattern in patterns:
        if not _with_matches(pattern, verb):
            continue
        tokens = obj_tokens_ext if pattern.obj else obj_tokens
        if _object_matches(pattern, tokens):
            return pattern, (objs[0] if objs else None)
    return None


def _noun_lemma(lex: PatternLexicon, noun: Token) -> str | None:
    lemma = noun.lemma_.lower()
    for words in lex.noun_phrases.get(noun.lower_, []) + lex.noun_phrases.get(lemma, []):
        prev = [c.lower_ for c in noun.children if c.dep_ == "compound"]
        if list(words[:-1]) == prev[-(len(words) - 1) :]:
            return " ".join(words)
    if lemma in lex.nouns:
        return lemma
    if noun.lower_ in lex.nouns:
        return noun.lower_
    return None


def _noun_pattern(lex: PatternLexicon, noun: Token) -> EventPattern | None:
    key = _noun_lemma(lex, noun)
    if key is None:
        return None
    for pattern in lex.nouns[key]:
        if _mod_matches(pattern, noun):
            return pattern
    return None


MUST_DEMAND = EventPattern(
    kind="verb", lemmas=(), code="100", target=(), origin="rule: 'must' in reported speech"
)


def _must_in_reported_speech(tok: Token, lex: PatternLexicon) -> bool:
    if not any(c.dep_ == "aux" and c.lower_ == "must" for c in tok.children):
        return False
    head = tok.head
    return tok.dep_ == "ccomp" and head.lemma_.lower() in lex.governors.get("report", ())


def find_triggers(sent: Span, lex: PatternLexicon) -> Iterator[Trigger]:
    """Verb and noun triggers of the sentence, in text order."""
    for tok in sent:
        verb_like = (
            tok.pos_ == "VERB"
            or (tok.pos_ == "AUX" and tok.dep_ == "ROOT")
            or (
                # 'offered to host talks': the tagger sometimes calls an infinitive a noun
                tok.pos_ == "NOUN"
                and tok.dep_ in ("xcomp", "ccomp", "advcl")
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
            )
        )
        if verb_like:
            hit = _verb_pattern(lex, tok)
            if hit is not None:
                yield Trigger(tok, hit[0], obj=hit[1])
            elif _must_in_reported_speech(tok, lex):
                # 'the Red Cross said US forces must ensure security': a demand (CAMEO 100)
                yield Trigger(tok, MUST_DEMAND)
        elif tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound":
            pattern = _noun_pattern(lex, tok)
            if pattern is None:
                continue
            head = tok.head
            light = None
            if tok.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS and head.pos_ == "VERB":
                if pattern.light and head.lemma_.lower() in LIGHT_VERBS:
                    light = head
                elif any(head.lemma_.lower() in lex.governors.get(f, ()) for f in _NOUN_GOVERNORS):
                    light = head  # 'proposed talks', 'demanded the release': the proposer acts
            elif (
                tok.dep_ == "pobj"
                and head.lower_ == "of"
                and head.head.dep_ in OBJECT_DEPS
                and head.head.head.lemma_.lower() in LIGHT_VERBS
                and pattern.light
            ):
                light = head.head.head  # 'hosted a fresh round of talks'
            elif (
                tok.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in _COPULAS
            ):
                light = head.head  # 'were in talks with Tehran', 'remain in contact with'

            yield Trigger(tok, pattern, light_verb=light)
