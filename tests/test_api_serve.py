"""``lanner serve`` arguments and the in-process API benchmark."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from lanner.api import bench_api
from lanner.cli.api import register_cli
from lanner.settings import DEFAULT_STORE_PATH, apply_config


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lanner")
    register_cli(parser.add_subparsers(dest="command"))
    return parser


def test_api_serve_binds_localhost_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no config file: the declared defaults
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("LANNER_CONFIG", raising=False)
    args = _parser().parse_args(["serve"])
    apply_config(args)  # what lanner.cli.main does before running a command
    assert (args.db, args.host, args.port) == (DEFAULT_STORE_PATH, "127.0.0.1", 8765)
    assert callable(args.func)


def test_api_serve_takes_store_host_and_port() -> None:
    args = _parser().parse_args(
        ["serve", "--db", "x.duckdb", "--host", "0.0.0.0", "--port", "9000"]
    )
    assert (args.db, args.host, args.port) == ("x.duckdb", "0.0.0.0", 9000)


def test_api_serve_bench_reports_percentiles_per_endpoint(api_store: str) -> None:
    result = bench_api(api_store, repeats=3, paths=("/events?limit=5", "/alerts"))
    assert set(result["endpoints"]) == {"/events?limit=5", "/alerts"}
    for numbers in result["endpoints"].values():
        assert numbers["status"] == 200
        assert 0 < numbers["p50_ms"] <= numbers["p95_ms"]
