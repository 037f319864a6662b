"""``lanner bench [SECTION...] [--json]``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

__all__ = ["register_cli"]


def register_cli(subparsers: Any) -> None:
    from lanner.bench import SECTIONS

    p = subparsers.add_parser(
        "bench", help="benchmarks: throughput and latency as ratios against same-run baselines"
    )
    p.add_argument(
        "sections",
        nargs="*",
        metavar="SECTION",
        help=f"sections to run (default all): {', '.join(SECTIONS)}",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object at the end")
    p.set_defaults(func=run_bench)


def run_bench(args: argparse.Namespace) -> int:
    from lanner.bench import SECTIONS, run_benchmarks
    from lanner.errors import LannerError

    unknown = [s for s in args.sections if s not in SECTIONS]
    if unknown:
        raise LannerError(
            "E601", name="section", value=unknown[0], reason=f"choose from {', '.join(SECTIONS)}"
        )

    def show(name: str, result: dict[str, Any]) -> None:
        if args.json:
            return
        print(f"== {name}")
        for key, value in result.items():
            print(
                f"  {key}: {json.dumps(value, default=str) if isinstance(value, (dict, list)) else value}"
            )
        sys.stdout.flush()

    results = run_benchmarks(args.sections, report=show)
    if args.json:
        print(json.dumps(results, indent=2, default=str))
    return 0
