"""A live store: one process writes, many requests read, and ingest goes on while serving.

DuckDB lets one process open a store for writing, and no other process may then open it at
all. Lanner designs around that rather than against it: the process that serves the store
(``lanner serve``) is its only writer. It opens the store read-write, answers each request
from a cursor of its own (DuckDB's MVCC gives every query a consistent snapshot) and applies
ingest batches one at a time, under a lock, in one transaction each.

``lanner ingest`` (and ``lanner watch``) find a running server through the store's holder
file (``STORE.holder.json``, see :mod:`lanner.store.holder`), or take ``--server URL``. They
read and *code* the documents themselves, so the server spends no CPU on spaCy, and send
each coded batch to ``POST /ingest``. The server writes the batch with the same
:meth:`Store.ingest` as a local run, so de-duplication, event merging, failure rows and
crash safety are those of a local ingest, and the result is the same store.

Wire format of ``POST /ingest`` (JSON)::

    {"coder_version": "...",
     "items": [{"document": Document.to_dict(), "events": [EventRecord.to_dict(), ...]},
               {"failure": {"path": "...", "code": "E104", "fields": {...}}}, ...]}

and ``POST /ingest/known`` ``{"ids": [...]}`` answers which content ids are stored, so a
rerun skips them before coding.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb

from lanner.errors import CATALOGUE, LannerError, LannerWarning
from lanner.records import Document, EventRecord
from lanner.store.database import Store, coder_version_of
from lanner.store.holder import read_holder
from lanner.store.progress import Progress
from lanner.store.writer import BatchCoder, Coder, IngestSummary

__all__ = [
    "LiveStore",
    "decode_batch",
    "encode_document",
    "encode_failure",
    "ingest_documents",
    "ingest_through_server",
    "running_server",
]

MAX_BATCH_BYTES = 64 * 1024 * 1024
_DOCUMENT_FIELDS = ("id", "text", "title", "published", "url", "source", "path", "language")


# -- wire format ---------------------------------------------------------------------------


def encode_document(doc: Document, events: Sequence[EventRecord]) -> dict[str, Any]:
    body = {name: getattr(doc, name) for name in (*_DOCUMENT_FIELDS, "dateline")}
    return {"document": body, "events": [e.to_dict() for e in events]}


def encode_failure(path: str, error: LannerError) -> dict[str, Any]:
    fields = {k: v if isinstance(v, int | float | str) else str(v) for k, v in error.fields.items()}
    return {"failure": {"path": path, "code": error.code, "fields": fields}}


@dataclass
class _Coded:
    document: Document
    events: list[EventRecord]
    warnings: list[LannerWarning] = field(default_factory=list)


class _Precoded:
    """A "coder" that returns the events the client already coded, by content id."""

    def __init__(self, coded: dict[str, _Coded], version: str) -> None:
        self.coded = coded
        self.coder_version = version

    def __call__(self, doc: Document) -> _Coded:
        return self.coded[doc.content_hash]


@dataclass
class _FailureItem:
    path: str
    error: LannerError


def decode_batch(payload: Any) -> tuple[list[Document | _FailureItem], _Precoded]:
    """The items of a ``POST /ingest`` body, and a coder returning their sent events."""
    if not isinstance(payload, dict) or not isinstance(payload.get("items"), list):
        raise LannerError("E509", name="body", value=None, reason="expected {items: [...]}")
    version = payload.get("coder_version")
    if not isinstance(version, str) or not version:
        raise LannerError("E509", name="coder_version", value=version, reason="missing")
    items: list[Document | _FailureItem] = []
    coded: dict[str, _Coded] = {}
    for number, item in enumerate(payload["items"]):
        try:
            if isinstance(item, dict) and isinstance(item.get("failure"), dict):
                failure = item["failure"]
                code = str(failure.get("code"))
                if code not in CATALOGUE:
                    raise ValueError(f"unknown error code {code!r}")
                fields = failure.get("fields") or {}
                items.append(_FailureItem(str(failure["path"]), LannerError(code, **fields)))
                continue
            body = item["document"]
            doc = Document(
                **{name: body.get(name) for name in _DOCUMENT_FIELDS if name in body},
                dateline=body.get("dateline"),
            )
            if not isinstance(doc.text, str) or not doc.text:
                raise ValueError("document without text")
            events = [EventRecord.from_dict(e) for e in item.get("events") or []]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise LannerError(
                "E509", name=f"items[{number}]", value=None, reason=str(exc)[:200]
            ) from None
        items.append(doc)
        coded[doc.content_hash] = _Coded(doc, events)
    return items, _Precoded(coded, version)


# -- the server's side -----------------------------------------------------------------------


class LiveStore:
    """The store as a server holds it: cursors for readers, one writer at a time.

    ``read_only=True`` is the old behaviour (many server processes may share the file, no
    ingest). Otherwise the store is opened read-write and :meth:`write` applies ingest
    batches; every listener (the response cache) is told after each committed batch.
    """

    def __init__(
        self, path: str, *, read_only: bool = True, holder: dict[str, Any] | None = None
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.store = Store(path, read_only=read_only, holder=holder)
        # Readers get cursors of a connection the writer never uses, so creating one never
        # waits for a batch being written on the writer's connection.
        self._readers = self.store.con.cursor()
        self._cursor_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self.generation = 0
        self.listeners: list[Callable[[], None]] = []

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._cursor_lock:
            return self._readers.cursor()

    def known(self, ids: Iterable[str]) -> list[str]:
        """Which of ``ids`` are stored documents."""
        wanted = sorted({i for i in ids if isinstance(i, str)})[:10_000]
        if not wanted:
            return []
        con = self.cursor()
        try:
            rows = con.execute("SELECT id FROM documents WHERE list_contains(?, id)", [wanted])
            return sorted(str(r[0]) for r in rows.fetchall())
        finally:
            con.close()

    def write(self, payload: Any) -> IngestSummary:
        """Apply one ``POST /ingest`` batch in one transaction (E502 on a read-only server)."""
        if self.read_only:
            raise LannerError("E502", path=self.path)
        items, coder = decode_batch(payload)
        with self._write_lock:
            try:
                return self.store.ingest(
                    items,
                    coder=coder,
                    progress=False,
                    batch_size=len(items) + 1,
                    batch_seconds=float("inf"),
                    keep_writer=True,
                )
            finally:
                self.generation += 1
                for listener in self.listeners:
                    listener()

    def close(self) -> None:
        self._readers.close()
        self.store.close()


# -- the client's side -----------------------------------------------------------------------


def running_server(db_path: str) -> dict[str, Any] | None:
    """The live server holding ``db_path`` (its holder record), if one runs."""
    holder = read_holder(db_path)
    if holder is not None and holder.get("url") and holder.get("ingest_token"):
        return holder
    return None


def _post(client: Any, url: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    import httpx

    try:
        response = client.post(path, json=body)
    except httpx.HTTPError as exc:
        raise LannerError("E508", url=url, reason=f"{type(exc).__name__}: {exc}") from None
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    if response.status_code != 200 or not isinstance(answer, dict) or not answer.get("ok"):
        reason = answer.get("error") if isinstance(answer, dict) else None
        raise LannerError("E508", url=url, reason=f"HTTP {response.status_code}: {reason}")
    return answer


def _add(total: IngestSummary, part: dict[str, Any]) -> None:
    for name in total.to_dict():
        setattr(total, name, getattr(total, name) + int(part.get(name, 0)))


def ingest_through_server(
    url: str,
    token: str,
    items: Iterable[Any],
    coder: Coder,
    *,
    coder_many: BatchCoder | None = None,
    batch_size: int = 16,
    batch_seconds: float = 1.0,
    progress: bool | None = None,
    timeout: float = 300.0,
    http: Any = None,
) -> IngestSummary:
    """Code ``items`` here and send them to the server at ``url`` one batch at a time.

    Each batch is one transaction on the server, so a client killed half-way leaves every
    sent batch stored and a rerun sends only the rest (stored ids are asked for first and
    skipped before coding, as a local ingest skips them). ``http`` is an ``httpx.Client``
    to use instead of a new one (tests pass Starlette's TestClient).
    """
    import httpx

    version = coder_version_of(coder)
    summary = IngestSummary()
    bar = Progress(None, enabled=progress)
    headers = {"Authorization": f"Bearer {token}"}
    pending: list[Any] = []
    seen: set[str] = set()
    started = time.monotonic()
    owned = http is None
    client = http if http is not None else httpx.Client(base_url=url, timeout=timeout)
    client.headers.update(headers)
    try:

        def send() -> None:
            docs = [i for i in pending if isinstance(i, Document)]
            stored = set(
                _post(client, url, "/ingest/known", {"ids": [d.content_hash for d in docs]})[
                    "known"
                ]
            )
            fresh = [d for d in docs if d.content_hash not in stored]
            summary.documents_stored_already += len(docs) - len(fresh)
            coded = _code(fresh, coder, coder_many)
            body: list[dict[str, Any]] = []
            for item in pending:
                if not isinstance(item, Document):
                    body.append(encode_failure(str(getattr(item, "path", "?")), item.error))
                elif item.content_hash in coded:
                    result = coded[item.content_hash]
                    if isinstance(result, LannerError):
                        body.append(encode_failure(item.path or item.content_hash, result))
                    else:
                        body.append(encode_document(item, result))
            if body:
                answer = _post(client, url, "/ingest", {"coder_version": version, "items": body})
                _add(summary, answer.get("summary", {}))
                bar.update(documents=len(docs), events=int(answer["summary"]["events_new"]))
            pending.clear()

        for item in items:
            if isinstance(item, Document):
                if item.content_hash in seen:
                    summary.documents_stored_already += 1
                    continue
                seen.add(item.content_hash)
                pending.append(item)
            elif not item.error.code.startswith("W"):
                pending.append(item)
            if len(pending) >= batch_size or time.monotonic() - started >= batch_seconds:
                send()
                started = time.monotonic()
        send()
    finally:
        if owned:
            client.close()
    bar.close()
    return summary


def _code(
    docs: list[Document], coder: Coder, many: BatchCoder | None
) -> dict[str, list[EventRecord] | LannerError]:
    out: dict[str, list[EventRecord] | LannerError] = {}
    if not docs:
        return out
    if many is not None:
        try:
            for doc, coded in zip(docs, many(docs), strict=True):
                out[doc.content_hash] = list(coded.events)
            return out
        except LannerError:
            out.clear()  # one bad document spoils a batch call: code them one by one
    for doc in docs:
        try:
            out[doc.content_hash] = list(coder(doc).events)
        except LannerError as error:
            out[doc.content_hash] = error
    return out


def ingest_documents(
    db_path: str,
    items: Iterable[Any],
    coder: Coder,
    *,
    coder_many: BatchCoder | None = None,
    server: str | None = None,
    token: str | None = None,
    progress: bool | None = None,
) -> tuple[IngestSummary, str | None]:
    """Ingest into ``db_path``: through its running server if there is one, else directly.

    Returns the summary and the server's URL (``None`` for a direct ingest).
    """
    holder = running_server(db_path) if server is None else None
    if server is None and holder is not None:
        server = str(holder["url"])
    if server is not None:
        if token is None and holder is None:
            found = running_server(db_path)
            token = str(found["ingest_token"]) if found and found["url"] == server else None
        token = token or (str(holder["ingest_token"]) if holder else None)
        if not token:
            raise LannerError("E508", url=server, reason="no ingest token (set LANNER_API_TOKEN)")
        summary = ingest_through_server(
            server, token, items, coder, coder_many=coder_many, progress=progress
        )
        return summary, server
    with Store(db_path, coder=coder) as store:
        return store.ingest(items, coder_many=coder_many, progress=progress), None
