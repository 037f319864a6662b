"""``bench_api``: cold latency of the main endpoints, measured in-process (``lanner bench api``).

"Cold" means no response cache: the app is built with ``cache_bytes=0``, so every request
runs its queries (DuckDB's own buffer pool stays warm, as it would in a server that has
been up for a minute). Each request of a round uses different parameters where the endpoint
takes any (a date window moved by a month, another country or dyad), as a user's clicks
would. Next to each figure is the same work done the way it was done before issue 15
(``search_events`` for ``/events``, the Python ranking loop for rivalries), measured in the
same process, interleaved, so the ratio is what matters on a noisy machine.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from typing import Any

__all__ = ["BENCH_PATHS", "bench_api"]

# The requests a dashboard makes most; {c}/{d} are a country and another, {y}/{m} a month.
BENCH_PATHS = (
    "/events?limit=100",
    "/events?quad_class=4&country={c}&limit=100",
    "/events?date_from={y}-{m}-01&date_to={y}-{m}-28&limit=100",
    "/events?q={c} place&limit=50",
    "/events?q=number {n}&limit=50",
    "/dyads/{c}/{d}/series",
    "/network?max_nodes=100&date_from={y}-01-01",
    "/alerts?as_of={y}-{m}-15",
    "/rivalries?window=year&date_from={y}-01-01&date_to={y}-12-31",
    "/rivalries",
    "/actors/{c}",
)
BARS_MS = {"/events?q=": 250.0, "/rivalries": 250.0}  # p95; everything else 100 ms


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _fill(template: str, rng: random.Random) -> str:
    from lanner.store.synthetic import SYNTHETIC_COUNTRIES

    c, d = rng.sample(SYNTHETIC_COUNTRIES[:12], 2)  # the busier countries of the skewed draw
    return template.format(
        c=c, d=d, y=rng.randint(2015, 2024), m=f"{rng.randint(1, 12):02d}",
        n=rng.randint(1000, 99999),
    )  # fmt: skip


def _baselines(db_path: str) -> dict[str, Callable[[random.Random], Any]]:
    """The pre-issue-15 implementations of the two slowest endpoints, as library calls."""
    import duckdb

    from lanner.analysis import rivalries
    from lanner.analysis.search import EventQuery, search_events
    from lanner.store import EventFilter

    con = duckdb.connect(db_path, read_only=True)
    con.execute("SET enable_progress_bar = false")
    where = (
        "source_country IS NOT NULL AND target_country IS NOT NULL AND source_country <> "
        "target_country AND factuality IN ('asserted', 'intended') AND "
        "list_contains(?, cameo_root) AND date IS NOT NULL"
    )
    roots = [[*rivalries.COURTING_ROOTS, *rivalries.REJECT_ROOTS]]

    def ranking(impl: Any) -> Callable[[random.Random], Any]:
        return lambda rng: impl(rivalries.RankingRequest(con, "year", where, roots, limit=100))

    return {
        "events_first_page": lambda rng: search_events(con, EventQuery(), limit=100),
        "events_country_quad": lambda rng: search_events(
            con, EventQuery(base=EventFilter(quad_class=4, country=_fill("{c}", rng))), limit=100
        ),
        "events_text": lambda rng: search_events(
            con, EventQuery(text=_fill("number {n}", rng)), limit=50
        ),
        "rivalries_ranking_python": ranking(rivalries._ranked_pairs_py),
        "rivalries_ranking_sql": ranking(rivalries._ranked_pairs_sql),
    }


def bench_api(
    db_path: str, *, repeats: int = 15, paths: tuple[str, ...] = BENCH_PATHS, seed: int = 15
) -> dict[str, Any]:
    """Cold p50/p95 latency (ms) per endpoint over ``repeats`` varied requests, no warm-up.

    Runs the app with Starlette's TestClient (no network), so it measures Lanner's work:
    routing, queries, analysis and serialisation.
    """
    import warnings

    with warnings.catch_warnings():
        # Starlette asks for httpx2; httpx works the same for in-process requests.
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from lanner.api.app import create_app

    rng = random.Random(seed)
    app = create_app(db_path, cache_bytes=0)
    results: dict[str, Any] = {"db_path": db_path, "repeats": repeats, "cache": "off"}
    endpoints: dict[str, Any] = {}
    with TestClient(app) as client:
        for template in paths:
            timings: list[float] = []
            statuses: set[int] = set()
            for _ in range(repeats):
                path = _fill(template, rng)
                start = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - start) * 1000)
                statuses.add(response.status_code)
            bar = next((ms for prefix, ms in BARS_MS.items() if template.startswith(prefix)), 100.0)
            p95 = _percentile(timings, 0.95)
            endpoints[template] = {
                "status": max(statuses),  # the worst answer of the round
                "p50_ms": round(_percentile(timings, 0.5), 2),
                "p95_ms": round(p95, 2),
                "bar_p95_ms": bar,
                "meets_bar": p95 <= bar,
            }
    results["endpoints"] = endpoints
    baseline: dict[str, float] = {}
    for name, call in _baselines(db_path).items():
        timings = []
        for _ in range(max(3, repeats // 3)):
            start = time.perf_counter()
            call(rng)
            timings.append((time.perf_counter() - start) * 1000)
        baseline[name] = round(statistics.median(timings), 2)
    results["before_issue_15_median_ms"] = baseline
    results["rivalries_ranking_ratio_python_to_sql"] = round(
        baseline["rivalries_ranking_python"] / max(baseline["rivalries_ranking_sql"], 1e-9), 2
    )
    return results
