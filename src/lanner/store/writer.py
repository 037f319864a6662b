"""Writing coded documents into the store: one transaction per document, events merged.

A document goes in with its events and mentions in one transaction, so after a crash it
is either fully stored or absent, and a rerun skips what is stored (documents are keyed by
content hash). Event records that describe an event already stored (the rule in
``lanner.store.dedup.same_event``) become new mentions of that event instead of new events.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol
from urllib.parse import urlsplit

import duckdb

from lanner.errors import LannerError, LannerWarning
from lanner.records import Document, EventRecord
from lanner.store.dedup import EventKey, MinHashIndex, best_match, minhash

__all__ = [
    "BatchCoder",
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
# Codes many documents in one call, results in input order (lanner.events.code_documents).
BatchCoder = Callable[[Sequence[Document]], Iterable[CodedDocumentLike]]


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


def _insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[list[Any]], verb: str = "INSERT"
) -> None:
    """Insert rows in one multi-row statement; DuckDB's executemany runs one per row (~1 ms)."""
    if not rows:
        return
    if len(rows) > 4:
        # Many rows: hand DuckDB one Arrow table (binding thousands of parameters is slow).
        import pyarrow as pa

        try:
            columns = [pa.array(list(col)) for col in zip(*rows, strict=True)]
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            columns = []
        if columns:
            batch = pa.table(columns, names=[f"c{i}" for i in range(len(columns))])
            con.register("_lanner_rows", batch)
            try:
                con.execute(f"{verb} INTO {table} SELECT * FROM _lanner_rows")
            finally:
                con.unregister("_lanner_rows")
            return
    one = "(" + ", ".join("?" * len(rows[0])) + ")"
    # ``table`` and ``verb`` are this module's constants; values are bound parameters.
    con.execute(
        f"{verb} INTO {table} VALUES {', '.join([one] * len(rows))}",
        [value for row in rows for value in row],
    )


