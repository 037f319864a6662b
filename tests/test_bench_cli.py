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


def test_bench_coder_reports_three_coders_over_the_same_texts() -> None:
    from lanner.bench import bench_coder
    from lanner.records import Document

    docs = [
        Document(id=f"b{i}", text=text, published="2024-05-02")
        for i, text in enumerate(
            [
                "Kenya and Uganda signed a trade accord in Kampala on Tuesday.",
                "Chadian troops shelled rebel positions near Abeche, the army said.",
            ]
        )
    ]
    result = bench_coder(rounds=1, documents=docs)
    default = result["default_coder"]
    assert default in ("rules", "model", "hybrid")
    assert result["documents"] == 2 and result["words"] == sum(len(d.text.split()) for d in docs)
    for name in {"rules", default}:
        # the ratio is bare time over coder time, i.e. coder throughput over bare throughput
        expected = result[f"{name}_articles_per_s"] / result["bare_spacy_articles_per_s"]
        assert result[f"ratio_{name}_to_bare"] == pytest.approx(expected, rel=0.05)
        assert result[f"{name}_events"] >= 1
    assert 10 < result["peak_rss_mb"] < 100_000  # megabytes, not bytes or kilobytes
