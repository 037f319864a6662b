"""The CI quality gate: the coder on the team's gold corpus must stay above the pinned floors.

Floors and the corpus checksum live in eval/baseline.json; raising them is
`lanner eval gate --update-baseline --reason ...`, lowering them also needs --allow-lower.
"""

from __future__ import annotations

import os
from pathlib import Path

from lanner.eval.gate import run_gate

ROOT = Path(__file__).resolve().parents[1]


def test_quality_gate_holds_on_the_gold_corpus() -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)  # the baseline names the corpus relative to the repository root
    try:
        result = run_gate(ROOT / "eval" / "baseline.json")
    finally:
        os.chdir(cwd)
    assert result.floors, "the baseline pins floors"
    assert result.passed, "\n".join(str(f) for f in result.failures)
