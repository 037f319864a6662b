"""Stage 4, CAMEO conventions: one named function each, run in the order of ``CONVENTIONS``.

Each takes the candidate after its arguments are found; it may refine the code, add the
implied sides of talks, or drop the candidate with the reason (``CandidateEvent.drop``).
"""

from __future__ import annotations

from collections.abc import Callable

from lanner.events.assembly import VIOLENT_ROOTS
from lanner.events.cameo import embed_code
from lanner.events.candidate import CandidateEvent, SentenceEnv

__all__ = ["CONVENTIONS", "Convention"]

Convention = Callable[[CandidateEvent, SentenceEnv], None]


def embedded_action(cand: CandidateEvent, env: SentenceEnv) -> None:
    """CAMEO 03/13/12/02/10: an action under an intent, threat, refusal, appeal or demand
    takes the governing family's code (an offer to send troops is 0334, not 074)."""
    family = cand.family
    if family is None:
        return
    if family == "intent" and cand.base_code.startswith("03"):
        return
    if cand.origin == "model" and cand.code[:2] in ("02", "03", "10", "12", "13"):
        return  # the model already names the embedding family's code
    embedded = embed_code(cand.code, family)
    if embedded is not None:
        cand.code = embedded


def rejection_of_proposal(cand: CandidateEvent, env: SentenceEnv) -> None:
    """CAMEO 12x: rejecting an offer of troops is refusing that cooperation (1224)."""
    if cand.proposal_code and cand.base_code == "120":
        cand.code = embed_code(cand.proposal_code, "refusal") or cand.code
        cand.why.append(f"rejects a proposal coded {cand.proposal_code} -> {cand.code}")


def needs_a_source(cand: CandidateEvent, env: SentenceEnv) -> None:
    """Only violence may have an unnamed source ('rockets hit a checkpoint')."""
    if not cand.pairwise and not cand.sources and cand.root not in VIOLENT_ROOTS:
        cand.drop("no source")


def subject_is_an_actor(cand: CandidateEvent, env: SentenceEnv) -> None:
    """'security imperatives clash with those of Russia': the subject is not an actor."""
    if (
        not cand.is_noun
        and cand.has_subject
        and not cand.subject_is_actor
        and cand.family not in ("appeal", "demand")
    ):
        cand.drop("the subject is not an actor")


def pattern_needs_actor(cand: CandidateEvent, env: SentenceEnv) -> None:
    if cand.trigger.pattern.needs_actor and not cand.sources and not cand.targets:
        cand.drop("the pattern needs an actor")


def source_sector_variant(cand: CandidateEvent, env: SentenceEnv) -> None:
    """A pattern reserved for some source sectors falls back to the verb's general pattern."""
    pattern = cand.trigger.pattern
    if not pattern.source_sectors or not cand.sources:
        return
    if any((m.actor.sector or "") in pattern.source_sectors for m in cand.sources):
        return
    alt = [
        p
        for p in env.patterns.verbs.get(cand.token.lemma_.lower(), [])
        if p is not pattern and not p.source_sectors
    ]
    if alt:
        embedded_alt = embed_code(alt[0].code, cand.family) if cand.family else None
        cand.code = embedded_alt or alt[0].code


def untargeted_show_of_force(cand: CandidateEvent, env: SentenceEnv) -> None:
    """CAMEO 150: 'fired a missile into the sea' with no target is a show of force."""
    untargeted = cand.trigger.pattern.untargeted
    if not cand.targets and untargeted and cand.root in VIOLENT_ROOTS:
        cand.code = untargeted
        cand.why.append(f"no target: coded as a show of force {cand.code}")


def needs_a_target(cand: CandidateEvent, env: SentenceEnv) -> None:
    """An event with no one on the receiving end is not a dyad: say nothing rather than guess
    (a show of force with no target is the one exception, CAMEO 150)."""
    pattern = cand.trigger.pattern
    if (
        not cand.targets
        and not (pattern.symmetric and len(cand.sources) > 1)
        and not cand.pairwise
        and not (pattern.untargeted and cand.code == pattern.untargeted)
    ):
        cand.drop("no target")


def not_a_tally(cand: CandidateEvent, env: SentenceEnv) -> None:
    """'150 attacks since October', 'has killed thousands since 2009', 'more than 200 people
    have been killed': a tally, not a dyadic event."""
    tok = cand.token
    if cand.is_noun:
        tally = (
            not cand.sources
            and tok.tag_ in ("NNS", "NNPS")
            and any(
                c.dep_ in ("nummod", "amod", "quantmod")
                and (c.like_num or c.lower_ in ("dozens", "hundreds", "scores"))
                for c in tok.children
            )
        )
    else:
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children)
        since = any(c.dep_ == "prep" and c.lower_ == "since" for c in tok.children)
        tally = (perfect and since) or (
            not cand.sources
            and bool(cand.targets)
            and all((m.actor.sector == "CVL" and not m.actor.country) for m in cand.targets)
        )
    if tally:
        cand.drop("a tally, not an event")


def record_proposal(cand: CandidateEvent, env: SentenceEnv) -> None:
    """Offers, appeals and demands are proposals another actor may later reject."""
    if cand.dropped is None and (
        cand.root in ("02", "03", "10") or cand.family in ("intent", "appeal", "demand")
    ):
        for m in cand.sources:
            env.ctx.add_proposal(env.index, m.actor, cand.base_code)


# Conventions before the target fallbacks settle the code and drop what has no source;
# those after need the final target.
CONVENTIONS_BEFORE_FALLBACKS: tuple[Convention, ...] = (
    embedded_action,
    rejection_of_proposal,
    needs_a_source,
    subject_is_an_actor,
    pattern_needs_actor,
)
CONVENTIONS: tuple[Convention, ...] = (
    source_sector_variant,
    untargeted_show_of_force,
    needs_a_target,
    not_a_tally,
    record_proposal,
)
