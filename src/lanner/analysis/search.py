"""Reading single things back: event search with every filter, an actor's profile, a document
with the provenance of its events.

:class:`EventQuery` extends the store's :class:`~lanner.store.EventFilter` with what the
dashboard needs: an actor-level dyad (prefixes, directed or not), a sector, free text and a
bounding box. Free text is bound as an ILIKE parameter with its wildcards escaped, so ``%``
or ``'; DROP TABLE`` are searched for as the characters they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from lanner.analysis.common import check_code, check_range, fetch_dicts, iso, side_clause
from lanner.errors import LannerError
from lanner.store.query import EventFilter, filter_sql

__all__ = [
    "MAX_TEXT",
    "EventQuery",
    "actor_profile",
    "count_events",
    "document_provenance",
    "search_events",
]

MAX_TEXT = 200
MAX_LIMIT = 500
_DOC_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
_SORT_DATE = "coalesce(date, DATE '0001-01-01')"


@dataclass(frozen=True)
class EventQuery:
    """Filters for :func:`search_events`; ``None`` means any."""

    base: EventFilter = EventFilter()
    dyad: tuple[str, str] | None = None  # actor code prefixes or ISO3 countries
    directed: bool = True
    sector: str | None = None
    text: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat

    def validate(self) -> None:
        check_range(self.base.date_from, self.base.date_to)
        self.base.validate()
        if self.dyad is not None:
            for side in self.dyad:
                check_code("dyad", side)
        if self.sector is not None:
            check_code("sector", self.sector)
        if self.text is not None and not 1 <= len(self.text) <= MAX_TEXT:
            raise LannerError(
                "E601",
                name="q",
                value=self.text[:40],
                reason=f"expected 1 to {MAX_TEXT} characters",
            )
        if self.bbox is not None:
            west, south, east, north = self.bbox
            if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
                raise LannerError(
                    "E601",
                    name="bbox",
                    value=",".join(map(str, self.bbox)),
                    reason="expected min_lon,min_lat,max_lon,max_lat within -180..180, -90..90",
                )


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(query: EventQuery) -> tuple[str, list[Any]]:
    where, params = filter_sql(query.base)
    clauses = [where]
    if query.dyad is not None:
        a, b = query.dyad
        forward = f"({side_clause('source')} AND {side_clause('target')})"
        if query.directed:
            clauses.append(forward)
            params += [a, a, b, b]
        else:
            clauses.append(f"({forward} OR {forward})")
            params += [a, a, b, b, b, b, a, a]
    if query.sector is not None:
        clauses.append("(source_sector = ? OR target_sector = ?)")
        params += [query.sector, query.sector]
    if query.bbox is not None:
        clauses.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
        west, south, east, north = query.bbox
        params += [west, east, south, north]
    return " AND ".join(clauses), params


def _page_then_provenance(
    con: duckdb.DuckDBPyConnection, where: str, params: list[Any], limit: int
) -> tuple[list[dict[str, Any]], tuple[str | None, str] | None]:
    """Pick the page from the events table alone, then look up its sentences by key.

    Joining the page to the mentions and documents tables makes DuckDB hash the whole of both
    (about 150 ms at a million events); fetching the page's own rows by primary key does not.
    """
    rows = fetch_dicts(
        con,
        f"SELECT * FROM events WHERE {where} ORDER BY {_SORT_DATE} DESC, id LIMIT ?",
        [*params, limit + 1],
    )
    if rows:
        ids = [r["id"] for r in rows]
        marks = ", ".join("?" * len(ids))
        extra = {
            r["id"]: r
            for r in fetch_dicts(
                con,
                f"""SELECT fm.id, fm.trigger_text, fm.sentence_start, fm.sentence_end, fm.doc_id
                    FROM mentions fm WHERE fm.id IN ({marks})""",
                ids,
            )
        }
        doc_ids = sorted({r["first_doc_id"] for r in rows if r.get("first_doc_id")})
        docs = (
            {
                d["id"]: d
                for d in fetch_dicts(
                    con,
                    f"SELECT id, text, title, url FROM documents WHERE id IN ({', '.join('?' * len(doc_ids))})",
                    doc_ids,
                )
            }
            if doc_ids
            else {}
        )
        for row in rows:
            m = extra.get(row["id"]) or {}
            d = docs.get(row.get("first_doc_id")) or {}
            text = d.get("text") or ""
            start, end = m.get("sentence_start"), m.get("sentence_end")
            row["sentence_text"] = (
                text[start:end] if start is not None and end is not None and text else None
            )
            row["trigger_text"] = m.get("trigger_text")
            row["doc_title"] = d.get("title")
            row["doc_url"] = d.get("url")
    for row in rows:
        row["date"] = iso(row["date"])
    if len(rows) <= limit:
        return rows, None
    page = rows[:limit]
    return page, (page[-1]["date"], page[-1]["id"])


def search_events(
    con: duckdb.DuckDBPyConnection,
    query: EventQuery | None = None,
    *,
    after: tuple[str | None, str] | None = None,
    limit: int = 100,
) -> tuple[list[dict[str, Any]], tuple[str | None, str] | None]:
    """One page of events, newest first, with their first sentence; and the next cursor.

    ``after`` is the cursor from the previous page: (date or None, event id). Keyset
    pagination: every page costs what the first does.
    """
    query = query or EventQuery()
    query.validate()
    if isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise LannerError("E601", name="limit", value=limit, reason=f"expected 1 to {MAX_LIMIT}")
    where, params = _where(query)
    if after is not None:
        try:
            after_date = date.fromisoformat(after[0]) if after[0] else date(1, 1, 1)
        except (TypeError, ValueError):
            raise LannerError(
                "E601", name="after", value=after[0], reason="not a cursor from this API"
            ) from None
        where += f" AND ({_SORT_DATE} < ? OR ({_SORT_DATE} = ? AND id > ?))"
        params += [after_date, after_date, after[1]]
    if query.text is None:
        return _page_then_provenance(con, where, params, limit)
    outer, outer_params = "TRUE", []
    # Without text search the page is chosen from the events table alone (a top-N over one
    # table) and only its rows are joined to their sentences; with text search the join
    # must come first, since the sentence is searched.
    inner_limit: str = ""
    inner_params: list[Any] = []
    if query.text is not None:
        fields = ("source_text", "target_text", "location_name", "sentence_text", "trigger_text")
        outer = "(" + " OR ".join(f"{f} ILIKE ? ESCAPE '\\'" for f in fields) + ")"
        outer_params = [_like_pattern(query.text)] * len(fields)
    else:
        inner_limit, inner_params = f"ORDER BY {_SORT_DATE} DESC, id LIMIT ?", [limit + 1]
    rows = fetch_dicts(
        con,
        f"""
        SELECT * FROM (
            SELECT e.*,
                   substring(d.text, fm.sentence_start + 1, fm.sentence_end - fm.sentence_start)
                       AS sentence_text,
                   fm.trigger_text, d.title AS doc_title, d.url AS doc_url
            FROM (SELECT * FROM events WHERE {where} {inner_limit}) e
            LEFT JOIN mentions fm ON fm.id = e.id
            LEFT JOIN documents d ON d.id = e.first_doc_id
        ) WHERE {outer}
        ORDER BY {_SORT_DATE} DESC, id LIMIT ?
        """,
        [*params, *inner_params, *outer_params, limit + 1],
    )
    for row in rows:
        row["date"] = iso(row["date"])
    if len(rows) <= limit:
        return rows, None
    page = rows[:limit]
    return page, (page[-1]["date"], page[-1]["id"])


def actor_profile(
    con: duckdb.DuckDBPyConnection, code: str, *, top: int = 10
) -> dict[str, Any] | None:
    """What an actor (code prefix or ISO3) did and had done to it; ``None`` without events."""
    code = check_code("code", code)
    src, tgt = side_clause("source"), side_clause("target")
    totals = fetch_dicts(
        con,
        f"""
        SELECT count(*) FILTER (WHERE {src}) AS as_source,
               count(*) FILTER (WHERE {tgt}) AS as_target,
               min(date) AS first_date, max(date) AS last_date,
               avg(goldstein) FILTER (WHERE {src}) AS goldstein_given,
               avg(goldstein) FILTER (WHERE {tgt}) AS goldstein_received
        FROM events WHERE {src} OR {tgt}
        """,
        [code] * 12,
    )[0]
    if not totals["as_source"] and not totals["as_target"]:
        return None
    quads = fetch_dicts(
        con,
        f"SELECT quad_class, count(*) AS n FROM events WHERE {src} OR {tgt} GROUP BY 1 ORDER BY 1",
        [code] * 4,
    )
    partners = {}
    for role, mine, other in (("targets", src, "target"), ("sources", tgt, "source")):
        partners[role] = fetch_dicts(
            con,
            f"""
            SELECT coalesce({other}_country, {other}_igo, {other}_code) AS actor, count(*) AS events,
                   round(avg(goldstein), 4) AS goldstein
            FROM events WHERE {mine} AND {other}_code IS NOT NULL
            GROUP BY 1 ORDER BY events DESC, actor LIMIT ?
            """,
            [code, code, top],
        )
    names = fetch_dicts(
        con,
        """
        SELECT name, count(*) AS n FROM (
            SELECT source_text AS name FROM events WHERE starts_with(source_code, ?)
            UNION ALL SELECT target_text FROM events WHERE starts_with(target_code, ?)
        ) WHERE name IS NOT NULL GROUP BY 1 ORDER BY n DESC, name LIMIT 10
        """,
        [code, code],
    )
    return {
        "code": code,
        "events": int(totals["as_source"]) + int(totals["as_target"]),
        "as_source": int(totals["as_source"]),
        "as_target": int(totals["as_target"]),
        "first_date": iso(totals["first_date"]),
        "last_date": iso(totals["last_date"]),
        "goldstein_given": totals["goldstein_given"],
        "goldstein_received": totals["goldstein_received"],
        "quad_classes": {str(r["quad_class"]): int(r["n"]) for r in quads},
        "top_targets": partners["targets"],
        "top_sources": partners["sources"],
        "names": [r["name"] for r in names],
    }


def count_events(con: duckdb.DuckDBPyConnection, query: EventQuery | None = None) -> int:
    """How many events match ``query`` in all (every page of :func:`search_events`)."""
    query = query or EventQuery()
    query.validate()
    where, params = _where(query)
    if query.text is None:
        row = con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()
        return int(row[0]) if row else 0
    # the same fields search_events matches, from fixed names only
    fields = (
        "e.source_text",
        "e.target_text",
        "e.location_name",
        "m.trigger_text",
        "substring(d.text, m.sentence_start + 1, m.sentence_end - m.sentence_start)",
    )
    outer = "(" + " OR ".join(f"{f} ILIKE ? ESCAPE '\\'" for f in fields) + ")"
    row = con.execute(
        f"""
        SELECT count(*) FROM (SELECT * FROM events WHERE {where}) e
        LEFT JOIN mentions m ON m.id = e.id
        LEFT JOIN documents d ON d.id = e.first_doc_id
        WHERE {outer}
        """,
        [*params, *[_like_pattern(query.text)] * len(fields)],
    ).fetchone()
    return int(row[0]) if row else 0


def document_provenance(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any] | None:
    """A stored document and, for each event mention in it, the sentence and trigger spans.

    Offsets are character offsets into ``text`` (Python string indexing, end exclusive).
    """
    if not isinstance(doc_id, str) or not _DOC_ID.match(doc_id):
        raise LannerError("E601", name="id", value=str(doc_id)[:40], reason="not a document id")
    docs = fetch_dicts(
        con,
        "SELECT id, title, url, source, published, language, path, dateline, text, "
        "duplicate_of, num_events FROM documents WHERE id = ?",
        [doc_id],
    )
    if not docs:
        return None
    doc = docs[0]
    doc["published"] = iso(doc["published"])
    if doc["path"]:
        # where the file was on the ingesting machine is not the reader's business: its name
        doc["path"] = str(doc["path"]).replace("\\", "/").rsplit("/", 1)[-1]
    mentions = fetch_dicts(
        con,
        """
        SELECT m.id AS mention_id, m.event_id, m.cameo, m.factuality, m.sentence_index,
               m.sentence_start, m.sentence_end, m.trigger_start, m.trigger_end, m.trigger_text,
               m.date_text, m.confidence, e.source_code, e.source_text, e.target_code,
               e.target_text, e.quad_class, e.goldstein, e.plover_event, e.date,
               e.location_name, e.lat, e.lon
        FROM mentions m JOIN events e ON e.id = m.event_id
        WHERE m.doc_id = ? ORDER BY m.sentence_index, m.trigger_start, m.id
        """,
        [doc_id],
    )
    text: str = doc["text"]
    doc["events"] = [
        {
            **{k: v for k, v in m.items() if not k.startswith(("sentence_", "trigger_"))},
            "date": iso(m["date"]),
            "sentence": {
                "index": m["sentence_index"],
                "start": m["sentence_start"],
                "end": m["sentence_end"],
                "text": text[m["sentence_start"] : m["sentence_end"]],
            },
            "trigger": {
                "start": m["trigger_start"],
                "end": m["trigger_end"],
                "text": m["trigger_text"],
            },
        }
        for m in mentions
    ]
    return doc
