"""The API's endpoints: thin wrappers that check parameters and call :mod:`lanner.analysis`.

Every list endpoint answers at ``/name``, ``/name.json``, ``/name.csv`` and
``/name.parquet``. Query parameters are bounded here (lengths, ranges, patterns) and
checked again by the library; values only ever reach SQL as bound parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import duckdb
from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from lanner.analysis import (
    EventQuery,
    actor_network,
    actor_profile,
    conflict_alerts,
    document_provenance,
    dyad_series,
    find_installations,
    find_rivalries,
    find_stories,
    story_detail,
)
from lanner.analysis.installations import KINDS, STATUSES
from lanner.analysis.search import MAX_LIMIT, MAX_TEXT, count_events
from lanner.api.deps import get_cursor
from lanner.api.formats import (
    SafeJSONResponse,
    decode_cursor,
    encode_cursor,
    output_format,
    render_rows,
)
from lanner.api.pages import event_page
from lanner.errors import LannerError
from lanner.store import EventFilter

__all__ = ["router"]

router = APIRouter()
F = TypeVar("F", bound=Callable[..., Any])

Cursor = Annotated[duckdb.DuckDBPyConnection, Depends(get_cursor)]
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_CODE = r"^[A-Za-z0-9]{2,30}$"
DateFrom = Annotated[str | None, Query(pattern=_DATE, description="first day, YYYY-MM-DD")]
DateTo = Annotated[str | None, Query(pattern=_DATE, description="last day, YYYY-MM-DD")]
Code = Annotated[str | None, Query(pattern=_CODE, description="actor code prefix or ISO3 country")]
Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3")]
QuadList = Annotated[list[int] | None, Query(description="quad classes (repeat or comma-separate)")]


def listing(path: str, *, detail: bool = False) -> Callable[[F], F]:
    """Register ``func`` at ``path`` and its format twins (``.json`` only for details)."""

    def decorator(func: F) -> F:
        # Twins first: "/actors/{code}" would otherwise take "CHN.json" as the code.
        suffixes = (".json", "") if detail else (".json", ".csv", ".parquet", "")
        for suffix in suffixes:
            router.add_api_route(
                path + suffix,
                func,
                methods=["GET"],
                name=func.__name__ + suffix.replace(".", "_"),
                response_model=None,
                include_in_schema=True,
            )
        return func

    return decorator


def _upper(value: str | None) -> str | None:
    return value.upper() if value else None


def _pair(name: str, value: str) -> tuple[str, str]:
    parts = [p for p in value.replace(",", "-").split("-") if p]
    if len(parts) != 2:
        raise LannerError(
            "E601", name=name, value=value, reason="expected two codes such as CHN-TJK"
        )
    return parts[0].upper(), parts[1].upper()


def _quads(values: list[int] | None) -> list[int] | None:
    return sorted(set(values)) if values else None


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        west, south, east, north = (float(x) for x in value.split(","))
    except ValueError:
        raise LannerError(
            "E601",
            name="bbox",
            value=value,
            reason="expected four numbers: min_lon,min_lat,max_lon,max_lat",
        ) from None
    return west, south, east, north


@listing("/events")
def events(
    request: Request,
    con: Cursor,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    actor: Code = None,
    dyad: Annotated[
        str | None, Query(pattern=r"^[A-Za-z0-9]{2,30}[-,][A-Za-z0-9]{2,30}$", description="A-B")
    ] = None,
    directed: bool = True,
    country: Country = None,
    sector: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
    cameo: Annotated[
        str | None, Query(pattern=r"^\d{2,4}$", description="CAMEO code or root")
    ] = None,
    plover: Annotated[
        str | None, Query(pattern=r"^[A-Za-z_]{2,20}$", description="PLOVER event")
    ] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    factuality: Annotated[
        str | None, Query(pattern=r"^(asserted|intended|hypothetical|negated)$")
    ] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=MAX_TEXT, description="text search")
    ] = None,
    bbox: Annotated[
        str | None, Query(max_length=100, description="min_lon,min_lat,max_lon,max_lat")
    ] = None,
    min_sources: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    after: Annotated[
        str | None, Query(max_length=300, description="cursor from the previous page")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    total: Annotated[bool, Query(description="also count every matching event")] = False,
) -> Response:
    """Events, newest first, with keyset pagination (``next`` is the cursor for ``after``)."""
    base = EventFilter(
        date_from=date_from,
        date_to=date_to,
        country=_upper(country),
        actor=_upper(actor),
        cameo=cameo,
        plover_event=_upper(plover),
        quad_class=quad_class,
        factuality=factuality,
        min_sources=min_sources,
    )
    query = EventQuery(
        base=base,
        dyad=_pair("dyad", dyad) if dyad else None,
        directed=directed,
        sector=_upper(sector),
        text=q,
        bbox=_bbox(bbox),
    )
    rows, cursor = event_page(con, query, after=decode_cursor(after), limit=limit)
    token = encode_cursor(cursor)
    headers = {"X-Next-Cursor": token} if token else None
    meta: dict[str, Any] = {"next": token}
    if total:  # the true total, for a dashboard that shows one page of it
        meta["total"] = count_events(con, query)
    return render_rows(output_format(request), rows, name="events", meta=meta, headers=headers)


@listing("/dyads/{a}/{b}/series")
def dyad_series_route(
    request: Request,
    con: Cursor,
    a: Annotated[str, Path(pattern=_CODE)],
    b: Annotated[str, Path(pattern=_CODE)],
    period: Annotated[str, Query(pattern=r"^(day|week|month|quarter|year)$")] = "month",
    directed: bool = False,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    factuality: Annotated[
        str, Query(pattern=r"^(asserted|intended|hypothetical|negated|any)$")
    ] = "asserted",
) -> Response:
    """Counts by quad class, mean Goldstein and net cooperation per period for a dyad."""
    rows = dyad_series(
        con, a.upper(), b.upper(), period=period, directed=directed, date_from=date_from,
        date_to=date_to, factuality=None if factuality == "any" else factuality,
    )  # fmt: skip
    meta = {"a": a.upper(), "b": b.upper(), "period": period, "directed": directed}
    return render_rows(output_format(request), rows, name=f"{a}-{b}-series", meta=meta)


@listing("/actors/{code}", detail=True)
def actor_route(con: Cursor, code: Annotated[str, Path(pattern=_CODE)]) -> Response:
    """What an actor did and had done to it: counts, partners, names."""
    profile = actor_profile(con, code.upper())
    if profile is None:
        raise LannerError("E602", what=f"actor {code.upper()}")
    return SafeJSONResponse({"ok": True, **profile})


@listing("/network")
def network_route(
    request: Request,
    con: Cursor,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    level: Annotated[str, Query(pattern=r"^(country|sector)$")] = "country",
    quad_class: QuadList = None,
    sector: Annotated[list[str] | None, Query(max_length=20)] = None,
    include_domestic: bool = False,
    min_events: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=1000)] = 200,
    factuality: Annotated[
        str | None, Query(pattern=r"^(asserted|intended|hypothetical|negated)$")
    ] = None,
    table: Annotated[
        str, Query(pattern=r"^(edges|nodes)$", description="rows for CSV/Parquet")
    ] = "edges",
) -> Response:
    """The actor graph with centrality; CSV/Parquet give ``table`` (edges or nodes)."""
    sectors = [s.upper() for item in sector or () for s in item.split(",") if s]
    quads = _quads([int(x) for item in quad_class or () for x in str(item).split(",")])
    graph = actor_network(
        con, date_from=date_from, date_to=date_to, level=level, quad_classes=quads,
        sectors=sectors or None, include_domestic=include_domestic, min_events=min_events,
        max_nodes=max_nodes, factuality=factuality,
    )  # fmt: skip
    fmt = output_format(request)
    if fmt == "json":
        return SafeJSONResponse({"ok": True, **graph})
    return render_rows(fmt, graph[table], name=f"network-{table}")


@listing("/installations")
def installations_route(
    request: Request,
    con: Cursor,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    owner: Country = None,
    host: Country = None,
    kind: Annotated[
        str | None, Query(pattern="^(" + "|".join(sorted({k for k, _ in KINDS})) + ")$")
    ] = None,
    status: Annotated[str | None, Query(pattern="^(" + "|".join(STATUSES) + ")$")] = None,
    evidence: bool = True,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> Response:
    """Foreign bases, posts, centres, embassies... with status and the events behind it."""
    rows = find_installations(
        con, date_from=date_from, date_to=date_to, owner=_upper(owner), host=_upper(host),
        kind=kind, status=status,
    )  # fmt: skip
    if not evidence:
        rows = [{k: v for k, v in row.items() if k != "evidence"} for row in rows]
    meta = {"total": len(rows)}
    return render_rows(output_format(request), rows[:limit], name="installations", meta=meta)


@listing("/rivalries")
def rivalries_route(
    request: Request,
    con: Cursor,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    window: Annotated[str, Query(pattern=r"^(month|quarter|year|all)$")] = "year",
    client: Code = None,
    patron: Code = None,
    min_score: Annotated[float, Query(ge=0, le=100)] = 0.0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> Response:
    """Pairs of patrons courting one client, scored, with the client's tilt (best first)."""
    rows = find_rivalries(
        con, date_from=date_from, date_to=date_to, window=window, client=_upper(client),
        patron=_upper(patron), min_score=min_score, limit=limit,
    )  # fmt: skip
    return render_rows(output_format(request), rows, name="rivalries")


