"""``lanner serve``: the command over ``lanner.api.server.serve``."""

from __future__ import annotations

import argparse
import os
from typing import Any

from lanner.api.server import serve
from lanner.settings import DEFAULT_STORE_PATH

__all__ = ["register_cli"]


def _serve_command(args: argparse.Namespace) -> int:
    token = os.environ.get(args.token_env) if args.token_env else None
    return serve(
        args.db, host=args.host, port=args.port, token=token or None, read_only=args.read_only,
        workers=args.workers,
    )  # fmt: skip


def register_cli(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="serve the REST API and dashboard over a store (and take ingests into it)",
        description=(
            "Serve the REST API (and the dashboard, when installed) over a store. The server "
            "is the store's one writer: lanner ingest sends it coded batches while it runs."
        ),
    )
    parser.add_argument(
        "--db",
        default=None,
        help=f"the store to serve (default: the config file's db, else {DEFAULT_STORE_PATH})",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument("--port", type=int, default=8765, help="port (default: 8765)")
    parser.add_argument(
        "--token-env",
        default="LANNER_API_TOKEN",
        help="environment variable holding a token that requests must send (unset: no token)",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="open the store read-only: other read-only processes may share it, no ingest",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="server processes (with --read-only only; default 1)",
    )
    parser.set_defaults(func=_serve_command)
    return parser
