"""The ``/events`` page without a cache: ids first, rows second, text search pre-filtered.

:func:`lanner.analysis.search.search_events` gives the same rows, but sorts whole rows on a
computed key and, for text search, joins every event to its sentence before matching. At a
million events that is 40-100 ms for a page and 300-700 ms for a search. Here:

* the page's ids are chosen by a top-N over ``(date DESC NULLS LAST, id)`` (the order of
  ``search_events``: undated last, ties by id), reading two columns; whole rows and their
  sentences are then fetched by key for those ids only;
* text search first tries the newest rows matching the other filters, a window at a time
  (common words are found at once), and otherwise pre-filters: the documents whose text
  contains the words (one scan of ``documents.text``), the mentions whose trigger does, and
  events whose actor or place text does; only those candidates are matched exactly against
  their first sentence.

DuckDB's ``fts`` extension would serve the second case better, but it is not in the
``duckdb`` wheel and cannot be installed without a download (extensions are fetched from
DuckDB's servers at run time), which Lanner never does.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from lanner.analysis.common import fetch_dicts, iso
from lanner.analysis.search import MAX_LIMIT, EventQuery
from lanner.analysis.search import _where as where_sql
from lanner.errors import LannerError

__all__ = ["event_page"]

_ORDER = "date DESC NULLS LAST, id"
# Rows a text search first looks at (the newest matching the other filters).
_WINDOW = 1_000
# Documents containing the words from which a word counts as common (window first).
_COMMON = 2_000
_TEXT_FIELDS = ("source_text", "target_text", "location_name")


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _keyset(after: tuple[str | None, str] | None) -> tuple[str, list[Any]]:
    """The rows after a cursor in ``_ORDER`` (cursors are those of ``search_events``)."""
    if after is None:
        return "TRUE", []
    if not after[0]:
        return "(date IS NULL AND id > ?)", [after[1]]
    try:
        after_date = date.fromisoformat(after[0])
    except (TypeError, ValueError):
        raise LannerError(
            "E601", name="after", value=after[0], reason="not a cursor from this API"
        ) from None
    return "(date < ? OR (date = ? AND id > ?) OR date IS NULL)", [after_date, after_date, after[1]]


_OWN_TEXT = " OR ".join(f"{f} ILIKE ? ESCAPE '\\'" for f in _TEXT_FIELDS)
# The exact text condition on a candidate ``c`` joined to its first mention ``fm`` and
# document ``d``: the fields ``search_events`` matches, one bound pattern each.
_EXACT = (
    "("
    + " OR ".join(
        f"{f} ILIKE ? ESCAPE '\\'"
        for f in (
            *(f"c.{name}" for name in _TEXT_FIELDS),
            "substring(d.text, fm.sentence_start + 1, fm.sentence_end - fm.sentence_start)",
            "fm.trigger_text",
        )
    )
    + ")"
)


def _named(where: str, params: list[Any]) -> tuple[str, dict[str, Any]]:
    """``where`` with its ``?`` placeholders numbered (``$w0``...), to mix with named ones.

    The clause is built from this package's fixed fragments, whose only ``?`` are
    placeholders.
    """
    parts = where.split("?")
    assert len(parts) == len(params) + 1, "a placeholder per parameter"
    text = parts[0] + "".join(f"$w{i}{part}" for i, part in enumerate(parts[1:]))
    return text, {f"w{i}": value for i, value in enumerate(params)}


def _text_ids(
    con: duckdb.DuckDBPyConnection, where: str, params: list[Any], pattern: str, limit: int
) -> list[str]:
    # 1. A common word (in many documents' text) is found among the newest rows; a rare one
    #    is not, and goes straight to the pre-filter. Counting stops at _COMMON documents.
    common = con.execute(
        "SELECT count(*) FROM (SELECT 1 FROM documents WHERE text ILIKE ? ESCAPE '\\' LIMIT ?)",
        [pattern, _COMMON],
    ).fetchone()
    # The newest rows' ids, looked up by key (cheap) rather than joined (a hash of tables).
    window = None
    if common is not None and int(common[0]) >= _COMMON:
        window = con.execute(
            f"SELECT list(id), list(DISTINCT first_doc_id), count(*) FROM ("
            f"SELECT id, first_doc_id FROM events WHERE {where} ORDER BY {_ORDER} LIMIT ?)",
            [*params, _WINDOW],
        ).fetchone()
    if window is not None and window[2]:
        ids, doc_ids, scanned = window
        rows = con.execute(
            f"""
            SELECT c.id FROM (SELECT * FROM events WHERE list_contains($ids, id)) c
            LEFT JOIN (SELECT id, sentence_start, sentence_end, trigger_text FROM mentions
                       WHERE list_contains($ids, id)) fm ON fm.id = c.id
            LEFT JOIN (SELECT id, text FROM documents WHERE list_contains($docs, id)) d
                   ON d.id = c.first_doc_id
            WHERE {_EXACT.replace("?", "$pattern")}
            ORDER BY c.date DESC NULLS LAST, c.id LIMIT $limit
            """,
            {"ids": ids, "docs": [d for d in doc_ids if d], "pattern": pattern, "limit": limit},
        ).fetchall()
        if len(rows) >= limit or scanned < _WINDOW:
            return [r[0] for r in rows]  # a full page, or the window held every candidate
    # 2. Pre-filter, in three top-N parts merged at the end: events whose own text matches,
    #    whose trigger matches, and events of documents whose text contains the pattern,
    #    checked against their first sentence. Each part stops at the page size.
    named_where, named = _named(where, params)
    rows = con.execute(
        f"""
        WITH hit_docs AS (SELECT id, text FROM documents WHERE text ILIKE $pattern ESCAPE '\\'),
        sent AS (
            SELECT id, date, first_doc_id FROM events
            WHERE {named_where} AND first_doc_id IN (SELECT id FROM hit_docs)
        ),
        sent_ok AS (
            SELECT s.id, s.date FROM sent s
            JOIN (SELECT id, sentence_start, sentence_end FROM mentions
                  WHERE id IN (SELECT id FROM sent)) fm ON fm.id = s.id
            JOIN hit_docs d ON d.id = s.first_doc_id
            WHERE substring(d.text, fm.sentence_start + 1, fm.sentence_end - fm.sentence_start)
                  ILIKE $pattern ESCAPE '\\'
            ORDER BY s.date DESC NULLS LAST, s.id LIMIT $limit
        ),
        own AS (
            SELECT id, date FROM events
            WHERE {named_where} AND ({_OWN_TEXT.replace("?", "$pattern")})
            ORDER BY {_ORDER} LIMIT $limit
        ),
        trig AS (
            SELECT id, date FROM events
            WHERE {named_where} AND id IN (
                SELECT id FROM mentions WHERE trigger_text ILIKE $pattern ESCAPE '\\')
            ORDER BY {_ORDER} LIMIT $limit
        )
        SELECT id FROM (SELECT * FROM own UNION SELECT * FROM trig UNION SELECT * FROM sent_ok)
        ORDER BY date DESC NULLS LAST, id LIMIT $limit
        """,
        {**named, "pattern": pattern, "limit": limit},
    ).fetchall()
    return [r[0] for r in rows]


def _rows(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[dict[str, Any]]:
    """Whole rows of ``ids`` (in that order) with their first sentence, trigger and document.

    Three lookups by key, not one join: joining the page to ``documents`` makes DuckDB hash
    the whole table (150 ms at a million events), a filter on the page's keys does not.
    """
    if not ids:
        return []
    by_id = {row["id"]: row for row in fetch_dicts(
        con, "SELECT * FROM events WHERE list_contains(?, id)", [ids]
    )}  # fmt: skip
    mentions = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT id, sentence_start, sentence_end, trigger_text FROM mentions "
            "WHERE list_contains(?, id)",
            [ids],
        ).fetchall()
    }
    doc_ids = sorted({row["first_doc_id"] for row in by_id.values() if row["first_doc_id"]})
    docs = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT id, text, title, url FROM documents WHERE list_contains(?, id)", [doc_ids]
        ).fetchall()
    }
    out = []
    for event_id in ids:
        row = by_id.get(event_id)
        if row is None:
            continue
        start, end, trigger = mentions.get(event_id, (None, None, None))
        text, title, url = docs.get(row["first_doc_id"], (None, None, None))
        row["date"] = iso(row["date"])
        row["sentence_text"] = text[start:end] if text and start is not None else None
        row["trigger_text"] = trigger
        row["doc_title"] = title
        row["doc_url"] = url
        out.append(row)
    return out


def event_page(
    con: duckdb.DuckDBPyConnection,
    query: EventQuery | None = None,
    *,
    after: tuple[str | None, str] | None = None,
    limit: int = 100,
) -> tuple[list[dict[str, Any]], tuple[str | None, str] | None]:
    """One page of events, newest first, with their first sentence; and the next cursor.

    The rows, their order and the cursors are those of ``search_events``.
    """
    query = query or EventQuery()
    query.validate()
    if isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise LannerError("E601", name="limit", value=limit, reason=f"expected 1 to {MAX_LIMIT}")
    where, params = where_sql(query)
    keyset, keyset_params = _keyset(after)
    where, params = f"{where} AND {keyset}", [*params, *keyset_params]
    if query.text is None:
        ids = [
            r[0]
            for r in con.execute(
                f"SELECT id FROM events WHERE {where} ORDER BY {_ORDER} LIMIT ?",
                [*params, limit + 1],
            ).fetchall()
        ]
    else:
        ids = _text_ids(con, where, params, _like(query.text), limit + 1)
    rows = _rows(con, ids)
    if len(rows) <= limit:
        return rows, None
    page = rows[:limit]
    return page, (page[-1]["date"], page[-1]["id"])
