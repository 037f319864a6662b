"""``lanner watch``: follow RSS/Atom feeds, fetch each new item's article, code and store it.

One *poll* of a feed: a conditional GET (``If-None-Match`` / ``If-Modified-Since`` from the
last answer's ``ETag`` / ``Last-Modified``; a 304 costs nothing), the items parsed with the
project's feed reader (:func:`lanner.ingest.feeds.parse_feed`), and for each item whose link
was not fetched before, the article page: redirects followed (at most 5), gzip and deflate
decoded, at most ``max_page_bytes`` read, only HTML accepted. The text comes from the
project's HTML reader (:func:`lanner.ingest.html.parse_html`, the one ``lanner ingest``
uses for ``.html`` files; ``docs/inputs.md``), the publication date from the page's
metadata, else the feed item's date. An item without a link is coded from the feed's own
text.

Every problem becomes a coded :class:`InputFailure` (E113 bad feed XML, E118 cannot fetch:
timeout, refused, HTTP 4xx/5xx, too many redirects; E119 not HTML; E120 over the size
limit; E111/E106 from the reader) that ends up in the store's ``failures`` table, and the
batch goes on. A feed that fails is polled again after a back-off that doubles each time
(``interval`` x 2^failures, at most an hour).

De-duplication: by item link (a link fetched and stored, or refused for good, is not
fetched again; a timeout or 5xx is retried at the next poll) and by content (the store skips
a text it holds, whatever its URL). The watch state (validators, back-off, links seen) is
``STORE.watch.json`` beside the store, written after each poll's documents are stored, so a
crash re-fetches at most one poll's pages and the store's content key makes that harmless.
Re-running ``lanner watch --once`` therefore adds nothing.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from lanner.errors import LannerError
from lanner.ingest.documents import InputFailure, SourceRecord, document_from_text
from lanner.ingest.feeds import parse_feed
from lanner.ingest.html import HtmlParseError, parse_html
from lanner.ingest.readers import decode_bytes
from lanner.records import Document

__all__ = [
    "FeedState",
    "WatchState",
    "WatchSummary",
    "fetch_article",
    "poll_feed",
    "watch",
    "watch_once",
]

USER_AGENT = "lanner-watch (+https://github.com/lanner; news event coder)"
MAX_PAGE_BYTES = 5_000_000
MAX_BACKOFF_SECONDS = 3600.0
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("xml", "rss", "atom")

Item = Document | InputFailure


@dataclass
class FeedState:
    """What Lanner remembers about one feed between polls."""

    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0  # consecutive failed polls
    next_poll: float = 0.0  # wall-clock seconds; back-off after failures

    def failed(self, interval: float, now: float) -> None:
        self.failures += 1
        self.next_poll = now + min(interval * 2**self.failures, MAX_BACKOFF_SECONDS)

    def succeeded(self, interval: float, now: float) -> None:
        self.failures = 0
        self.next_poll = now + interval


@dataclass
class WatchState:
    """Feeds' validators and back-off, and the item links already handled."""

    feeds: dict[str, FeedState] = field(default_factory=dict)
    seen: dict[str, str] = field(default_factory=dict)  # item link -> outcome

    @staticmethod
    def path_for(db_path: str) -> Path:
        return Path(db_path + ".watch.json")

    @classmethod
    def load(cls, db_path: str) -> WatchState:
        try:
            data = json.loads(cls.path_for(db_path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        feeds = {
            str(url): FeedState(
                **{k: v for k, v in value.items() if k in FeedState.__annotations__}
            )
            for url, value in (data.get("feeds") or {}).items()
            if isinstance(value, dict)
        }
        seen = {str(k): str(v) for k, v in (data.get("seen") or {}).items()}
        return cls(feeds=feeds, seen=seen)

    def save(self, db_path: str) -> None:
        path = self.path_for(db_path)
        temp = path.with_name(path.name + f".{os.getpid()}.tmp")
        body = {
            "feeds": {url: vars(state) for url, state in sorted(self.feeds.items())},
            "seen": dict(sorted(self.seen.items())),
        }
        temp.write_text(json.dumps(body, indent=1), encoding="utf-8")
        os.replace(temp, path)


@dataclass
class WatchSummary:
    """What one or more polls did; printed by the CLI."""

    polls: int = 0
    not_modified: int = 0
    feed_failures: int = 0
    items: int = 0
    pages_fetched: int = 0
    items_seen_before: int = 0
    page_failures: int = 0
    ingest: dict[str, int] = field(default_factory=dict)

    def add_ingest(self, part: dict[str, int]) -> None:
        for key, value in part.items():
            self.ingest[key] = self.ingest.get(key, 0) + int(value)

    def __str__(self) -> str:
        stored = self.ingest
        return (
            f"feeds: {self.polls} polled ({self.not_modified} not modified, "
            f"{self.feed_failures} failed); items: {self.items} ({self.items_seen_before} seen "
            f"before), {self.pages_fetched} pages fetched, {self.page_failures} failed; "
            f"stored: {stored.get('documents_new', 0)} new documents "
            f"({stored.get('documents_stored_already', 0)} already stored), "
            f"{stored.get('events_new', 0)} new events"
        )


# -- fetching ------------------------------------------------------------------------------------


def _fetch(
    client: Any, url: str, *, max_bytes: int, headers: dict[str, str] | None = None
) -> tuple[int, Any, bytes, str]:
    """(status, headers, body, final URL); E118 for transport errors and HTTP errors,
    E120 for a body over ``max_bytes`` (checked while reading, not after)."""
    import httpx

    try:
        with client.stream("GET", url, headers=headers or {}) as response:
            if response.status_code == 304:
                return 304, response.headers, b"", str(response.url)
            if response.status_code >= 400:
                raise LannerError("E118", url=url, reason=f"HTTP {response.status_code}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise LannerError("E120", url=url, limit=max_bytes)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise LannerError("E120", url=url, limit=max_bytes)
                chunks.append(chunk)
            return response.status_code, response.headers, b"".join(chunks), str(response.url)
    except httpx.TooManyRedirects:
        raise LannerError("E118", url=url, reason="too many redirects") from None
    except httpx.TimeoutException:
        raise LannerError("E118", url=url, reason="timed out") from None
    except httpx.HTTPError as exc:
        reason = f"{type(exc).__name__}: {exc}"[:200]
        raise LannerError("E118", url=url, reason=reason) from None


def poll_feed(
    client: Any, url: str, state: FeedState, *, max_bytes: int = MAX_PAGE_BYTES
) -> list[SourceRecord] | None:
    """The feed's items, or ``None`` when unchanged since the last poll (HTTP 304)."""
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    status, answer, body, _ = _fetch(client, url, max_bytes=max_bytes, headers=headers)
    if status == 304:
        return None
    content_type = answer.get("content-type", "").lower()
    if content_type and "html" in content_type and not body.lstrip().startswith(b"<?xml"):
        raise LannerError("E119", url=url, content_type=content_type)
    records = parse_feed(body, path=url)
    state.etag = answer.get("etag") or None
    state.last_modified = answer.get("last-modified") or None
    return records


def fetch_article(
    client: Any, record: SourceRecord, *, max_bytes: int = MAX_PAGE_BYTES
) -> Document:
    """The document behind a feed item: its linked page's text, or the item's own text."""
    if not record.url:
        return document_from_text(
            record.text, path=record.where, title=record.title, published=record.published,
            source=record.source,
        )  # fmt: skip
    _, answer, body, final_url = _fetch(client, record.url, max_bytes=max_bytes)
    content_type = answer.get("content-type", "").split(";")[0].strip().lower()
    if content_type and content_type not in _HTML_TYPES:
        raise LannerError("E119", url=record.url, content_type=content_type)
    markup, warnings = decode_bytes(body, record.url)
    try:
        page = parse_html(markup)
    except HtmlParseError as exc:
        raise LannerError("E113", path=record.url, kind="HTML", reason=str(exc)) from None
    return document_from_text(
        page.text,
        path=record.url,
        title=page.title or record.title,
        published=page.published or record.published,
        url=final_url,
        source=record.source,
        warnings=warnings,
    )


# -- one poll of every feed ----------------------------------------------------------------------

# Outcomes of an item link that are final: the link is not fetched again.
_FINAL_CODES = ("E103", "E104", "E106", "E111", "E113", "E119", "E120")


def _final(error: LannerError) -> bool:
    if error.code in _FINAL_CODES:
        return True
    reason = str(error.fields.get("reason", ""))
    if error.code == "E118" and reason == "too many redirects":
        return True
    return error.code == "E118" and reason.startswith("HTTP 4") and reason != "HTTP 429"


def watch_items(
    client: Any,
    feeds: Sequence[str],
    state: WatchState,
    summary: WatchSummary,
    *,
    interval: float,
    due_only: bool,
    max_bytes: int = MAX_PAGE_BYTES,
    report: Callable[[str], None] | None = None,
    handled: dict[str, str] | None = None,
) -> Iterator[Item]:
    """Documents and failures from one poll of each (due) feed, fetching new items' pages.

    Links handled here are added to ``handled`` (link -> outcome); the caller moves them to
    ``state.seen`` once the documents are stored.
    """
    handled = handled if handled is not None else {}
    for url in feeds:
        feed = state.feeds.setdefault(url, FeedState())
        now = time.time()
        if due_only and feed.next_poll > now:
            continue
        summary.polls += 1
        try:
            records = poll_feed(client, url, feed, max_bytes=max_bytes)
        except LannerError as error:
            feed.failed(interval, now)
            summary.feed_failures += 1
            if report:
                report(f"{url}: {error.code} {error.message} (next try in "
                       f"{feed.next_poll - now:.0f} s)")  # fmt: skip
            yield InputFailure(url, error)
            continue
        feed.succeeded(interval, now)
        if records is None:
            summary.not_modified += 1
            if report:
                report(f"{url}: not modified")
            continue
        new = [r for r in records if not (r.url and (r.url in state.seen or r.url in handled))]
        summary.items += len(records)
        summary.items_seen_before += len(records) - len(new)
        if report:
            report(f"{url}: {len(records)} items, {len(new)} new")
        for record in new:
            try:
                document = fetch_article(client, record, max_bytes=max_bytes)
            except LannerError as error:
                summary.page_failures += 1
                if record.url and _final(error):
                    handled[record.url] = error.code
                if report:
                    report(f"  {record.url or record.where}: {error.code} {error.message}")
                yield InputFailure(record.url or record.where, error)
                continue
            summary.pages_fetched += record.url is not None
            if record.url:
                handled[record.url] = "stored"
            yield document


def _client(timeout: float) -> Any:
    import httpx

    return httpx.Client(
        follow_redirects=True,
        max_redirects=5,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
    )


IngestFunction = Callable[[Iterable[Item]], dict[str, int]]


def watch_once(
    feeds: Sequence[str],
    db_path: str,
    ingest: IngestFunction,
    *,
    interval: float = 900.0,
    due_only: bool = False,
    timeout: float = 20.0,
    max_bytes: int = MAX_PAGE_BYTES,
    report: Callable[[str], None] | None = None,
    client: Any = None,
) -> WatchSummary:
    """Poll every feed once (only those due, with ``due_only``) and store what is new.

    ``ingest`` stores an iterable of documents and failures and returns the store's summary
    as a dict (``lanner.store.live.ingest_documents`` wrapped by the CLI). The watch state
    is saved after the ingest returns.
    """
    state = WatchState.load(db_path)
    summary = WatchSummary()
    handled: dict[str, str] = {}
    own = client is None
    http = client if client is not None else _client(timeout)
    try:
        items = watch_items(
            http, feeds, state, summary, interval=interval, due_only=due_only,
            max_bytes=max_bytes, report=report, handled=handled,
        )  # fmt: skip
        summary.add_ingest(ingest(items))
    finally:
        if own:
            http.close()
    state.seen.update(handled)
    state.save(db_path)
    return summary


def watch(
    feeds: Sequence[str],
    db_path: str,
    ingest: IngestFunction,
    *,
    interval: float = 900.0,
    once: bool = False,
    timeout: float = 20.0,
    max_bytes: int = MAX_PAGE_BYTES,
    stream: TextIO | None = None,
) -> WatchSummary:
    """Poll until interrupted (or once): progress lines and a summary per round on ``stream``."""
    out = stream if stream is not None else sys.stderr
    total = WatchSummary()

    def report(line: str) -> None:
        print(line, file=out, flush=True)

    while True:
        started = time.time()
        summary = watch_once(
            feeds, db_path, ingest, interval=interval, due_only=not once, timeout=timeout,
            max_bytes=max_bytes, report=report,
        )  # fmt: skip
        report(str(summary))
        for name in ("polls", "not_modified", "feed_failures", "items", "pages_fetched",
                     "items_seen_before", "page_failures"):  # fmt: skip
            setattr(total, name, getattr(total, name) + getattr(summary, name))
        total.add_ingest(summary.ingest)
        if once:
            return total
        state = WatchState.load(db_path)
        due = min((state.feeds[u].next_poll for u in feeds if u in state.feeds), default=0.0)
        time.sleep(max(1.0, min(due, started + interval) - time.time()))
