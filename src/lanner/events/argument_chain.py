"""The ordered strategies that find a trigger's source and target in the parse.

``find_arguments`` runs the source strategies in order until one names an actor, then the
target strategies the same way. Each strategy is one named function over a ``_Frame``; the
order is the rule coder's fallback chain, written once (``SOURCE_STRATEGIES``,
``TARGET_STRATEGIES``). The syntactic helpers they share live in ``lanner.events.dyads``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lanner.events.arguments import ActorMention, SentenceActors, prep_objects
from lanner.events.context import DiscourseContext
from lanner.events.dyads import (
    _ACTOR_PREPS_NOUN_SOURCE,
    _CLAIMS,
    _NOUN_TARGET_PREPS,
    _RESPONSE_NOUNS,
    Arguments,
    _agent_of,
    _controller,
    _subject_of,
    _target_slot,
    actors_at,
)
from lanner.events.inference import (
    clone_actor,
    first_actor_after,
    referenced_event,
    victim_mention,
)
from lanner.events.triggers import Trigger, object_heads
from lanner.records import ActorRef

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["SOURCE_STRATEGIES", "TARGET_STRATEGIES", "find_arguments"]


def _inferred(actor: ActorRef, tok: Token, why: str) -> ActorMention:
    """A target the text implies rather than names (confidence is lowered for it)."""
    return ActorMention(actor, tok.i, [why], inferred=True)


@dataclass
class _Frame:
    """What the argument strategies of one trigger share while they run."""

    trigger: Trigger
    sa: SentenceActors
    ctx: DiscourseContext
    sent_i: int
    args: Arguments = field(default_factory=Arguments)
    subj: Token | None = None
    passive: bool = False
    slot_heads: list[tuple[str, Token]] = field(default_factory=list)
    source_keys: set[str] = field(default_factory=set)

    @property
    def tok(self) -> Token:
        return self.trigger.token

    @property
    def is_noun(self) -> bool:
        return self.trigger.token.pos_ in ("NOUN", "PROPN")

    @property
    def root(self) -> str:
        return self.trigger.pattern.code[:2]

    def actors(self, head: Token) -> list[ActorMention]:
        return actors_at(head, self.sa, self.ctx, self.sent_i)

    def other_actors(self, head: Token) -> list[ActorMention]:
        """Actors at ``head`` that are not the source's own country or organisation."""
        return [
            m for m in self.actors(head) if (m.actor.country or m.actor.igo) not in self.source_keys
        ]

    def set_sources(self, found: list[ActorMention], why: str) -> bool:
        if found:
            self.args.sources = found
            self.args.why.append(why)
        return bool(found)

    def set_targets(self, found: list[ActorMention], why: str) -> bool:
        if found:
            self.args.targets = found
            self.args.why.append(why)
        return bool(found)


# --- sources, in order: the first strategy that finds an actor wins ---------------------------


def _source_of_light_verb(f: _Frame) -> bool:
    """'Russia held talks': the subject of the light verb (or its controller)."""
    verb = f.trigger.light_verb
    if not f.is_noun or verb is None:
        return False
    subj, passive = _subject_of(verb)
    if subj is None or passive:
        subj, _ = _controller(verb)
    if subj is None:
        return False
    f.args.sources = f.actors(subj)
    f.args.why.append(f"source: subject of light verb '{verb.text}'")
    return bool(f.args.sources)


def _source_modifier(f: _Frame) -> bool:
    """'Chinese air strikes', 'Iran's seizure': a state modifier of the event noun."""
    if not f.is_noun:
        return False
    for child in f.tok.children:
        if (
            child.dep_ in ("poss", "compound", "amod", "nmod")
            and f.sa.is_actor_token(child)
            or (child.dep_ == "poss" and child.pos_ == "PRON")
        ):
            # 'military exercises': a sector adjective on an event noun is not its actor
            found = [m for m in f.actors(child) if m.actor.country or m.actor.igo]
            if f.set_sources(found, f"source: modifier '{child.text}' of '{f.tok.text}'"):
                return True
    return False


def _source_by_from(f: _Frame) -> bool:
    """'an attack by militants', 'shelling from Syria'."""
    if not f.is_noun:
        return False
    return any(
        f.set_sources(f.actors(head), f"source: 'by/from {head.text}'")
        for head in prep_objects(f.tok, _ACTOR_PREPS_NOUN_SOURCE)
    )


def _source_passive_agent(f: _Frame) -> bool:
    """'was attacked by X': the agent of a passive verb."""
    if f.is_noun or not f.passive:
        return False
    agent = _agent_of(f.tok)
    if agent is None:
        return False
    f.args.sources = f.actors(agent)
    f.args.why.append(f"source: agent of passive '{f.tok.text}'")
    return bool(f.args.sources)


