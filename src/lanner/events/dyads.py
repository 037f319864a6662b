"""Who acted on whom: the syntax the argument strategies share.

The subject (or the agent of a passive: 'was attacked by X') and the controller of a
subjectless verb ('Beijing announced plans to build ...' -> Beijing builds), the target slots a
pattern names (object, dative, 'to X', 'with X', 'on X's behalf'), and ``actors_at``: the actors
a phrase names, with pronouns and 'the group' taken from context. The ordered strategies that
use them are in ``lanner.events.argument_chain``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lanner.events.arguments import (
    ANAPHORIC_HEADS,
    PASSIVE_SUBJECT_DEPS,
    PRONOUNS_PLURAL,
    PRONOUNS_SINGULAR,
    SUBJECT_DEPS,
    ActorMention,
    SentenceActors,
    conjuncts,
    noun_phrase_tokens,
    prep_objects,
)
from lanner.events.context import DiscourseContext
from lanner.events.inference import (
    numbered_group,
)
from lanner.events.triggers import Trigger, object_heads
from lanner.events.wordlists import WordList

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Arguments", "actors_at"]

_RELATIVE_PRONOUNS = WordList("relative_pronouns")
_CLAIMS = WordList("claims")
_RESPONSE_NOUNS = WordList("response_nouns")
_ACTOR_PREPS_NOUN_SOURCE = ("by", "from")
_NOUN_TARGET_PREPS = ("on", "against", "with", "to", "at", "into", "of", "for", "outside", "in")
_OBJECT_CONTROL = WordList("object_control")


@dataclass
class Arguments:
    sources: list[ActorMention] = field(default_factory=list)
    targets: list[ActorMention] = field(default_factory=list)
    pairwise: bool = False  # 'talks between A and B': every ordered pair among targets
    has_subject: bool = False
    subject_is_actor: bool = False
    proposal_code: str | None = None  # set when the target is the maker of a rejected proposal
    host: list[ActorMention] = field(default_factory=list)  # 'Egypt hosted talks between A and B'
    why: list[str] = field(default_factory=list)


def actors_at(
    head: Token, sa: SentenceActors, ctx: DiscourseContext, sent_i: int
) -> list[ActorMention]:
    """Actors named by the phrase at ``head``; pronouns and 'the group' resolved from context."""
    out: list[ActorMention] = []
    for conj in conjuncts(head):
        low = conj.lower_
        if low in _RELATIVE_PRONOUNS and conj.head.dep_ == "relcl":
            out.extend(actors_at(conj.head.head, sa, ctx, sent_i))
            continue
        if conj.pos_ == "PRON" and (low in PRONOUNS_SINGULAR or low in PRONOUNS_PLURAL):
            ref = ctx.antecedent(sent_i, conj.i, plural=low in PRONOUNS_PLURAL, group_like=False)
            if ref is not None:
                out.append(
                    ActorMention(
                        ref, conj.i, [f"'{conj.text}' refers back to {ref.code}"], inferred=True
                    )
                )
            continue
        found = sa.actors_of(conj) if conj == head else sa.phrase_actors(conj)
        group = numbered_group(conj, ctx, sent_i)
        if group:
            out.extend(group)
            continue
        if not found:
            # 'UNIFIL, the United Nations peacekeeping force' / 'Oman, a go-between'
            for appos in (c for c in conj.children if c.dep_ == "appos"):
                found = sa.phrase_actors(appos)
                if found:
                    break
        if (
            not found
            and conj.lemma_.lower() in ANAPHORIC_HEADS
            and any(c.lower_ in ("the", "this", "that") for c in conj.children)
        ):
            ref = ctx.antecedent(
                sent_i, conj.i, plural=False, group_like=conj.lemma_.lower() != "country"
            )
            if ref is not None:
                out.append(
                    ActorMention(
                        ref, conj.i, [f"'the {conj.text}' refers back to {ref.code}"], inferred=True
                    )
                )
            continue
        for mention in found:
            _fill_country(mention, conj, ctx, sent_i)
        out.extend(found)
    # de-duplicate by code, keeping order
    seen: set[str] = set()
    unique = []
    for m in out:
        if m.actor.code not in seen:
            seen.add(m.actor.code)
            unique.append(m)
    return unique


def _fill_country(mention: ActorMention, head: Token, ctx: DiscourseContext, sent_i: int) -> None:
    """'its own troops', 'their government': a possessive pronoun supplies the country."""
    actor = mention.actor
    if actor.country or actor.igo:
        return
    for child in head.children:
        if child.dep_ == "poss" and child.lower_ in ("its", "their", "his", "her"):
            ref = ctx.antecedent(sent_i, child.i, plural=child.lower_ == "their", group_like=False)
            if ref is not None and ref.country:
                actor.country = ref.country
                actor.code = ref.country + (actor.sector or "")
                mention.why.append(f"'{child.text}' refers back to {ref.country}")
                mention.inferred = True
            return


def _subject_of(verb: Token, sa: SentenceActors | None = None) -> tuple[Token | None, bool]:
    """The subject token and whether the clause is passive (an actor subject is preferred when
    the parse gives two, as in 'a proposal Dushanbe has rejected')."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if len(subjects) > 1 and sa is not None:
        actors = [c for c in subjects if any(sa.is_actor_token(t) for t in noun_phrase_tokens(c))]
        subjects = actors or subjects
    if subjects:
        return subjects[0], False
    for child in verb.children:
        if child.dep_ in PASSIVE_SUBJECT_DEPS:
            return child, True
    return None, False


