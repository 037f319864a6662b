"""``lanner watch`` against a web server the test starts on 127.0.0.1.

The server holds feeds whose items link to every kind of page a newsroom's feed can point
at: a good article, a redirect, a gzip-encoded page, a page slower than the timeout, 404,
500, a PDF, an oversized page, a redirect loop. The watch must store the good articles'
events, record the others in the store's failures table with their codes, and carry on; a
second ``--once`` must add nothing (and use conditional GETs).
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from lanner.ingest.watch import FeedState, WatchState, watch_once
from lanner.store import Store
from test_store_fakes import fake_code_document

pytest.importorskip("httpx")

ARTICLE = """<html><head><title>{title}</title>{meta}</head><body>
<nav>Home | World | Sport</nav>
<article><h1>{title}</h1><p>{body}</p></article>
<footer>Copyright 2024 The Example Times</footer></body></html>"""
TIMEOUT = 1.0


def article(title: str, body: str, published: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return ARTICLE.format(title=title, body=body, meta=meta).encode("utf-8")


PAGES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/a/kharkiv": (200, {"Content-Type": "text/html; charset=utf-8"},
                   article("Shelling near Kharkiv", "Russia shelled Ukraine in Kharkiv on 2024-03-02.",
                           "2024-03-03T08:00:00Z")),
    "/a/old-link": (301, {"Location": "/a/moved"}, b""),
    "/a/moved": (200, {"Content-Type": "text/html"},
                 article("Talks", "China met Tajikistan in Dushanbe.")),
    "/a/zipped": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"},
                  gzip.compress(article("Aid", "France aided Niger on 2024-02-10."))),
    "/a/slow": (200, {"Content-Type": "text/html"}, article("Slow", "Chad criticised Niger.")),
    "/a/gone": (404, {"Content-Type": "text/html"}, b"<html><body>Not found</body></html>"),
    "/a/broken": (500, {"Content-Type": "text/html"}, b"<html><body>Oops</body></html>"),
    "/a/report.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 binary"),
    "/a/huge": (200, {"Content-Type": "text/html"},  # over the CLI's 5 MB limit too
                article("Huge", "Russia met Ukraine. " + "Padding text. " * 400_000)),
    "/a/loop": (302, {"Location": "/a/loop"}, b""),
}  # fmt: skip
EXPECTED_FAILURES = {  # item link -> code in the failures table
    "/a/slow": "E118",
    "/a/gone": "E118",
    "/a/broken": "E118",
    "/a/report.pdf": "E119",
    "/a/huge": "E120",
    "/a/loop": "E118",
}
STORED = ("/a/kharkiv", "/a/moved", "/a/zipped")


def rss(base: str, links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Item {i}</title><link>{base}{link}</link>"
        f"<pubDate>Mon, 0{1 + i % 9} Jan 2024 10:00:00 GMT</pubDate></item>"
        for i, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example Times</title>'
        f"{items}</channel></rss>"
    ).encode()


class Site:
    """A loopback web server; counts requests and conditional 304s per path."""

    def __init__(self) -> None:
        site = self
        self.requests: dict[str, int] = {}
        self.not_modified = 0

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                site.requests[self.path] = site.requests.get(self.path, 0) + 1
                status, headers, body = site.answer(self.path)
                etag = headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    site.not_modified += 1
                    self.send_response(304)
                    self.end_headers()
                    return
                if self.path == "/a/slow":
                    time.sleep(TIMEOUT * 2)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        if path == "/feed.xml":
            body = rss(self.base, list(PAGES))
            return 200, {"Content-Type": "application/rss+xml", "ETag": '"v1"',
                         "Last-Modified": formatdate(0, usegmt=True)}, body  # fmt: skip
        if path == "/bad.xml":
            return 200, {"Content-Type": "application/rss+xml"}, b"<rss><channel><item>"
        if path == "/html-not-feed":
            return 200, {"Content-Type": "text/html"}, b"<html><body>hi</body></html>"
        return PAGES.get(path, (404, {}, b""))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def site() -> Iterator[Site]:
    server = Site()
    yield server
    server.close()


def run(db: Path, feeds: list[str]) -> tuple[Any, Store]:
    def ingest(items: Any) -> dict[str, int]:
        with Store(db, coder=fake_code_document) as store:
            return store.ingest(items, progress=False).to_dict()

    summary = watch_once(feeds, str(db), ingest, timeout=TIMEOUT, max_bytes=200_000)
    return summary, Store(db, read_only=True)


def test_ingest_watch_stores_linked_articles_and_records_each_failure(
    site: Site, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    summary, store = run(db, [site.base + "/feed.xml", site.base + "/bad.xml"])
    with store:
        urls = {r[0] for r in store.con.execute("SELECT url FROM documents").fetchall()}
        failures = {f["path"]: f["code"] for f in store.failures()}
        events = store.counts()["events"]
    assert urls == {site.base + p for p in STORED}  # a redirect stores the final URL
    assert events >= len(STORED)
    expected = {site.base + p: code for p, code in EXPECTED_FAILURES.items()}
    expected[site.base + "/bad.xml"] = "E113"  # a broken feed, and the other feed went on
    assert failures == expected
    assert summary.page_failures == len(EXPECTED_FAILURES) and summary.feed_failures == 1


def test_ingest_watch_second_once_adds_nothing_and_asks_conditionally(
    site: Site, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    run(db, [site.base + "/feed.xml"])[1].close()
    with Store(db, read_only=True) as store:
        before = store.table_checksums()
    fetched = dict(site.requests)
    summary, store = run(db, [site.base + "/feed.xml"])
    with store:
        assert store.table_checksums() == before
    assert summary.not_modified == 1 and site.not_modified == 1
    assert summary.ingest.get("documents_new", 0) == 0
    # nothing was fetched again but the feed itself
    again = {p: n - fetched.get(p, 0) for p, n in site.requests.items() if n > fetched.get(p, 0)}
    assert again == {"/feed.xml": 1}


def test_ingest_watch_without_validators_skips_links_it_has_seen(
    site: Site, tmp_path: Path
) -> None:
    """A feed server that ignores ETags: items already handled are not fetched again,
    except those that failed for a reason that may pass (timeout, 5xx)."""
    db = tmp_path / "w.duckdb"
    run(db, [site.base + "/feed.xml"])[1].close()
    state = WatchState.load(str(db))
    state.feeds[site.base + "/feed.xml"].etag = None  # as if the server sent none
    state.save(str(db))
    fetched = dict(site.requests)
    summary, store = run(db, [site.base + "/feed.xml"])
    store.close()
    again = {p for p, n in site.requests.items() if n > fetched.get(p, 0)}
    assert again == {"/feed.xml", "/a/slow", "/a/broken"}
    assert summary.ingest.get("documents_new", 0) == 0


@pytest.mark.parametrize(
    ("path", "published"),
    # the page's own metadata; else the feed item's pubDate (the redirect's item, see rss())
    [
        ("/a/kharkiv", "2024-03-03"),
        ("/a/moved", f"2024-01-0{1 + list(PAGES).index('/a/old-link')}"),
    ],
)
def test_ingest_watch_takes_the_date_from_the_page_else_the_feed(
    site: Site, tmp_path: Path, path: str, published: str
) -> None:
    db = tmp_path / "w.duckdb"
    run(db, [site.base + "/feed.xml"])[1].close()
    with Store(db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT CAST(published AS VARCHAR) FROM documents WHERE url = ?", [site.base + path]
        ).fetchall()
    assert rows == [(published,)]


@pytest.mark.parametrize(("feed", "code"), [("/bad.xml", "E113"), ("/html-not-feed", "E119")])
def test_ingest_watch_failing_feed_backs_off(
    site: Site, tmp_path: Path, feed: str, code: str
) -> None:
    db = tmp_path / "w.duckdb"
    for round_ in (1, 2):
        before = time.time()
        run(db, [site.base + feed])[1].close()
        state = WatchState.load(str(db)).feeds[site.base + feed]
        assert state.failures == round_
        assert state.next_poll >= before + 900 * 2**round_ - 1
    with Store(db, read_only=True) as store:
        assert [f["code"] for f in store.failures()] == [code]


@pytest.mark.parametrize("failures", [0, 1, 3, 12])
def test_ingest_watch_backoff_doubles_up_to_an_hour(failures: int) -> None:
    state = FeedState(failures=failures)
    state.failed(60.0, now=1000.0)
    assert state.next_poll == 1000.0 + min(60.0 * 2 ** (failures + 1), 3600.0)
    state.succeeded(60.0, now=2000.0)
    assert (state.failures, state.next_poll) == (0, 2060.0)


@pytest.mark.slow
def test_ingest_watch_cli_once_with_the_real_coder_then_again_adds_nothing(
    site: Site, tmp_path: Path
) -> None:
    import subprocess
    import sys

    pytest.importorskip("spacy")
    db = tmp_path / "cli.duckdb"
    command = [sys.executable, "-c", "import sys; from lanner.cli import main; sys.exit(main())",
               "watch", "--once", "--no-geo", "--timeout", str(TIMEOUT), "--db", str(db),
               site.base + "/feed.xml"]  # fmt: skip
    first = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    with Store(db, read_only=True) as store:
        counts, checksums = store.counts(), store.table_checksums()
    assert counts["documents"] == len(STORED) and counts["events"] > 0
    second = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr
    assert "not modified" in second.stderr
    with Store(db, read_only=True) as store:
        assert store.table_checksums() == checksums
