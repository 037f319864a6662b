"""The FastAPI application: a read-only window on a Lanner store.

``create_app(db_path)`` opens the store once and hands every request its own DuckDB cursor
(a connection of its own: DuckDB connections are not shared across threads). With
``live=True`` (``lanner serve``) the server is the store's one writer and takes coded ingest
batches at ``POST /ingest`` (see :mod:`lanner.store.live`); otherwise it opens the store
read-only. Every error, including FastAPI's validation errors and unknown paths, is the
catalogue's JSON shape ``{"ok": false, "error": message, "code": "E6xx"}``. Every
response carries security headers: a Content-Security-Policy that allows no inline script,
``nosniff``, no framing and no referrer. CORS is off: no cross-origin headers are sent.
The dashboard's static files (``lanner/web/static``) are served at ``/static`` and its
``index.html`` at ``/`` when they are installed.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles

from lanner import __version__
from lanner.api.deps import get_cursor
from lanner.api.formats import SafeJSONResponse
from lanner.api.ingest import router as ingest_router
from lanner.api.routes import router
from lanner.errors import LannerError
from lanner.store.live import LiveStore
from lanner.web.routes import router as web_router

__all__ = ["SECURITY_HEADERS", "ResponseCache", "create_app", "error_response", "get_cursor"]

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
    "E502": 409,
}
# Paths open without a token: the dashboard shell and the API description.
_OPEN_PATHS = ("/", "/openapi.json", "/docs")


def error_response(error: LannerError) -> Response:
    if error.code in ("E507", "E509"):  # the store's checks of a filter or an ingest batch:
        error = LannerError("E601", **error.fields)  # the same fault, in the API's range
    elif error.code == "E109":  # the one date check (lanner.dates.iso), in the API's range
        reason = "expected a date YYYY-MM-DD (years 1800 to 2200)"
        error = LannerError(
            "E601",
            name=error.fields.get("name", "date"),
            value=error.fields.get("value"),
            reason=reason,
        )
    status = _STATUS.get(error.code, 500 if not error.code.startswith("E6") else 400)
    return SafeJSONResponse(error.to_dict(), status_code=status)


def _static_dir() -> Path | None:
    # The web stage ships files, not modules, so it is found beside this package.
    import lanner

    path = Path(lanner.__file__).resolve().parent / "web" / "static"
    return path if path.is_dir() else None


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
    """Answers to GET requests, dropped whenever the data changes.

    Keys hold the path and only the query parameters the endpoint declares, sorted, so an
    unknown parameter (``?zz=<100 KB>``) neither makes a new entry nor grows one. The cache
    is bounded in bytes overall (least recently used answers go first) and per answer;
    errors and the dashboard's static files are never cached. :meth:`clear` is called after
    every committed ingest batch; an answer computed while a batch was being written is not
    kept (its generation is older than the cache's).
    """

    def __init__(self, max_total_bytes: int = 64_000_000, max_bytes: int = 1_000_000) -> None:
        self.max_total_bytes = max_total_bytes
        self.max_bytes = min(max_bytes, max_total_bytes)
        self._items: OrderedDict[str, tuple[int, bytes, list[tuple[str, str]]]] = OrderedDict()
        self._lock = threading.Lock()
        self.total_bytes = 0
        self.generation = 0
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.total_bytes = 0
            self.generation += 1

    def get(self, key: str) -> Response | None:
        with self._lock:
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

    @staticmethod
    def _size(key: str, body: bytes, headers: list[tuple[str, str]]) -> int:
        return len(key) + len(body) + sum(len(k) + len(v) for k, v in headers) + 200

    async def store(self, key: str, response: Response, generation: int) -> Response:
        chunks = [chunk async for chunk in response.body_iterator]  # type: ignore[attr-defined]
        body = b"".join(c if isinstance(c, bytes) else c.encode("utf-8") for c in chunks)
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.raw_headers]
        size = self._size(key, body, headers)
        if size <= self.max_bytes:
            with self._lock:
                if generation == self.generation and key not in self._items:
                    self._items[key] = (response.status_code, body, headers)
                    self.total_bytes += size
                    while self.total_bytes > self.max_total_bytes and self._items:
                        old_key, (_, old_body, old_headers) = self._items.popitem(last=False)
                        self.total_bytes -= self._size(old_key, old_body, old_headers)
        fresh = Response(content=body, status_code=response.status_code)
        fresh.raw_headers = response.raw_headers
        return fresh


class DeclaredParams:
    """The query parameters each GET route declares, found by matching the path."""

    def __init__(self, routes: Iterable[Any]) -> None:
        self.routes: list[tuple[re.Pattern[str], frozenset[str]]] = []
        for route in routes:
            dependant = getattr(route, "dependant", None)
            regex = getattr(route, "path_regex", None)
            if dependant is None or regex is None or "GET" not in getattr(route, "methods", ()):
                continue
            names: set[str] = set()
            stack = [dependant]
            while stack:
                node = stack.pop()
                names.update(p.alias for p in node.query_params)
                stack.extend(node.dependencies)
            self.routes.append((regex, frozenset(names)))

    def cache_key(self, request: Request) -> str | None:
        """``path?known=params`` in a fixed order; ``None`` when no route takes the path."""
        path = request.url.path
        for regex, names in self.routes:
            if regex.match(path):
                known = sorted((k, v) for k, v in request.query_params.multi_items() if k in names)
                return path + "?" + urlencode(known)
        return None


def _install_middleware(app: FastAPI, token: str | None, cache: ResponseCache | None) -> None:
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
        key = None
        if (
            cache is not None
            and request.method == "GET"
            and not request.url.path.startswith("/static")
        ):
            key = app.state.declared_params.cache_key(request)
        if cache is None or key is None:
            return await call_next(request)
        hit = cache.get(key)
        if hit is not None:
            return hit
        generation = cache.generation
        response = await call_next(request)
        if response.status_code == 200:
            return await cache.store(key, response, generation)
        return response


def create_app(
    db_path: str,
    *,
    token: str | None = None,
    live: bool = False,
    url: str | None = None,
    cache_bytes: int = 64_000_000,
) -> FastAPI:
    """The API over the store at ``db_path`` (E505 if it is not a store).

    With ``token``, every data endpoint needs ``Authorization: Bearer <token>`` (or an
    ``X-Lanner-Token`` header); without, the API is open, for a server bound to localhost.
    ``live=True`` opens the store read-write and takes ingest batches at ``POST /ingest``;
    they need ``token``, or without one a random ingest token that the server writes to the
    store's holder file (readable by whoever may write the store), with ``url``, so that
    ``lanner ingest`` finds this server. ``cache_bytes=0`` turns the response cache off.
    """
    ingest_token = (token or secrets.token_urlsafe(24)) if live else None
    holder = {"command": "lanner serve", "url": url, "ingest_token": ingest_token} if live else None
    database = LiveStore(db_path, read_only=not live, holder=holder)
    cache = ResponseCache(max_total_bytes=cache_bytes) if cache_bytes > 0 else None
    if cache is not None:
        database.listeners.append(cache.clear)

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
    app.state.ingest_token = ingest_token
    _install_error_handlers(app)
    _install_middleware(app, token, cache)
    app.include_router(router)
    app.include_router(web_router)  # /names and the offline API page at /docs
    if live:  # a read-only server has no write route at all
        app.include_router(ingest_router)
    app.state.declared_params = DeclaredParams(router.routes)
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
