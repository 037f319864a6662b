"""The atheris harnesses in ``fuzz/`` still run: each executes its seeds and a few hundred
mutations without finding a crash. Long runs are on demand (see RELIABILITY.md)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
HARNESSES = sorted(p.stem.removeprefix("fuzz_") for p in FUZZ.glob("fuzz_*.py"))

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None, reason="atheris is not installed"
)


def test_reliability_every_target_has_a_harness() -> None:
    wanted = {"text", "html", "jsonl", "csv", "rss", "dates", "dictionaries", "api"}
    assert wanted <= set(HARNESSES)


@pytest.mark.slow
@pytest.mark.parametrize("target", HARNESSES)
def test_reliability_harness_runs_without_finding_a_crash(target: str, tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    done = subprocess.run(
        [sys.executable, str(FUZZ / f"fuzz_{target}.py"), "-runs=300", "-seed=1",
         f"-artifact_prefix={tmp_path}/", str(tmp_path / "corpus"), str(FUZZ / "corpus" / target)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done 300 runs" in done.stderr or "DONE" in done.stderr, done.stderr[-1000:]
    assert not list(tmp_path.glob("crash-*"))
