"""``lanner serve``: run the API (and the dashboard's static files) with uvicorn."""

from __future__ import annotations

import argparse
import os
from typing import Any

from lanner.errors import LannerError
from lanner.settings import DEFAULT_STORE_PATH

__all__ = ["KEEP_ALIVE", "register_cli", "serve"]


def serve(
    db: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    token: str | None = None,
    read_only: bool = False,
    workers: int = 1,
) -> int:
    """Serve the store at ``db`` until interrupted, as its one writer unless ``read_only``.

    A live server takes ingest batches from ``lanner ingest`` (see ``docs/store.md``); a
    read-only one lets other read-only processes open the store too, but no ingest, and
    may run ``workers`` processes (DuckDB lets any number of processes read one file, but
    none of them write while they do).
    """
    import uvicorn

    from lanner.api.app import create_app

    if workers > 1:
        if not read_only:
            raise LannerError(
                "E601", name="workers", value=workers,
                reason="several workers need --read-only (DuckDB allows one writing process)",
            )  # fmt: skip
        os.environ[_DB_ENV] = db
        os.environ[_TOKEN_ENV] = token or ""
        uvicorn.run(
            "lanner.api.cli:_read_only_app", factory=True, host=host, port=port,
            workers=workers, log_level="info", server_header=False, timeout_keep_alive=KEEP_ALIVE,
        )  # fmt: skip
        return 0
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}"
    app = create_app(db, token=token, live=not read_only, url=url)
    uvicorn.run(
        app, host=host, port=port, log_level="info", server_header=False,
        timeout_keep_alive=KEEP_ALIVE,
    )  # fmt: skip
    return 0


# Seconds an idle keep-alive connection stays open (uvicorn's default is 5). A client that
# reuses a connection just as the server closes it gets a transport error; under load, with
# answers queued for seconds, 5 s is short (a 50-client run saw 2 ReadErrors with it).
KEEP_ALIVE = 75
_DB_ENV = "LANNER_SERVE_DB"
_TOKEN_ENV = "LANNER_SERVE_TOKEN"


def _read_only_app() -> Any:
    """The app of one worker process of ``lanner serve --read-only --workers N``."""
    from lanner.api.app import create_app

    return create_app(os.environ[_DB_ENV], token=os.environ.get(_TOKEN_ENV) or None)


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
