"""``POST /ingest`` and ``POST /ingest/known``: coded batches into a live server's store.

Both need the ingest token (``Authorization: Bearer`` or ``X-Lanner-Token``) even when the
read API is open: the server's ``--token-env`` token, else the random one it wrote to the
store's holder file. The body format is in :mod:`lanner.store.live`. A batch is written in
one transaction before the answer is sent, so an ``ok`` answer means the batch is stored.
"""

from __future__ import annotations

import hmac
import json

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from lanner.api.formats import SafeJSONResponse
from lanner.errors import LannerError
from lanner.store.live import MAX_BATCH_BYTES, LiveStore

__all__ = ["router"]

router = APIRouter()


def _check_token(request: Request) -> None:
    expected: str | None = request.app.state.ingest_token
    if expected is None:  # a read-only server
        raise LannerError("E502", path=request.app.state.db_path)
    given = request.headers.get("authorization", "")
    given = (
        given[7:]
        if given.lower().startswith("bearer ")
        else request.headers.get("x-lanner-token", "")
    )
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise LannerError("E603")


async def _json_body(request: Request) -> object:
    size = request.headers.get("content-length")
    if size is not None and size.isdigit() and int(size) > MAX_BATCH_BYTES:
        raise LannerError("E601", name="body", value=None, reason="batch over 64 MB")
    raw = await request.body()
    if len(raw) > MAX_BATCH_BYTES:
        raise LannerError("E601", name="body", value=None, reason="batch over 64 MB")
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise LannerError("E601", name="body", value=None, reason=f"not JSON: {exc}") from None


@router.post("/ingest", include_in_schema=True, response_model=None)
async def ingest_batch(request: Request) -> Response:
    """Store one batch of coded documents (and input failures) in one transaction."""
    _check_token(request)
    payload = await _json_body(request)
    database: LiveStore = request.app.state.database
    summary = await run_in_threadpool(database.write, payload)
    return SafeJSONResponse({"ok": True, "summary": summary.to_dict()})


@router.post("/ingest/known", include_in_schema=True, response_model=None)
async def known_documents(request: Request) -> Response:
    """Which of the given content ids are stored already (a rerun skips them before coding)."""
    _check_token(request)
    payload = await _json_body(request)
    ids = payload.get("ids") if isinstance(payload, dict) else None
    if not isinstance(ids, list):
        raise LannerError("E601", name="ids", value=None, reason="expected a list of ids")
    database: LiveStore = request.app.state.database
    known = await run_in_threadpool(database.known, ids)
    return SafeJSONResponse({"ok": True, "known": known})
