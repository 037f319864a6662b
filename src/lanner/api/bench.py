"""``bench_api``: latency of the main endpoints, measured in-process (for ``lanner bench``)."""

from __future__ import annotations

import statistics
import time
from typing import Any

__all__ = ["BENCH_PATHS", "bench_api"]

# The requests a dashboard makes most: first pages, a filtered page, aggregates.
BENCH_PATHS = (
    "/events?limit=100",
    "/events?quad_class=4&limit=100",
    "/events?q=report&limit=50",
    "/dyads/CHN/RUS/series",
    "/network?max_nodes=100",
    "/alerts",
    "/rivalries",
    "/installations",
)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def bench_api(
    db_path: str, *, repeats: int = 20, paths: tuple[str, ...] = BENCH_PATHS
) -> dict[str, Any]:
    """p50/p95 latency in milliseconds per endpoint over ``repeats`` requests, after a warm-up.

    Runs the app with Starlette's TestClient (no network), so it measures Lanner's work:
    routing, queries, analysis and serialisation.
    """
    import warnings

    with warnings.catch_warnings():
        # Starlette asks for httpx2; httpx works the same for in-process requests.
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from lanner.api.app import create_app

    app = create_app(db_path)
    results: dict[str, Any] = {"db_path": db_path, "repeats": repeats, "endpoints": {}}
    with TestClient(app) as client:
        for path in paths:
            client.get(path)  # warm-up: caches, first query plans
            timings: list[float] = []
            status = 0
            for _ in range(repeats):
                start = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - start) * 1000)
                status = response.status_code
            results["endpoints"][path] = {
                "status": status,
                "p50_ms": round(_percentile(timings, 0.5), 3),
                "p95_ms": round(_percentile(timings, 0.95), 3),
                "mean_ms": round(statistics.fmean(timings), 3),
            }
    return results
