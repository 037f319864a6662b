"""``lanner dates``: show the date expressions of a text, resolved against a publication date.

A thin wrapper over :func:`lanner.dates.find_dates` for the main CLI, which calls
:func:`register_cli` with its subparsers. One JSON object per expression is
printed, so the output pipes into ``jq`` or a file.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import TextIO

from lanner.dates.finder import find_dates

__all__ = ["TENSES", "register_cli", "run_dates"]

TENSES = {"past": -1, "unknown": 0, "future": 1}


def run_dates(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Print the date expressions of ``args.text`` (or stdin) as JSON lines; exit status."""
    out = out if out is not None else sys.stdout
    text = " ".join(args.text) if args.text else sys.stdin.read()
    for expr in find_dates(text, args.published, tense=TENSES[args.tense]):
        out.write(json.dumps(asdict(expr), ensure_ascii=False) + "\n")
    return 0


def register_cli(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``lanner dates TEXT... [--published YYYY-MM-DD] [--tense past|future|unknown]``."""
    parser = subparsers.add_parser(
        "dates",
        help="find and resolve the date expressions in a text",
        description="Find the date expressions in TEXT (or stdin) and resolve them against "
        "the publication date; prints one JSON object per expression.",
    )
    parser.add_argument("text", nargs="*", help="the text; read from stdin when absent")
    parser.add_argument("--published", help="publication date, YYYY-MM-DD")
    parser.add_argument(
        "--tense",
        choices=sorted(TENSES),
        default="past",
        help="the tense of the text, which places dates without a year (default: past)",
    )
    parser.set_defaults(func=run_dates)
