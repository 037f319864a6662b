"""Writing coded documents into the store: one transaction per document, events merged.

A document goes in with its events and mentions in one transaction, so after a crash it
is either fully stored or absent, and a rerun skips what is stored (documents are keyed by
content hash). Event records that describe an event already stored (the rule in
``lanner.store.dedup.same_event``) become new mentions of that event instead of new events.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol
from urllib.parse import urlsplit

import duckdb

from lanner.errors import LannerError, LannerWarning
from lanner.records import Document, EventRecord
from lanner.store.dedup import EventKey, MinHashIndex, best_match, minhash

__all__ = [
    "CodedDocumentLike",
    "Coder",
    "DocumentWriter",
    "IngestSummary",
    "mention_id",
    "parse_event_date",
]


class CodedDocumentLike(Protocol):
    """What a coder returns (``lanner.events.CodedDocument`` has this shape)."""

    @property
    def document(self) -> Document: ...
    @property
    def events(self) -> Sequence[EventRecord]: ...
    @property
    def warnings(self) -> Sequence[LannerWarning]: ...


Coder = Callable[[Document], CodedDocumentLike]


@dataclass
class IngestSummary:
    """What one ingest (or recode) did; printed by the CLI at the end."""

    documents_new: int = 0
    documents_stored_already: int = 0
    documents_duplicate: int = 0
    documents_failed: int = 0
    events_new: int = 0
    events_merged: int = 0
    failures: list[LannerError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents_new": self.documents_new,
            "documents_stored_already": self.documents_stored_already,
            "documents_duplicate": self.documents_duplicate,
            "documents_failed": self.documents_failed,
            "events_new": self.events_new,
            "events_merged": self.events_merged,
        }

    def __str__(self) -> str:
        return (
            f"documents: {self.documents_new} new ({self.documents_duplicate} near-duplicates), "
            f"{self.documents_stored_already} already stored, {self.documents_failed} failed; "
            f"events: {self.events_new} new, {self.events_merged} merged"
        )


def parse_event_date(value: str | None) -> tuple[date | None, str | None]:
    """``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` to (first day of the period, precision)."""
    if not value:
        return None, None
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2])), "day"
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1), "month"
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1), "year"
    except ValueError:
        pass
    return None, None


def _parse_published(value: str | None) -> date | None:
    parsed, precision = parse_event_date(value)
    return parsed if precision == "day" else None


def mention_id(doc_id: str, record: EventRecord, occurrence: int) -> str:
    """A content-derived id for one event record in one document.

    The first mention's id is also the event's id, so ids are stable across reruns.
    ``occurrence`` separates records identical in every hashed field.
    """
    parts = [
        doc_id,
        str(record.sentence_index),
        str(record.trigger.start),
        str(record.trigger.end),
        record.cameo,
        record.source.code if record.source else "",
        record.target.code if record.target else "",
        str(occurrence),
    ]
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:16]


def event_key(record: EventRecord) -> EventKey:
    s, t = record.source, record.target
    event_date, precision = parse_event_date(record.date)
    loc = record.location
    return EventKey(
        dyad=(
            s.country if s else None,
            s.sector if s else None,
            s.igo if s else None,
            t.country if t else None,
            t.sector if t else None,
            t.igo if t else None,
        ),
        cameo=record.cameo,
        factuality=record.factuality,
        date=event_date,
        date_precision=precision if event_date else None,
        lat=loc.lat if loc else None,
        lon=loc.lon if loc else None,
    )


def source_key(doc: Document, doc_id: str) -> str:
    """Who published the document, for ``num_sources``: outlet name, else URL host, else itself."""
    if doc.source:
        return doc.source.strip().lower()
    if doc.url:
        host = urlsplit(doc.url).hostname
        if host:
            return host.lower().removeprefix("www.")
    return f"doc:{doc_id}"


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[list[Any]]) -> None:
    """Insert rows in one multi-row statement; DuckDB's executemany runs one per row (~1 ms)."""
    if not rows:
        return
    one = "(" + ", ".join("?" * len(rows[0])) + ")"
    # ``table`` is one of this module's constants; values are bound parameters.
    con.execute(
        f"INSERT INTO {table} VALUES {', '.join([one] * len(rows))}",
        [value for row in rows for value in row],
    )


class EventIndex:
    """Stored events grouped by :attr:`EventKey.bucket`, so a match is a dict lookup."""

    def __init__(self) -> None:
        self.buckets: dict[tuple[object, ...], list[tuple[str, EventKey]]] = {}

    def add(self, event_id: str, key: EventKey) -> None:
        self.buckets.setdefault(key.bucket, []).append((event_id, key))

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> EventIndex:
        index = cls()
        rows = con.execute(
            """
            SELECT id, source_country, source_sector, source_igo, target_country,
                   target_sector, target_igo, cameo, factuality, date, date_precision, lat, lon
            FROM events
            """
        ).fetchall()
        for row in rows:
            index.add(row[0], EventKey(tuple(row[1:7]), row[7], row[8], *row[9:13]))
        return index


class DocumentWriter:
    """Writes documents and merges their events; holds the in-memory match indexes.

    The indexes are only updated after a transaction commits, so a failed document leaves
    them consistent with the database.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, coder_version: str | None) -> None:
        self.con = con
        self.coder_version = coder_version
        self.events = EventIndex.load(con)
        self.minhashes = MinHashIndex()
        for doc_id, value in con.execute(
            "SELECT id, minhash FROM documents WHERE minhash IS NOT NULL AND duplicate_of IS NULL"
        ).fetchall():
            self.minhashes.add(doc_id, bytes(value))
        row = con.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchone()
        self.next_seq = int(row[0]) + 1 if row else 1

    def is_stored(self, doc_id: str) -> bool:
        return bool(self.con.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone())

    def version_of(self, records: Sequence[EventRecord]) -> str | None:
        """The coder version a document was coded with: its events' own, else the coder's."""
        return next((r.coder_version for r in records if r.coder_version), self.coder_version)

    def insert_document(
        self, doc: Document, doc_id: str, records: Sequence[EventRecord]
    ) -> tuple[bytes | None, tuple[str, float] | None]:
        """Insert the document row; returns its MinHash and the near-duplicate it copies."""
        value = minhash(doc.text)
        near = self.minhashes.nearest(value) if value is not None else None
        self.con.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                doc_id,
                self.next_seq,
                doc.title,
                doc.url,
                doc.source,
                source_key(doc, doc_id),
                _parse_published(doc.published),
                doc.text,
                doc.language,
                doc.path,
                doc.dateline,
                self.version_of(records),
                value,
                near[0] if near else None,
                near[1] if near else None,
                len(records),
            ],
        )
        self.con.execute("DELETE FROM failures WHERE path = ?", [doc.path or doc_id])
        return value, near

    def write_events(
        self, doc_id: str, records: Sequence[EventRecord]
    ) -> tuple[int, int, list[tuple[str, EventKey]]]:
        """Insert or merge the document's event records (inside the caller's transaction).

        Returns (new events, merged records, index entries to add once committed).
        """
        pending = EventIndex()
        new_rows: dict[str, list[Any]] = {}
        merged_existing: set[str] = set()
        mentions: list[list[Any]] = []
        seen: dict[str, int] = {}
        merged = 0
        for record in records:
            base = mention_id(doc_id, record, 0)
            occurrence = seen.get(base, 0)
            seen[base] = occurrence + 1
            mid = base if occurrence == 0 else mention_id(doc_id, record, occurrence)
            key = event_key(record)
            candidates = [
                *self.events.buckets.get(key.bucket, ()),
                *pending.buckets.get(key.bucket, ()),
            ]
            event_id = best_match(key, candidates)
            if event_id is None:
                event_id = mid
                pending.add(event_id, key)
                new_rows[event_id] = self._event_row(event_id, doc_id, record, key)
            else:
                merged += 1
                if event_id in new_rows:
                    new_rows[event_id][-3] += 1  # num_mentions of an event new in this document
                else:
                    merged_existing.add(event_id)
            mentions.append(self._mention_row(mid, event_id, doc_id, record))
        _insert_rows(self.con, "events", list(new_rows.values()))
        _insert_rows(self.con, "mentions", mentions)
        for event_id in sorted(merged_existing):
            self._recount(event_id)
        added = [item for bucket in pending.buckets.values() for item in bucket]
        return len(new_rows), merged, added

    def _recount(self, event_id: str) -> None:
        # Counted from the mentions, not incremented, so the result never depends on history.
        self.con.execute(
            """
            UPDATE events SET
                num_mentions = s.n, num_documents = s.nd, num_sources = s.ns
            FROM (
                SELECT count(*) AS n, count(DISTINCT m.doc_id) AS nd,
                       count(DISTINCT d.source_key) AS ns
                FROM mentions m JOIN documents d ON d.id = m.doc_id
                WHERE m.event_id = ?
            ) s
            WHERE events.id = ?
            """,
            [event_id, event_id],
        )

    def commit_index(
        self,
        added: list[tuple[str, EventKey]],
        doc_id: str,
        value: bytes | None,
        near: tuple[str, float] | None,
    ) -> None:
        for event_id, key in added:
            self.events.add(event_id, key)
        # Only originals go in the MinHash index, so every copy links to the first version.
        if value is not None and near is None:
            self.minhashes.add(doc_id, value)
        self.next_seq += 1

    def _event_row(
        self, event_id: str, doc_id: str, record: EventRecord, key: EventKey
    ) -> list[Any]:
        s, t, loc = record.source, record.target, record.location
        return [
            event_id,
            s.code if s else None,
            s.text if s else None,
            *key.dyad[0:3],
            t.code if t else None,
            t.text if t else None,
            *key.dyad[3:6],
            record.cameo,
            record.cameo_root or record.cameo[:2],
            record.quad_class,
            record.goldstein,
            record.plover_event,
            record.plover_mode,
            record.plover_context,
            record.factuality,
            key.date,
            key.date_precision,
            loc.text if loc else None,
            loc.name if loc else None,
            loc.country if loc else None,
            loc.admin1 if loc else None,
            loc.precision if loc else None,
            loc.geonameid if loc else None,
            key.lat,
            key.lon,
            json.dumps(loc.geometry, sort_keys=True) if loc and loc.geometry else None,
            record.confidence,
            record.coder_version or self.coder_version,
            doc_id,
            record.sentence_index,
            1,  # num_mentions (index -3: incremented for merges within this document)
            1,  # num_sources
            1,  # num_documents
        ]

    @staticmethod
    def _mention_row(mid: str, event_id: str, doc_id: str, record: EventRecord) -> list[Any]:
        return [
            mid,
            event_id,
            doc_id,
            record.id,
            record.group_id,
            record.cameo,
            record.factuality,
            record.sentence_index,
            record.sentence.start,
            record.sentence.end,
            record.trigger.start,
            record.trigger.end,
            record.trigger.text,
            record.date_text,
            record.confidence,
            json.dumps(list(record.explanation)) if record.explanation else None,
        ]
