"""Run Lanner's app with uvicorn on a loopback port in a background thread.

Used by the dashboard's browser tests and by :func:`lanner.web.bench_dashboard`: both need
the real server (static files, CSP headers, the API) without a separate process.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from lanner.errors import LannerError

__all__ = ["LOOPBACK", "free_port", "serve_in_thread"]

LOOPBACK = "127.0.0.1"


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port that was free on ``host`` a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve_in_thread(
    db_path: str, *, token: str | None = None, startup_timeout: float = 20.0
) -> Iterator[str]:
    """Serve the store at ``db_path`` on ``http://127.0.0.1:<port>``; yields that base URL.

    The server only ever listens on loopback; with ``token`` the API wants it (see
    :func:`lanner.api.create_app`). It is stopped when the block ends.
    """
    import uvicorn

    from lanner.api import create_app

    app = create_app(db_path, token=token)
    port = free_port()
    config = uvicorn.Config(app, host=LOOPBACK, port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"lanner-web-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise LannerError("E651", host=LOOPBACK, port=port)
        time.sleep(0.02)
    try:
        yield f"http://{LOOPBACK}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