def _agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _controller(verb: Token, depth: int = 0) -> tuple[Token | None, str]:
    """The subject of a verb without one: from the verb it is embedded in or coordinated with."""
    if depth > 5:
        return None, ""
    subj, passive = _subject_of(verb)
    if subj is not None and not passive:
        return subj, "subject"
    agent = _agent_of(verb)
    if agent is not None:
        return agent, "agent"
    if subj is not None:
        return None, ""
    dep, head = verb.dep_, verb.head
    if head == verb:
        return None, ""
    if dep == "relcl":
        return head, "relative clause head"
    if dep in ("xcomp", "ccomp") and head.lemma_.lower() in _OBJECT_CONTROL:
        objs = [c for c in head.children if c.dep_ in ("dobj", "obj")]
        if objs:
            return objs[0], f"object of '{head.text}'"
    if dep == "acl" and (
        verb.tag_ in ("VBD", "VBZ", "VBP")
        or (
            verb.tag_ == "VBN"
            and head.pos_ == "PROPN"
            and any(t.text == "," for t in head.doc[head.i : verb.i])
        )
    ):
        # 'China, a close partner of both, called on ...': a finite verb misparsed as a
        # clause on its subject
        return head, "subject (appositive parse)"
    if dep == "acl" and head.pos_ in ("NOUN", "PROPN"):
        # 'plans to build' -> whoever has the plans; 'its plans' -> poss
        for child in head.children:
            if child.dep_ == "poss":
                return child, "possessor"
        if head.dep_ in ("dobj", "nsubj", "pobj", "attr"):
            return _controller(head.head, depth + 1)
    if dep in ("xcomp", "ccomp", "conj", "advcl", "pcomp", "acl", "acomp", "attr"):
        # 'his government was ready to open talks': through the adjective to the copula's subject
        return _controller(head, depth + 1)
    if dep == "pobj" or dep == "prep":
        return _controller(head, depth + 1)
    return None, ""


def _target_slot(trigger: Trigger, slot: str) -> list[Token]:
    tok = trigger.token
    if slot == "dobj":
        objs = object_heads(tok) if tok.pos_ in ("VERB", "AUX") else []
        return objs
    if slot == "dative":
        return [c for c in tok.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"]
    if slot.startswith("prep:"):
        # every candidate in order, so that a phrase that names no actor ('imposed sanctions
        # on Iran on Monday': the verb's 'on Monday') does not hide one further on
        word = slot[5:]
        found = prep_objects(tok, [word])
        if trigger.light_verb is not None:
            found += prep_objects(trigger.light_verb, [word])
        if trigger.obj is not None:
            # 'adopted a package of sanctions against Russia'
            for t in trigger.obj.subtree:
                found += prep_objects(t, [word])
        return list(dict.fromkeys(found))
    if slot == "behalf":
        # 'on Dushanbe's behalf' / 'on behalf of Tajikistan', anywhere in the clause
        for t in tok.subtree:
            if t.lower_ == "behalf" and t.dep_ == "pobj":
                poss = [c for c in t.children if c.dep_ == "poss"]
                return poss or prep_objects(t, ["of"])
        return []
    if slot == "poss":
        objs = object_heads(tok) if tok.pos_ in ("VERB", "AUX") else [tok]
        return [c for o in objs for c in o.children if c.dep_ == "poss"]
    if slot == "obj_owner":
        # 'rejected a US offer', 'an offer from Afghanistan', 'calls by Kofi Annan', 'X's plan'
        objs = object_heads(tok) if tok.pos_ in ("VERB", "AUX") else [tok]
        owners = [
            c for o in objs for c in o.children if c.dep_ in ("poss", "amod", "compound", "nmod")
        ]
        owners += [g for o in objs for g in prep_objects(o, ("from", "by", "of"))]
        return owners
    if slot == "clause_subj":
        # 'demanded that Russia withdraw': the embedded clause's subject is the addressee
        return [
            g
            for c in tok.children
            if c.dep_ in ("ccomp", "xcomp")
            for g in c.children
            if g.dep_ in ("nsubj", "nsubjpass")
        ]
    if slot == "clause_obj":
        # 'warned that Israel would push Hezbollah back': the embedded clause's object
        return [
            g
            for c in tok.children
            if c.dep_ in ("ccomp", "xcomp")
            for g in c.children
            if g.dep_ in ("dobj", "obj")
        ]
    return []
