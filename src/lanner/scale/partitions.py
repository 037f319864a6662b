"""Splitting a corpus into partitions, and the layout of a Dask run's output directory.

A partition is a run of consecutive inputs from the sorted input stream. Its id joins its
position with a digest of its contents (``00003-9f2c41d07a1b``), so the same input always
gives the same ids, and a partition whose documents changed gets a new id instead of being
skipped as finished. Nothing here imports Dask: the core install uses it for ``ingest``.

Layout of an output directory::

    out/
      _run.json                          options the run was made with (checked on rerun)
      month=2024-03/part-<id>.parquet    flat event rows, Hive-partitioned by event month
      month=unknown/part-<id>.parquet    events without a date
      _done/<id>                         written last, atomically: the partition is finished
      _failures/<id>.jsonl               inputs and documents that could not be coded
      _coded/<id>.jsonl                  coded documents, kept only for ``ingest_dask``
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lanner.errors import LannerError
from lanner.ingest import InputFailure
from lanner.records import Document

__all__ = [
    "DONE_DIR",
    "FAILURES_DIR",
    "CODED_DIR",
    "RUN_FILE",
    "Partition",
    "failure_record",
    "finished_partitions",
    "is_finished",
    "mark_finished",
    "partition_inputs",
    "read_failures",
    "write_atomically",
]

DONE_DIR = "_done"
FAILURES_DIR = "_failures"
CODED_DIR = "_coded"
RUN_FILE = "_run.json"


@dataclass
class Partition:
    """Consecutive inputs coded by one task: documents, plus the inputs that failed to read.

    Read failures travel as plain dicts (see :func:`failure_record`) because a
    ``LannerError`` does not survive pickling between processes.
    """

    id: str
    index: int
    documents: list[Document] = field(default_factory=list)
    input_failures: list[dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.documents) + len(self.input_failures)


def failure_record(
    path: str, error: LannerError, *, partition: str, doc_id: str | None = None
) -> dict[str, Any]:
    """One line of ``_failures/<id>.jsonl``."""
    return {
        "partition": partition,
        "path": path,
        "doc_id": doc_id,
        "code": error.code,
        "message": error.message,
        # The fields rebuild the same error when the failure is replayed into a store.
        "fields": {k: str(v) for k, v in error.fields.items()},
    }


def _partition_id(index: int, keys: list[str]) -> str:
    digest = hashlib.sha1("\n".join(keys).encode("utf-8")).hexdigest()[:12]
    return f"{index:05d}-{digest}"


def partition_inputs(items: Iterable[Document | InputFailure], size: int) -> Iterator[Partition]:
    """Group the input stream into partitions of ``size`` inputs (documents or failures).

    The stream is consumed lazily, so only one partition is held at a time. Failures count
    towards the size, so a partition never holds more than ``size`` inputs.
    """
    if size < 1:
        raise LannerError("E706", reason=f"needs --partition-size of at least 1, not {size}")
    index = 0
    docs: list[Document] = []
    failures: list[InputFailure] = []
    keys: list[str] = []

    def flush() -> Partition:
        pid = _partition_id(index, keys)
        return Partition(
            id=pid,
            index=index,
            documents=docs,
            input_failures=[failure_record(f.path, f.error, partition=pid) for f in failures],
        )

    for item in items:
        if isinstance(item, InputFailure):
            failures.append(item)
            keys.append(f"failure:{item.path}:{item.error.code}")
        else:
            docs.append(item)
            keys.append(f"doc:{item.content_hash}:{item.published}")
        if len(keys) >= size:
            yield flush()
            index += 1
            docs, failures, keys = [], [], []
    if keys:
        yield flush()


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    The temporary name does not end in ``.parquet``, so a glob over the output never sees
    a half-written file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def mark_finished(out_dir: Path, partition_id: str, summary: dict[str, Any]) -> None:
    """Record that every file of the partition is in place (written after them)."""
    payload = json.dumps(summary, sort_keys=True).encode("utf-8")
    write_atomically(out_dir / DONE_DIR / partition_id, payload)


def is_finished(out_dir: Path, partition_id: str) -> bool:
    return (out_dir / DONE_DIR / partition_id).is_file()


def finished_partitions(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The summaries of every finished partition in ``out_dir``, by id."""
    done = out_dir / DONE_DIR
    if not done.is_dir():
        return {}
    found: dict[str, dict[str, Any]] = {}
    for marker in sorted(done.iterdir()):
        if marker.name.startswith("."):
            continue  # a marker being written
        try:
            found[marker.name] = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            found[marker.name] = {}
    return found


def read_failures(out_dir: Path) -> list[dict[str, Any]]:
    """Every failure recorded in ``out_dir``, in partition order."""
    folder = out_dir / FAILURES_DIR
    if not folder.is_dir():
        return []
    rows: list[dict[str, Any]] = []
    for file in sorted(folder.glob("*.jsonl")):
        with open(file, encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return rows
