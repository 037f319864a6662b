"""Event metrics on hand-made gold and fake predictions; expected figures worked out by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lanner.errors import LannerError
from lanner.eval.events import evaluate_events
from lanner.eval.gold import GoldActor, GoldDocument, GoldEvent, GoldLocation
from lanner.eval.oracle import oracle_predictor
from lanner.eval.report import render_event_report
from lanner.records import ActorRef, Document, EventRecord, Location, Span

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PLOVER_GSR = SHARED / "data" / "plover" / "PLOVER_GSR_CAMEO.txt"

DATELINE = "NIAMEY, March 13 (Lanner) -"
S_AGREE = "Niger and Chad on Wednesday agreed to launch joint patrols."
S_ATTACK = "Gunmen attacked a police post near Tillaberi."
S_MAYBE = "Chad could send troops to Niger if the attacks continue."
S_ANALYSIS = "Analysts said the deal may not last."
S_UN = "The United Nations condemned the attack."
TEXT = " ".join([DATELINE, S_AGREE, S_ATTACK, S_MAYBE, S_ANALYSIS, S_UN])

NER_GOV = GoldActor("NER", "GOV")
TCD_GOV = GoldActor("TCD", "GOV")
GOLD = GoldDocument(
    id="g1",
    text=TEXT,
    published="2024-03-14",
    events=[
        GoldEvent(
            S_AGREE, NER_GOV, TCD_GOV, "0312", ("031",), "AGREE", "intended", "2024-03-13", "day"
        ),
        GoldEvent(
            S_AGREE, TCD_GOV, NER_GOV, "0312", ("031",), "AGREE", "intended", "2024-03-13", "day"
        ),
        GoldEvent(
            S_ATTACK,
            GoldActor(None, "UAF"),
            GoldActor("NER", "COP"),
            "190",
            ("183",),
            "ASSAULT",
            "asserted",
            "2024-03",
            "month",
            GoldLocation(14.21, 1.45, "city"),
        ),
        GoldEvent(
            S_MAYBE, GoldActor("TCD", "MIL"), GoldActor("NER"), "0334", (), "AGREE", "hypothetical"
        ),
        GoldEvent(S_UN, GoldActor(None, None, "UN"), None, "111", (), "ACCUSE", "asserted"),
    ],
    non_events=[S_ANALYSIS],
    split="dev",
)


def actor(key: str | None, sector: str | None = None) -> ActorRef | None:
    if key is None and sector is None:
        return None
    igo = key if key in ("UN", "EU") else None
    country = None if igo else key
    return ActorRef(
        text=key or "", code=(key or "") + (sector or ""), country=country, sector=sector, igo=igo
    )


def pred(
    sentence: str,
    trigger: str,
    source: ActorRef | None,
    target: ActorRef | None,
    cameo: str,
    factuality: str = "asserted",
    *,
    plover: str | None = None,
    date: str | None = None,
    date_precision: str | None = None,
    where: tuple[float, float] | None = None,
) -> EventRecord:
    start = TEXT.index(sentence)
    at = start + sentence.index(trigger)
    return EventRecord(
        id=f"p-{at}-{cameo}",
        doc_id="g1",
        group_id="x",
        source=source,
        target=target,
        cameo=cameo,
        cameo_root=cameo[:2],
        quad_class=1,
        goldstein=0.0,
        plover_event=plover,
        plover_mode=None,
        plover_context=None,
        factuality=factuality,  # type: ignore[arg-type]
        date=date,
        date_precision=date_precision,  # type: ignore[arg-type]
        location=Location(None, None, None, None, where[0], where[1], None, "city")
        if where
        else None,
        sentence_index=0,
        sentence=Span(sentence, start, start + len(sentence)),
        trigger=Span(trigger, at, at + len(trigger)),
        confidence=0.9,
    )


AGREE_NT = pred(S_AGREE, "agreed", actor("NER", "GOV"), actor("TCD", "GOV"), "0312", "intended")
AGREE_TN = pred(S_AGREE, "agreed", actor("TCD", "GOV"), actor("NER", "GOV"), "0312", "intended")
ATTACK = pred(S_ATTACK, "attacked", actor(None, "UAF"), actor("NER", "COP"), "190")
CONDEMN = pred(S_UN, "condemned", actor("UN"), None, "111")

CASES = [
    # name, predictions, tp, fp, fn, precision, recall
    ("all four required events", [AGREE_NT, AGREE_TN, ATTACK, CONDEMN], 4, 0, 0, 1.0, 1.0),
    ("one direction of the agreement", [AGREE_NT, ATTACK, CONDEMN], 3, 0, 1, 1.0, 3 / 4),
    ("nothing predicted", [], 0, 0, 4, 0.0, 0.0),
    (
        "alternative root 18 accepted",
        [pred(S_ATTACK, "attacked", actor(None, "UAF"), actor("NER", "COP"), "183")],
        1,
        0,
        3,
        1.0,
        1 / 4,
    ),
    (
        "same-root other code accepted",
        [pred(S_AGREE, "agreed", actor("NER", "GOV"), actor("TCD", "GOV"), "036")],
        1,
        0,
        3,
        1.0,
        1 / 4,
    ),
    (
        "wrong root is a false alarm and a miss",
        [pred(S_AGREE, "agreed", actor("NER", "GOV"), actor("TCD", "GOV"), "042")],
        0,
        1,
        4,
        0.0,
        0.0,
    ),
    (
        "asserted event in a non-event sentence",
        [ATTACK, pred(S_ANALYSIS, "said", actor("NER"), actor("TCD"), "010")],
        1,
        1,
        3,
        1 / 2,
        1 / 4,
    ),
    (
        "negated prediction is no false alarm",
        [ATTACK, pred(S_ANALYSIS, "said", actor("NER"), actor("TCD"), "010", "negated")],
        1,
        0,
        3,
        1.0,
        1 / 4,
    ),
    (
        "asserting a hypothetical gold event is a false alarm",
        [pred(S_MAYBE, "send", actor("TCD", "MIL"), actor("NER"), "0334", "intended")],
        0,
        1,
        4,
        0.0,
        0.0,
    ),
    (
        "hypothetical prediction of hypothetical gold counts nowhere",
        [pred(S_MAYBE, "send", actor("TCD", "MIL"), actor("NER"), "0334", "hypothetical")],
        0,
        0,
        4,
        0.0,
        0.0,
    ),
    (
        "unannotated dateline sentence: exhaustive gold makes it a false alarm",
        [ATTACK, pred(DATELINE, "NIAMEY", actor("NER"), None, "010")],
        1,
        1,
        3,
        1 / 2,
        1 / 4,
    ),
    (
        "right triple in the wrong sentence",
        [pred(S_AGREE, "agreed", actor(None, "UAF"), actor("NER", "COP"), "190")],
        0,
        1,
        4,
        0.0,
        0.0,
    ),
    (
        "duplicate prediction matches once",
        [ATTACK, pred(S_ATTACK, "post", actor(None, "UAF"), actor("NER", "COP"), "193")],
        1,
        1,
        3,
        1 / 2,
        1 / 4,
    ),
    (
        "unknown attacker given a country",
        [pred(S_ATTACK, "attacked", actor("NER", "INS"), actor("NER", "COP"), "190")],
        0,
        1,
        4,
        0.0,
        0.0,
    ),
    ("IGO source matched by acronym", [CONDEMN], 1, 0, 3, 1.0, 1 / 4),
]


@pytest.mark.parametrize(
    ("name", "predictions", "tp", "fp", "fn", "precision", "recall"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_events_triple_scores_match_hand_count(
    name: str,
    predictions: list[EventRecord],
    tp: int,
    fp: int,
    fn: int,
    precision: float,
    recall: float,
) -> None:
    report = evaluate_events([GOLD], lambda doc: list(predictions))
    s = report.triple
    assert (s.tp, s.fp, s.fn) == (tp, fp, fn), name
    assert s.precision == pytest.approx(precision)
    assert s.recall == pytest.approx(recall)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert s.f1 == pytest.approx(f1)
    assert len(report.misses) == fn and len(report.false_alarms) == fp


def _one_field(field: str, p: EventRecord) -> tuple[int, int]:
    score = evaluate_events([GOLD], lambda doc: [p]).fields[field]
    return score.correct, score.total


@pytest.mark.parametrize(
    ("field", "prediction", "correct", "total"),
    [
        ("cameo", ATTACK, 1, 1),
        ("cameo", pred(S_ATTACK, "attacked", actor(None, "UAF"), actor("NER", "COP"), "183"), 1, 1),
        ("cameo", pred(S_ATTACK, "attacked", actor(None, "UAF"), actor("NER", "COP"), "193"), 0, 1),
        ("plover", pred(S_UN, "condemned", actor("UN"), None, "111", plover="ACCUSE"), 1, 1),
        ("plover", pred(S_UN, "condemned", actor("UN"), None, "111", plover="DISAPPROVE"), 1, 1),
        ("plover", CONDEMN, 0, 1),
        ("source_sector", ATTACK, 1, 1),
        (
            "source_sector",
            pred(S_ATTACK, "attacked", actor(None, "INS"), actor("NER", "COP"), "190"),
            0,
            1,
        ),
        (
            "target_sector",
            pred(S_ATTACK, "attacked", actor(None, "UAF"), actor("NER", "MIL"), "190"),
            0,
            1,
        ),
        ("target_sector", CONDEMN, 1, 1),
        # gold 2024-03 at month precision: the prediction is truncated to the month
        (
            "date",
            pred(
                S_ATTACK,
                "attacked",
                actor(None, "UAF"),
                actor("NER", "COP"),
                "190",
                date="2024-03-11",
                date_precision="day",
            ),
            1,
            1,
        ),
        (
            "date",
            pred(
                S_ATTACK,
                "attacked",
                actor(None, "UAF"),
                actor("NER", "COP"),
                "190",
                date="2024-04-01",
                date_precision="day",
            ),
            0,
            1,
        ),
        (
            "date",
            pred(
                S_ATTACK,
                "attacked",
                actor(None, "UAF"),
                actor("NER", "COP"),
                "190",
                date="2024",
                date_precision="year",
            ),
            0,
            1,
        ),
        ("date", ATTACK, 0, 1),
        ("date", CONDEMN, 1, 1),  # gold and prediction both undated
        ("date", pred(S_UN, "condemned", actor("UN"), None, "111", date="2024-03-13"), 0, 1),
        # Tillaberi 14.21N 1.45E; 0.5 degree of latitude is about 56 km, 1.5 degrees about 167 km
        (
            "location",
            pred(
                S_ATTACK,
                "attacked",
                actor(None, "UAF"),
                actor("NER", "COP"),
                "190",
                where=(14.71, 1.45),
            ),
            1,
            1,
        ),
        (
            "location",
            pred(
                S_ATTACK,
                "attacked",
                actor(None, "UAF"),
                actor("NER", "COP"),
                "190",
                where=(15.71, 1.45),
            ),
            0,
            1,
        ),
        ("location", ATTACK, 0, 1),
        ("location", CONDEMN, 0, 0),  # gold has no location: not scored
        ("factuality", AGREE_NT, 1, 1),
        (
            "factuality",
            pred(S_AGREE, "agreed", actor("NER", "GOV"), actor("TCD", "GOV"), "0312"),
            0,
            1,
        ),
        (
            "factuality",
            pred(S_MAYBE, "send", actor("TCD", "MIL"), actor("NER"), "0334", "hypothetical"),
            1,
            1,
        ),
    ],
)
def test_events_field_accuracy_on_matched_pair(
    field: str, prediction: EventRecord, correct: int, total: int
) -> None:
    assert _one_field(field, prediction) == (correct, total)


def test_events_confusion_pairs_roots_on_the_same_dyad() -> None:
    wrong_root = pred(S_ATTACK, "attacked", actor(None, "UAF"), actor("NER", "COP"), "111")
    alt_root = pred(S_AGREE, "agreed", actor("NER", "GOV"), actor("TCD", "GOV"), "031")
    stray = pred(S_ANALYSIS, "said", actor("NER"), actor("TCD"), "010")
    report = evaluate_events([GOLD], lambda doc: [wrong_root, alt_root, stray])
    assert dict(report.confusion) == {
        ("19", "11"): 1,
        ("03", "03"): 1,
        ("03", "none"): 1,  # TCD -> NER agreement not predicted
        ("11", "none"): 1,  # UN condemnation not predicted
        ("none", "01"): 1,
    }


def test_events_miss_and_false_alarm_show_sentence_and_both_codings() -> None:
    wrong = pred(S_AGREE, "agreed", actor("NER", "GOV"), actor("TCD", "GOV"), "042")
    report = evaluate_events([GOLD], lambda doc: [wrong])
    miss = next(m for m in report.misses if "0312" in m.gold[0] and "NER GOV -> TCD" in m.gold[0])
    assert miss.sentence == S_AGREE
    assert miss.predicted and "042" in miss.predicted[0]
    (alarm,) = report.false_alarms
    assert alarm.sentence == S_AGREE and len(alarm.gold) == 2
    text = render_event_report(report, show_errors=5)
    assert S_AGREE in text and "042" in text and "0312" in text


def test_events_oracle_scores_perfectly() -> None:
    report = evaluate_events([GOLD], oracle_predictor([GOLD]))
    assert (report.triple.precision, report.triple.recall) == (1.0, 1.0)
    assert all(f.accuracy == 1.0 for f in report.fields.values() if f.total)
    assert report.fields["location"].total == 1


def test_events_predictor_error_becomes_a_warning() -> None:
    def broken(doc: Document) -> list[EventRecord]:
        raise LannerError("E111", path="g1")

    report = evaluate_events([GOLD], broken)
    assert report.triple.fn == 4
    assert report.warnings and "E111" in report.warnings[0]


def test_events_petrarch_triples_use_first_three_letters() -> None:
    text = "Calenardhon's government attacked Arnor troops."
    doc = GoldDocument(
        "v1",
        text,
        "2015-08-05",
        [GoldEvent(text, GoldActor("CAL", "GOV"), GoldActor("ARN", "MIL"), "190")],
        format="petrarch",
    )
    empty = GoldDocument(
        "v2", "Nothing happened.", None, [], ["Nothing happened."], format="petrarch"
    )

    def coder(d: Document) -> list[EventRecord]:
        n = len(d.text)
        return [
            EventRecord(
                id="p",
                doc_id=d.id,
                group_id="p",
                source=ActorRef("Calenardhon", "CALGOV", None, "GOV"),
                target=ActorRef("Arnor", "ARNMIL", "ARN", "MIL"),
                cameo="193",
                cameo_root="19",
                quad_class=4,
                goldstein=-10.0,
                plover_event="ASSAULT",
                plover_mode=None,
                plover_context=None,
                factuality="asserted",
                date=None,
                date_precision=None,
                location=None,
                sentence_index=0,
                sentence=Span(d.text, 0, n),
                trigger=Span(d.text[:4], 0, 4),
                confidence=1.0,
            )
        ]

    report = evaluate_events([doc, empty], coder)
    assert (report.triple.tp, report.triple.fp, report.triple.fn) == (1, 1, 0)
    assert report.fields["cameo"].total == 1 and report.fields["date"].total == 0


PLOVER_DOCS = [
    GoldDocument(
        f"p{i}",
        text,
        "2000-01-01",
        [GoldEvent(text, None, None, None, (), plover)],
        format="plover",
    )
    for i, (text, plover) in enumerate(
        [("A asked B.", "REQUEST"), ("A hit B.", "ASSAULT"), ("A may meet B.", "CONSULT")]
    )
]


def test_events_plover_coverage_and_type_accuracy() -> None:
    answers = {
        "p0": ("REQUEST", "asserted"),
        "p1": ("ACCUSE", "asserted"),
        "p2": ("CONSULT", "hypothetical"),
    }

    def coder(d: Document) -> list[EventRecord]:
        plover, factuality = answers[d.id]
        n = len(d.text)
        return [
            EventRecord(
                id="p",
                doc_id=d.id,
                group_id="p",
                source=None,
                target=None,
                cameo="020",
                cameo_root="02",
                quad_class=1,
                goldstein=0.0,
                plover_event=plover,
                plover_mode=None,
                plover_context=None,
                factuality=factuality,  # type: ignore[arg-type]
                date=None,
                date_precision=None,
                location=None,
                sentence_index=0,
                sentence=Span(d.text, 0, n),
                trigger=Span(d.text[:1], 0, 1),
                confidence=1.0,
            )
        ]

    report = evaluate_events(PLOVER_DOCS, coder)
    assert report.plover is not None
    assert (report.plover.sentences, report.plover.covered, report.plover.type_correct) == (3, 2, 1)
    assert report.plover.coverage == pytest.approx(2 / 3)
    assert report.plover.type_accuracy == pytest.approx(1 / 2)
    assert report.by_format == {} and "f1" not in report.metrics()


@pytest.mark.skipif(not PLOVER_GSR.exists(), reason="../shared/data/plover is absent")
def test_events_oracle_covers_shared_plover_gold_standard() -> None:
    from lanner.eval.gold import read_gold_file

    docs = read_gold_file(PLOVER_GSR)
    report = evaluate_events(docs, oracle_predictor(docs))
    assert report.plover is not None and report.plover.sentences == len(docs)
    assert report.plover.coverage == 1.0 and report.plover.type_accuracy == 1.0
    empty = evaluate_events(docs, lambda d: [])
    assert empty.plover is not None and empty.plover.coverage == 0.0


def test_events_report_json_has_metrics_and_errors() -> None:
    report = evaluate_events([GOLD], lambda doc: [ATTACK])
    out = report.to_dict()
    assert out["triple"]["tp"] == 1 and out["metrics"]["recall"] == pytest.approx(0.25)
    assert {m["kind"] for m in out["misses"]} == {"miss"}
    assert out["confusion"][0].keys() == {"gold", "predicted", "count"}


def test_eval_import_does_not_load_spacy() -> None:
    code = "import sys, lanner.eval; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_events_coder_sees_gold_text_unchanged_with_its_dateline() -> None:
    from lanner.eval.events import document_for

    doc = document_for(GOLD)
    assert doc.text == GOLD.text and doc.id == "g1" and doc.published == "2024-03-14"
    assert doc.dateline == "Niamey"


def test_events_repeated_sentence_matches_at_either_occurrence() -> None:
    sentence = "Mali accused Algeria of interference."
    text = f"{sentence} Officials in Bamako repeated it. {sentence}"
    gold = GoldDocument(
        "r1", text, None, [GoldEvent(sentence, GoldActor("MLI"), GoldActor("DZA"), "112")]
    )
    at = text.rindex("accused")

    def coder(d: Document) -> list[EventRecord]:
        return [
            EventRecord(
                id="p",
                doc_id=d.id,
                group_id="p",
                source=ActorRef("Mali", "MLI", "MLI"),
                target=ActorRef("Algeria", "DZA", "DZA"),
                cameo="112",
                cameo_root="11",
                quad_class=3,
                goldstein=-2.0,
                plover_event="ACCUSE",
                plover_mode=None,
                plover_context=None,
                factuality="asserted",
                date=None,
                date_precision=None,
                location=None,
                sentence_index=2,
                sentence=Span(sentence, text.rindex(sentence), len(text)),
                trigger=Span("accused", at, at + 7),
                confidence=1.0,
            )
        ]

    report = evaluate_events([gold], coder)
    assert (report.triple.tp, report.triple.fp, report.triple.fn) == (1, 0, 0)
