"""``lanner code``: code reports into events (a thin wrapper over ``lanner.pipeline``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lanner.store.formats import FORMATS, EventWriter

__all__ = ["patterns_check", "register_cli", "run_code"]


def add_dictionary_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dict",
        dest="dict_files",
        action="append",
        default=[],
        metavar="FILE",
        help="a Lanner YAML dictionary to add (repeatable)",
    )
    parser.add_argument(
        "--petrarch-actors",
        action="append",
        default=[],
        metavar="FILE",
        help="a PETRARCH/TABARI actor dictionary (repeatable)",
    )
    parser.add_argument(
        "--petrarch-agents",
        action="append",
        default=[],
        metavar="FILE",
        help="a PETRARCH/TABARI agent dictionary (repeatable)",
    )
    parser.add_argument(
        "--coder",
        choices=("rules", "model", "hybrid"),
        default=None,
        help="the event coder: the pattern rules, the learned model, or both "
        "(default: the config file's, else the best on the dev split; see docs/model.md)",
    )
    parser.add_argument(
        "--patterns",
        action="append",
        default=[],
        metavar="FILE",
        help="extra event patterns (same schema as the package's patterns.yaml)",
    )


def register_cli(subparsers: Any) -> None:
    p = subparsers.add_parser("code", help="code reports into dyadic CAMEO/PLOVER events")
    p.add_argument(
        "paths", nargs="+", help=".txt, .html, .jsonl, .csv, RSS files, directories, or - for stdin"
    )
    p.add_argument(
        "--published", metavar="YYYY-MM-DD", help="publication date for documents without one"
    )
    p.add_argument(
        "--format", choices=FORMATS, default="jsonl", help="output format (default jsonl)"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("--no-geo", action="store_true", help="skip geoparsing (faster; no locations)")
    p.add_argument(
        "--all",
        action="store_true",
        help="also output hypothetical and negated events (default: asserted and intended)",
    )
    p.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="run locally or on Dask"
    )
    p.add_argument("--scheduler", help="Dask scheduler address (with --engine dask)")
    p.add_argument("--workers", type=int, default=2, help="local Dask workers (with --engine dask)")
    p.add_argument("--partition-size", type=int, default=200, help="documents per Dask partition")
    add_dictionary_options(p)
    p.set_defaults(func=run_code)
    pat = subparsers.add_parser("patterns", help="event pattern files: check")
    pat_commands = pat.add_subparsers(dest="patterns_command", metavar="COMMAND", required=True)
    chk = pat_commands.add_parser("check", help="report unknown keys, slots, classes and codes")
    chk.add_argument("files", nargs="+", metavar="FILE", help="a pattern file (docs/patterns.md)")
    chk.set_defaults(func=lambda a: patterns_check(a.files))


def run_code(args: argparse.Namespace) -> int:
    from lanner.dates import resolve_date  # noqa: F401  (fail fast on import problems)
    from lanner.errors import LannerError
    from lanner.ingest import InputFailure
    from lanner.pipeline import code_paths, make_coder

    if args.published:
        _check_date(args.published)
    if args.engine == "dask":
        from lanner.cli.scale import run_dask_code

        return int(run_dask_code(args))
    coder = make_coder(
        args.dict_files,
        args.petrarch_actors,
        args.petrarch_agents,
        args.patterns,
        geo=not args.no_geo,
        coder=args.coder,
    )
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
    failed = 0
    documents = 0
    try:
        writer = EventWriter(out, args.format)
        for item in code_paths(args.paths, published=args.published, coder=coder, stdin=sys.stdin):
            if isinstance(item, InputFailure):
                failed += 1
                print(f"{item.error.code}: {item.error.message}", file=sys.stderr)
                continue
            documents += 1
            for warning in item.warnings:
                print(f"{warning.code}: {warning.message}", file=sys.stderr)
            events = (
                item.events
                if args.all
                else [e for e in item.events if e.factuality in ("asserted", "intended")]
            )
            writer.write(events, item.document)
        out.flush()
    except LannerError:
        raise
    finally:
        if args.output:
            out.close()
    print(
        f"coded {documents} document(s), {writer.count} event(s), {failed} failed", file=sys.stderr
    )
    return 1 if failed else 0


def _check_date(value: str) -> None:
    from lanner.dates.iso import check_iso_date

    check_iso_date(value, "--published")


def patterns_check(paths: list[str]) -> int:
    """Print every problem of the pattern files; 1 if any has one, else 0."""
    from lanner.events.patterns import check_patterns

    failed = 0
    for path in paths:
        problems = check_patterns(path)
        for problem in problems:
            print(f"{problem.code}: {problem.message}")
        print(f"{path}: {len(problems)} problem(s)" if problems else f"{path}: no problems")
        failed += bool(problems)
    return 1 if failed else 0