StoryThreshold = Annotated[float, Query(gt=0, le=1)]
StoryGap = Annotated[int, Query(ge=0, le=365)]
StoryDocs = Annotated[int, Query(ge=1, le=5000)]


@listing("/stories")
def stories_route(
    request: Request,
    con: Cursor,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    threshold: StoryThreshold = 0.3,
    max_gap_days: StoryGap = 14,
    max_documents: StoryDocs = 2000,
    min_documents: Annotated[int, Query(ge=1, le=5000)] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> Response:
    """Stories (threads of documents), biggest first."""
    rows = find_stories(
        con, date_from=date_from, date_to=date_to, threshold=threshold, max_gap_days=max_gap_days,
        max_documents=max_documents, min_documents=min_documents,
    )  # fmt: skip
    return render_rows(
        output_format(request), rows[:limit], name="stories", meta={"total": len(rows)}
    )


@listing("/stories/{story_id}", detail=True)
def story_route(
    con: Cursor,
    story_id: Annotated[str, Path(pattern=r"^[0-9a-f]{12}$")],
    date_from: DateFrom = None,
    date_to: DateTo = None,
    threshold: StoryThreshold = 0.3,
    max_gap_days: StoryGap = 14,
    max_documents: StoryDocs = 2000,
) -> Response:
    """One story: its documents and its events' timeline with their sentences."""
    story = story_detail(
        con, story_id, date_from=date_from, date_to=date_to, threshold=threshold,
        max_gap_days=max_gap_days, max_documents=max_documents,
    )  # fmt: skip
    if story is None:
        raise LannerError("E602", what=f"story {story_id}")
    return SafeJSONResponse({"ok": True, **story})


@listing("/documents/{doc_id}", detail=True)
def document_route(
    con: Cursor, doc_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_:-]{1,128}$")]
) -> Response:
    """A document's text and, per event mention, sentence and trigger offsets into it."""
    doc = document_provenance(con, doc_id)
    if doc is None:
        raise LannerError("E602", what=f"document {doc_id}")
    return SafeJSONResponse({"ok": True, **doc})


@listing("/alerts")
def alerts_route(
    request: Request,
    con: Cursor,
    level: Annotated[str, Query(pattern=r"^(country|admin1)$")] = "country",
    window_days: Annotated[int, Query(ge=1, le=366)] = 30,
    baseline_windows: Annotated[int, Query(ge=1, le=60)] = 6,
    quad_class: QuadList = None,
    as_of: DateTo = None,
    min_events: Annotated[int, Query(ge=0, le=1_000_000)] = 3,
    country: Country = None,
) -> Response:
    """Conflict trends per country or admin-1 unit against a baseline (see docs/analysis.md)."""
    quads = _quads([int(x) for item in quad_class or () for x in str(item).split(",")]) or [3, 4]
    rows = conflict_alerts(
        con, level=level, window_days=window_days, baseline_windows=baseline_windows,
        quad_classes=tuple(quads), as_of=as_of, min_events=min_events, country=_upper(country),
    )  # fmt: skip
    return render_rows(output_format(request), rows, name="alerts")
