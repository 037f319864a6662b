"""The Dask engine behind ``lanner code --engine dask`` and ``lanner ingest --engine dask``.

``lanner code`` (``lanner.cli.events``) defines the options and calls :func:`run_dask_code`.
The store's ``ingest`` command adds the same options with :func:`add_engine_options` and
calls :func:`run_dask_ingest` when ``--engine dask`` is given. This module adds no command
of its own.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from lanner.errors import LannerError

__all__ = ["add_engine_options", "register_cli", "run_dask_code", "run_dask_ingest"]


def register_cli(subparsers: Any) -> None:
    """Nothing to register: the engine is an option of ``code`` and ``ingest``."""
    return None


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """``--engine``, ``--scheduler``, ``--workers`` and ``--partition-size``."""
    parser.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="run locally or on Dask"
    )
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler address (with --engine dask)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="local Dask workers (with --engine dask)"
    )
    parser.add_argument(
        "--partition-size", type=int, default=200, help="documents per Dask partition"
    )


def _option(args: argparse.Namespace, name: str, default: Any = None) -> Any:
    value = getattr(args, name, default)
    return default if value is None else value


def _report(summary: Any) -> None:
    for warning in summary.warnings:
        print(f"{warning.code}: {warning.message}", file=sys.stderr)
    for failed in summary.partitions_failed:
        print(f"{failed['code']}: {failed['message']}", file=sys.stderr)
    if summary.failures:
        print(
            f"{summary.failures} input(s) failed; see {summary.out_dir}/_failures/", file=sys.stderr
        )
    if summary.worker_peak_rss_mb:
        peak = max(summary.worker_peak_rss_mb.values())
        print(f"peak worker memory: {peak:.0f} MiB", file=sys.stderr)


def run_dask_code(args: argparse.Namespace) -> int:
    """``lanner code --engine dask -o DIR``: month-partitioned Parquet in DIR."""
    from lanner.scale.engine import code_corpus_dask

    if not args.output:
        raise LannerError("E706", reason="writes Parquet to a directory: give -o DIR")
    if _option(args, "format", "jsonl") != "jsonl":
        raise LannerError(
            "E706", reason=f"writes Parquet; --format {args.format} is not available with it"
        )
    summary = code_corpus_dask(
        args.paths,
        args.output,
        scheduler=_option(args, "scheduler"),
        workers=_option(args, "workers", 2),
        partition_size=_option(args, "partition_size", 200),
        published=_option(args, "published"),
        geo=not _option(args, "no_geo", False),
        include_all=bool(_option(args, "all", False)),
        dict_files=_option(args, "dict_files", []),
        petrarch_actors=_option(args, "petrarch_actors", []),
        petrarch_agents=_option(args, "petrarch_agents", []),
        patterns=_option(args, "patterns", []),
        coder=_option(args, "coder", None),
        stdin=sys.stdin,
    )
    _report(summary)
    print(summary, file=sys.stderr)
    return 0 if summary.ok else 1


def run_dask_ingest(args: argparse.Namespace) -> int:
    """``lanner ingest --engine dask``: expects ``paths`` and ``db`` (the store path) on args."""
    from lanner.scale.ingest import ingest_dask

    result = ingest_dask(
        args.paths,
        args.db,
        work_dir=_option(args, "work_dir"),
        scheduler=_option(args, "scheduler"),
        workers=_option(args, "workers", 2),
        partition_size=_option(args, "partition_size", 200),
        published=_option(args, "published"),
        geo=not _option(args, "no_geo", False),
        dict_files=_option(args, "dict_files", []),
        petrarch_actors=_option(args, "petrarch_actors", []),
        petrarch_agents=_option(args, "petrarch_agents", []),
        patterns=_option(args, "patterns", []),
    )
    _report(result.coding)
    print(result, file=sys.stderr)
    if _option(args, "json", False):
        print(json.dumps(result.to_dict(), indent=2))
    return 0 if result.coding.ok and not result.store.documents_failed else 1
