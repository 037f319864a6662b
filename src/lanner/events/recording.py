"""Stages 2, 5, 6 and 7: factuality, dyads, date and place, and the EventRecords."""

from __future__ import annotations

import hashlib

from lanner.events.arguments import ActorMention
from lanner.events.assembly import alleged, fill_country, historical, pair_dyads, reflexive
from lanner.events.cameo import cameo
from lanner.events.candidate import CandidateEvent, SentenceEnv
from lanner.events.context import PastEvent
from lanner.events.factuality import analyse_embedding
from lanner.events.inference import clone_actor
from lanner.records import EventRecord, Span

__all__ = ["assess_factuality", "plan_dyads", "to_records", "stable_id", "CODER_VERSION"]

CODER_VERSION = "lanner-coder/0.2"
# Nouns embedded as objects of these dependencies take the modality of their verb.
_NOUN_EMBEDDING_DEPS = frozenset({"dobj", "nsubjpass", "attr", "appos", "conj", "xcomp"})

Planned = tuple[ActorMention | None, ActorMention | None, str]


def stable_id(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def assess_factuality(cand: CandidateEvent, env: SentenceEnv) -> None:
    """Stage 2: asserted, intended, hypothetical or negated, and the governing family."""
    tok, trigger = cand.token, cand.trigger
    if cand.is_noun and tok.dep_ not in _NOUN_EMBEDDING_DEPS and trigger.light_verb is None:
        # a noun event in an adjunct ('in the wake of an Aug. 30 attack') is presupposed:
        # the modals of the clause around it do not apply
        if any(c.lower_ == "no" and c.dep_ == "det" for c in tok.children):
            cand.factuality = "negated"
        elif alleged(tok):
            cand.factuality = "hypothetical"
        else:
            cand.factuality = "asserted"
    else:
        # a noun object climbs through its verb ('proposed talks' is an intent to meet)
        emb = analyse_embedding(tok if cand.is_noun else trigger.clause_head, env.patterns)
        cand.factuality, cand.family, cand.governor = emb.factuality, emb.family, emb.governor
        cand.why.extend(emb.why)
    if cand.family is None and cand.factuality == "intended":
        cand.family = "intent"
    if cand.code.startswith("03") and cand.factuality == "asserted":
        # CAMEO 03: an offer or pledge is an expression of intent; the act is still to come
        cand.factuality = "intended"


def plan_dyads(cand: CandidateEvent) -> list[Planned]:
    """Stage 5: one (source, target, code) per directed dyad, with the implied reverse and
    host/mediator dyads of talks."""
    pattern = cand.trigger.pattern
    # talks between two parties: the parties are the dyad, the host or mediator is added below
    sources = [] if cand.pairwise else cand.sources
    dyads = pair_dyads(sources, cand.targets, pattern.symmetric, cand.pairwise)
    if not dyads and not cand.hosts:
        return []
    planned: list[Planned] = [(s, t, cand.code) for s, t in dyads]
    if pattern.reverse and cand.family is None:
        # 'A hosted B' is also B -> A 042 (make a visit)
        planned += [(t, s, pattern.reverse) for s, t in dyads if s is not None and t is not None]
    if cand.pairwise:
        light = cand.trigger.light_verb
        # 'Egypt hosted talks between A and B': Egypt hosts each party (CAMEO 043);
        # 'Erdogan mediated talks between A and B': a mediator (CAMEO 045)
        mediated = light is not None and light.lemma_.lower() in ("mediate", "broker")
        host_code = "045" if mediated else "043"
        hosted = [(h, t) for h in cand.hosts for t in cand.targets]
        planned += [(h, t, host_code) for h, t in hosted]
        if not mediated:
            # the parties visit their host (CAMEO 042), as for 'A hosted B'
            planned += [(t, h, "042") for h, t in hosted]
    return planned


def _confidence(cand: CandidateEvent, src: ActorMention | None, tgt: ActorMention | None) -> float:
    """The model's calibrated probability when the model saw the sentence; otherwise the
    rule coder's prior (inferred sides and noun events are less certain)."""
    if cand.trigger_probability is not None:
        p = cand.trigger_probability * (cand.argument_probability or 1.0)
        for side in (src, tgt):
            if side is not None and side.inferred:
                p *= 0.8
        return round(max(min(p, 0.99), 0.05), 2)
    confidence = (
        0.9 - (0.15 if (src and src.inferred) else 0) - (0.2 if (tgt and tgt.inferred) else 0)
    )
    confidence -= 0.1 if cand.is_noun else 0
    return round(max(confidence, 0.1), 2)


def to_records(cand: CandidateEvent, planned: list[Planned], env: SentenceEnv) -> list[EventRecord]:
    """Stages 6 and 7: date and place each dyad, then build its record."""
    document, tok, sent = env.document, cand.token, env.sent
    date, precision, date_text, date_why = env.dater.date_for(cand.trigger, cand.factuality)
    why = cand.why + [date_why]
    if historical(date, precision, document.published) and date_why.startswith("date: '"):
        # 'fought wars over Karabakh in the 1990s and in 2020': background, not news
        cand.drop("historical background")
        return []
    group_id = stable_id(document.id, env.index, tok.idx, cand.code)
    records = []
    for src, tgt, code in planned:
        info = cameo(code)
        location, loc_why = env.placer.place(cand.trigger, src, tgt, code=code)
        for side, other in ((src, tgt), (tgt, src)):
            if side is not None:
                fill_country(
                    side,
                    location,
                    env.ctx,
                    env.index,
                    other.actor.country if other else None,
                    other.actor.sector if other else None,
                    root=code[:2],
                )
        if src is not None and tgt is not None and reflexive(src.actor, tgt.actor):
            continue  # 'Ethiopia's leader ... giving Ethiopia access': no dyad with itself
        env.ctx.add_event(
            PastEvent(
                env.index,
                src.actor if src else None,
                tgt.actor if tgt else None,
                code[:2],
                tok.lemma_.lower(),
            )
        )
        reasons = (
            why
            + [f"source {r}" for r in (src.why if src else [])]
            + [f"target {r}" for r in (tgt.why if tgt else [])]
            + [loc_why]
        )
        src_code = src.actor.code if src else ""
        tgt_code = tgt.actor.code if tgt else ""
        records.append(
            EventRecord(
                id=stable_id(document.id, env.index, tok.idx, src_code, tgt_code, code),
                doc_id=document.id,
                group_id=group_id,
                source=clone_actor(src.actor) if src else None,
                target=clone_actor(tgt.actor) if tgt else None,
                cameo=code,
                cameo_root=code[:2],
                quad_class=info.quad_class,
                goldstein=info.goldstein,
                plover_event=info.plover_event,
                plover_mode=info.plover_mode,
                plover_context=info.plover_context,
                factuality=cand.factuality,  # type: ignore[arg-type]
                date=date,
                date_precision=precision,  # type: ignore[arg-type]
                location=location,
                sentence_index=env.index,
                sentence=Span(sent.text, sent.start_char, sent.end_char),
                trigger=Span(tok.text, tok.idx, tok.idx + len(tok.text)),
                confidence=_confidence(cand, src, tgt),
                explanation=[r for r in reasons if r],
                date_text=date_text,
                coder_version=CODER_VERSION,
            )
        )
    return records
