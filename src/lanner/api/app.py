"""The FastAPI application: a read-only window on a Lanner store.

``create_app(db_path)`` opens the store read-only once and hands every request its own
DuckDB cursor (a connection of its own: DuckDB connections are not shared across
threads). Every error, including FastAPI's validation errors and unknown paths, is the
catalogue's JSON shape ``{"ok": false, "error": message, "code": "E6xx"}``. Every
response carries security headers: a Content-Security-Policy that allows no inline script,
``nosniff``, no framing and no referrer. CORS is off: no cross-origin headers are sent.
The dashboard's static files (``lanner/web/static``) are served at ``/static`` and its
``index.html`` at ``/`` when they are installed.
"""

from __future__ import annotations

import hmac
import logging
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles

from lanner import __version__
from lanner.api.formats import SafeJSONResponse
from lanner.errors import LannerError
from lanner.store import Store

__all__ = ["SECURITY_HEADERS", "create_app", "error_response", "get_cursor"]

log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

# HTTP status for each API error code; anything else from the library is a server error.
_STATUS = {
    "E601": 400,
    "E604": 400,
    "E507": 400,
    "E109": 400,
    "E602": 404,
    "E603": 401,
    "E605": 405,
    "E501": 503,
}
# Paths open without a token: the dashboard shell and the API description.
_OPEN_PATHS = ("/", "/openapi.json")


def error_response(error: LannerError) -> Response:
    if error.code == "E507":  # the store's filter check: the same fault, in the API's range
        error = LannerError("E601", **error.fields)
    status = _STATUS.get(error.code, 500 if not error.code.startswith("E6") else 400)
    return SafeJSONResponse(error.to_dict(), status_code=status)


def _static_dir() -> Path | None:
    # The web stage ships files, not modules, so it is found beside this package.
    import lanner

    path = Path(lanner.__file__).resolve().parent / "web" / "static"
    return path if path.is_dir() else None


class _Database:
    """The read-only store and a lock around cursor creation."""

    def __init__(self, db_path: str) -> None:
        self.store = Store(db_path, read_only=True)
        self.lock = threading.Lock()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self.lock:
            return self.store.con.cursor()

    def close(self) -> None:
        self.store.close()


def get_cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """FastAPI dependency: a fresh cursor for this request, closed afterwards."""
    database: _Database = request.app.state.database
    cursor = database.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LannerError)
    async def lanner_error(request: Request, exc: LannerError) -> Response:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        loc = [str(part) for part in first.get("loc", ()) if part not in ("query", "path")]
        value = first.get("input")
        if not isinstance(value, str | int | float | None):
            value = None
        if isinstance(value, str) and len(value) > 60:
            value = value[:60] + "..."
        reason = str(first.get("msg", "invalid value"))
        return error_response(
            LannerError("E601", name=".".join(loc) or "request", value=value, reason=reason)
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return error_response(LannerError("E602", what=request.url.path[:200]))
        if exc.status_code == 405:
            return error_response(
                LannerError("E605", method=request.method, path=request.url.path[:200])
            )
        error = LannerError("E601", name="request", value=None, reason=str(exc.detail))
        return SafeJSONResponse(error.to_dict(), status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("error while answering %s", request.url.path)
        return SafeJSONResponse(
            LannerError("E606", path=request.url.path[:200]).to_dict(), status_code=500
        )


class ResponseCache:
    """Answers to GET requests, kept for the life of the server.

    The store is opened read-only and DuckDB lets no other process write to it while it is
    open, so an answer cannot go stale while the server runs. Bounded in entries and in bytes
    per answer; errors and the dashboard's static files are never cached.
    """

    def __init__(self, max_entries: int = 512, max_bytes: int = 2_000_000) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, tuple[int, bytes, list[tuple[str, str]]]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Response | None:
        item = self._items.get(key)
        if item is None:
            self.misses += 1
            return None
        self._items.move_to_end(key)
        self.hits += 1
        status, body, headers = item
        response = Response(content=body, status_code=status)
        response.raw_headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
        return response

    async def store(self, key: str, response: Response) -> Response:
        chunks = [chunk async for chunk in response.body_iterator]  # type: ignore[attr-defined]
        body = b"".join(c if isinstance(c, bytes) else c.encode("utf-8") for c in chunks)
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.raw_headers]
        if len(body) <= self.max_bytes:
            self._items[key] = (response.status_code, body, headers)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)
        fresh = Response(content=body, status_code=response.status_code)
        fresh.raw_headers = response.raw_headers
        return fresh


def _install_middleware(app: FastAPI, token: str | None) -> None:
    cache = ResponseCache()
    app.state.response_cache = cache

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        path = request.url.path
        if token is not None and path not in _OPEN_PATHS and not path.startswith("/static/"):
            given = request.headers.get("authorization", "")
            given = (
                given[7:]
                if given.lower().startswith("bearer ")
                else request.headers.get("x-lanner-token", "")
            )
            if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
                response: Response = error_response(LannerError("E603"))
            else:
                response = await _cached(request, call_next)
        else:
            response = await _cached(request, call_next)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    async def _cached(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        cacheable = request.method == "GET" and not request.url.path.startswith("/static")
        key = f"{request.url.path}?{request.url.query}"
        if cacheable:
            hit = cache.get(key)
            if hit is not None:
                return hit
        response = await call_next(request)
        if cacheable and response.status_code == 200:
            return await cache.store(key, response)
        return response


def create_app(db_path: str, *, token: str | None = None) -> FastAPI:
    """The API over the store at ``db_path`` (opened read-only; E505 if it is not a store).

    With ``token``, every data endpoint needs ``Authorization: Bearer <token>`` (or an
    ``X-Lanner-Token`` header); without, the API is open, for a server bound to localhost.
    """
    from lanner.api.routes import router

    database = _Database(db_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        database.close()

    app = FastAPI(
        title="Lanner",
        version=__version__,
        description=(
            "Read-only API over a Lanner event store: events, dyad series, actors, networks, "
            "installations, rivalries, stories, documents with provenance, and conflict alerts. "
            "Every list is also available as .json, .csv and .parquet."
        ),
        docs_url=None,  # Swagger UI needs a CDN and inline script; the CSP forbids both
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.database = database
    app.state.db_path = str(db_path)
    _install_error_handlers(app)
    _install_middleware(app, token)
    app.include_router(router)
    static = _static_dir()
    if static is not None:
        app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", include_in_schema=False, response_model=None)
    def index() -> Response:
        if static is not None and (static / "index.html").is_file():
            return FileResponse(static / "index.html", media_type="text/html; charset=utf-8")
        endpoints = sorted(p for p in app.openapi().get("paths", {}) if "." not in p)
        body: dict[str, Any] = {
            "ok": True,
            "name": "lanner",
            "version": __version__,
            "endpoints": endpoints,
        }
        return SafeJSONResponse(body)

    return app
