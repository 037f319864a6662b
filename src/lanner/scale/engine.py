"""Coding a corpus on Dask: the client side.

The client reads the input (sorted, so partition ids are stable), groups it into partitions
and hands each to the cluster with ``scatter`` + ``submit``: the documents live on a worker,
not in the scheduler's task graph. Only a window of partitions is on the cluster at once
(reading waits for one to finish), so memory stays bounded on a corpus of any size.
Workers write the Parquet files themselves, so with a remote scheduler the output
directory must be on storage every worker and the client can reach.

A partition whose ``_done`` marker exists is not sent again, so a rerun continues a killed
run; a partition whose task fails is reported (E704) and left without a marker for the next
run. Dask is imported inside functions only: ``import lanner.scale`` works without it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from lanner.errors import LannerError, LannerWarning
from lanner.scale.partitions import (
    RUN_FILE,
    finished_partitions,
    partition_inputs,
    write_atomically,
)
from lanner.scale.worker import CodingOptions, code_partition, peak_rss_bytes

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["DaskRunSummary", "code_corpus_dask", "dask_client", "require_dask", "run_partitions"]

log = logging.getLogger(__name__)

_CONNECT_TIMEOUT = "10s"


def require_dask() -> None:
    """Raise E701 unless Dask's distributed scheduler can be imported."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise LannerError("E701") from None


@dataclass
class DaskRunSummary:
    """What a Dask run did; the counts cover every partition of the input, old and new."""

    out_dir: str
    partitions: int = 0
    partitions_skipped: int = 0  # finished by an earlier run
    partitions_done: int = 0  # finished by this run
    partitions_failed: list[dict[str, str]] = field(default_factory=list)
    documents: int = 0
    events: int = 0
    failures: int = 0  # inputs and documents listed in _failures/
    seconds: float = 0.0
    workers: int = 0
    worker_peak_rss_mb: dict[str, float] = field(default_factory=dict)
    dashboard: str | None = None
    warnings: list[LannerWarning] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.partitions_failed and not self.failures

    def add(self, partition_summary: dict[str, Any]) -> None:
        self.documents += int(partition_summary.get("documents", 0))
        self.events += int(partition_summary.get("events", 0))
        self.failures += int(partition_summary.get("failures", 0))

    def to_dict(self) -> dict[str, Any]:
        return {
            "out_dir": self.out_dir,
            "partitions": self.partitions,
            "partitions_skipped": self.partitions_skipped,
            "partitions_done": self.partitions_done,
            "partitions_failed": self.partitions_failed,
            "documents": self.documents,
            "events": self.events,
            "failures": self.failures,
            "seconds": round(self.seconds, 3),
            "workers": self.workers,
            "worker_peak_rss_mb": self.worker_peak_rss_mb,
            "dashboard": self.dashboard,
            "warnings": [w.to_dict() for w in self.warnings],
        }

    def __str__(self) -> str:
        failed = len(self.partitions_failed)
        return (
            f"coded {self.documents} document(s) into {self.events} event(s) in {self.partitions} "
            f"partition(s) ({self.partitions_skipped} already done, {failed} failed), "
            f"{self.failures} input(s) failed, {self.seconds:.1f} s on {self.workers} worker(s)"
        )


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2) -> Iterator[Client]:
    """A client on the scheduler at ``scheduler``, or on a new local cluster of ``workers``
    single-threaded processes (one spaCy pipeline each; spaCy releases little of the GIL,
    so threads would not add throughput)."""
    require_dask()
    with _quiet_dask_logs():
        yield from _open_client(scheduler, workers)


@contextlib.contextmanager
def _quiet_dask_logs() -> Iterator[None]:
    """Keep Dask's INFO chatter (cluster start and stop) off stderr unless ``lanner -v``."""
    dask_log = logging.getLogger("distributed")
    before = dask_log.level
    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        dask_log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        dask_log.setLevel(before)


def _open_client(scheduler: str | None, workers: int) -> Iterator[Client]:
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=_CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError, ValueError) as exc:
            raise LannerError(
                "E702", address=scheduler, reason=str(exc) or type(exc).__name__
            ) from None
        try:
            yield client
        finally:
            client.close()  # type: ignore[no-untyped-call]
        return
    if workers < 1:
        raise LannerError("E706", reason=f"needs --workers of at least 1, not {workers}")
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        # The scheduler's HTTP server always starts; a free port avoids a clash (and Dask's
        # warning about it) with another cluster on 8787.
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    )
    try:
        client = Client(cluster)  # type: ignore[no-untyped-call]
        try:
            yield client
        finally:
            client.close()  # type: ignore[no-untyped-call]
    finally:
        cluster.close()