class EventIndex:
    """Stored events grouped by :attr:`EventKey.bucket`, so a match is a dict lookup.

    Buckets are read from the database on demand, a batch at a time (:meth:`load`), so a
    store of millions of events costs only the buckets that new documents touch.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, *, complete: bool = False) -> None:
        self.con = con
        # complete: every stored event is already here (recode starts from an empty table).
        self.complete = complete
        self.buckets: dict[tuple[object, ...], list[tuple[str, EventKey]]] = {}

    def add(self, event_id: str, key: EventKey) -> None:
        self.buckets.setdefault(key.bucket, []).append((event_id, key))

    def candidates(self, key: EventKey) -> list[tuple[str, EventKey]]:
        if key.bucket not in self.buckets and not self.complete:
            self.load([key.bucket])
        return self.buckets.get(key.bucket, [])

    def load(self, buckets: Iterable[tuple[object, ...]]) -> None:
        """Read the stored events of every bucket not read yet, in one query."""
        wanted = sorted({b for b in buckets if b not in self.buckets}, key=repr)
        if not wanted or self.complete:
            return
        for bucket in wanted:
            self.buckets[bucket] = []
        one = "(" + ", ".join("?" * 8) + ")"
        # NULL-safe equality: an actor without a sector matches only actors without one.
        rows = self.con.execute(
            f"""
            SELECT e.id, e.source_country, e.source_sector, e.source_igo, e.target_country,
                   e.target_sector, e.target_igo, e.cameo, e.factuality, e.date,
                   e.date_precision, e.lat, e.lon
            FROM events e
            JOIN (VALUES {", ".join([one] * len(wanted))}) AS b(sc, ss, si, tc, ts, ti, r, f)
              ON e.source_country IS NOT DISTINCT FROM b.sc
             AND e.source_sector IS NOT DISTINCT FROM b.ss
             AND e.source_igo IS NOT DISTINCT FROM b.si
             AND e.target_country IS NOT DISTINCT FROM b.tc
             AND e.target_sector IS NOT DISTINCT FROM b.ts
             AND e.target_igo IS NOT DISTINCT FROM b.ti
             AND e.cameo_root = b.r AND e.factuality = b.f
            ORDER BY e.id
            """,
            [value for bucket in wanted for value in bucket],
        ).fetchall()
        for row in rows:
            self.add(row[0], EventKey(tuple(row[1:7]), row[7], row[8], *row[9:13]))


class DocumentWriter:
    """Buffers coded documents and writes them as one batch: one transaction, four statements.

    The match indexes (events and MinHash signatures) are updated as documents are added,
    so later documents in a batch merge with earlier ones. If writing a batch fails the
    caller's transaction rolls back and this writer must be dropped: its indexes then hold
    rows the database does not.
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        coder_version: str | None,
        *,
        events_table_empty: bool = False,
    ) -> None:
        self.con = con
        self.coder_version = coder_version
        self.events = EventIndex(con, complete=events_table_empty)
        self.minhashes = MinHashIndex()
        for doc_id, value in con.execute(
            "SELECT id, minhash FROM documents WHERE minhash IS NOT NULL AND duplicate_of IS NULL"
        ).fetchall():
            self.minhashes.add(doc_id, bytes(value))
        row = con.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchall()[0]
        self.next_seq = int(row[0]) + 1
        self._documents: list[list[Any]] = []
        self._doc_ids: set[str] = set()
        self._stored_ids: set[str] | None = None  # ids in the database, loaded on first need
        self._events: dict[str, list[Any]] = {}
        self._mentions: list[list[Any]] = []
        self._merged: set[str] = set()
        self._failures: dict[tuple[str, str], str] = {}
        self._cleared_paths: list[str] = []
        self._recoded: list[list[Any]] = []

    @property
    def pending(self) -> int:
        """Documents waiting to be written."""
        return len(self._documents) + len(self._recoded)

    def is_stored(self, doc_id: str) -> bool:
        """Stored already, or waiting in this batch."""
        if doc_id in self._doc_ids:
            return True
        if self._stored_ids is None:
            # one scan of the ids instead of a query per document (~1 ms each)
            self._stored_ids = {
                row[0] for row in self.con.execute("SELECT id FROM documents").fetchall()
            }
        return doc_id in self._stored_ids

    def version_of(self, records: Sequence[EventRecord]) -> str | None:
        """The coder version a document was coded with: its events' own, else the coder's."""
        return next((r.coder_version for r in records if r.coder_version), self.coder_version)

    def add_failure(self, path: str, error: LannerError) -> None:
        self._failures[(path, error.code)] = error.message

    def add_document(
        self, doc: Document, doc_id: str, records: Sequence[EventRecord]
    ) -> tuple[tuple[str, float] | None, int, int]:
        """Buffer a new document and its events; returns (near-duplicate, new events, merged)."""
        value = minhash(doc.text)
        near = self.minhashes.nearest(value) if value is not None else None
        # Only originals go in the MinHash index, so every copy links to the first version.
        if value is not None and near is None:
            self.minhashes.add(doc_id, value)
        self._documents.append(
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
            ]
        )
        self.next_seq += 1
        self._doc_ids.add(doc_id)
        self._cleared_paths.append(doc.path or doc_id)
        for failed in [k for k in self._failures if k[0] == (doc.path or doc_id)]:
            del self._failures[failed]
        new, merged = self.add_events(doc_id, records)
        return near, new, merged

    def add_recoded(self, doc_id: str, records: Sequence[EventRecord]) -> tuple[int, int]:
        """Buffer the events of a stored document being re-coded (see ``Store.recode``)."""
        self._recoded.append([self.version_of(records), len(records), doc_id])
        return self.add_events(doc_id, records)

    def prepare(self, records: Iterable[EventRecord]) -> None:
        """Read the stored events that ``records`` may match, in one query."""
        self.events.load(event_key(record).bucket for record in records)

    def add_events(self, doc_id: str, records: Sequence[EventRecord]) -> tuple[int, int]:
        """Match each record against stored and buffered events; returns (new, merged)."""
        seen: dict[str, int] = {}
        new = merged = 0
        for record in records:
            base = mention_id(doc_id, record, 0)
            occurrence = seen.get(base, 0)
            seen[base] = occurrence + 1
            mid = base if occurrence == 0 else mention_id(doc_id, record, occurrence)
            key = event_key(record)
            event_id = best_match(key, self.events.candidates(key))
            if event_id is None:
                event_id = mid
                self.events.add(event_id, key)
                self._events[event_id] = self._event_row(event_id, doc_id, record, key)
                new += 1
            else:
                self._merged.add(event_id)
                merged += 1
            self._mentions.append(self._mention_row(mid, event_id, doc_id, record))
        return new, merged

    def flush(self) -> None:
        """Write everything buffered (inside the caller's transaction) and start a new batch."""
        _insert_rows(self.con, "documents", self._documents)
        if self._cleared_paths:
            # A document read fine now: an earlier failure of the same input is history.
            marks = ", ".join("?" * len(self._cleared_paths))
            self.con.execute(f"DELETE FROM failures WHERE path IN ({marks})", self._cleared_paths)
        for row in self._recoded:
            self.con.execute(
                "UPDATE documents SET coder_version = ?, num_events = ? WHERE id = ?", row
            )
        _insert_rows(self.con, "events", list(self._events.values()))
        _insert_rows(self.con, "mentions", self._mentions)
        if self._merged:
            self._recount(sorted(self._merged))
        if self._failures:
            _insert_rows(
                self.con,
                "failures",
                [[path, code, message] for (path, code), message in self._failures.items()],
                verb="INSERT OR REPLACE",
            )
        if self._stored_ids is not None:
            self._stored_ids |= self._doc_ids
        self._documents, self._events, self._mentions, self._recoded = [], {}, [], []
        self._doc_ids, self._merged, self._failures, self._cleared_paths = set(), set(), {}, []

    def _recount(self, event_ids: list[str]) -> None:
        # Counted from the mentions, not incremented, so the result never depends on history.
        marks = ", ".join("?" * len(event_ids))
        self.con.execute(
            f"""
            UPDATE events SET
                num_mentions = s.n, num_documents = s.nd, num_sources = s.ns
            FROM (
                SELECT m.event_id, count(*) AS n, count(DISTINCT m.doc_id) AS nd,
                       count(DISTINCT d.source_key) AS ns
                FROM mentions m JOIN documents d ON d.id = m.doc_id
                WHERE m.event_id IN ({marks})
                GROUP BY m.event_id
            ) s
            WHERE events.id = s.event_id
            """,
            event_ids,
        )

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
            1,  # num_mentions, num_sources, num_documents: recounted when a mention merges
            1,
            1,
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
