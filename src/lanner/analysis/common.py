"""Pieces every analysis shares: parameter checks, row fetching, periods and actor matching.

Analyses take a DuckDB connection (or cursor) on a Lanner store and return plain dicts and
lists, so the CLI, the API and tests all read the same values. Every SQL statement here is
parameterised; the only SQL text chosen at run time comes from fixed fragments in this
package, never from a caller's string.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import duckdb

from lanner.dates.iso import check_iso_date
from lanner.errors import LannerError
from lanner.geo.distance import haversine_km

__all__ = [
    "add_date_range",
    "PERIODS",
    "check_choice",
    "check_code",
    "check_date",
    "check_int",
    "check_range",
    "distance_km",
    "fetch_dicts",
    "iso",
    "period_start",
    "period_starts",
    "side_clause",
]

PERIODS = ("day", "week", "month", "quarter", "year")
# Actor codes are CAMEO-style letters and digits (CHNGOV, NATO, TJKMILREB); ISO3 countries
# are three capitals. Anything else is refused before it comes near a query.
_CODE = re.compile(r"^[A-Z0-9]{2,30}$")


def check_code(name: str, value: str) -> str:
    """An actor code or ISO3 country, upper-cased; E601 for anything else."""
    if not isinstance(value, str) or not _CODE.match(value.upper()):
        shown = value[:40] + "..." if isinstance(value, str) and len(value) > 40 else value
        raise LannerError(
            "E601", name=name, value=shown, reason="expected an actor code such as CHNGOV or TJK"
        )
    return value.upper()


def check_date(name: str, value: str | date | None) -> date | None:
    """``YYYY-MM-DD`` (or a date) to a date between 1800 and 2200; E109 otherwise."""
    if value is None:
        return None
    return check_iso_date(value, name)


def check_range(
    date_from: str | date | None, date_to: str | date | None
) -> tuple[date | None, date | None]:
    start, end = check_date("date_from", date_from), check_date("date_to", date_to)
    if start and end and start > end:
        raise LannerError("E601", name="date_to", value=str(end), reason="is before date_from")
    return start, end


def add_date_range(
    where: list[str], params: list[Any], start: date | None, end: date | None
) -> None:
    """Append ``date >= ?`` / ``date <= ?`` clauses (with their parameters) for a checked range."""
    if start:
        where.append("date >= ?")
        params.append(start)
    if end:
        where.append("date <= ?")
        params.append(end)


def check_choice(name: str, value: str, choices: Sequence[str]) -> str:
    if value not in choices:
        raise LannerError(
            "E601", name=name, value=value, reason="expected one of " + ", ".join(choices)
        )
    return value


def check_int(name: str, value: int, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise LannerError(
            "E601", name=name, value=value, reason=f"expected an integer {low} to {high}"
        )
    return value


def fetch_dicts(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    """Run a parameterised query and return its rows as dicts keyed by column name."""
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def period_start(day: date, period: str) -> date:
    """The first day of the ``period`` containing ``day`` (weeks start on Monday, ISO 8601)."""
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def _next_period(start: date, period: str) -> date:
    if period == "day":
        return start + timedelta(days=1)
    if period == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    total = start.year * 12 + start.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def period_starts(first: date, last: date, period: str, limit: int = 5000) -> list[date]:
    """Every period start from the period of ``first`` to that of ``last`` (at most ``limit``)."""
    out: list[date] = []
    current = period_start(first, period)
    while current <= last and len(out) < limit:
        out.append(current)
        current = _next_period(current, period)
    return out


def side_clause(side: str) -> str:
    """SQL matching one side (``source`` or ``target``) of an event against a code parameter.

    A code matches an actor whose code starts with it (CHN matches CHNGOV and CHNMIL) or,
    for IGO members or actors coded by country only, whose country is exactly it. The
    clause takes the code twice as parameters.
    """
    if side not in ("source", "target"):
        raise ValueError(side)
    return f"(starts_with({side}_code, ?) OR {side}_country = ?)"


distance_km = haversine_km  # the one great-circle distance (lanner.geo.distance)
