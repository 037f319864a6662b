"""Actors the text implies rather than names: referenced events, victims, numbered groups.

'condemned the launch' is aimed at whoever launched; 'struck several villages' hits civilians;
'the four countries' are the four states of an earlier event; an offer with no recipient goes to
the state in focus. Each inference lowers the event's confidence and is written into its
explanation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lanner.events.arguments import (
    ActorMention,
    SentenceActors,
    noun_phrase_tokens,
    prep_objects,
)
from lanner.events.context import DiscourseContext
from lanner.events.patterns import get_patterns
from lanner.events.wordlists import WordList, WordMap
from lanner.records import ActorRef

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "first_actor_after",
    "implied_recipient",
    "numbered_group",
    "referenced_event",
    "victim_mention",
]


_NUMBERS = WordMap("group_sizes")
_GROUP_NOUNS = WordList("group_nouns")


def numbered_group(head: Token, ctx: DiscourseContext, sent_i: int) -> list[ActorMention]:
    """'the four countries', 'both governments': the states of the latest event with that many."""
    if head.lemma_.lower() not in _GROUP_NOUNS or head.tag_ not in ("NNS", "NNPS"):
        return []
    if not any(c.lower_ in ("the", "both", "all", "these", "those") for c in head.children):
        return []  # 'five Indian crew members' are people, not 'the five countries'
    n = 0
    for child in head.children:
        if child.lower_ in _NUMBERS and child.dep_ in (
            "nummod",
            "det",
            "predet",
            "amod",
            "quantmod",
        ):
            n = _NUMBERS[child.lower_]
    if not n:
        return []
    members = ctx.group_of_size(sent_i, n)
    sector = "GOV" if head.lemma_.lower() in ("government", "leader", "capital") else None
    return [
        ActorMention(
            ActorRef(text=head.text, code=c + (sector or ""), country=c, sector=sector),
            head.i,
            [f"'{head.text}' = the {n} states of an earlier event ({', '.join(members)})"],
            inferred=True,
        )
        for c in members
    ]


_BLOCKING_DEPS = frozenset(
    {
        "ccomp",
        "advcl",
        "relcl",
        "xcomp",
        "acl",
        "conj",
        "nsubj",
        "nsubjpass",
        "agent",
        "parataxis",
        "appos",
        "npadvmod",
    }
)
_NON_TARGET_PREPS = WordList("non_target_prepositions")


def first_actor_after(verb: Token, sa: SentenceActors) -> Token | None:
    for t in verb.subtree:
        if t.i <= verb.i or not sa.is_actor_token(t):
            continue
        cur, ok = t, True
        while cur != verb:
            if cur.dep_ in _BLOCKING_DEPS or (
                cur.dep_ == "prep" and cur.lower_ in _NON_TARGET_PREPS
            ):
                ok = False
                break
            cur = cur.head
        if ok:
            head = t
            while head.dep_ in ("compound", "amod", "poss", "nmod") and head.head != head:
                head = head.head
            return head
    return None


def referenced_event(
    head: Token,
    sa: SentenceActors,
    ctx: DiscourseContext,
    sent_i: int,
    exclude: set[str],
    resolve: Callable[[Token], list[ActorMention]],
) -> list[ActorMention]:
    """'condemned the launch', 'Tuesday's air raid': the actor behind a named earlier event.

    ``resolve`` gives the actors of a phrase head (the argument finder's own resolution, with
    pronouns and 'the group' taken from context)."""

    lemma = head.lemma_.lower()
    if (
        lemma not in get_patterns().event_references
        and head.lower_ not in get_patterns().event_references
    ):
        return []
    for child in head.children:
        if child.dep_ in ("poss", "amod", "compound", "nmod") and sa.is_actor_token(child):
            found = [m for m in resolve(child) if m.actor.country or m.actor.igo]
            if found:
                return found
    for by in prep_objects(head, ("by", "from")):
        found = resolve(by)
        if found:
            return found
    ref = ctx.referenced_event_source(sent_i, lemma, exclude)
    if ref is None:
        return []
    return [
        ActorMention(
            clone_actor(ref),
            head.i,
            [f"'{head.text}' refers to an earlier event by {ref.code}"],
            inferred=True,
        )
    ]


def clone_actor(a: ActorRef) -> ActorRef:
    return ActorRef(a.text, a.code, a.country, a.sector, a.igo, a.start, a.end)


def victim_mention(head: Token, sa: SentenceActors) -> ActorMention | None:
    """'an army base', 'several villages': an object that stands for its owner's sector."""
    victims = get_patterns().victims
    words = [
        t.lower_ for t in noun_phrase_tokens(head) if t.dep_ in ("compound", "amod") or t == head
    ]
    lemmas = [
        t.lemma_.lower()
        for t in noun_phrase_tokens(head)
        if t.dep_ in ("compound", "amod") or t == head
    ]
    for seq in (words, lemmas):
        for phrase, sector in sorted(
            victims.get(seq[-1], []) if seq else [], key=lambda p: -len(p[0])
        ):
            if tuple(seq[-len(phrase) :]) == phrase:
                actors = sa.phrase_actors(head)
                country = next((m.actor.country for m in actors if m.actor.country), None)
                toks = noun_phrase_tokens(head)
                actor = ActorRef(
                    text=head.doc[toks[0].i : toks[-1].i + 1].text,
                    code=(country or "") + sector,
                    country=country,
                    sector=sector,
                    igo=None,
                    start=toks[0].idx,
                    end=toks[-1].idx + len(toks[-1]),
                )
                mention = ActorMention(
                    actor, head.i, [f"'{' '.join(phrase)}' -> {sector}"], inferred=country is None
                )
                mention.place_first = True
                return mention
    return None


def implied_recipient(
    tok: Token, sources: list[ActorMention], ctx: DiscourseContext, sent_i: int
) -> ActorMention | None:
    """For aid and offers without a named recipient: the other state in focus."""
    exclude = {m.actor.country for m in sources if m.actor.country}
    if not exclude:
        return None
    ref = ctx.other_country(sent_i, exclude, tok.i)
    if ref is None:
        return None
    actor = ActorRef(
        text=ref.text, code=ref.code, country=ref.country, sector=ref.sector, igo=ref.igo
    )
    return ActorMention(actor, tok.i, [f"target implied by context: {ref.code}"], inferred=True)
