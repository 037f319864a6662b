"""Lanner's embedded event store (DuckDB): idempotent ingest, de-duplication, export.

``Store(path)`` opens or creates a store; see ``docs/store.md`` for the schema, the
same-event rule and the export formats.
"""

from __future__ import annotations

from lanner.store.database import DEFAULT_PATH, Store, coder_version_of, store_error
from lanner.store.dedup import EventKey, minhash, same_event
from lanner.store.export import EXPORT_FORMATS, GDELT_COLUMNS
from lanner.store.query import EventFilter
from lanner.store.schema import SCHEMA_VERSION
from lanner.store.synthetic import make_synthetic_store
from lanner.store.writer import BatchCoder, CodedDocumentLike, Coder, IngestSummary

__all__ = [
    "DEFAULT_PATH",
    "EXPORT_FORMATS",
    "GDELT_COLUMNS",
    "SCHEMA_VERSION",
    "BatchCoder",
    "CodedDocumentLike",
    "Coder",
    "EventFilter",
    "EventKey",
    "IngestSummary",
    "Store",
    "coder_version_of",
    "make_synthetic_store",
    "minhash",
    "same_event",
    "store_error",
]
