"""FastAPI dependencies shared by the API's and the dashboard's routes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import duckdb
from fastapi import Request

if TYPE_CHECKING:
    from lanner.store.live import LiveStore

__all__ = ["get_cursor"]


def get_cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """FastAPI dependency: a fresh cursor for this request, closed afterwards."""
    database: LiveStore = request.app.state.database
    cursor = database.cursor()
    try:
        yield cursor
    finally:
        cursor.close()
