"""Score coded events against gold: triple P/R/F1, per-field accuracy, confusion, errors.

How a prediction is scored (the rules ``docs/accuracy.md`` states for readers):

* **Sentence.** A predicted event belongs to the gold sentence whose character span contains
  its trigger (gold sentences are found in the text by exact substring search; the smallest
  containing span wins). Matching never crosses sentences.
* **Triple.** (source, target, CAMEO root), an actor being its country, else its IGO, else None
  (an unknown attacker or a missing source is None). A prediction matches a gold event when
  the dyad is equal and its root is a root of ``cameo`` or ``cameo_alt``. Matching is
  one-to-one and greedy: exact codes before roots, same factuality class before mixed.
* **What counts.** Only asserted and intended predictions are predictions, and only asserted
  and intended gold events are required for recall. Hypothetical or negated predictions are
  no false alarms; they are still matched, for factuality accuracy. An asserted/intended
  prediction matched only to a hypothetical/negated gold event is a false alarm: the coder
  asserted what the text says did not (or may not) happen.
* **False alarms.** Lanner gold and PETRARCH records annotate every sentence of their text, so
  every unmatched asserted/intended prediction is a false alarm, in a listed ``non_events``
  sentence or not. Gold that annotates only some sentences (the PLOVER set) has false alarms
  only in its ``non_events`` sentences; it is scored for coverage and event type instead.
* **Fields** are scored on every matched pair (any factuality) and only where the gold format
  annotates them: code (exact or an alternative), PLOVER event, source/target sector, date
  at the gold precision (both null is right), location within 100 km (gold null is skipped),
  factuality.
* **PLOVER gold standard.** Coverage is the share of sentences with at least one
  asserted/intended prediction; event-type accuracy is, among covered sentences, the share
  where any such prediction has the gold PLOVER event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from lanner.errors import LannerError
from lanner.eval.gold_types import (
    DATE_PRECISIONS,
    GoldActor,
    GoldDocument,
    GoldEvent,
    current_plover_name,
)
from lanner.geo.distance import haversine_km
from lanner.records import ActorRef, Document, EventRecord

__all__ = [
    "ErrorCase",
    "EventReport",
    "FieldScore",
    "PloverScore",
    "Predictor",
    "TripleScore",
    "default_predictor",
    "document_for",
    "evaluate_events",
]

Predictor = Callable[[Document], list[EventRecord]]

COUNTED = ("asserted", "intended")
LOCATION_TOLERANCE_KM = 100.0
FIELDS = ("cameo", "plover", "source_sector", "target_sector", "date", "location", "factuality")
# Which fields each gold format annotates per event (PETRARCH records give codes and dyads).
FIELDS_BY_FORMAT = {"lanner": FIELDS, "petrarch": ("cameo",), "plover": ()}
NONE_ROOT = "none"


@dataclass
class TripleScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: TripleScore) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class FieldScore:
    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.accuracy}


@dataclass
class PloverScore:
    sentences: int = 0
    covered: int = 0
    type_correct: int = 0

    @property
    def coverage(self) -> float:
        return self.covered / self.sentences if self.sentences else 0.0

    @property
    def type_accuracy(self) -> float:
        """Among covered sentences, the share where a prediction has the gold event type."""
        return self.type_correct / self.covered if self.covered else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences,
            "covered": self.covered,
            "coverage": self.coverage,
            "type_correct": self.type_correct,
            "type_accuracy": self.type_accuracy,
        }


@dataclass
class ErrorCase:
    """A miss or a false alarm, with its sentence and the codings on both sides."""

    kind: str  # "miss" or "false_alarm"
    doc_id: str
    sentence: str
    gold: list[str]
    predicted: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "doc_id": self.doc_id,
            "sentence": self.sentence,
            "gold": self.gold,
            "predicted": self.predicted,
        }


@dataclass
class EventReport:
    documents: int = 0
    triple: TripleScore = field(default_factory=TripleScore)
    by_format: dict[str, TripleScore] = field(default_factory=dict)
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[ErrorCase] = field(default_factory=list)
    false_alarms: list[ErrorCase] = field(default_factory=list)
    plover: PloverScore | None = None
    warnings: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        """Flat name -> value figures (the names the quality gate pins floors on)."""
        out: dict[str, float] = {}
        if self.by_format:  # some gold was scored on triples (not only the PLOVER set)
            out.update(
                precision=self.triple.precision, recall=self.triple.recall, f1=self.triple.f1
            )
        for name, score in self.fields.items():
            if score.accuracy is not None:
                out[f"{name}_accuracy"] = score.accuracy
        if self.plover is not None and self.plover.sentences:
            out["plover_coverage"] = self.plover.coverage
            out["plover_type_accuracy"] = self.plover.type_accuracy
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "triple": self.triple.to_dict(),
            "by_format": {k: v.to_dict() for k, v in sorted(self.by_format.items())},
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "confusion": [
                {"gold": g, "predicted": p, "count": n}
                for (g, p), n in sorted(self.confusion.items())
            ],
            "misses": [e.to_dict() for e in self.misses],
            "false_alarms": [e.to_dict() for e in self.false_alarms],
            "plover": self.plover.to_dict() if self.plover else None,
            "metrics": self.metrics(),
            "warnings": list(self.warnings),
        }


def document_for(gold: GoldDocument) -> Document:
    """The document the coder sees for a gold article, as ingest would build it.

    The text is kept byte for byte (gold sentences are found in it by offset), so ingest's
    cleaning is not applied; the dateline is found the way ingest finds it.
    """
    from lanner.ingest.documents import find_dateline

    return Document(
        id=gold.id,
        text=gold.text,
        title=gold.title,
        published=gold.published,
        source="gold",
        path=gold.path,
        dateline=find_dateline(gold.text),
    )


def default_predictor(coder: str | None = None) -> Predictor:
    """The real coder, imported on first use so that reading gold never loads spaCy."""
    from lanner.events import code_document  # type: ignore[attr-defined]

    def predict(doc: Document) -> list[EventRecord]:
        return list(code_document(doc, coder=coder).events)

    return predict


def evaluate_events(
    gold_docs: Iterable[GoldDocument], predict: Predictor | None = None, coder: str | None = None
) -> EventReport:
    """Run ``predict`` (the ``coder``, default the default coder) on every gold document and
    score it."""
    predictor = predict or default_predictor(coder)
    report = EventReport()
    for gold in gold_docs:
        report.documents += 1
        try:
            predictions = predictor(document_for(gold))
        except LannerError as exc:
            report.warnings.append(f"{gold.id}: {exc}")
            predictions = []
        if gold.format == "plover":
            _score_plover(gold, predictions, report)
        else:
            _score_document(gold, predictions, report)
    return report


# --- one document -------------------------------------------------------------------------


def _gold_key(actor: GoldActor | None) -> str | None:
    return actor.key if actor else None


def _pred_key(actor: ActorRef | None, fmt: str) -> str | None:
    if actor is None:
        return None
    if fmt == "petrarch":
        # PETRARCH codes put the country (or IGO/NGO) in the first three letters.
        return actor.country or (actor.code[:3].upper() if actor.code else None) or actor.igo
    return actor.country or actor.igo


def _counted(pred: EventRecord) -> bool:
    return pred.factuality in COUNTED


def _root(pred: EventRecord) -> str:
    return (pred.cameo_root or pred.cameo[:2])[:2]


def _sentence_spans(gold: GoldDocument) -> list[tuple[int, int, str]]:
    """Every occurrence of every annotated sentence in the text, as (start, end, sentence)."""
    spans: list[tuple[int, int, str]] = []
    for sentence in dict.fromkeys([e.sentence for e in gold.events] + gold.non_events):
        start = gold.text.find(sentence)
        while start >= 0 and sentence:
            spans.append((start, start + len(sentence), sentence))
            start = gold.text.find(sentence, start + 1)
    return spans


def _sentence_of(pred: EventRecord, spans: list[tuple[int, int, str]]) -> str | None:
    """The annotated sentence holding the trigger (the smallest, if several overlap)."""
    trigger = pred.trigger
    anchor = trigger.start if trigger.end > trigger.start else pred.sentence.start
    containing = [(e - s, sent) for s, e, sent in spans if s <= anchor < e]
    return min(containing)[1] if containing else None


def _match(golds: list[GoldEvent], preds: list[EventRecord], fmt: str) -> list[tuple[int, int]]:
    """One-to-one greedy triple matching within one sentence."""
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()

    def dyad_equal(g: GoldEvent, p: EventRecord) -> bool:
        return _gold_key(g.source) == _pred_key(p.source, fmt) and _gold_key(g.target) == _pred_key(
            p.target, fmt
        )

    tests: list[Callable[[GoldEvent, EventRecord], bool]] = [
        lambda g, p: p.cameo in g.codes and g.required == _counted(p),
        lambda g, p: _root(p) in g.roots and g.required == _counted(p),
        lambda g, p: p.cameo in g.codes,
        lambda g, p: _root(p) in g.roots,
    ]
    for test in tests:
        for pi, p in enumerate(preds):
            if pi in used_p:
                continue
            for gi, g in enumerate(golds):
                if gi not in used_g and dyad_equal(g, p) and test(g, p):
                    pairs.append((gi, pi))
                    used_g.add(gi)
                    used_p.add(pi)
                    break
    return pairs


def _score_document(
    gold: GoldDocument, predictions: list[EventRecord], report: EventReport
) -> None:
    fmt = gold.format
    spans = _sentence_spans(gold)
    by_sentence: dict[str | None, list[EventRecord]] = {}
    for pred in predictions:
        by_sentence.setdefault(_sentence_of(pred, spans), []).append(pred)
    golds_by_sentence: dict[str | None, list[GoldEvent]] = {}
    for event in gold.events:
        golds_by_sentence.setdefault(event.sentence, []).append(event)
    non_events = set(gold.non_events)
    score = report.by_format.setdefault(fmt, TripleScore())
    doc_score = TripleScore()

    for sentence in list(golds_by_sentence) + [
        s for s in by_sentence if s not in golds_by_sentence
    ]:
        golds = golds_by_sentence.get(sentence, [])
        preds = by_sentence.get(sentence, [])
        pairs = _match(golds, preds, fmt)
        hit_g = {gi for gi, pi in pairs if golds[gi].required and _counted(preds[pi])}
        hit_p = {pi for gi, pi in pairs if golds[gi].required and _counted(preds[pi])}
        doc_score.tp += len(hit_g)
        for gi, g in enumerate(golds):
            if g.required and gi not in hit_g:
                doc_score.fn += 1
                report.misses.append(
                    ErrorCase(
                        "miss",
                        gold.id,
                        g.sentence,
                        [_describe_gold(g)],
                        [_describe_pred(p, fmt) for p in preds],
                    )
                )
        may_false_alarm = gold.exhaustive or sentence in non_events
        for pi, p in enumerate(preds):
            if _counted(p) and pi not in hit_p and may_false_alarm:
                doc_score.fp += 1
                report.false_alarms.append(
                    ErrorCase(
                        "false_alarm",
                        gold.id,
                        sentence or p.sentence.text,
                        [_describe_gold(g) for g in golds],
                        [_describe_pred(p, fmt)],
                    )
                )
        for gi, pi in pairs:
            _score_fields(golds[gi], preds[pi], FIELDS_BY_FORMAT.get(fmt, ()), report)
        _confuse(golds, preds, fmt, gold.exhaustive, report)

    score.add(doc_score)
    report.triple.add(doc_score)


def _confuse(
    golds: list[GoldEvent],
    preds: list[EventRecord],
    fmt: str,
    exhaustive: bool,
    report: EventReport,
) -> None:
    """Gold root x predicted root for events paired on their dyad alone."""
    required = [g for g in golds if g.required]
    counted = [p for p in preds if _counted(p)]
    used: set[int] = set()
    unmatched_g: list[GoldEvent] = []
    for same_root in (True, False):
        still: list[GoldEvent] = []
        for g in required if same_root else unmatched_g:
            for pi, p in enumerate(counted):
                if pi in used or _gold_key(g.source) != _pred_key(p.source, fmt):
                    continue
                if _gold_key(g.target) != _pred_key(p.target, fmt):
                    continue
                if same_root and _root(p) not in g.roots:
                    continue
                used.add(pi)
                # An accepted alternative root is a hit, so it lands on the diagonal.
                gold_root = _root(p) if _root(p) in g.roots else (g.cameo or "")[:2]
                report.confusion[(gold_root, _root(p))] += 1
                break
            else:
                still.append(g)
        unmatched_g = still
    for g in unmatched_g:
        report.confusion[((g.cameo or "")[:2], NONE_ROOT)] += 1
    if exhaustive:
        for pi, p in enumerate(counted):
            if pi not in used:
                report.confusion[(NONE_ROOT, _root(p))] += 1


def _score_fields(g: GoldEvent, p: EventRecord, fields: Iterable[str], report: EventReport) -> None:
    for name in fields:
        verdict = _field_right(name, g, p)
        if verdict is None:
            continue
        score = report.fields[name]
        score.total += 1
        score.correct += int(verdict)


def _field_right(name: str, g: GoldEvent, p: EventRecord) -> bool | None:
    """Whether ``p`` has field ``name`` right; None when the gold does not score it."""
    if name == "cameo":
        return p.cameo in g.codes
    if name == "plover":
        return current_plover_name(p.plover_event) == g.plover
    if name == "source_sector":
        return (p.source.sector if p.source else None) == (g.source.sector if g.source else None)
    if name == "target_sector":
        return (p.target.sector if p.target else None) == (g.target.sector if g.target else None)
    if name == "date":
        if g.date is None:
            return p.date is None
        if p.date is None:
            return False
        width = DATE_PRECISIONS.get(g.date_precision or "day", 10)
        return p.date[:width] == g.date[:width] and len(p.date) >= width
    if name == "location":
        if g.location is None:
            return None
        loc = p.location
        if loc is None or loc.lat is None or loc.lon is None:
            return False
        return (
            haversine_km(g.location.lat, g.location.lon, loc.lat, loc.lon) <= LOCATION_TOLERANCE_KM
        )
    if name == "factuality":
        return p.factuality == g.factuality
    raise ValueError(f"unknown field {name}")


def _score_plover(gold: GoldDocument, predictions: list[EventRecord], report: EventReport) -> None:
    score = report.plover if report.plover is not None else PloverScore()
    report.plover = score
    score.sentences += 1
    counted = [p for p in predictions if _counted(p)]
    if not counted:
        return
    score.covered += 1
    types = {g.plover for g in gold.events}
    if any(current_plover_name(p.plover_event) in types for p in counted):
        score.type_correct += 1


# --- describing codings for humans --------------------------------------------------------


def _actor_text(key: str | None, sector: str | None) -> str:
    return " ".join(x for x in (key or "-", sector) if x)


def _describe_gold(g: GoldEvent) -> str:
    source = _actor_text(_gold_key(g.source), g.source.sector if g.source else None)
    target = _actor_text(_gold_key(g.target), g.target.sector if g.target else None)
    codes = "/".join([g.cameo or "?", *g.cameo_alt])
    return f"{source} -> {target} {codes} ({g.plover or '-'}, {g.factuality})"


def _describe_pred(p: EventRecord, fmt: str) -> str:
    source = _actor_text(_pred_key(p.source, fmt), p.source.sector if p.source else None)
    target = _actor_text(_pred_key(p.target, fmt), p.target.sector if p.target else None)
    return (
        f"{source} -> {target} {p.cameo} ({p.plover_event or '-'}, {p.factuality})"
        f" trigger {p.trigger.text!r}"
    )
