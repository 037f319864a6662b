"""The uncached ``/events`` page (``lanner.api.pages.event_page``) gives exactly what
``lanner.analysis.search.search_events`` gives: same rows, same order, same cursors, page
after page, with and without text search (both of its paths: the newest-rows window and
the pre-filter)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from lanner.analysis.search import EventQuery, search_events
from lanner.api import pages
from lanner.api.pages import event_page
from lanner.errors import LannerError
from lanner.store import EventFilter, make_synthetic_store

N_EVENTS = 3_000  # more than the text search's first window, so both paths run


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path = tmp_path_factory.mktemp("pages") / "s.duckdb"
    make_synthetic_store(Path(path), N_EVENTS)
    # some undated events, so the "undated last" order and its cursors are exercised
    with duckdb.connect(str(path)) as write:
        write.execute("UPDATE events SET date = NULL WHERE hash(id) % 7 = 0")
    return duckdb.connect(str(path), read_only=True)


QUERIES = [
    EventQuery(),
    EventQuery(base=EventFilter(quad_class=4)),
    EventQuery(base=EventFilter(country="RUS", date_from="2016-01-01", date_to="2019-12-31")),
    EventQuery(dyad=("RUS", "UKR"), directed=False),
    EventQuery(base=EventFilter(cameo="19"), bbox=(0.0, 0.0, 60.0, 40.0)),
    EventQuery(text="report"),  # every sentence: found in the first window
    EventQuery(text="number 12"),  # a few sentences: the pre-filter
    EventQuery(text="UKR place"),  # place names, not sentences
    EventQuery(text="RUSGOV"),  # nothing (codes are not searched)
    EventQuery(text="50%"),  # a wildcard character, searched for as itself
    EventQuery(text="number 2", base=EventFilter(quad_class=1)),
]


@pytest.mark.parametrize("query", QUERIES, ids=[repr(q)[:90] for q in QUERIES])
@pytest.mark.parametrize("limit", [1, 7, 100])
@pytest.mark.parametrize("common", [1, 10**9], ids=["window-first", "prefilter-only"])
def test_api_pages_event_page_equals_search_events_page_after_page(
    con: duckdb.DuckDBPyConnection,
    query: EventQuery,
    limit: int,
    common: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # every word counts as common (the newest-rows window is tried first) or none does
    monkeypatch.setattr(pages, "_COMMON", common)
    after_old = after_new = None
    for page in range(4):
        old, after_old = search_events(con, query, after=after_old, limit=limit)
        new, after_new = event_page(con, query, after=after_new, limit=limit)
        assert new == old, f"page {page}"
        assert after_new == after_old
        if after_old is None:
            break


def test_api_pages_text_search_takes_both_paths(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shrinking the window to 5 rows forces the pre-filter; results stay the same."""
    query = EventQuery(text="report")
    monkeypatch.setattr(pages, "_COMMON", 1)
    first, _ = event_page(con, query, limit=20)
    monkeypatch.setattr(pages, "_WINDOW", 5)
    assert event_page(con, query, limit=20)[0] == first


@pytest.mark.parametrize("after", [("not-a-date", "x"), ("2020-13-01", "x")])
def test_api_pages_bad_cursor_is_e601(
    con: duckdb.DuckDBPyConnection, after: tuple[str, str]
) -> None:
    with pytest.raises(LannerError) as info:
        event_page(con, EventQuery(), after=after)
    assert info.value.code == "E601"
