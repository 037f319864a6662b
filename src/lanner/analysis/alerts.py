"""Conflict alerts: is violence in a country or province rising or falling against its baseline?

In the style of ACLED's trend finder. The *recent window* is the ``window_days`` days
ending on ``as_of`` (default: the latest date of an asserted event, so that an intention
dated months ahead does not empty the window; else the latest event date); the *baseline* is the
``baseline_windows`` windows of the same length just before it. Events are counted where
they happened (the event's place; an unplaced event counts for its target's country, at
country level only). Conflict means quad class 3 or 4 (``quad_classes=(4,)`` for
material conflict only); negated and hypothetical events are not counted.

With ``mean`` and ``sd`` the baseline windows' mean and standard deviation, and the spread
floored at ``spread = max(sd, sqrt(mean), 1)`` so that a quiet place does not raise an
alert over one event (the square root is the Poisson spread of a count):

* **large increase**: recent >= mean + 2 x spread and recent >= 1.5 x mean
* **moderate increase**: recent >= mean + 1 x spread
* **large decrease**: recent <= mean - 2 x spread and recent <= 0.5 x mean
* **moderate decrease**: recent <= mean - 1 x spread
* **no change**: otherwise

Places with fewer than ``min_events`` events in the recent window and the whole baseline
together are left out.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import duckdb

from lanner.analysis.common import (
    check_choice,
    check_code,
    check_int,
    check_range,
    fetch_dicts,
    iso,
)

__all__ = ["ALERT_LEVELS", "TRENDS", "classify_trend", "conflict_alerts"]

ALERT_LEVELS = ("country", "admin1")
TRENDS = ("large increase", "moderate increase", "no change", "moderate decrease", "large decrease")

# Fixed SQL fragments per level; never assembled from input.
_PLACE_SQL = {
    "country": "coalesce(location_country, target_country)",
    "admin1": "CASE WHEN location_admin1 IS NULL THEN NULL ELSE location_country || '.' || location_admin1 END",
}


def classify_trend(recent: int, baseline: list[int]) -> tuple[str, float, float, float]:
    """(trend, baseline mean, baseline sd, spread) by the thresholds in the module doc."""
    mean = sum(baseline) / len(baseline) if baseline else 0.0
    var = sum((x - mean) ** 2 for x in baseline) / len(baseline) if baseline else 0.0
    sd = math.sqrt(var)
    spread = max(sd, math.sqrt(mean), 1.0)
    if recent >= mean + 2 * spread and recent >= 1.5 * mean:
        trend = "large increase"
    elif recent >= mean + spread:
        trend = "moderate increase"
    elif recent <= mean - 2 * spread and recent <= 0.5 * mean:
        trend = "large decrease"
    elif recent <= mean - spread:
        trend = "moderate decrease"
    else:
        trend = "no change"
    return trend, mean, sd, spread


def conflict_alerts(
    con: duckdb.DuckDBPyConnection,
    *,
    level: str = "country",
    window_days: int = 30,
    baseline_windows: int = 6,
    quad_classes: tuple[int, ...] = (3, 4),
    as_of: str | date | None = None,
    min_events: int = 3,
    country: str | None = None,
) -> list[dict[str, Any]]:
    """One row per place: recent count, baseline counts, mean, trend; largest rises first."""
    check_choice("level", level, ALERT_LEVELS)
    check_int("window_days", window_days, 1, 366)
    check_int("baseline_windows", baseline_windows, 1, 60)
    check_int("min_events", min_events, 0, 1_000_000)
    for quad in quad_classes:
        check_int("quad_class", quad, 1, 4)
    country = check_code("country", country) if country else None
    end, _ = check_range(as_of, None)
    if end is None:
        latest = con.execute(
            "SELECT coalesce(max(date) FILTER (WHERE factuality = 'asserted'), max(date))"
            " FROM events"
        ).fetchone()
        end = latest[0] if latest else None
        if end is None:
            return []
    first = end - timedelta(days=window_days * (baseline_windows + 1) - 1)
    place = _PLACE_SQL[level]
    rows = fetch_dicts(
        con,
        f"""
        SELECT {place} AS place, CAST((? - date) AS INTEGER) // ? AS back, count(*) AS n
        FROM events
        WHERE date BETWEEN ? AND ? AND list_contains(?, CAST(quad_class AS INTEGER))
          AND factuality IN ('asserted', 'intended')
        GROUP BY 1, 2
        """,
        [end, window_days, first, end, sorted(set(quad_classes))],
    )
    counts: dict[str, list[int]] = {}
    for row in rows:
        if row["place"] is None:
            continue
        if country and not str(row["place"]).startswith(country):
            continue
        # back 0 is the recent window, 1..baseline_windows the baseline, newest first.
        counts.setdefault(row["place"], [0] * (baseline_windows + 1))[int(row["back"])] += int(
            row["n"]
        )
    out: list[dict[str, Any]] = []
    for name, windows in counts.items():
        recent, baseline = windows[0], windows[1:]
        if recent + sum(baseline) < min_events:
            continue
        trend, mean, sd, spread = classify_trend(recent, baseline)
        country_code, _, admin1 = name.partition(".")
        out.append(
            {
                "place": name,
                "country": country_code,
                "admin1": admin1 or None,
                "recent": recent,
                "baseline": list(reversed(baseline)),  # oldest first, for charts
                "baseline_mean": round(mean, 4),
                "baseline_sd": round(sd, 4),
                "change": round(recent - mean, 4),
                "z": round((recent - mean) / spread, 4),
                "trend": trend,
                "window_start": iso(end - timedelta(days=window_days - 1)),
                "window_end": iso(end),
            }
        )
    out.sort(key=lambda r: (TRENDS.index(r["trend"]), -r["z"], r["place"]))
    return out
