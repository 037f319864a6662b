"""Output formats of the API: every list is JSON, CSV or Parquet, as in Datasette.

JSON is written with ``<``, ``>`` and ``&`` escaped as ``\\u003c`` etc., so a document
title holding ``<script>`` can never be read as markup, whatever the client does with the
body. CSV and Parquet get one column per field; nested values (lists, dicts) become JSON
text in their cell. Pagination cursors are opaque: base64url of a small JSON array.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from lanner.errors import LannerError

__all__ = [
    "FORMATS",
    "SafeJSONResponse",
    "decode_cursor",
    "dumps",
    "encode_cursor",
    "output_format",
    "render_rows",
]

FORMATS = ("json", "csv", "parquet")
_MEDIA = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    return str(value)


def dumps(value: Any) -> str:
    """JSON text safe to embed anywhere: markup characters escaped; NaN and infinity as null."""
    try:
        text = _json(value)
    except ValueError:  # NaN or infinity in a float: JSON has no such numbers
        text = _json(_finite(value))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _json(value: Any) -> str:
    return json.dumps(
        value, default=_default, ensure_ascii=False, allow_nan=False, separators=(",", ":")
    )


class SafeJSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content).encode("utf-8")


def _finite(value: Any) -> Any:
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def output_format(request: Request) -> str:
    """``json``, ``csv`` or ``parquet``, from the suffix of the matched route's path."""
    route = request.scope.get("route")
    path = getattr(route, "path", request.url.path)
    for fmt in FORMATS:
        if path.endswith("." + fmt):
            return fmt
    return "json"


def encode_cursor(cursor: tuple[str | None, str] | None) -> str | None:
    if cursor is None:
        return None
    raw = json.dumps(list(cursor), separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(text: str | None) -> tuple[str | None, str] | None:
    """The (date, id) inside a cursor from :func:`encode_cursor`; E601 for anything else."""
    if not text:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        value = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        value = None
    if (
        isinstance(value, list)
        and len(value) == 2
        and (value[0] is None or isinstance(value[0], str))
        and isinstance(value[1], str)
    ):
        return value[0], value[1]
    raise LannerError("E601", name="after", value=text[:40], reason="not a cursor from this API")


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list | tuple | set | frozenset):
        return dumps(value) if not isinstance(value, set | frozenset) else dumps(sorted(value))
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _columns(rows: Sequence[dict[str, Any]], columns: Iterable[str] | None) -> list[str]:
    if columns is not None:
        return list(columns)
    names: dict[str, None] = {}
    for row in rows:
        for name in row:
            names.setdefault(name, None)
    return list(names)


def _csv(rows: Sequence[dict[str, Any]], columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else _cell(row.get(c)) for c in columns])
    return out.getvalue().encode("utf-8")


def _parquet(rows: Sequence[dict[str, Any]], columns: list[str]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = {c: [_cell(row.get(c)) for row in rows] for c in columns}
    arrays = {}
    for name, values in data.items():
        try:
            arrays[name] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types: keep them as text
            arrays[name] = pa.array([None if v is None else str(v) for v in values])
    table = pa.table(arrays) if arrays else pa.table({})
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def render_rows(
    fmt: str,
    rows: Sequence[dict[str, Any]],
    *,
    name: str,
    meta: dict[str, Any] | None = None,
    columns: Iterable[str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A list endpoint's response: JSON ``{"ok": true, "rows": [...], **meta}``, CSV or Parquet."""
    if fmt == "json":
        return SafeJSONResponse(
            {"ok": True, **(meta or {}), "count": len(rows), "rows": list(rows)}, headers=headers
        )
    if fmt not in FORMATS:
        raise LannerError("E604", format=fmt, choices=", ".join(FORMATS))
    cols = _columns(rows, columns)
    body = _csv(rows, cols) if fmt == "csv" else _parquet(rows, cols)
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    return Response(body, media_type=_MEDIA[fmt], headers={**disposition, **(headers or {})})
