"""``lanner eval events`` and ``lanner eval gate``: thin wrappers over the library.

The main CLI calls :func:`register_cli` with its subparsers; it returns the ``eval``
sub-subparsers so other stages can add commands (``eval geo``). Each command sets
``func(args) -> int`` (the exit code) as its parser default.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from lanner.errors import LannerError

__all__ = ["register_cli", "run_eval_events", "run_eval_gate"]


def register_cli(subparsers: Any) -> Any:
    """Add ``eval events`` and ``eval gate``; return the ``eval`` subparsers."""
    eval_parser = subparsers.add_parser(
        "eval", help="score Lanner against gold corpora; the CI quality gate"
    )
    commands = eval_parser.add_subparsers(dest="eval_command", metavar="COMMAND")
    commands.required = True

    events = commands.add_parser(
        "events",
        help="score coded events against gold (Lanner gold JSON, PLOVER JSON, PETRARCH XML)",
    )
    events.add_argument("gold", nargs="+", help="gold files or directories")
    events.add_argument("--json", action="store_true", help="print machine-readable JSON")
    events.add_argument(
        "--show-errors", type=int, default=10, metavar="N", help="misses/false alarms to show"
    )
    events.add_argument("--split", choices=("dev", "test"), help="only Lanner gold of this split")
    events.add_argument(
        "--coder",
        choices=("rules", "model", "hybrid"),
        default=None,
        help="the coder to score (default: the default coder)",
    )
    events.set_defaults(func=run_eval_events)

    gate = commands.add_parser("gate", help="fail if quality falls below the pinned floors")
    gate.add_argument("--baseline", default="eval/baseline.json", help="the baseline file")
    gate.add_argument(
        "--gold", nargs="+", help="gold corpus directories (default: the baseline's gold_paths)"
    )
    gate.add_argument(
        "--update-baseline", action="store_true", help="raise floors to the current values"
    )
    gate.add_argument(
        "--allow-lower", action="store_true", help="let --update-baseline lower floors"
    )
    gate.add_argument("--reason", help="why the baseline changes (recorded in its history)")
    gate.add_argument("--json", action="store_true", help="print machine-readable JSON")
    gate.set_defaults(func=run_eval_gate)
    return commands


def _fail(exc: LannerError, as_json: bool) -> int:
    if as_json:
        print(json.dumps(exc.to_dict()))
    else:
        print(f"{exc.code}: {exc.message}", file=sys.stderr)
    return 1


def run_eval_events(args: argparse.Namespace) -> int:
    from lanner.eval.events import evaluate_events
    from lanner.eval.gold import load_gold
    from lanner.eval.report import render_event_report

    try:
        docs = load_gold(args.gold, split=args.split)
        report = evaluate_events(docs, coder=args.coder)
    except LannerError as exc:
        return _fail(exc, args.json)
    if args.json:
        out = report.to_dict()
        limit = max(args.show_errors, 0)
        out["misses"], out["false_alarms"] = out["misses"][:limit], out["false_alarms"][:limit]
        print(json.dumps(out, indent=2))
    else:
        sys.stdout.write(render_event_report(report, show_errors=args.show_errors))
    return 0


def run_eval_gate(args: argparse.Namespace) -> int:
    from lanner.eval.gate import run_gate

    try:
        result = run_gate(
            args.baseline,
            args.gold,
            update_baseline=args.update_baseline or args.allow_lower,
            allow_lower=args.allow_lower,
            reason=args.reason,
        )
    except LannerError as exc:
        return _fail(exc, args.json)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        for name, value in sorted(result.metrics.items()):
            floor = result.floors.get(name)
            mark = "" if floor is None else ("  ok" if value + 1e-9 >= floor else "  BELOW")
            shown = "" if floor is None else f"  floor {floor:.2f}"
            print(f"{name:<28} {value:6.3f}{shown}{mark}")
        for name, (old, new) in sorted(result.changes.items()):
            print(f"floor {name}: {old} -> {new}")
        for failure in result.failures:
            print(f"{failure.code}: {failure.message}", file=sys.stderr)
        print("quality gate passed" if result.passed else "quality gate FAILED")
    return 0 if result.passed else 1
