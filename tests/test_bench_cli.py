"""`lanner bench`: a bad section name is a coded error; a cheap section reports its baseline ratio."""

from __future__ import annotations

import pytest

from lanner.bench import run_benchmarks
from lanner.cli import main


def test_bench_unknown_section_is_a_coded_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "no-such-section"]) == 1
    err = capsys.readouterr().err
    assert "E601" in err and "no-such-section" in err


def test_bench_dates_section_reports_a_ratio_against_its_baseline() -> None:
    result = run_benchmarks(["dates"])["dates"]
    assert result["typical_vs_baseline"] > 0
    assert result["find_dates_typical_per_s"] > 0
