"""The :class:`Store`: one DuckDB file holding documents, events, mentions and failures.

Opening a store applies pending migrations. Writes happen one small batch of documents
per transaction (ingest) or all at once (recode), and DuckDB errors are turned into coded Lanner errors:
another writer holds the file (E501), the file cannot be written (E502), the disk is
full (E503).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sized
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from lanner.errors import LannerError
from lanner.records import Document
from lanner.settings import DEFAULT_STORE_PATH
from lanner.store import export as _export
from lanner.store import query as _query
from lanner.store.holder import claim, describe_holder, release
from lanner.store.progress import Progress
from lanner.store.query import EventFilter
from lanner.store.schema import SCHEMA_VERSION, TABLES, migrate, schema_version
from lanner.store.writer import (
    BatchCoder,
    CodedDocumentLike,
    Coder,
    DocumentWriter,
    IngestSummary,
)

__all__ = ["DEFAULT_PATH", "Store", "store_error"]

DEFAULT_PATH = DEFAULT_STORE_PATH  # declared once, in lanner.settings


def store_error(exc: BaseException, path: str) -> LannerError:
    """The coded error for a DuckDB failure on the store at ``path``."""
    text = str(exc)
    lowered = text.lower()
    if "could not set lock" in lowered or "conflicting lock" in lowered:
        holder, hint = describe_holder(path, text)
        return LannerError("E501", path=path, holder=holder, hint=hint)
    if "no space left" in lowered or "file too large" in lowered or "disk is full" in lowered:
        return LannerError("E503", path=path)
    if "read-only" in lowered or "read only" in lowered or "permission denied" in lowered:
        return LannerError("E502", path=path)
    return LannerError(
        "E505", path=path, reason=text.splitlines()[0] if text else type(exc).__name__
    )


def _failed_open(error: LannerError, created: bool) -> LannerError:
    """``error``, after deleting the file (and WAL) of a new store the full disk cut short.

    Only for E503: on a busy error the file may be another process's new store.
    """
    path = str(error.fields.get("path", ""))
    if created and error.code == "E503" and path:
        for leftover in (Path(path), Path(path + ".wal")):
            with suppress(OSError):
                leftover.unlink()
    return error


def _default_coder() -> Coder:
    from lanner.events import code_document  # heavy (spaCy): imported on first use only

    coder: Coder = code_document
    return coder


def _default_coder_many() -> BatchCoder | None:
    try:
        from lanner.events import code_documents
    except ImportError:
        return None
    many: BatchCoder = code_documents
    return many


def coder_version_of(coder: Coder) -> str:
    """The version recorded with stored events: the coder's own, else Lanner's."""
    for name in ("coder_version", "version", "CODER_VERSION"):
        value = getattr(coder, name, None)
        if isinstance(value, str) and value:
            return value
    module = getattr(coder, "__module__", "") or ""
    if module.startswith("lanner.events"):
        try:
            import lanner.events as events_module

            value = getattr(events_module, "CODER_VERSION", None)
            if isinstance(value, str) and value:
                return value
        except ImportError:
            pass
    from lanner import __version__

    return f"lanner-{__version__}"


class Store:
    """An embedded event store, e.g. ``with Store("lanner.duckdb") as store: store.ingest(docs)``.

    ``coder`` is the function that turns a :class:`Document` into coded events; by default
    ``lanner.events.code_document``, imported on first use.
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_PATH,
        *,
        read_only: bool = False,
        coder: Coder | None = None,
        holder: dict[str, Any] | None = None,
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._coder = coder
        self._coder_many: BatchCoder | None = None
        self._writer: DocumentWriter | None = None  # kept between ingest calls (live store)
        if read_only and not Path(self.path).exists():
            raise LannerError("E505", path=self.path, reason="no such file")
        # A store that fails to be created (a full disk) must not leave an empty file
        # behind: every later open would refuse it as "not a DuckDB file" (E505).
        created = self.path != ":memory:" and not Path(self.path).exists()
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
            self.con.execute("SET enable_progress_bar = false")
        except duckdb.Error as exc:
            raise _failed_open(store_error(exc, self.path), created) from None
        try:
            if read_only:
                found = schema_version(self.con)
                if found == 0:
                    raise LannerError("E505", path=self.path, reason="not a Lanner store")
                if found > SCHEMA_VERSION:
                    raise LannerError("E504", path=self.path, found=found, supported=SCHEMA_VERSION)
            else:
                migrate(self.con, self.path)
        except duckdb.Error as exc:
            self.con.close()
            raise _failed_open(store_error(exc, self.path), created) from None
        except LannerError as exc:
            self.con.close()
            raise _failed_open(exc, created) from None
        self._holds = not read_only and self.path != ":memory:"
        if self._holds:
            # Who has the store, so that a refused opener (E501) can say so; a server
            # adds the URL and token at which it takes ingest batches.
            claim(self.path, **(holder or {}))

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self.con.close()
        if self._holds:
            self._holds = False
            release(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _coder_for(self, coder: Coder | None) -> Coder:
        chosen = coder or self._coder
        if chosen is None:
            chosen = self._coder = _default_coder()
            self._coder_many = _default_coder_many()
        return chosen

    def _writable(self) -> None:
        if self.read_only:
            raise LannerError("E502", path=self.path)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            self.con.execute("BEGIN TRANSACTION")
        except duckdb.Error as exc:
            raise store_error(exc, self.path) from None
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException as exc:
            # DuckDB may already have rolled back an invalidated transaction.
            with suppress(duckdb.Error):
                self.con.execute("ROLLBACK")
            if isinstance(exc, duckdb.Error):
                raise store_error(exc, self.path) from None
            raise

    # -- writing ---------------------------------------------------------------------------

    def ingest(
        self,
        items: Iterable[Any],
        *,
        coder: Coder | None = None,
        coder_many: BatchCoder | None = None,
        progress: bool | None = None,
        batch_size: int = 16,
        batch_seconds: float = 1.0,
        keep_writer: bool = False,
    ) -> IngestSummary:
        """Store documents and their coded events; ``items`` are Documents or InputFailures.

        A document already stored (same content hash) is skipped without being coded. An
        InputFailure, or a document the coder rejects with a LannerError, is recorded in the
        ``failures`` table and the batch carries on. Documents are coded and written in
        batches of up to ``batch_size`` documents (or what arrived in ``batch_seconds``), one
        transaction per batch, so a crash loses at most the batch in flight and a rerun picks
        up after it. ``coder_many`` codes a whole batch at once (spaCy's ``pipe`` is faster
        than one call per document); the default coder comes with one.
        ``progress=None`` shows a bar only when stderr is a terminal. ``keep_writer`` keeps
        the writer's match indexes for the next call (a server ingesting many small batches
        then reads the stored ids and signatures once, not once per batch).
        """
        self._writable()
        code = self._coder_for(coder)
        many = coder_many or (self._coder_many if coder is None else None)
        summary = IngestSummary()
        bar = Progress(len(items) if isinstance(items, Sized) else None, enabled=progress)
        version = coder_version_of(code)
        writer = self._writer if keep_writer else None
        if writer is None or writer.coder_version != version:
            try:
                writer = DocumentWriter(self.con, version)
            except duckdb.Error as exc:
                raise store_error(exc, self.path) from None
        # A failed batch leaves the writer's indexes ahead of the database: drop it then.
        self._writer = None
        todo: list[Document] = []
        todo_ids: set[str] = set()
        batch_started = time.monotonic()

        def write_batch() -> None:
            batch = self._code_batch(todo, code, many, writer, summary)
            writer.prepare(record for _, coded in batch for record in coded.events)
            for doc, coded in batch:
                near, new, merged = writer.add_document(doc, doc.content_hash, coded.events)
                summary.documents_new += 1
                summary.documents_duplicate += near is not None
                summary.events_new += new
                summary.events_merged += merged
                bar.update(documents=0, events=len(coded.events))
            with self._transaction():
                writer.flush()
            todo.clear()
            todo_ids.clear()

        for item in items:
            if not isinstance(item, Document):
                # A W-coded "failure" (W103: no documents found) is news, not an error.
                if not item.error.code.startswith("W"):
                    self._fail(writer, str(getattr(item, "path", "?")), item.error, summary)
            elif item.content_hash in todo_ids or writer.is_stored(item.content_hash):
                summary.documents_stored_already += 1
            else:
                todo.append(item)
                todo_ids.add(item.content_hash)
            bar.update()
            if len(todo) >= batch_size or time.monotonic() - batch_started >= batch_seconds:
                write_batch()
                batch_started = time.monotonic()
        write_batch()
        bar.close()
        if keep_writer:
            self._writer = writer
        return summary

    def _code_batch(
        self,
        docs: list[Document],
        code: Coder,
        many: BatchCoder | None,
        writer: DocumentWriter,
        summary: IngestSummary,
    ) -> list[tuple[Document, CodedDocumentLike]]:
        """Code a batch; documents the coder rejects become failures."""
        if not docs:
            return []
        if many is not None:
            try:
                return list(zip(docs, many(docs), strict=True))
            except LannerError:
                pass  # one bad document spoils a batch call: code them one by one instead
        coded: list[tuple[Document, CodedDocumentLike]] = []
        for doc in docs:
            try:
                coded.append((doc, code(doc)))
            except LannerError as error:
                self._fail(writer, doc.path or doc.content_hash, error, summary)
        return coded

    @staticmethod
    def _fail(
        writer: DocumentWriter, path: str, error: LannerError, summary: IngestSummary
    ) -> None:
        writer.add_failure(path, error)
        summary.documents_failed += 1
        summary.failures.append(error)

    def recode(self, *, coder: Coder | None = None, progress: bool | None = None) -> IngestSummary:
        """Re-code every stored document with ``coder`` and replace all events in one transaction.

        Documents are replayed in their original ingest order, so event merging (and hence
        event ids) come out as a fresh ingest with the new coder would give. If anything
        fails, the transaction rolls back and the old events stay.
        """
        self._writable()
        code = self._coder_for(coder)
        summary = IngestSummary()
        ids = [r[0] for r in self.con.execute("SELECT id FROM documents ORDER BY seq").fetchall()]
        bar = Progress(len(ids), enabled=progress)
        with self._transaction():
            self.con.execute("DELETE FROM mentions")
            self.con.execute("DELETE FROM events")
            writer = DocumentWriter(self.con, coder_version_of(code), events_table_empty=True)
            for doc_id in ids:
                doc = self._document(doc_id)
                try:
                    coded = code(doc)
                except LannerError as error:
                    self._fail(writer, doc.path or doc_id, error, summary)
                    continue
                new, merged = writer.add_recoded(doc_id, coded.events)
                summary.documents_new += 1
                summary.events_new += new
                summary.events_merged += merged
                bar.update(events=len(coded.events))
                if writer.pending >= 256:
                    writer.flush()  # still inside the one transaction
            writer.flush()
        bar.close()
        return summary

    def optimize(self) -> int:
        """Rewrite the events table in date order (undated last); returns the events rewritten.

        DuckDB keeps min/max statistics per row group, so when rows sit in date order a date
        filter or a newest-first page reads a few row groups instead of every one: at a
        million events the dashboard's first page goes from ~40 to ~12 ms. Ingest appends in
        arrival order, which for news is roughly date order; a bulk ingest of an archive, a
        recode or an import is not. One transaction: rows, ids and checksums are unchanged.
        """
        self._writable()
        with self._transaction():
            self.con.execute(
                "CREATE TEMP TABLE _lanner_sorted AS "
                "SELECT * FROM events ORDER BY date NULLS LAST, id"
            )
            self.con.execute("DELETE FROM events")
            self.con.execute("INSERT INTO events SELECT * FROM _lanner_sorted")
            row = self.con.execute("SELECT count(*) FROM _lanner_sorted").fetchone()
            self.con.execute("DROP TABLE _lanner_sorted")
        try:
            self.con.execute("CHECKPOINT")
        except duckdb.Error as exc:
            raise store_error(exc, self.path) from None
        return int(row[0]) if row else 0

    def import_parquet(self, path: str | Path) -> int:
        """Load a Parquet export (full dump folder or events file); returns events read."""
        self._writable()
        return _export.import_parquet(self.con, path)

    # -- reading ---------------------------------------------------------------------------

    def document(self, doc_id: str) -> Document | None:
        """A stored document by content-hash id."""
        row = self.con.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone()
        return self._document(doc_id) if row else None

    def _document(self, doc_id: str) -> Document:
        row = self.con.execute(
            "SELECT text, title, published, url, source, path, language, dateline "
            "FROM documents WHERE id = ?",
            [doc_id],
        ).fetchone()
        assert row is not None, doc_id
        published: date | None = row[2]
        return Document(
            id=doc_id,
            text=row[0],
            title=row[1],
            published=published.isoformat() if published else None,
            url=row[3],
            source=row[4],
            path=row[5],
            language=row[6] or "en",
            dateline=row[7],
        )

    def failures(self) -> list[dict[str, str]]:
        """Recorded input failures, for ``lanner ingest --report``."""
        rows = self.con.execute("SELECT path, code, message FROM failures ORDER BY path, code")
        return [{"path": p, "code": c, "message": m} for p, c, m in rows.fetchall()]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for table in TABLES:
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def table_checksums(self) -> dict[str, tuple[int, str]]:
        """(row count, MD5 over every row in key order) for each table.

        Two stores with equal checksums hold the same rows; used to check that re-ingesting,
        resuming after a crash and Parquet round trips change nothing.
        """
        out: dict[str, tuple[int, str]] = {}
        for table, key in TABLES.items():
            row = self.con.execute(
                f"SELECT count(*), md5(coalesce(string_agg(md5(CAST(t AS VARCHAR)), '' "
                f"ORDER BY {key}), '')) FROM {table} t"
            ).fetchone()
            assert row is not None
            out[table] = (int(row[0]), str(row[1]))
        return out

    def query_events(
        self,
        filters: EventFilter | None = None,
        *,
        after: tuple[str | None, str] | None = None,
        limit: int = 100,
    ) -> tuple[list[dict[str, Any]], tuple[str | None, str] | None]:
        """One page of events (newest first) and the cursor for the next page."""
        return _query.query_events(self.con, filters, after=after, limit=limit)

    def mentions(self, event_id: str) -> list[dict[str, Any]]:
        """An event's mentions with their sentence text: the provenance of the event."""
        cursor = self.con.execute(
            """
            SELECT m.*, substring(d.text, m.sentence_start + 1, m.sentence_end - m.sentence_start)
                       AS sentence_text, d.title, d.url, d.source
            FROM mentions m JOIN documents d ON d.id = m.doc_id
            WHERE m.event_id = ? ORDER BY d.seq, m.sentence_index, m.id
            """,
            [event_id],
        )
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
        for row in rows:
            if row.get("explanation"):
                row["explanation"] = json.loads(row["explanation"])
        return rows

    def dyad_monthly_series(
        self, source_country: str, target_country: str, filters: EventFilter | None = None
    ) -> list[dict[str, Any]]:
        return _query.dyad_monthly_series(self.con, source_country, target_country, filters)

    def counts_by_country(self, filters: EventFilter | None = None) -> list[dict[str, Any]]:
        return _query.counts_by_country(self.con, filters)

    def export(self, path: str | Path, format: str, filters: EventFilter | None = None) -> int:
        """Write matching events to ``path``; formats: csv, parquet, plover, gdelt, geojson."""
        try:
            return _export.export_events(self.con, path, format, filters)
        except duckdb.Error as exc:
            raise store_error(exc, self.path) from None