def _check_run_file(out_dir: Path, options: CodingOptions) -> None:
    """Refuse to mix partitions coded with different options in one directory (E703)."""
    wanted = options.fingerprint()
    run_file = out_dir / RUN_FILE
    if run_file.exists():
        try:
            found = json.loads(run_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise LannerError(
                "E707", path=str(out_dir), reason=f"unreadable {RUN_FILE}: {exc}"
            ) from None
        if found != wanted:
            changed = sorted(
                k for k in wanted.keys() | found.keys() if wanted.get(k) != found.get(k)
            )
            raise LannerError("E703", path=str(out_dir), reason="changed: " + ", ".join(changed))
        return
    write_atomically(run_file, json.dumps(wanted, indent=2, sort_keys=True).encode("utf-8"))


class _ProgressLine:
    """One line on stderr, redrawn as partitions finish (only when asked, e.g. on a terminal).

    Dask's own ``progress`` bar needs every future up front, which would put the whole
    corpus in the cluster's memory at once; submission here is windowed instead.
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.start = time.perf_counter()

    def draw(self, summary: DaskRunSummary, running: int, reading: bool) -> None:
        if not self.enabled:
            return
        finished = summary.partitions_done + summary.partitions_skipped
        total = "?" if reading else str(summary.partitions)
        line = (
            f"\rpartitions {finished}/{total} ({running} running, "
            f"{len(summary.partitions_failed)} failed) | documents {summary.documents} | "
            f"events {summary.events} | {time.perf_counter() - self.start:.0f} s"
        )
        print(line, end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.enabled:
            print(file=sys.stderr, flush=True)


def run_partitions(
    client: Client,
    items: Any,
    out_dir: str | Path,
    options: CodingOptions,
    *,
    partition_size: int = 200,
    progress: bool | None = None,
    max_in_flight: int | None = None,
) -> DaskRunSummary:
    """Code ``items`` (Documents and InputFailures) on ``client``'s cluster into ``out_dir``.

    At most ``max_in_flight`` partitions (default: four per worker thread) are on the
    cluster at once, so memory stays bounded however large the corpus: reading waits for
    a partition to finish before sending another.
    """
    from distributed import as_completed

    start = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _check_run_file(out, options)
    done_before = finished_partitions(out)
    summary = DaskRunSummary(out_dir=str(out), dashboard=_dashboard_link(client))
    # nthreads() lists every worker; scheduler_info() only the first few.
    threads = client.nthreads()  # type: ignore[no-untyped-call]
    summary.workers = len(threads)
    window = max_in_flight or max(4, 4 * sum(threads.values()))
    if summary.dashboard and progress is not False:
        print(f"Dask dashboard: {summary.dashboard}", file=sys.stderr)
    bar = _ProgressLine(sys.stderr.isatty() if progress is None else progress)
    run_token = uuid.uuid4().hex[:8]
    planned: set[str] = set()
    pending: dict[Any, str] = {}
    finished = as_completed()  # type: ignore[no-untyped-call]
    for partition in partition_inputs(items, partition_size):
        planned.add(partition.id)
        summary.partitions = len(planned)
        if partition.id in done_before:
            summary.partitions_skipped += 1
            summary.add(done_before[partition.id])
            continue
        while len(pending) >= window:
            _collect(next(finished), pending, summary)
            bar.draw(summary, len(pending), reading=True)
        # scatter, not a task argument: the documents then sit on a worker, not in the graph.
        data = client.scatter(partition, hash=False)  # type: ignore[no-untyped-call]
        future = client.submit(
            code_partition,
            data,
            str(out),
            options,
            key=f"lanner-code-{partition.id}-{run_token}",
            pure=False,
        )
        pending[future] = partition.id
        finished.add(future)  # type: ignore[no-untyped-call]
    bar.draw(summary, len(pending), reading=False)
    for future in finished:
        _collect(future, pending, summary)
        bar.draw(summary, len(pending), reading=False)
    bar.close()
    stale = sorted(set(done_before) - planned)
    if stale:
        summary.warnings.append(LannerWarning("W701", {"path": str(out), "count": len(stale)}))
    summary.worker_peak_rss_mb = _peak_rss_mb(client)
    summary.seconds = time.perf_counter() - start
    return summary


def _collect(future: Any, pending: dict[Any, str], summary: DaskRunSummary) -> None:
    """Add a finished partition's summary, or record its failure (E704) for the next run."""
    pid = pending.pop(future)
    try:
        summary.add(future.result())
        summary.partitions_done += 1
    except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker; the next run retries it
        error = LannerError("E704", partition=pid, reason=f"{type(exc).__name__}: {exc}")
        log.warning("%s: %s", error.code, error.message)
        summary.partitions_failed.append(
            {"partition": pid, "code": error.code, "message": error.message}
        )
    future.release()


def _dashboard_link(client: Client) -> str | None:
    """The dashboard's URL, or None when the scheduler serves none (bokeh not installed)."""
    try:
        # The scheduler serves its HTTP port either way; the dashboard pages need bokeh there.
        if "dashboard" not in client.scheduler_info().get("services", {}):
            return None
        has_bokeh = client.run_on_scheduler(importlib.util.find_spec, "bokeh")  # type: ignore[no-untyped-call]
        if has_bokeh is None:
            return None
        link = client.dashboard_link
    except Exception:  # noqa: BLE001 - no dashboard is not an error
        return None
    return str(link) if link else None


def _peak_rss_mb(client: Client) -> dict[str, float]:
    try:
        found = client.run(peak_rss_bytes)
    except Exception:  # noqa: BLE001 - a worker that left just has no figure
        return {}
    return {str(addr): round(int(value) / 2**20, 1) for addr, value in sorted(found.items())}


def code_corpus_dask(
    paths: Sequence[str],
    out_dir: str | Path,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    partition_size: int = 200,
    published: str | None = None,
    geo: bool = True,
    include_all: bool = False,
    keep_coded: bool = False,
    dict_files: Sequence[str] = (),
    petrarch_actors: Sequence[str] = (),
    petrarch_agents: Sequence[str] = (),
    patterns: Sequence[str] = (),
    coder: str | None = None,
    progress: bool | None = None,
    stdin: TextIO | None = None,
    client: Client | None = None,
    max_in_flight: int | None = None,
) -> DaskRunSummary:
    """Code every document under ``paths`` on Dask into month-partitioned Parquet in ``out_dir``.

    Without ``scheduler`` a local cluster of ``workers`` processes is started and stopped;
    with it, the existing cluster is used (``lanner`` installed on every worker, ``out_dir``
    on shared storage). An existing ``client`` may be passed instead of either. Rerunning
    with the same ``out_dir`` skips partitions already finished. ``include_all`` keeps
    hypothetical and negated events too (``lanner code --all``); ``keep_coded`` also writes
    the coded documents for :func:`lanner.scale.ingest_dask`. ``max_in_flight`` bounds
    the partitions on the cluster at once (default four per worker thread).
    """
    from lanner.ingest import read_documents

    require_dask()
    options = CodingOptions(
        geo=geo,
        include_all=include_all,
        keep_coded=keep_coded,
        dict_files=tuple(dict_files),
        petrarch_actors=tuple(petrarch_actors),
        petrarch_agents=tuple(petrarch_agents),
        patterns=tuple(patterns),
        coder=coder,
    )
    if partition_size < 1:
        raise LannerError(
            "E706", reason=f"needs --partition-size of at least 1, not {partition_size}"
        )
    # Sorted so the partitions (and their ids) do not depend on the order paths were given in.
    ordered = sorted(p for p in paths if p != "-") + [p for p in paths if p == "-"]
    items = read_documents(ordered, published=published, stdin=stdin)
    if client is not None:
        return run_partitions(
            client,
            items,
            out_dir,
            options,
            partition_size=partition_size,
            progress=progress,
            max_in_flight=max_in_flight,
        )
    with dask_client(scheduler, workers) as own:
        return run_partitions(
            own,
            items,
            out_dir,
            options,
            partition_size=partition_size,
            progress=progress,
            max_in_flight=max_in_flight,
        )
