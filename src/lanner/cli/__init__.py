"""The ``lanner`` command: a thin argparse layer over the library.

Each subcommand parses arguments, calls one library function and turns ``LannerError`` into a
printed ``CODE: message`` and a non-zero exit. Stages that own their commands add them through
``register_cli(subparsers)`` (eval, geo, store, dictionaries).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import Any

from lanner import __version__
from lanner.errors import LannerError
from lanner.settings import apply_config

__all__ = ["main", "build_parser"]

# The command modules, one per stage; a module whose optional dependency is missing (e.g.
# without the server extra) just leaves its commands out.
_REGISTRARS = (
    "lanner.cli.events",
    "lanner.cli.eval",
    "lanner.cli.geo",
    "lanner.cli.dates",
    "lanner.cli.store",
    "lanner.cli.actors",
    "lanner.cli.bench",
    "lanner.cli.api",
    "lanner.cli.scale",
    "lanner.cli.train",
    "lanner.demo",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lanner",
        description="Turn news reports into dyadic political event data (CAMEO/PLOVER), store it, explain it.",
    )
    parser.add_argument("--version", action="version", version=f"lanner {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress and details")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    eval_commands = None
    for name in _REGISTRARS:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            if exc.name and not exc.name.startswith("lanner"):
                continue  # an optional dependency is missing
            if exc.name and name.startswith(exc.name):
                continue  # that stage has no commands (yet)
            raise
        result = module.register_cli(sub)
        if hasattr(module, "register_eval_cli") and eval_commands is not None:
            module.register_eval_cli(eval_commands)
        if name == "lanner.cli.eval":
            eval_commands = result
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    func: Any = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        apply_config(args)  # options not given come from the config file (lanner.settings)
        return int(func(args) or 0)
    except LannerError as exc:
        print(f"{exc.code}: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
