"""Who acted on whom: the source and target actors of a trigger.

Sources come from the subject (or the agent of a passive: 'was attacked by X'), climbing
through coordinated and embedded verbs when the trigger has no subject of its own ('Beijing
announced plans to build ...' -> Beijing builds). Targets come from the places the pattern
names (object, dative, 'to X', 'with X', 'on X's behalf'), then from the object if it names
another state, then - for offers and aid whose recipient is only implied - from context.
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
    clone_actor,
    first_actor_after,
    numbered_group,
    referenced_event,
    victim_mention,
)
from lanner.events.triggers import Trigger, object_heads
from lanner.records import ActorRef

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Arguments", "find_arguments", "actors_at"]

_RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
_CLAIMS = frozenset(
    {
        "report",
        "claim",
        "allegation",
        "accusation",
        "charge",
        "criticism",
        "statement",
        "assertion",
        "finding",
        "account",
    }
)
_RESPONSE_NOUNS = frozenset(
    {"response", "retaliation", "reprisal", "revenge", "answer", "reaction"}
)
_ACTOR_PREPS_NOUN_SOURCE = ("by", "from")
_NOUN_TARGET_PREPS = ("on", "against", "with", "to", "at", "into", "of", "for", "outside", "in")
_OBJECT_CONTROL = frozenset(
    {
        "urge",
        "ask",
        "call",
        "appeal",
        "encourage",
        "invite",
        "request",
        "press",
        "implore",
        "beg",
        "order",
        "force",
        "compel",
        "pressure",
        "instruct",
        "tell",
        "persuade",
        "allow",
        "help",
        "push",
    }
)


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
        word = slot[5:]
        found = prep_objects(tok, [word])
        if not found and trigger.light_verb is not None:
            found = prep_objects(trigger.light_verb, [word])
        if not found and trigger.obj is not None:
            # 'adopted a package of sanctions against Russia'
            for t in trigger.obj.subtree:
                found = prep_objects(t, [word])
                if found:
                    break
        return found
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


def _inferred(actor: ActorRef, tok: Token, why: str) -> ActorMention:
    """A target the text implies rather than names (confidence is lowered for it)."""
    return ActorMention(actor, tok.i, [why], inferred=True)


def find_arguments(
    trigger: Trigger, sa: SentenceActors, ctx: DiscourseContext, sent_i: int
) -> Arguments:
    args = Arguments()
    tok = trigger.token
    pattern = trigger.pattern
    is_noun = tok.pos_ in ("NOUN", "PROPN")
    passive = False

    # --- source
    if is_noun:
        verb = trigger.light_verb
        if verb is not None:
            subj, passive = _subject_of(verb)
            if subj is None or passive:
                subj, _ = _controller(verb)
            if subj is not None:
                args.sources = actors_at(subj, sa, ctx, sent_i)
                args.why.append(f"source: subject of light verb '{verb.text}'")
        if not args.sources:
            for child in tok.children:
                if (
                    child.dep_ in ("poss", "compound", "amod", "nmod")
                    and sa.is_actor_token(child)
                    or (child.dep_ == "poss" and child.pos_ == "PRON")
                ):
                    # 'military exercises': a sector adjective on an event noun is not its actor
                    found = [
                        m
                        for m in actors_at(child, sa, ctx, sent_i)
                        if m.actor.country or m.actor.igo
                    ]
                    if found:
                        args.sources = found
                        args.why.append(f"source: modifier '{child.text}' of '{tok.text}'")
                        break
        if not args.sources:
            for head in prep_objects(tok, _ACTOR_PREPS_NOUN_SOURCE):
                args.sources = actors_at(head, sa, ctx, sent_i)
                if args.sources:
                    args.why.append(f"source: 'by/from {head.text}'")
                    break
    else:
        subj, passive = _subject_of(tok, sa)
        if passive:
            agent = _agent_of(tok)
            if agent is not None:
                args.sources = actors_at(agent, sa, ctx, sent_i)
                args.why.append(f"source: agent of passive '{tok.text}'")
        elif subj is not None:
            args.sources = actors_at(subj, sa, ctx, sent_i)
            args.why.append(f"source: subject '{subj.text}'")
            args.subject_is_actor = bool(args.sources)
            args.has_subject = True
        if not args.sources and subj is None:
            ctrl, how = _controller(tok)
            if ctrl is not None:
                args.sources = actors_at(ctrl, sa, ctx, sent_i)
                if args.sources:
                    args.why.append(f"source: {how} '{ctrl.text}'")
    for slot in pattern.source:
        if args.sources:
            break
        for head in _target_slot(trigger, slot):
            args.sources = actors_at(head, sa, ctx, sent_i)
            if args.sources:
                args.why.append(f"source: {slot} '{head.text}'")
                break

    # --- target
    if passive and not is_noun:
        subj, _ = _subject_of(tok)
        if subj is not None:
            args.targets = actors_at(subj, sa, ctx, sent_i)
            if args.targets:
                args.why.append(f"target: passive subject '{subj.text}'")
    noun_heads: list[Token] = []
    if is_noun and not args.targets:
        between = prep_objects(tok, ["between", "among"])
        if between:
            parties = [m for b in between for m in actors_at(b, sa, ctx, sent_i)]
            if len(parties) > 1:
                if (
                    args.sources
                    and trigger.light_verb is not None
                    and trigger.light_verb.lemma_.lower() in ("host", "mediate", "broker")
                ):
                    args.host = list(args.sources)
                args.sources, args.targets = [], parties
                args.pairwise = True
                args.why.append("dyads: every pair 'between' the named actors")
        noun_heads = prep_objects(tok, _NOUN_TARGET_PREPS) if not args.targets else []
        if trigger.light_verb is not None and not args.targets:
            # 'opened investigations against 28 officials', 'imposed sanctions on Iran'
            noun_heads += prep_objects(
                trigger.light_verb, ("on", "against", "with", "to", "into", "outside")
            )
        for head in noun_heads:
            args.targets = actors_at(head, sa, ctx, sent_i)
            if args.targets:
                args.why.append(f"target: '{head.head.text} {head.text}'")
                break
    slot_heads: list[tuple[str, Token]] = [("noun", h) for h in noun_heads] if is_noun else []
    for slot in pattern.target if not args.targets else ():
        if slot == "proposer":
            continue
        for head in _target_slot(trigger, slot):
            slot_heads.append((slot, head))
            found = actors_at(head, sa, ctx, sent_i)
            if found:
                args.targets = found
                args.why.append(f"target: {slot} '{head.text}'")
                break
        if args.targets:
            break
    source_keys = {k for m in args.sources if (k := m.actor.country or m.actor.igo)}
    if not args.targets and trigger.consequence is not None:
        # 'struck several villages, killing 15 people': the victims of the consequence
        for head in object_heads(trigger.consequence):
            slot_heads.append(("consequence", head))
            found = actors_at(head, sa, ctx, sent_i)
            if found:
                args.targets = found
                args.why.append(f"target: victims of '{trigger.consequence.text}'")
                break
    if not args.targets:
        for _slot, head in slot_heads:
            ref = referenced_event(head, sa, ctx, sent_i, source_keys)
            if ref:
                args.targets = ref
                args.why.append(f"target: whoever carried out '{head.text}' ({ref[0].actor.code})")
                break
    if not args.targets and pattern.code[:2] >= "09":
        # 'stepped up patrols in response to the seizure': aimed at whoever seized
        for t in tok.subtree:
            if t.lemma_.lower() in _RESPONSE_NOUNS and t.dep_ == "pobj":
                for ref_head in [
                    g
                    for c in t.children
                    if c.dep_ == "prep"
                    for g in c.children
                    if g.dep_ == "pobj"
                ]:
                    ref = referenced_event(ref_head, sa, ctx, sent_i, source_keys)
                    if ref:
                        args.targets = ref
                        args.why.append(f"target: the author of '{ref_head.text}' this responds to")
                        break
            if args.targets:
                break
    if not args.targets and pattern.code[:2] in ("15", "17", "19", "13"):
        # 'moved troops to its border with Guyana': the state on the other side
        for t in tok.subtree:
            if t.lemma_.lower() in ("border", "frontier", "boundary"):
                for other in prep_objects(t, ["with"]):
                    found = [
                        m
                        for m in actors_at(other, sa, ctx, sent_i)
                        if (m.actor.country or m.actor.igo) not in source_keys
                    ]
                    if found:
                        args.targets = found
                        args.why.append(f"target: the other side of '{t.text} with {other.text}'")
                        break
            if args.targets:
                break
    if not args.targets and pattern.code == "016":
        accuser = ctx.referenced_event_source(sent_i, "accuse", source_keys)
        if accuser is not None:
            args.targets = [
                _inferred(
                    clone_actor(accuser),
                    tok,
                    f"target: whoever made the claim denied ({accuser.code})",
                )
            ]
            args.why.append(f"target: the accuser ({accuser.code})")
    if not args.targets and pattern.code[:2] >= "14":
        for _slot, head in slot_heads:
            victim = victim_mention(head, sa)
            if victim is not None:
                args.targets = [victim]
                args.why.append(
                    f"target: '{head.text}' stands for its owner ({victim.actor.sector})"
                )
                break
    if not args.targets and not is_noun:
        # the object names another state even if the pattern's slots did not ('provided the
        # Tajik government with funds')
        for head in object_heads(tok):
            found = [
                m
                for m in actors_at(head, sa, ctx, sent_i)
                if (m.actor.country or m.actor.igo)
                and (m.actor.country or m.actor.igo) not in source_keys
            ]
            if found:
                args.targets = found
                args.why.append(f"target: object '{head.text}'")
                break
    if not args.targets and not is_noun and "dobj" in pattern.target:
        # a misparsed object ('kidnapped up to 16 Russian advisers'): the first actor after the
        # verb that is not behind a clause boundary or a place/agent preposition
        after = first_actor_after(tok, sa)
        if after is not None:
            found = [
                m
                for m in actors_at(after, sa, ctx, sent_i)
                if (m.actor.country or m.actor.igo) not in source_keys
            ]
            if found:
                args.targets = found
                args.why.append(f"target: first actor after the verb '{after.text}'")
    objs = object_heads(tok) if not is_noun else []
    if (
        not args.targets
        and "proposer" in pattern.target
        and objs
        and objs[0].lemma_.lower() in _CLAIMS
    ):
        # 'rejected the report as fabricated': aimed at whoever made the accusation
        accuser = ctx.referenced_event_source(sent_i, "accuse", source_keys)
        if accuser is not None:
            args.targets = [
                _inferred(
                    clone_actor(accuser),
                    tok,
                    f"target: author of the {objs[0].text} ({accuser.code})",
                )
            ]
            args.why.append(f"target: the author of the rejected {objs[0].text}")
    if not args.targets and "proposer" in pattern.target:
        proposal = ctx.last_proposal(sent_i, source_keys)
        if proposal is not None:
            args.targets = [
                _inferred(
                    proposal.source, tok, f"target: maker of the proposal ({proposal.source.code})"
                )
            ]
            args.proposal_code = proposal.code
            args.why.append(
                f"target: the actor whose proposal is rejected ({proposal.source.code})"
            )
    return args
