"""What runs inside a Dask worker: code one partition and write its files.

The coder (spaCy model, actor lexicon, patterns, gazetteer) is built once per worker process
and kept in a module-level cache keyed by the coding options, so a worker pays the start-up
cost on its first partition only. The functions here are plain Python; they are shipped to
workers by reference (``lanner`` must be installed on every worker).

Nothing raised here may be a ``LannerError``: it does not survive pickling back to the
client. Problems with single documents are written to ``_failures/<id>.jsonl`` instead.
"""

from __future__ import annotations

import json
import os
import resource
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from lanner.errors import LannerError
from lanner.events.coder import CODER_VERSION, CodedDocument, EventCoder
from lanner.records import Document, EventRecord
from lanner.scale.parquet import write_month_parts
from lanner.scale.partitions import (
    CODED_DIR,
    FAILURES_DIR,
    Partition,
    failure_record,
    mark_finished,
    write_atomically,
)
from lanner.store.formats import flat_row

__all__ = [
    "CodingOptions",
    "code_partition",
    "coded_from_json",
    "coded_to_json",
    "cpu_seconds",
    "peak_rss_bytes",
    "warm_coder",
]

# Factualities ``lanner code`` outputs unless --all is given.
_DEFAULT_FACTUALITIES = ("asserted", "intended")
_WARM_TEXT = "Russian troops attacked Ukrainian positions near Kharkiv on Monday."


@dataclass(frozen=True)
class CodingOptions:
    """How partitions are coded; the same for every partition of a run (see ``_run.json``)."""

    geo: bool = True
    include_all: bool = False
    keep_coded: bool = False
    batch_size: int = 16
    dict_files: tuple[str, ...] = ()
    petrarch_actors: tuple[str, ...] = ()
    petrarch_agents: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    coder: str | None = None

    def fingerprint(self) -> dict[str, Any]:
        """What must match between a run and its continuation (batch size does not)."""
        out = asdict(self)
        out.pop("batch_size")
        out["coder_version"] = CODER_VERSION
        return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}


_coders: dict[tuple[Any, ...], EventCoder] = {}
_coders_lock = threading.Lock()


def _coder_for(options: CodingOptions) -> EventCoder:
    key = (
        options.geo,
        options.dict_files,
        options.petrarch_actors,
        options.petrarch_agents,
        options.patterns,
        options.coder,
    )
    with _coders_lock:
        coder = _coders.get(key)
        if coder is None:
            from lanner.pipeline import make_coder

            coder = make_coder(
                options.dict_files,
                options.petrarch_actors,
                options.petrarch_agents,
                options.patterns,
                geo=options.geo,
                coder=options.coder,
            )
            _coders[key] = coder
        return coder


def warm_coder(options: CodingOptions) -> float:
    """Load the coder and its models in this process now; returns the seconds it took.

    Run on every worker with ``client.run`` before timing, so benchmarks measure coding and
    not model loading.
    """
    start = time.perf_counter()
    _coder_for(options).code(Document(id="warm-up", text=_WARM_TEXT, published="2024-01-01"))
    return time.perf_counter() - start


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return float(usage.ru_utime + usage.ru_stime)


def peak_rss_bytes() -> int:
    """The peak resident memory of this process so far (Linux reports ru_maxrss in KiB)."""
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


def _code_all(
    coder: EventCoder, partition: Partition, options: CodingOptions
) -> tuple[list[CodedDocument], list[dict[str, Any]]]:
    """Code the partition in spaCy batches; if a batch fails, retry its documents one by one.

    The retry finds the document that broke the batch, so one bad document costs a failure
    line, not the partition.
    """
    try:
        return list(coder.code_many(partition.documents, batch_size=options.batch_size)), []
    except Exception:  # noqa: BLE001 - isolated per document below
        pass
    coded: list[CodedDocument] = []
    failures: list[dict[str, Any]] = []
    for document in partition.documents:
        try:
            coded.append(coder.code(document))
        except LannerError as error:
            failures.append(_document_failure(document, error, partition.id))
        except Exception as exc:  # noqa: BLE001 - a coder bug must not stop the corpus
            bug = LannerError(
                "E705", doc=document.path or document.id, kind=type(exc).__name__, reason=str(exc)
            )
            failures.append(_document_failure(document, bug, partition.id))
    return coded, failures


def _document_failure(document: Document, error: LannerError, partition_id: str) -> dict[str, Any]:
    return failure_record(
        document.path or document.id, error, partition=partition_id, doc_id=document.content_hash
    )


def _kept(event: EventRecord, options: CodingOptions) -> bool:
    return options.include_all or event.factuality in _DEFAULT_FACTUALITIES


def code_partition(partition: Partition, out_dir: str, options: CodingOptions) -> dict[str, Any]:
    """Code one partition and write its Parquet files, failures, and finally its done marker.

    Returns the partition's summary (also the content of ``_done/<id>``).
    """
    start = time.perf_counter()
    root = Path(out_dir)
    coded, failures = _code_all(_coder_for(options), partition, options)
    failures = partition.input_failures + failures
    rows = [
        flat_row(ev, item.document) for item in coded for ev in item.events if _kept(ev, options)
    ]
    months = write_month_parts(root, partition.id, rows)
    if failures:
        lines = "".join(json.dumps(f, ensure_ascii=False, sort_keys=True) + "\n" for f in failures)
        write_atomically(root / FAILURES_DIR / f"{partition.id}.jsonl", lines.encode("utf-8"))
    if options.keep_coded:
        lines = "".join(
            json.dumps(coded_to_json(item), ensure_ascii=False) + "\n" for item in coded
        )
        write_atomically(root / CODED_DIR / f"{partition.id}.jsonl", lines.encode("utf-8"))
    summary = {
        "partition": partition.id,
        "documents": len(coded),
        "events": len(rows),
        "failures": len(failures),
        "failure_codes": sorted({f["code"] for f in failures}),
        "months": months,
        "seconds": round(time.perf_counter() - start, 3),
        "worker_pid": os.getpid(),
    }
    mark_finished(root, partition.id, summary)
    return summary


def coded_to_json(item: CodedDocument) -> dict[str, Any]:
    """A coded document as JSON, complete enough for the store to ingest it as coded."""
    doc = item.document
    document = {
        "id": doc.id, "text": doc.text, "title": doc.title, "published": doc.published,
        "url": doc.url, "source": doc.source, "path": doc.path, "language": doc.language,
        "dateline": doc.dateline,
    }  # fmt: skip
    return {
        "document": document,
        "events": [ev.to_dict() for ev in item.events],
        "warnings": [
            {"code": w.code, "fields": {k: str(v) for k, v in w.fields.items()}}
            for w in item.warnings
        ],
    }


def coded_from_json(data: dict[str, Any]) -> CodedDocument:
    """The inverse of :func:`coded_to_json`."""
    from lanner.errors import LannerWarning

    warnings = [
        LannerWarning(w["code"], dict(w.get("fields") or {})) for w in data.get("warnings") or []
    ]
    document = Document(**data["document"])
    events = [EventRecord.from_dict(ev) for ev in data["events"]]
    return CodedDocument(document=document, events=events, warnings=warnings)
