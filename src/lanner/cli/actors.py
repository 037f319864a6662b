"""The ``lanner dict`` commands, as thin wrappers for ``lanner.cli`` to register.

``lanner dict import FILE [--kind actors|agents] -o OUT.yaml`` converts a PETRARCH/TABARI
dictionary; ``lanner dict check FILE`` lists its problems. Both print coded messages and
return a process exit status; they never print a traceback for bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

from lanner.errors import LannerError

__all__ = ["dict_check", "dict_import", "register_cli"]


def register_cli(subparsers: Any) -> None:
    """Add ``dict import`` and ``dict check`` to an argparse subparsers object."""
    parser = subparsers.add_parser("dict", help="actor dictionaries: import and check")
    commands = parser.add_subparsers(dest="dict_command", required=True)

    imp = commands.add_parser("import", help="convert a PETRARCH/TABARI dictionary to Lanner YAML")
    imp.add_argument("file")
    imp.add_argument("-o", "--output", required=True, help="the YAML file to write")
    imp.add_argument(
        "--kind",
        choices=["actors", "agents"],
        default=None,
        help="dictionary kind (default: guessed from the file)",
    )
    imp.set_defaults(func=lambda a: dict_import(a.file, a.output, a.kind))

    chk = commands.add_parser("check", help="report parse problems, conflicts and shadowed phrases")
    chk.add_argument("file")
    chk.add_argument(
        "--no-default",
        action="store_true",
        help="do not compare with the package lexicon (no W203/W204 against it)",
    )
    chk.add_argument("--limit", type=int, default=50, help="messages to show per code (0: all)")
    chk.set_defaults(func=lambda a: dict_check(a.file, not a.no_default, a.limit))


def dict_import(path: str, output: str, kind: str | None = None) -> int:
    """Convert ``path`` to Lanner YAML at ``output``; print warnings; 0 on success."""
    from lanner.actors.check import detect_format
    from lanner.actors.loading import read_text
    from lanner.actors.petrarch import import_petrarch, write_dictionary

    try:
        kind = kind or detect_format(path, read_text(path))
        if kind == "yaml":
            raise LannerError("E203", path=path, reason="already a Lanner YAML dictionary")
        entries, warnings = import_petrarch(path, kind)
        write_dictionary(entries, output)
    except LannerError as exc:
        print(f"{exc.code}: {exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"E203: {output}: cannot write dictionary: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for warning in warnings:
        print(str(warning), file=sys.stderr)
    print(f"{len(entries)} entries written to {output}; {len(warnings)} lines not imported")
    return 0


def dict_check(path: str, default: bool = True, limit: int = 50) -> int:
    """Print the problems of a dictionary; 1 if it has errors, else 0."""
    from lanner.actors.check import check_dictionary

    problems = check_dictionary(path, default=default)
    shown: Counter[str] = Counter()
    for problem in problems:
        shown[problem.code] += 1
        if limit <= 0 or shown[problem.code] <= limit:
            print(f"{problem.code}: {problem.message}")
    summary = ", ".join(f"{code}: {n}" for code, n in sorted(shown.items())) or "no problems"
    print(summary)
    return 1 if any(isinstance(p, LannerError) for p in problems) else 0


if __name__ == "__main__":  # pragma: no cover - `python -m lanner.cli.actors dict check F`
    root = argparse.ArgumentParser(prog="lanner")
    register_cli(root.add_subparsers(dest="command", required=True))
    args = root.parse_args()
    sys.exit(args.func(args))
