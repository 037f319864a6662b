"""The CI quality gate: floors that only go up, and a checksum that pins the gold corpus."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from lanner.cli.eval import register_cli
from lanner.errors import LannerError
from lanner.eval.events import Predictor
from lanner.eval.gate import corpus_checksum, read_baseline, run_gate
from lanner.eval.gold import load_gold
from lanner.eval.oracle import oracle_predictor
from lanner.records import Document, EventRecord

REPO = Path(__file__).resolve().parents[1]

SENTENCES = [
    "Niger and Chad signed a border pact.",
    "Gunmen attacked a police post.",
    "Mali accused Algeria of interference.",
]


def article(doc_id: str, split: str) -> dict[str, Any]:
    def event(sentence: str, source: str | None, target: str, cameo: str) -> dict[str, Any]:
        return {
            "sentence": sentence,
            "source": {"country": source, "sector": None if source else "UAF", "igo": None},
            "target": {"country": target, "sector": None, "igo": None},
            "cameo": cameo,
            "cameo_alt": [],
            "plover": None,
            "factuality": "asserted",
            "date": None,
            "date_precision": None,
            "location": None,
        }

    return {
        "id": doc_id,
        "split": split,
        "published": "2024-03-14",
        "text": " ".join(SENTENCES),
        "events": [
            event(SENTENCES[0], "NER", "TCD", "057"),
            event(SENTENCES[1], None, "NER", "190"),
            event(SENTENCES[2], "MLI", "DZA", "112"),
        ],
        "non_events": [],
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    gold = tmp_path / "gold"
    for split in ("dev", "test"):
        (gold / split).mkdir(parents=True)
        (gold / split / f"{split}-1.json").write_text(json.dumps(article(f"{split}-1", split)))
    return gold


def oracle(corpus: Path) -> Predictor:
    return oracle_predictor(load_gold([corpus]))


def missing_last_event(corpus: Path) -> Predictor:
    """Finds two of three events: recall 2/3 (floor 0.66), precision 1."""
    full = oracle(corpus)

    def predict(doc: Document) -> list[EventRecord]:
        return full(doc)[:-1]

    return predict


def pin(baseline: Path, corpus: Path, predict: Predictor, **kw: Any) -> Any:
    kw.setdefault("reason", "first baseline")
    return run_gate(baseline, [corpus], predict, update_baseline=True, today="2026-11-28", **kw)


def test_gate_unpinned_corpus_is_e305(tmp_path: Path, corpus: Path) -> None:
    with pytest.raises(LannerError) as info:
        run_gate(tmp_path / "baseline.json", [corpus], oracle(corpus))
    assert info.value.code == "E305"


def test_gate_update_pins_floors_checksum_and_reason(tmp_path: Path, corpus: Path) -> None:
    baseline = tmp_path / "baseline.json"
    result = pin(baseline, corpus, missing_last_event(corpus))
    assert result.passed
    saved = json.loads(baseline.read_text())
    assert saved["checksum"] == corpus_checksum([corpus])
    assert saved["floors"]["test.recall"] == 0.66  # 2/3 rounded down, never up
    assert saved["floors"]["test.precision"] == 1.0
    assert saved["floors"]["dev.f1"] == 0.8
    assert saved["history"][-1]["reason"] == "first baseline"
    assert saved["history"][-1]["changes"]["test.recall"] == [None, 0.66]
    again = run_gate(baseline, [corpus], missing_last_event(corpus))
    assert again.passed and not again.changes


def test_gate_metric_below_floor_is_e304(tmp_path: Path, corpus: Path) -> None:
    baseline = tmp_path / "baseline.json"
    pin(baseline, corpus, oracle(corpus))
    result = run_gate(baseline, [corpus], missing_last_event(corpus))
    assert not result.passed
    failed = {f.fields["metric"] for f in result.failures}
    assert {f.code for f in result.failures} == {"E304"}
    assert {"test.recall", "test.f1", "dev.recall", "dev.f1"} <= failed
    assert "test.precision" not in failed


def test_gate_changed_corpus_is_e305_until_updated_with_reason(
    tmp_path: Path, corpus: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    pin(baseline, corpus, oracle(corpus))
    changed = article("test-1", "test")
    changed["title"] = "edited"
    (corpus / "test" / "test-1.json").write_text(json.dumps(changed))
    with pytest.raises(LannerError) as info:
        run_gate(baseline, [corpus], oracle(corpus))
    assert info.value.code == "E305"
    with pytest.raises(LannerError):
        run_gate(baseline, [corpus], oracle(corpus), update_baseline=True)  # no reason
    result = pin(baseline, corpus, oracle(corpus), reason="fixed a title")
    assert result.passed
    saved = read_baseline(baseline)
    assert saved["checksum"] == corpus_checksum([corpus])
    assert saved["history"][-1]["reason"] == "fixed a title"


def test_gate_raising_floors_needs_no_reason(tmp_path: Path, corpus: Path) -> None:
    baseline = tmp_path / "baseline.json"
    pin(baseline, corpus, missing_last_event(corpus))
    result = run_gate(baseline, [corpus], oracle(corpus), update_baseline=True)
    assert result.changes["test.recall"] == (0.66, 1.0)
    assert read_baseline(baseline)["floors"]["test.recall"] == 1.0


def test_gate_lowering_needs_allow_lower_and_reason(tmp_path: Path, corpus: Path) -> None:
    baseline = tmp_path / "baseline.json"
    pin(baseline, corpus, oracle(corpus))
    before = baseline.read_text()
    with pytest.raises(LannerError) as info:
        run_gate(baseline, [corpus], missing_last_event(corpus), update_baseline=True)
    assert info.value.code == "E306"
    assert baseline.read_text() == before  # nothing written
    with pytest.raises(LannerError) as info:
        run_gate(
            baseline, [corpus], missing_last_event(corpus), update_baseline=True, allow_lower=True
        )
    assert info.value.code == "E306"
    result = pin(
        baseline, corpus, missing_last_event(corpus), allow_lower=True, reason="harder gold"
    )
    assert result.passed
    saved = read_baseline(baseline)
    assert saved["floors"]["test.recall"] == 0.66
    assert saved["history"][-1] == {
        "date": "2026-11-28",
        "reason": "harder gold",
        "checksum": saved["checksum"],
        "changes": saved["history"][-1]["changes"],
    }
    assert saved["history"][-1]["changes"]["test.recall"] == [1.0, 0.66]


@pytest.mark.parametrize(
    ("change", "same"),
    [
        (lambda root: None, True),
        (lambda root: (root / "dev" / "dev-1.json").write_text("{}"), False),
        (lambda root: (root / "dev" / "dev-1.json").rename(root / "dev" / "dev-2.json"), False),
        (lambda root: (root / "test" / "notes.md").write_text("not gold"), True),
        (lambda root: (root / "test" / "extra.json").write_text("{}"), False),
    ],
    ids=["unchanged", "content", "rename", "non-gold file", "new file"],
)
def test_gate_checksum_tracks_gold_paths_and_contents(
    corpus: Path, change: Any, same: bool
) -> None:
    before = corpus_checksum([corpus])
    change(corpus)
    assert (corpus_checksum([corpus]) == before) is same


@pytest.mark.parametrize(
    "content", ["{broken", '{"floors": [1]}', '{"floors": {"test.f1": "high"}}']
)
def test_gate_unreadable_baseline_is_e390(tmp_path: Path, corpus: Path, content: str) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(content)
    with pytest.raises(LannerError) as info:
        run_gate(baseline, [corpus], oracle(corpus))
    assert info.value.code == "E390"


def test_gate_without_split_documents_is_e391(tmp_path: Path) -> None:
    empty = tmp_path / "gold"
    empty.mkdir()
    with pytest.raises(LannerError) as info:
        pin(tmp_path / "baseline.json", empty, lambda doc: [])
    assert info.value.code == "E391"


def test_gate_repository_baseline_is_readable() -> None:
    baseline = read_baseline(REPO / "eval" / "baseline.json")
    assert all(0.0 <= v <= 1.0 for v in baseline["floors"].values())


def _cli(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="lanner")
    register_cli(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_cli_gate_reports_unpinned_corpus(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _cli(["eval", "gate", "--baseline", str(tmp_path / "b.json"), "--gold", str(corpus)])
    assert args.func(args) == 1
    assert "E305" in capsys.readouterr().err


def test_cli_events_reports_bad_gold_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("plain text")
    args = _cli(["eval", "events", str(bad), "--json"])
    assert args.func(args) == 1
    assert json.loads(capsys.readouterr().out) == {
        "ok": False,
        "code": "E302",
        "error": f"{bad}: unknown gold format (expected Lanner gold JSON, PLOVER JSON or PETRARCH XML)",
    }
