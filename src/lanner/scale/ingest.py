"""``lanner ingest --engine dask``: code on the cluster, then load the result into a store.

The flat Parquet rows are not enough for a store: it also keeps each document's text (for
near-duplicate detection and context), and merges event records that describe the same
event into one event with several mentions. So the Dask run also keeps the coded documents
(``_coded/<id>.jsonl``), and loading replays them, in input order, through
:meth:`lanner.store.Store.ingest` with a coder that looks the coding up instead of
computing it. The store therefore applies exactly its own rules (skip stored documents,
de-duplicate, merge events, record failures), and only the expensive part ran on the
cluster. Loading is single-process because a DuckDB store has one writer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lanner.errors import LannerError
from lanner.events.coder import CODER_VERSION, CodedDocument
from lanner.ingest import InputFailure
from lanner.records import Document
from lanner.scale.partitions import CODED_DIR, FAILURES_DIR, RUN_FILE, finished_partitions
from lanner.scale.worker import coded_from_json

if TYPE_CHECKING:
    from distributed import Client

    from lanner.scale.engine import DaskRunSummary
    from lanner.store import IngestSummary

__all__ = ["DaskIngestSummary", "ingest_dask", "load_coded"]


@dataclass
class DaskIngestSummary:
    """The coding run on the cluster and the load into the store."""

    coding: DaskRunSummary
    store: IngestSummary

    def to_dict(self) -> dict[str, Any]:
        return {"coding": self.coding.to_dict(), "store": self.store.to_dict()}

    def __str__(self) -> str:
        return f"{self.coding}\nstore: {self.store}"


class _PrecodedCoder:
    """A store coder that returns codings made on the cluster (one partition at a time)."""

    coder_version = CODER_VERSION

    def __init__(self) -> None:
        self.coded: dict[str, CodedDocument] = {}

    def __call__(self, document: Document) -> CodedDocument:
        found = self.coded.get(document.content_hash)
        if found is None:
            # Cannot happen for documents read from the same _coded file; a hand-edited
            # directory gets a coded failure rather than a KeyError.
            raise LannerError(
                "E707", path=document.path or document.id, reason="document has no coding"
            )
        return found


def _failure(row: dict[str, Any]) -> InputFailure:
    code = str(row.get("code", "E705"))
    fields = dict(row.get("fields") or {})
    try:
        error = LannerError(code, **fields)
    except KeyError:  # a code from a newer Lanner: keep its message as it was written
        error = LannerError(
            "E705", doc=row.get("path", "?"), kind=code, reason=row.get("message", "")
        )
    return InputFailure(str(row.get("path") or row.get("doc_id") or "?"), error)


def _replay(out_dir: Path, pid: str, coder: _PrecodedCoder) -> Iterator[Document | InputFailure]:
    coder.coded = {}
    failures = out_dir / FAILURES_DIR / f"{pid}.jsonl"
    if failures.exists():
        with open(failures, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield _failure(json.loads(line))
    coded_file = out_dir / CODED_DIR / f"{pid}.jsonl"
    if not coded_file.exists():
        raise LannerError(
            "E707", path=str(out_dir), reason=f"partition {pid} has no {CODED_DIR} file"
        )
    with open(coded_file, encoding="utf-8") as handle:
        items = [coded_from_json(json.loads(line)) for line in handle if line.strip()]
    for item in items:
        coder.coded[item.document.content_hash] = item
    for item in items:
        yield item.document


def load_coded(
    out_dir: str | Path, db_path: str | Path, *, progress: bool | None = None
) -> IngestSummary:
    """Load a finished Dask output directory (made with ``keep_coded``) into the store."""
    from lanner.store import IngestSummary, Store

    root = Path(out_dir)
    if not (root / RUN_FILE).exists():
        raise LannerError("E707", path=str(root), reason=f"no {RUN_FILE}")
    run = json.loads((root / RUN_FILE).read_text(encoding="utf-8"))
    if not run.get("keep_coded"):
        raise LannerError(
            "E707", path=str(root), reason="it was coded without keeping the coded documents"
        )
    total = IngestSummary()
    coder = _PrecodedCoder()
    with Store(db_path) as store:
        # Partition ids begin with their position, so sorted ids are the input order; the
        # store's event merging depends on that order.
        for pid in sorted(finished_partitions(root)):
            part = store.ingest(_replay(root, pid, coder), coder=coder, progress=progress)
            for name in (
                "documents_new",
                "documents_stored_already",
                "documents_duplicate",
                "documents_failed",
                "events_new",
                "events_merged",
            ):
                setattr(total, name, getattr(total, name) + getattr(part, name))
            total.failures.extend(part.failures)
    return total


def ingest_dask(
    paths: Sequence[str],
    db_path: str | Path,
    *,
    work_dir: str | Path | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    partition_size: int = 200,
    published: str | None = None,
    geo: bool = True,
    dict_files: Sequence[str] = (),
    petrarch_actors: Sequence[str] = (),
    petrarch_agents: Sequence[str] = (),
    patterns: Sequence[str] = (),
    progress: bool | None = None,
    client: Client | None = None,
) -> DaskIngestSummary:
    """Code ``paths`` on Dask, then store the documents and events in the store at ``db_path``.

    The cluster's output goes to ``work_dir`` (default: ``<db_path>.dask/`` beside the store),
    which also holds the events as Parquet; a rerun skips finished partitions, and the store
    skips documents it already holds. ``client`` is an existing Dask client to use instead
    of ``scheduler``/``workers``. Every event is stored, whatever its factuality, as
    with a local ``lanner ingest``.
    """
    from lanner.scale.engine import code_corpus_dask

    work = Path(work_dir) if work_dir is not None else Path(f"{db_path}.dask")
    coding = code_corpus_dask(
        paths, work, scheduler=scheduler, workers=workers, partition_size=partition_size,
        published=published, geo=geo, include_all=True, keep_coded=True, dict_files=dict_files,
        petrarch_actors=petrarch_actors, petrarch_agents=petrarch_agents, patterns=patterns,
        progress=progress, client=client,
    )  # fmt: skip
    stored = load_coded(work, db_path, progress=progress)
    return DaskIngestSummary(coding=coding, store=stored)
