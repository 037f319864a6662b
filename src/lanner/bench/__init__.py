"""``lanner bench``: speed and memory as ratios against a baseline measured in the same run.

Machines are noisy (two shared cores here), so every figure is reported next to the baseline
it is compared with, measured in the same process, interleaved round by round, and the ratio
of medians is the number that matters. Sections run independently; a section whose extra is
not installed (Dask, the dashboard's browser) reports why it was skipped.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["SECTIONS", "bench_coder", "run_benchmarks"]


def _sample_documents(limit: int | None = None) -> list[Any]:
    from lanner.records import Document
    from lanner.sample import load_sample

    docs = [
        Document(id=d["id"], text=d["text"], published=d.get("published"), title=d.get("title"))
        for d in load_sample()
    ]
    return docs[:limit] if limit else docs


def bench_coder(rounds: int = 3, documents: Sequence[Any] | None = None) -> dict[str, Any]:
    """Bare spaCy vs the rules-only coder vs the default coder, over the same texts.

    Same texts, same batch size, rounds interleaved, each coder built before timing (the
    model is loaded once per process, as in use). Bars: default >= 0.5 x bare spaCy,
    rules-only >= 0.8 x bare spaCy, peak RSS <= 1.5 GB.
    """
    import resource

    from lanner.events.coder import EventCoder, default_coder_name
    from lanner.nlp import bare_nlp

    docs = list(documents or _sample_documents())
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    bare = bare_nlp()
    default_name = default_coder_name()
    coders = {"rules": EventCoder(coder="rules"), default_name: EventCoder(coder=default_name)}
    list(bare.pipe(texts[:4]))  # warm: model loads, gazetteer, lexicons
    for coder in coders.values():
        list(coder.code_many(docs[:4]))
    times: dict[str, list[float]] = {"bare": [], **{name: [] for name in coders}}
    events: dict[str, int] = {}
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=16):
            pass
        times["bare"].append(time.perf_counter() - t0)
        for name, coder in coders.items():
            t0 = time.perf_counter()
            events[name] = sum(len(c.events) for c in coder.code_many(docs, batch_size=16))
            times[name].append(time.perf_counter() - t0)
    median = {name: statistics.median(ts) for name, ts in times.items()}
    out: dict[str, Any] = {
        "documents": len(docs),
        "words": words,
        "default_coder": default_name,
        "bare_spacy_articles_per_s": round(len(docs) / median["bare"], 2),
        "bare_spacy_words_per_s": round(words / median["bare"], 1),
    }
    for name in coders:
        out[f"{name}_articles_per_s"] = round(len(docs) / median[name], 2)
        out[f"{name}_events"] = events[name]
        out[f"ratio_{name}_to_bare"] = round(median["bare"] / median[name], 3)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["bars"] = "default >= 0.5, rules >= 0.8 (ratios to bare spaCy); peak RSS <= 1536 MB"
    return out


def bench_dictionaries(shared: Path | None = None) -> dict[str, Any]:
    """Start-up and coding throughput with the Phoenix country actors loaded (issue 8 bar)."""
    from lanner.actors import bench_lexicon

    phoenix = (shared or _shared()) / "data/petrarch/Phoenix.Countries.actors.txt"
    if not phoenix.exists():
        return {"skipped": f"{phoenix} not found (needs ../shared)"}
    out: dict[str, Any] = dict(bench_lexicon(petrarch_actors=[str(phoenix)]))
    from lanner.actors import load_lexicon
    from lanner.events.coder import EventCoder

    docs = _sample_documents(24)
    plain = EventCoder()
    t0 = time.perf_counter()
    big = EventCoder(lexicon=load_lexicon(petrarch_actors=[str(phoenix)]))
    out["phoenix_load_s"] = round(time.perf_counter() - t0, 3)
    list(plain.code_many(docs[:2]))
    list(big.code_many(docs[:2]))
    times: dict[str, list[float]] = {"default": [], "phoenix": []}
    for _ in range(3):
        for name, coder in (("default", plain), ("phoenix", big)):
            t0 = time.perf_counter()
            list(coder.code_many(docs))
            times[name].append(time.perf_counter() - t0)
    out["coding_ratio_phoenix_to_default"] = round(
        statistics.median(times["default"]) / statistics.median(times["phoenix"]), 3
    )
    out["bar"] = "load <= 2 s; coding ratio >= 0.9"
    return out


def _shared() -> Path:
    return Path.cwd().resolve().parent / "shared"


def _store_section() -> dict[str, Any]:
    from lanner.store.bench import bench_dashboard_queries, bench_ingest_overhead

    docs = _sample_documents()
    return {
        "ingest_vs_code": bench_ingest_overhead(docs),
        "dashboard_queries_1M": bench_dashboard_queries(1_000_000),
    }


def _api_section() -> dict[str, Any]:
    import tempfile

    from lanner.api.bench import bench_api
    from lanner.store import make_synthetic_store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        make_synthetic_store(path, 1_000_000)
        return bench_api(str(path))


def _dashboard_section() -> dict[str, Any]:
    import tempfile

    from lanner.store import make_synthetic_store
    from lanner.web.bench import bench_dashboard

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        make_synthetic_store(path, 100_000)
        return bench_dashboard(str(path))


def _load_section() -> dict[str, Any]:
    """50 concurrent clients for 30 s with randomized filters against the real server on
    127.0.0.1 (1M events, cache not warmed): the share of distinct URLs is in the result."""
    import tempfile

    from lanner.api.loadtest import run_load_test
    from lanner.store import make_synthetic_store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "load.duckdb"
        make_synthetic_store(path, 1_000_000)
        result = run_load_test(str(path), clients=50, seconds=30, mode="random")
    result.pop("per_path", None)
    result["bar"] = "0 errors, p95 <= 300 ms, >= 150 req/s, server RSS <= 1 GB"
    return result


def _section(module: str, func: str, *args: Any) -> Callable[[], dict[str, Any]]:
    def run() -> dict[str, Any]:
        import importlib

        result: dict[str, Any] = getattr(importlib.import_module(module), func)(*args)
        return result

    return run


SECTIONS: dict[str, Callable[[], dict[str, Any]]] = {
    "coder": bench_coder,
    "dates": _section("lanner.dates", "bench_dates", 3000),
    "ingest": _section("lanner.ingest.benchmark", "bench_ingest", 2000),
    "geo": _section("lanner.geo.bench", "bench_geo"),
    "dictionaries": bench_dictionaries,
    "store": _store_section,
    "api": _api_section,
    "dask": _section("lanner.scale.bench", "bench_dask", 300),
    "dashboard": _dashboard_section,
    "load": _load_section,
}


def run_benchmarks(
    only: Sequence[str] = (), report: Callable[[str, dict[str, Any]], None] | None = None
) -> dict[str, Any]:
    """Run the chosen sections (default: all); a failing section reports its error, not a crash."""
    from lanner.errors import LannerError

    results: dict[str, Any] = {}
    for name, run in SECTIONS.items():
        if only and name not in only:
            continue
        t0 = time.perf_counter()
        try:
            result = run()
        except ImportError as exc:
            result = {"skipped": f"needs an optional package: {exc.name}"}
        except LannerError as exc:
            result = {"skipped": str(exc)}
        result["section_seconds"] = round(time.perf_counter() - t0, 1)
        results[name] = result
        if report is not None:
            report(name, result)
    return results
