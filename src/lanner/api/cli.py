"""``lanner serve``: run the API (and the dashboard's static files) with uvicorn."""

from __future__ import annotations

import argparse
import os
from typing import Any

__all__ = ["register_cli", "serve"]


def serve(db: str, *, host: str = "127.0.0.1", port: int = 8765, token: str | None = None) -> int:
    """Serve the store at ``db`` read-only until interrupted."""
    import uvicorn

    from lanner.api.app import create_app

    app = create_app(db, token=token)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
    return 0


def _serve_command(args: argparse.Namespace) -> int:
    token = os.environ.get(args.token_env) if args.token_env else None
    return serve(args.db, host=args.host, port=args.port, token=token or None)


def register_cli(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="serve the REST API and dashboard over a store (read-only)",
        description="Serve the read-only REST API (and the dashboard, when installed) over a store.",
    )
    parser.add_argument(
        "--db", default="lanner.duckdb", help="the store to serve (default: lanner.duckdb)"
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
    parser.set_defaults(func=_serve_command)
    return parser
