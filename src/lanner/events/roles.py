"""Stage 3, argument strategies: who is the source and who the target of a candidate.

The coder runs them in the order of ``ARGUMENT_STRATEGIES``. The model's argument scores
come first for the model's own candidates; the dependency-parse rules (``dyads``) come next,
then the governor's arguments for appeals and demands, then the fallbacks for a target the
text leaves implicit: the recipient of an offer, the earlier aggressor a response answers,
and the domestic default of a protest or curfew.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lanner.events.argument_chain import find_arguments
from lanner.events.arguments import ActorMention, conjuncts
from lanner.events.assembly import actors, fill_country
from lanner.events.candidate import ArgumentStrategy, CandidateEvent, SentenceEnv
from lanner.events.inference import clone_actor, implied_recipient
from lanner.events.triggers import Trigger
from lanner.records import ActorRef

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "ARGUMENT_STRATEGIES",
    "DomesticDefault",
    "EarlierAggressor",
    "GovernorArguments",
    "ImpliedRecipient",
    "ModelArguments",
    "PatternArguments",
    "sentence_mentions",
    "MODEL_ARGUMENT_THRESHOLD",
]

# The probability above which an actor mention is taken as the model's source or target.
MODEL_ARGUMENT_THRESHOLD = 0.5
_PHRASE_CLIMB = ("compound", "amod", "poss", "det", "nmod")


def sentence_mentions(env: SentenceEnv) -> list[tuple[ActorMention, list[Token]]]:
    """Every actor phrase of the sentence, with the tokens whose scores stand for it (found
    once per sentence, however many model triggers it has)."""
    if env.mentions is not None:
        return env.mentions
    sa = env.actors
    out: list[tuple[ActorMention, list[Token]]] = []
    seen: set[int] = set()
    doc = env.sent.doc
    for start, end, _entries in sorted(set(sa.by_token.values()), key=lambda v: v[0]):
        head = doc[start]
        while head.dep_ in _PHRASE_CLIMB and head.head != head and head.head.i < end + 4:
            head = head.head
        if head.i in seen:
            continue
        seen.add(head.i)
        matched = [doc[i] for i in range(start, end)]
        tokens = matched + ([head] if head not in matched else [])
        for mention in sa.phrase_actors(head) or sa.phrase_actors(doc[end - 1]):
            out.append((mention, tokens))
    env.mentions = out
    return out


class ModelArguments:
    """The model's biaffine scores: each actor mention's probability of being source/target.

    The best-scoring mention of each role is taken, with the mentions coordinated with it
    ('Kenya, Uganda and Rwanda'); other mentions, however high their score, are left out,
    since one trigger has one source phrase and one target phrase. With ``fill_only`` the
    strategy runs after the parse rules and fills only a side they left empty.
    """

    def __init__(self, fill_only: bool = False) -> None:
        self.fill_only = fill_only
        self.name = "model (fill)" if fill_only else "model"

    def apply(self, cand: CandidateEvent, env: SentenceEnv) -> bool:
        scores = env.scores
        if cand.origin != "model" or scores is None:
            return False
        if self.fill_only and cand.sources and cand.targets:
            return False
        base = env.sent.start_char
        tok = cand.token
        trig_pieces = scores.pieces(tok.idx - base, tok.idx - base + len(tok.text))
        if not trig_pieces:
            return False
        row = trig_pieces[0]
        scored: list[tuple[float, float, ActorMention]] = []
        for mention, tokens in sentence_mentions(env):
            pieces = [
                p for t in tokens for p in scores.pieces(t.idx - base, t.idx - base + len(t.text))
            ]
            if pieces:
                scored.append(
                    (
                        max(float(scores.args[0, row, p]) for p in pieces),
                        max(float(scores.args[1, row, p]) for p in pieces),
                        mention,
                    )
                )
        taken = {m.head_i for m in cand.sources + cand.targets}
        sources = _best_with_conjuncts(
            [(s, m) for s, t, m in scored if s >= t and m.head_i not in taken], env
        )
        taken |= {m.head_i for _, m in sources}
        targets = _best_with_conjuncts(
            [(t, m) for s, t, m in scored if t > s and m.head_i not in taken], env
        )
        if self.fill_only:
            sources = [] if cand.sources else sources
            targets = [] if cand.targets else targets
        if not sources and not targets:
            return False
        if sources:
            cand.sources = [m for _, m in sources]
            cand.has_subject = cand.subject_is_actor = True
        if targets:
            cand.targets = [m for _, m in targets]
        cand.argument_probability = min(p for p, _ in (sources[:1] + targets[:1]))
        cand.arguments_by = self.name
        for role, items in (("source", sources), ("target", targets)):
            for p, m in items:
                cand.why.append(f"{role} '{m.actor.text}' -> {m.actor.code} (model P={p:.2f})")
        return not self.fill_only


def _best_with_conjuncts(
    scored: list[tuple[float, ActorMention]], env: SentenceEnv
) -> list[tuple[float, ActorMention]]:
    """The best mention above the threshold and the mentions coordinated with it."""
    above = [(p, m) for p, m in scored if p >= MODEL_ARGUMENT_THRESHOLD]
    if not above:
        return []
    best_p, best = max(above, key=lambda pm: pm[0])
    head = env.sent.doc[best.head_i]
    group = {t.i for t in conjuncts(head)}
    root = head
    while root.dep_ == "conj" and root.head != root:
        root = root.head
    group |= {t.i for t in conjuncts(root)}
    return [(best_p, best)] + [(p, m) for p, m in above if m is not best and m.head_i in group]


class PatternArguments:
    """The dependency-parse rules of ``lanner.events.dyads``."""

    name = "patterns"

    def apply(self, cand: CandidateEvent, env: SentenceEnv) -> bool:
        args = find_arguments(cand.trigger, env.actors, env.ctx, env.index)
        cand.why.extend(args.why)
        cand.sources, cand.targets = args.sources, args.targets
        cand.pairwise, cand.hosts = args.pairwise, list(args.host)
        cand.has_subject, cand.subject_is_actor = args.has_subject, args.subject_is_actor
        cand.proposal_code = args.proposal_code
        cand.arguments_by = self.name
        return False


class GovernorArguments:
    """Appeals and demands are by the governor's subject to the governor's addressee."""

    name = "governor"

    def apply(self, cand: CandidateEvent, env: SentenceEnv) -> bool:
        governor = cand.governor
        if governor is None:
            return False
        sa, ctx, si = env.actors, env.ctx, env.index
        tok = cand.token
        if cand.family == "demand_must":
            gov_args = find_arguments(Trigger(governor, cand.trigger.pattern), sa, ctx, si)
            if gov_args.sources and cand.sources:
                cand.targets, cand.sources = cand.sources, gov_args.sources
                cand.why.append(
                    f"demand by the subject of '{governor.text}' on the subject of '{tok.text}'"
                )
            cand.family = "demand"
        if cand.family in ("appeal", "demand"):
            gov_args = find_arguments(Trigger(governor, cand.trigger.pattern), sa, ctx, si)
            if gov_args.sources:
                addressees = [
                    m
                    for c in governor.children
                    if c.dep_ in ("dobj", "obj")
                    for m in actors(c, sa, ctx, si)
                ]
                addressees += [
                    m
                    for c in governor.children
                    if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                    for g in c.children
                    for m in actors(g, sa, ctx, si)
                ]
                cand.targets = addressees or cand.sources or cand.targets
                cand.sources = gov_args.sources
                cand.why.append(
                    f"{cand.family} by the subject of '{governor.text}' to its addressee"
                )
        return False


class ImpliedRecipient:
    """An offer or aid with no named recipient goes to the actor the context implies."""

    name = "implied recipient"

    def apply(self, cand: CandidateEvent, env: SentenceEnv) -> bool:
        implied_ok = cand.code.startswith("03") or (
            cand.root == "07" and cand.trigger.pattern.obj_required
        )
        if cand.targets or not implied_ok or not cand.sources or cand.pairwise:
            return False
        implied = implied_recipient(cand.token, cand.sources, env.ctx, env.index)
        if implied is not None:
            cand.targets = [implied]
            cand.why.append(implied.why[0])
        return False


class EarlierAggressor:
    """A response with no named target is aimed at whoever last acted against the source."""

    name = "earlier aggressor"

    def apply(self, cand: CandidateEvent, env: SentenceEnv) -> bool:
        root = cand.root
        if cand.targets or not cand.sources or not (root >= "09" or cand.code == "016"):
            return False
        if not (root in ("11", "12", "13", "15", "16") or cand.code == "016"):
            return False
        victims = {m.actor.country for m in cand.sources if m.actor.country}
        aggressor = env.ctx.aggressor_of(env.index, victims)
        if aggressor is None:
            return False
        cand.targets = [
            ActorMention(
                clone_actor(aggressor),
                cand.token.i,
                [f"target: the earlier aggressor {aggressor.code}"],
                inferred=True,
            )
        ]
        cand.why.append(f"target: the actor that last acted against the source ({aggressor.code})")
        return False


class DomesticDefault:
    """CAMEO convention: a protest with no named target is aimed at the government; a curfew,
    emergency or ban imposed or eased with no target concerns the population."""

    name = "domestic default"

    def apply(self, cand: CandidateEvent, env: SentenceEnv) -> bool:
        root = cand.root
        if cand.targets or len(cand.sources) != 1 or root not in ("14", "08", "17"):
            return False
        source = cand.sources[0]
        if not source.actor.country:
            loc, _ = env.placer.place(cand.trigger, source, None)
            fill_country(source, loc, env.ctx, env.index, None)
        src = source.actor
        if not src.country:
            return False
        if root == "14" and (src.sector or "") not in ("GOV", "MIL", "COP"):
            sector, why = "GOV", f"target: the government of {src.country} (protest default)"
        elif root in ("08", "17") and (src.sector or "GOV") in ("GOV", "MIL", "COP"):
            sector, why = "CVL", f"target: the population of {src.country} (domestic default)"
        else:
            return False
        default = ActorRef(text="", code=src.country + sector, country=src.country, sector=sector)
        cand.targets = [ActorMention(default, cand.token.i, [why], inferred=True)]
        return False


ARGUMENT_STRATEGIES: tuple[ArgumentStrategy, ...] = (
    ModelArguments(),
    PatternArguments(),
    GovernorArguments(),
)
# The parse rules first, the model only for a side they leave empty.
ARGUMENT_STRATEGIES_RULES_FIRST: tuple[ArgumentStrategy, ...] = (
    PatternArguments(),
    GovernorArguments(),
    ModelArguments(fill_only=True),
)
TARGET_FALLBACKS: tuple[ArgumentStrategy, ...] = (
    ImpliedRecipient(),
    EarlierAggressor(),
    DomesticDefault(),
)
