"""Bad input around the learned coder: a missing or corrupt model folder, an unknown coder
name, broken training lines. Each is a coded error that names the problem."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lanner.errors import LannerError
from lanner.events.coder import EventCoder
from lanner.events.learned import LearnedModel, model_dir
from lanner.train.data import team_examples

ROOT = Path(__file__).resolve().parent.parent


def test_missing_model_folder_is_e311_naming_the_folder(tmp_path: Path) -> None:
    with pytest.raises(LannerError) as err:
        LearnedModel(tmp_path / "nowhere")
    assert err.value.code == "E311" and "nowhere" in err.value.message


@pytest.mark.parametrize("garbage", [b"", b"\x00" * 64, b"not an onnx graph" * 100])
def test_corrupt_model_file_is_e311(tmp_path: Path, garbage: bytes) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    for name in ("labels.json", "tokenizer.json"):
        shutil.copy(model_dir() / name, folder / name)
    (folder / "coder.onnx").write_bytes(garbage)
    with pytest.raises(LannerError) as err:
        LearnedModel(folder)
    assert err.value.code == "E311" and str(folder) in err.value.message


def test_unknown_coder_name_is_e313() -> None:
    with pytest.raises(LannerError) as err:
        EventCoder(coder="neural")
    assert err.value.code == "E313" and "neural" in err.value.message


def test_training_line_whose_span_is_not_in_the_text_is_e310(tmp_path: Path) -> None:
    line = {
        "id": "x-1",
        "text": "Ghana recalled its ambassador from Togo.",
        "events": [{"trigger": "expelled", "cameo": "161", "factuality": "asserted"}],
    }
    (tmp_path / "bad.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(LannerError) as err:
        list(team_examples(tmp_path))
    assert err.value.code == "E310" and "bad.jsonl:1" in err.value.message
    assert "expelled" in err.value.message


def test_corpus_checker_reports_every_broken_line_with_its_number(tmp_path: Path) -> None:
    good = {"id": "g", "text": "Peru and Chile signed an accord.", "events": []}
    bad_span = {
        "id": "b",
        "text": "Peru thanked Chile.",
        "events": [
            {
                "trigger": "thanked",
                "source": "Lima",
                "source_actor": {"country": "PER", "sector": None, "igo": None},
                "target": None,
                "target_actor": None,
                "cameo": "999",
                "factuality": "maybe",
            }
        ],
    }
    lines = [json.dumps(good), "{not json", json.dumps(bad_span), json.dumps(good)]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_train.py"), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    out = run.stdout
    assert f"{path}:2: bad JSON" in out
    assert "source 'Lima' is not in the text" in out
    assert "unknown CAMEO code '999'" in out and "factuality 'maybe'" in out
    assert f"{path}:4: duplicate" in out  # the same text twice
    assert "1 valid sentences" in out
