"""Store benchmarks for ``lanner bench``: each returns numbers, none asserts a time.

* :func:`bench_dashboard_queries` - p50/p95 latency of the dashboard's queries on a
  synthetic store (bar: p95 <= 100 ms at 1M events).
* :func:`bench_ingest_overhead` - ingest throughput over code throughput on one corpus
  (bar: >= 0.9, i.e. the store costs at most 10%).
* :func:`bench_store_invariants` - ingest-twice and Parquet round-trip equality.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lanner.records import Document
from lanner.store.database import Store
from lanner.store.query import EventFilter
from lanner.store.synthetic import SYNTHETIC_COUNTRIES, make_synthetic_store
from lanner.store.writer import BatchCoder, Coder

__all__ = ["bench_dashboard_queries", "bench_ingest_overhead", "bench_store_invariants"]


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000}


def _timed(run: Callable[[], object], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return samples


def bench_dashboard_queries(
    n_events: int = 1_000_000, *, repeats: int = 30, path: str | Path | None = None
) -> dict[str, Any]:
    """Latency of the three dashboard queries on a synthetic store of ``n_events`` events.

    Each repeat uses another dyad, country or filter so that no answer is served from a
    warm result. ``path`` reuses a store made by :func:`make_synthetic_store`.
    """
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        if path is None:
            path = Path(tmp) / "synthetic.duckdb"
            make_synthetic_store(path, n_events)
        build_seconds = time.perf_counter() - start
        countries = SYNTHETIC_COUNTRIES
        with Store(path, read_only=True) as store:
            i = iter(range(10**9))

            def dyad() -> object:
                k = next(i)
                return store.dyad_monthly_series(
                    countries[k % 7], countries[(k * 3 + 1) % len(countries)]
                )

            def by_country() -> object:
                k = next(i)
                return store.counts_by_country(EventFilter(quad_class=1 + k % 4))

            cursors: dict[EventFilter, tuple[str | None, str] | None] = {}

            def page() -> object:
                # Alternate first pages and next pages (keyset cursor from the previous call).
                k = next(i)
                filters = EventFilter(
                    country=countries[(k // 2) % len(countries)], quad_class=1 + (k // 2) % 4
                )
                rows, cursors[filters] = store.query_events(
                    filters, after=cursors.get(filters), limit=100
                )
                return rows

            dyad(), by_country(), page()  # warm the buffer cache once, as a running server is
            result: dict[str, Any] = {
                "events": store.counts()["events"],
                "build_seconds": round(build_seconds, 2),
                "dyad_monthly_series": _percentiles(_timed(dyad, repeats)),
                "counts_by_country": _percentiles(_timed(by_country, repeats)),
                "filtered_page": _percentiles(_timed(page, repeats)),
            }
    return result


def bench_ingest_overhead(
    documents: Sequence[Document],
    coder: Coder | None = None,
    coder_many: BatchCoder | None = None,
    *,
    repeats: int = 3,
) -> dict[str, float]:
    """Documents per second coded alone vs coded and stored; ``ratio`` should be >= 0.9.

    With no coder given, both sides use Lanner's coder, batched as ``lanner code`` batches it.
    """
    if coder is None:
        from lanner.events import code_document, code_documents

        coder, coder_many = code_document, code_documents
    coder(documents[0])  # load models before the clock starts
    # Runs alternate and the fastest of each kind counts, so a busy machine skews both alike.
    code_seconds = ingest_seconds = float("inf")
    events = 0
    for _ in range(repeats):
        start = time.perf_counter()
        coded = list(coder_many(documents)) if coder_many else [coder(d) for d in documents]
        code_seconds = min(code_seconds, time.perf_counter() - start)
        events = sum(len(c.events) for c in coded)
        with (
            tempfile.TemporaryDirectory() as tmp,
            Store(Path(tmp) / "b.duckdb", coder=coder) as store,
        ):
            start = time.perf_counter()
            store.ingest(documents, coder_many=coder_many, progress=False)
            ingest_seconds = min(ingest_seconds, time.perf_counter() - start)
    n = len(documents)
    return {
        "documents": float(n),
        "events": float(events),
        "code_docs_per_s": n / code_seconds,
        "ingest_docs_per_s": n / ingest_seconds,
        "ratio": code_seconds / ingest_seconds,
    }


def bench_store_invariants(
    documents: Sequence[Document], coder: Coder | None = None
) -> dict[str, bool]:
    """Ingesting twice changes nothing; a Parquet dump re-imported gives an equal store."""
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "a.duckdb", coder=coder) as store:
            store.ingest(documents, progress=False)
            once = store.table_checksums()
            store.ingest(documents, progress=False)
            twice = store.table_checksums()
            store.export(Path(tmp) / "dump", "parquet")
        with Store(Path(tmp) / "b.duckdb") as copy:
            copy.import_parquet(Path(tmp) / "dump")
            restored = copy.table_checksums()
    return {
        "ingest_twice_identical": once == twice,
        "parquet_round_trip_identical": once == restored,
    }
