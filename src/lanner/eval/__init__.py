"""Evaluation: gold corpora readers, event metrics and the CI quality gate.

Nothing heavy is imported here: the coder (and spaCy) load only when a predictor runs.
"""

from lanner.eval.events import (
    ErrorCase,
    EventReport,
    FieldScore,
    PloverScore,
    Predictor,
    TripleScore,
    default_predictor,
    document_for,
    evaluate_events,
)
from lanner.eval.gate import GateResult, corpus_checksum, gate_metrics, read_baseline, run_gate
from lanner.eval.gold import (
    GoldActor,
    GoldDocument,
    GoldEvent,
    GoldLocation,
    current_plover_name,
    gold_files,
    load_gold,
    read_gold_file,
)
from lanner.eval.oracle import oracle_predictor
from lanner.eval.report import render_event_report

__all__ = [
    "ErrorCase",
    "EventReport",
    "FieldScore",
    "GateResult",
    "GoldActor",
    "GoldDocument",
    "GoldEvent",
    "GoldLocation",
    "PloverScore",
    "Predictor",
    "TripleScore",
    "corpus_checksum",
    "current_plover_name",
    "default_predictor",
    "document_for",
    "evaluate_events",
    "gate_metrics",
    "gold_files",
    "load_gold",
    "oracle_predictor",
    "read_baseline",
    "read_gold_file",
    "render_event_report",
    "run_gate",
]
