"""A predictor that answers with the gold itself: a self-check of the evaluator.

Scoring gold against itself must give perfect figures; anything less is a bug in the
readers or the metrics, not in the coder. Tests use it, and so can anyone who changes the
scoring rules.
"""

from __future__ import annotations

from lanner.eval.events import Predictor
from lanner.eval.gold import GoldActor, GoldDocument, GoldEvent
from lanner.records import ActorRef, Document, EventRecord, Location, Span

__all__ = ["gold_event_record", "oracle_predictor"]


def _actor(actor: GoldActor | None) -> ActorRef | None:
    if actor is None:
        return None
    code = "".join(x for x in (actor.country or actor.igo, actor.sector) if x)
    return ActorRef(text=code, code=code, country=actor.country, sector=actor.sector, igo=actor.igo)


def gold_event_record(doc: GoldDocument, event: GoldEvent, n: int) -> EventRecord:
    """``event`` of ``doc`` as the coder would emit it."""
    start = doc.text.find(event.sentence)
    trigger_at = start
    if event.trigger and event.trigger in event.sentence:
        trigger_at = start + event.sentence.index(event.trigger)
    trigger = event.trigger or event.sentence[:1]
    loc = event.location
    cameo = event.cameo or "010"
    return EventRecord(
        id=f"{doc.id}-oracle-{n}",
        doc_id=doc.id,
        group_id=f"{doc.id}-oracle-{n}",
        source=_actor(event.source),
        target=_actor(event.target),
        cameo=cameo,
        cameo_root=cameo[:2],
        quad_class=0,
        goldstein=0.0,
        plover_event=event.plover,
        plover_mode=None,
        plover_context=None,
        factuality=event.factuality,  # type: ignore[arg-type]
        date=event.date,
        date_precision=event.date_precision,  # type: ignore[arg-type]
        location=Location(None, loc.name, None, None, loc.lat, loc.lon, None, None)
        if loc
        else None,
        sentence_index=0,
        sentence=Span(event.sentence, start, start + len(event.sentence)),
        trigger=Span(trigger, trigger_at, trigger_at + len(trigger)),
        confidence=1.0,
    )


def oracle_predictor(gold_docs: list[GoldDocument]) -> Predictor:
    """A predictor returning, for each gold document (by id), its own gold events."""
    by_id = {d.id: d for d in gold_docs}

    def predict(doc: Document) -> list[EventRecord]:
        gold = by_id.get(doc.id)
        if gold is None:
            return []
        return [gold_event_record(gold, e, n) for n, e in enumerate(gold.events)]

    return predict