def _source_subject(f: _Frame) -> bool:
    if f.is_noun or f.passive or f.subj is None:
        return False
    f.args.sources = f.actors(f.subj)
    f.args.why.append(f"source: subject '{f.subj.text}'")
    f.args.subject_is_actor = bool(f.args.sources)
    f.args.has_subject = True
    return bool(f.args.sources)


def _source_controller(f: _Frame) -> bool:
    """'Beijing announced plans to build': the controller of a subjectless verb."""
    if f.is_noun or f.subj is not None:
        return False
    ctrl, how = _controller(f.tok)
    return ctrl is not None and f.set_sources(f.actors(ctrl), f"source: {how} '{ctrl.text}'")


def _source_pattern_slots(f: _Frame) -> bool:
    for slot in f.trigger.pattern.source:
        for head in _target_slot(f.trigger, slot):
            if f.set_sources(f.actors(head), f"source: {slot} '{head.text}'"):
                return True
    return False


SOURCE_STRATEGIES: tuple[Callable[[_Frame], bool], ...] = (
    _source_of_light_verb,
    _source_modifier,
    _source_by_from,
    _source_passive_agent,
    _source_subject,
    _source_controller,
    _source_pattern_slots,
)


# --- targets, in order: the first strategy that finds an actor wins ---------------------------


def _target_passive_subject(f: _Frame) -> bool:
    if f.is_noun or not f.passive:
        return False
    subj, _ = _subject_of(f.tok)
    return subj is not None and f.set_targets(
        f.actors(subj), f"target: passive subject '{subj.text}'"
    )


def _target_between_parties(f: _Frame) -> bool:
    """'talks between A and B': every ordered pair of parties; a host or mediator aside."""
    if not f.is_noun:
        return False
    parties = [m for b in prep_objects(f.tok, ["between", "among"]) for m in f.actors(b)]
    if len(parties) < 2:
        return False
    light = f.trigger.light_verb
    if (
        f.args.sources
        and light is not None
        and light.lemma_.lower() in ("host", "mediate", "broker")
    ):
        f.args.host = list(f.args.sources)
    f.args.sources, f.args.targets = [], parties
    f.args.pairwise = True
    f.args.why.append("dyads: every pair 'between' the named actors")
    return True


def _target_noun_prepositions(f: _Frame) -> bool:
    """'an attack on X', 'sanctions against X'; also the light verb's ('imposed sanctions on')."""
    if not f.is_noun:
        return False
    heads = prep_objects(f.tok, _NOUN_TARGET_PREPS)
    if f.trigger.light_verb is not None:
        heads += prep_objects(
            f.trigger.light_verb, ("on", "against", "with", "to", "into", "outside")
        )
    f.slot_heads.extend(("noun", h) for h in heads)
    return any(f.set_targets(f.actors(h), f"target: '{h.head.text} {h.text}'") for h in heads)


def _target_pattern_slots(f: _Frame) -> bool:
    for slot in f.trigger.pattern.target:
        if slot == "proposer":
            continue
        for head in _target_slot(f.trigger, slot):
            f.slot_heads.append((slot, head))
            if f.set_targets(f.actors(head), f"target: {slot} '{head.text}'"):
                return True
    return False


def _target_victims_of_consequence(f: _Frame) -> bool:
    """'struck several villages, killing 15 people': the victims of the consequence."""
    consequence = f.trigger.consequence
    if consequence is None:
        return False
    for head in object_heads(consequence):
        f.slot_heads.append(("consequence", head))
        if f.set_targets(f.actors(head), f"target: victims of '{consequence.text}'"):
            return True
    return False


def _target_author_of_referenced_event(f: _Frame) -> bool:
    """'condemned the bombing': whoever carried out the event the slot refers to."""
    for _slot, head in f.slot_heads:
        ref = referenced_event(head, f.sa, f.ctx, f.sent_i, f.source_keys, f.actors)
        if ref:
            return f.set_targets(
                ref, f"target: whoever carried out '{head.text}' ({ref[0].actor.code})"
            )
    return False


def _target_author_responded_to(f: _Frame) -> bool:
    """'stepped up patrols in response to the seizure': aimed at whoever seized."""
    if f.root < "09":
        return False
    for t in f.tok.subtree:
        if t.lemma_.lower() not in _RESPONSE_NOUNS or t.dep_ != "pobj":
            continue
        for c in t.children:
            for ref_head in (g for g in c.children if c.dep_ == "prep" and g.dep_ == "pobj"):
                ref = referenced_event(ref_head, f.sa, f.ctx, f.sent_i, f.source_keys, f.actors)
                if ref:
                    return f.set_targets(
                        ref, f"target: the author of '{ref_head.text}' this responds to"
                    )
    return False


