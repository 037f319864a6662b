"""Run the API (and the dashboard's static files) with uvicorn: ``lanner serve`` calls this."""

from __future__ import annotations

import os
from typing import Any

from lanner.errors import LannerError

__all__ = ["KEEP_ALIVE", "serve"]


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
            "lanner.api.server:_read_only_app", factory=True, host=host, port=port,
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
