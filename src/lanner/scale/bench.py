"""How the Dask engine scales: throughput on one worker against two, and worker memory.

``bench_dask(n_docs)`` codes the same generated corpus on a local cluster of one worker and
then of two, after loading the coder on every worker (start-up is not what is measured),
and returns documents per second for each and their ratio. ``lanner bench`` reports it.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from lanner.records import Document

__all__ = ["bench_dask", "template_reports"]

# Short wire-style reports made of interchangeable parts, so a corpus of any size has varied
# actors, verbs, places and dates. Written for Lanner; the names are common news actors.
_ACTORS = (
    "Russian", "Ukrainian", "Israeli", "Palestinian", "Iranian", "Turkish", "Syrian",
    "Iraqi", "Egyptian", "Chinese", "Indian", "Pakistani", "Sudanese", "Ethiopian",
)  # fmt: skip
_CITIES = (
    "Kharkiv", "Gaza", "Aleppo", "Mosul", "Kabul", "Khartoum", "Tripoli", "Donetsk",
    "Baghdad", "Damascus", "Beirut", "Karachi", "Mogadishu", "Sanaa",
)  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_OPENERS = (
    "{a} troops attacked {b} positions near {city} on {day}.",
    "{a} police arrested {b} protesters in {city} on {day}.",
    "The {a} government accused {b} officials of spying in {city} on {day}.",
    "{a} forces shelled {b} villages outside {city} on {day}.",
    "The {a} foreign minister met his {b} counterpart in {city} on {day}.",
    "{a} officials threatened {b} leaders with sanctions on {day}.",
)  # fmt: skip
_FOLLOW_UPS = (
    "The {b} government condemned the attack.",
    "{b} officials said the fighting killed {n} civilians.",
    "The {b} president urged restraint.",
    "{a} and {b} negotiators agreed to meet again next week.",
    "{b} forces returned fire, a military spokesman said.",
    "The two sides signed an agreement on prisoner exchanges.",
)  # fmt: skip


def template_reports(n: int, *, seed: int = 7, start: str = "2024-01-03") -> list[Document]:
    """``n`` short reports (two or three sentences) over a few months, deterministic per seed."""
    import datetime as dt

    rng = random.Random(seed)
    first = dt.date.fromisoformat(start)
    reports: list[Document] = []
    for i in range(n):
        a, b = rng.sample(_ACTORS, 2)
        values = {"a": a, "b": b, "city": rng.choice(_CITIES), "day": rng.choice(_WEEKDAYS),
                  "n": rng.randint(2, 40)}  # fmt: skip
        sentences = [rng.choice(_OPENERS)] + rng.sample(_FOLLOW_UPS, rng.randint(1, 2))
        text = " ".join(s.format(**values) for s in sentences)
        published = (first + dt.timedelta(days=(i * 3) % 150)).isoformat()
        reports.append(Document(id=f"report-{i:05d}", text=f"{text} (Report {i}.)", published=published,
                                source="lanner-templates", path=f"report-{i:05d}.txt"))  # fmt: skip
    return reports


def _write_corpus(folder: Path, documents: list[Document]) -> Path:
    import json

    path = folder / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for doc in documents:
            out.write(
                json.dumps({"id": doc.id, "text": doc.text, "published": doc.published}) + "\n"
            )
    return path


def _timed_run(corpus: Path, out_dir: Path, workers: int, partition_size: int) -> dict[str, Any]:
    from lanner.scale.engine import code_corpus_dask, dask_client
    from lanner.scale.worker import CodingOptions, cpu_seconds, warm_coder

    with dask_client(None, workers) as client:
        client.wait_for_workers(workers)
        client.run(warm_coder, CodingOptions())
        cpu_before = sum(client.run(cpu_seconds).values())
        client_before = cpu_seconds()
        start = time.perf_counter()
        summary = code_corpus_dask([str(corpus)], out_dir, partition_size=partition_size, progress=False,
                                   client=client)  # fmt: skip
        seconds = time.perf_counter() - start
        cpu = sum(client.run(cpu_seconds).values()) - cpu_before
        client_cpu = cpu_seconds() - client_before
    return {
        "workers": workers,
        "documents": summary.documents,
        "events": summary.events,
        "seconds": round(seconds, 3),
        "docs_per_second": round(summary.documents / seconds, 2) if seconds else 0.0,
        # CPU per document stays flat from one worker to two if the engine adds no overhead;
        # wall-clock gains then depend only on free cores.
        "worker_cpu_ms_per_doc": round(1000 * cpu / max(summary.documents, 1), 2),
        # The client (reading, sending partitions, the local scheduler) shares the cores.
        "client_cpu_seconds": round(client_cpu, 3),
        "peak_rss_mb": max(summary.worker_peak_rss_mb.values(), default=0.0),
    }


def bench_dask(n_docs: int = 600, *, partition_size: int | None = None) -> dict[str, Any]:
    """Throughput of the Dask engine with one worker and with two, on ``n_docs`` reports.

    Returns ``{"one_worker": {...}, "two_workers": {...}, "speedup": ratio, ...}``; the
    ratio is two-worker over one-worker documents per second (ideal 2.0 on two cores).
    Each run has its own output directory, so neither skips work the other did.
    """
    from lanner.scale.engine import require_dask

    require_dask()
    # Enough partitions that two workers stay busy to the end: the last partition on one
    # worker while the other idles is the main loss.
    size = partition_size or max(10, n_docs // 16)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="lanner-bench-dask-") as tmp:
        folder = Path(tmp)
        corpus = _write_corpus(folder, template_reports(n_docs))
        one = _timed_run(corpus, folder / "one", 1, size)
        two = _timed_run(corpus, folder / "two", 2, size)
    speedup = two["docs_per_second"] / one["docs_per_second"] if one["docs_per_second"] else 0.0
    return {
        # Other processes competing for the cores make the ratio meaningless; say if they did.
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "cpu_count": os.cpu_count(),
        "documents": n_docs,
        "partition_size": size,
        "one_worker": one,
        "two_workers": two,
        "speedup": round(speedup, 2),
        "peak_rss_mb_per_worker": max(one["peak_rss_mb"], two["peak_rss_mb"]),
    }