def _target_across_border(f: _Frame) -> bool:
    """'moved troops to its border with Guyana': the state on the other side."""
    if f.root not in ("15", "17", "19", "13"):
        return False
    for t in f.tok.subtree:
        if t.lemma_.lower() in ("border", "frontier", "boundary"):
            for other in prep_objects(t, ["with"]):
                why = f"target: the other side of '{t.text} with {other.text}'"
                if f.set_targets(f.other_actors(other), why):
                    return True
    return False


def _target_accuser_of_denial(f: _Frame) -> bool:
    """CAMEO 016: a denial is aimed at whoever made the claim."""
    if f.trigger.pattern.code != "016":
        return False
    accuser = f.ctx.referenced_event_source(f.sent_i, "accuse", f.source_keys)
    if accuser is None:
        return False
    why = f"target: whoever made the claim denied ({accuser.code})"
    return f.set_targets(
        [_inferred(clone_actor(accuser), f.tok, why)], f"target: the accuser ({accuser.code})"
    )


def _target_owner_of_victim(f: _Frame) -> bool:
    """'shelled an army base': the base stands for its owner."""
    if f.root < "14":
        return False
    for _slot, head in f.slot_heads:
        victim = victim_mention(head, f.sa)
        if victim is not None:
            why = f"target: '{head.text}' stands for its owner ({victim.actor.sector})"
            return f.set_targets([victim], why)
    return False


def _target_object_state(f: _Frame) -> bool:
    """The object names another state even if the pattern's slots did not ('provided the Tajik
    government with funds')."""
    if f.is_noun:
        return False
    for head in object_heads(f.tok):
        found = [m for m in f.other_actors(head) if m.actor.country or m.actor.igo]
        if f.set_targets(found, f"target: object '{head.text}'"):
            return True
    return False


def _target_first_actor_after(f: _Frame) -> bool:
    """A misparsed object ('kidnapped up to 16 Russian advisers'): the first actor after the
    verb that is not behind a clause boundary or a place/agent preposition."""
    if f.is_noun or "dobj" not in f.trigger.pattern.target:
        return False
    after = first_actor_after(f.tok, f.sa)
    return after is not None and f.set_targets(
        f.other_actors(after), f"target: first actor after the verb '{after.text}'"
    )


def _target_author_of_claim(f: _Frame) -> bool:
    """'rejected the report as fabricated': aimed at whoever made the accusation."""
    objs = object_heads(f.tok) if not f.is_noun else []
    if "proposer" not in f.trigger.pattern.target or not objs:
        return False
    if objs[0].lemma_.lower() not in _CLAIMS:
        return False
    accuser = f.ctx.referenced_event_source(f.sent_i, "accuse", f.source_keys)
    if accuser is None:
        return False
    why = f"target: author of the {objs[0].text} ({accuser.code})"
    return f.set_targets(
        [_inferred(clone_actor(accuser), f.tok, why)],
        f"target: the author of the rejected {objs[0].text}",
    )


def _target_proposal_maker(f: _Frame) -> bool:
    """CAMEO 12x: a rejection is aimed at the maker of the proposal rejected."""
    if "proposer" not in f.trigger.pattern.target:
        return False
    proposal = f.ctx.last_proposal(f.sent_i, f.source_keys)
    if proposal is None:
        return False
    f.args.proposal_code = proposal.code
    why = f"target: maker of the proposal ({proposal.source.code})"
    return f.set_targets(
        [_inferred(proposal.source, f.tok, why)],
        f"target: the actor whose proposal is rejected ({proposal.source.code})",
    )


TARGET_STRATEGIES: tuple[Callable[[_Frame], bool], ...] = (
    _target_passive_subject,
    _target_between_parties,
    _target_noun_prepositions,
    _target_pattern_slots,
    _target_victims_of_consequence,
    _target_author_of_referenced_event,
    _target_author_responded_to,
    _target_across_border,
    _target_accuser_of_denial,
    _target_owner_of_victim,
    _target_object_state,
    _target_first_actor_after,
    _target_author_of_claim,
    _target_proposal_maker,
)


def find_arguments(
    trigger: Trigger, sa: SentenceActors, ctx: DiscourseContext, sent_i: int
) -> Arguments:
    """Source and target of a trigger: the ordered source strategies, then the target ones."""
    frame = _Frame(trigger, sa, ctx, sent_i)
    if not frame.is_noun:
        frame.subj, frame.passive = _subject_of(trigger.token, sa)
    for source_strategy in SOURCE_STRATEGIES:
        if source_strategy(frame):
            break
    frame.source_keys = {k for m in frame.args.sources if (k := m.actor.country or m.actor.igo)}
    for target_strategy in TARGET_STRATEGIES:
        if target_strategy(frame):
            break
    args = frame.args
    if trigger.pattern.recipient_subject and not frame.is_noun and args.sources and args.targets:
        # 'Serbia received jets from France': the giver acts on the subject
        args.sources, args.targets = args.targets, args.sources
        args.why.append("dyad: the subject received it, so the giver is the source")
    return args
