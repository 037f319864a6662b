"""The load test script (``fuzz/load_test.py``) on a small store: it serves on loopback,
drives concurrent clients, stops by itself and reports percentiles and errors.

The full run (50 clients, 60 s, 1M events) is a product benchmark recorded in
RELIABILITY.md; here only its mechanics are checked, with no timed assertion.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from lanner.store import make_synthetic_store

LOAD_TEST = Path(__file__).resolve().parents[1] / "fuzz" / "load_test.py"


def load_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lanner_load_test", LOAD_TEST)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["fixed", "random"])
def test_reliability_load_test_runs_on_loopback_and_reports_percentiles(
    tmp_path: Path, mode: str
) -> None:
    store = tmp_path / "load.duckdb"
    make_synthetic_store(store, 2_000)
    result = load_module().run_load_test(store, clients=4, seconds=2, mode=mode)
    assert result["target"].startswith("http://127.0.0.1:")
    assert result["errors"] == 0, result["outcomes"]
    assert result["requests"] > 0
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"] <= result["max_ms"]
    assert sum(p["requests"] for p in result["per_path"].values()) == result["requests"]
    assert result["server_rss_mb"] > 0
    if mode == "fixed":
        assert set(result["per_path"]) <= set(load_module().DASHBOARD_MIX)
        # the mix repeated five times, the one {doc} entry with five documents
        assert result["distinct_urls"] <= len(load_module().DASHBOARD_MIX) + 4
    else:  # labels are request kinds, and nearly every request is a new URL
        assert set(result["per_path"]) <= {
            "events",
            "series",
            "network",
            "alerts",
            "actor",
            "document",
            "rivalries",
        }
        assert result["distinct_url_share"] > 0.5


def test_reliability_load_test_refuses_nonsense_sizes(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        load_module().run_load_test(tmp_path / "x.duckdb", clients=0, seconds=1)
