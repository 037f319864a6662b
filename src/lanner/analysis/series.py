"""Dyad time series: how two actors or countries treat each other, period by period.

For each day, week, month, quarter or year: event counts by quad class (1 verbal
cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict), mean
Goldstein, and two net-cooperation measures:

* ``net_cooperation`` = (q1 + q2) - (q3 + q4), a count;
* ``net_goldstein`` = the sum of the events' Goldstein values, so that a military attack
  (-10) outweighs a statement of support (+3.4), the "Goldstein-weighted" version.

A side is an actor code prefix (``CHNGOV``, ``CHN``, ``NATO``) or an ISO3 country; see
:func:`lanner.analysis.common.side_clause`. Undated events are left out. Empty periods
between the first and last are filled with zeros, so charts do not join distant points.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from lanner.analysis.common import (
    PERIODS,
    add_date_range,
    check_choice,
    check_code,
    check_range,
    fetch_dicts,
    period_start,
    period_starts,
    side_clause,
)
from lanner.errors import LannerError

__all__ = ["MAX_PERIODS", "SERIES_FIELDS", "dyad_series"]

MAX_PERIODS = 5000

SERIES_FIELDS = (
    "period",
    "events",
    "a_to_b",
    "b_to_a",
    "q1",
    "q2",
    "q3",
    "q4",
    "goldstein_mean",
    "net_cooperation",
    "net_goldstein",
)


def _empty(start: date) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(SERIES_FIELDS, 0)
    row["period"] = start.isoformat()
    row["goldstein_mean"] = None
    row["net_goldstein"] = 0.0
    return row


def dyad_series(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    period: str = "month",
    directed: bool = False,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    factuality: str | None = "asserted",
) -> list[dict[str, Any]]:
    """The series of the dyad ``a``-``b``; ``directed`` keeps only events from ``a`` to ``b``.

    ``factuality`` keeps events of that factuality only (default: asserted, since planned
    or denied acts did not happen); ``None`` keeps all.
    """
    a, b = check_code("a", a), check_code("b", b)
    check_choice("period", period, PERIODS)
    start, end = check_range(date_from, date_to)
    if factuality is not None:
        check_choice("factuality", factuality, ("asserted", "intended", "hypothetical", "negated"))
    forward = f"({side_clause('source')} AND {side_clause('target')})"
    backward = forward if directed else f"({side_clause('target')} AND {side_clause('source')})"
    params: list[Any] = [a, a, b, b]
    if not directed:
        params += [a, a, b, b]
    where = [f"({forward} OR {backward})" if not directed else forward, "date IS NOT NULL"]
    add_date_range(where, params, start, end)
    if factuality:
        where.append("factuality = ?")
        params.append(factuality)
    # a_to_b is decided in SQL with the same clause, so 'CHN' vs 'CHNGOV' prefixes agree.
    rows = fetch_dicts(
        con,
        f"""
        SELECT date, quad_class, goldstein,
               ({side_clause("source")} AND {side_clause("target")}) AS forward
        FROM events WHERE {" AND ".join(where)}
        """,
        [a, a, b, b, *params],
    )
    buckets: dict[date, dict[str, Any]] = {}
    totals: dict[date, float] = {}
    for row in rows:
        key = period_start(row["date"], period)
        bucket = buckets.setdefault(key, _empty(key))
        bucket["events"] += 1
        bucket["a_to_b" if row["forward"] else "b_to_a"] += 1
        quad = int(row["quad_class"])
        bucket[f"q{quad}"] += 1
        bucket["net_cooperation"] += 1 if quad <= 2 else -1
        bucket["net_goldstein"] += float(row["goldstein"])
        totals[key] = totals.get(key, 0.0) + float(row["goldstein"])
    for key, bucket in buckets.items():
        bucket["goldstein_mean"] = round(totals[key] / bucket["events"], 4)
        bucket["net_goldstein"] = round(bucket["net_goldstein"], 4)
    if not buckets:
        return []
    first = start or min(buckets)
    last = end or max(buckets)
    starts = period_starts(first, last, period, limit=MAX_PERIODS + 1)
    if len(starts) > MAX_PERIODS:
        raise LannerError(
            "E601", name="period", value=period,
            reason=f"the date range holds more than {MAX_PERIODS} periods; use a longer period or a shorter range",
        )  # fmt: skip
    return [buckets.get(key) or _empty(key) for key in starts]
