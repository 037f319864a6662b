"""The dashboard's own routes beside the API: names for codes and the offline API page.

* ``/names`` (and ``/names.json``): every actor code and country in the store with its name
  from the actor lexicon, so the dashboard can show "TJK Tajikistan" instead of a bare code.
* ``/docs``: a page of Lanner's own that lists the API from ``/openapi.json``: endpoints,
  parameters and formats, with no CDN and no inline script (the CSP allows neither).
"""

from __future__ import annotations

from typing import Annotated

import duckdb
from fastapi import APIRouter, Depends
from starlette.responses import FileResponse, Response

from lanner.analysis.names import store_names
from lanner.api.deps import get_cursor
from lanner.api.formats import SafeJSONResponse
from lanner.errors import LannerError
from lanner.web import static_dir

__all__ = ["router"]

router = APIRouter()
Cursor = Annotated[duckdb.DuckDBPyConnection, Depends(get_cursor)]


def _names(con: Cursor) -> Response:
    """Names of the store's actor codes and countries, from the actor lexicon."""
    names = store_names(con)
    return SafeJSONResponse({"ok": True, "count": len(names), "names": names})


for _path in ("/names.json", "/names"):
    router.add_api_route(_path, _names, methods=["GET"], response_model=None, name="names")


@router.get("/docs", include_in_schema=False, response_model=None)
def api_page() -> Response:
    """The offline API page (``static/docs.html``)."""
    page = static_dir() / "docs.html"
    if not page.is_file():
        raise LannerError("E602", what="/docs")
    return FileResponse(page, media_type="text/html; charset=utf-8")
