"""The actor network: who acts on whom over a period, as a weighted directed graph.

Nodes are actors at country level (``CHN``; an IGO such as ``NATO`` stands for itself) or
at country+sector level (``CHNGOV``, ``TJKMIL``). An edge A -> B carries the number of
events A directed at B and the sum of their Goldstein values. Domestic events (both ends
the same node) are left out unless asked for, since they would only add self-loops.

Centrality, computed in pure Python:

* ``degree``: distinct neighbours, either direction;
* ``in_weight`` / ``out_weight``: events received / initiated;
* ``pagerank``: PageRank over event counts (damping 0.85, dangling nodes spread evenly),
  so an actor many busy actors turn to ranks high.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import duckdb

from lanner.analysis.common import (
    add_date_range,
    check_choice,
    check_code,
    check_int,
    check_range,
    fetch_dicts,
)

__all__ = ["LEVELS", "actor_network", "pagerank"]

LEVELS = ("country", "sector")
FACTUALITIES = ("asserted", "intended", "hypothetical", "negated")

# Node key per level; fixed SQL fragments chosen by name, never built from input.
_NODE_SQL = {
    "country": "coalesce({s}_country, {s}_igo, {s}_code)",
    "sector": "coalesce({s}_country, {s}_igo, '') || coalesce({s}_sector, '')",
}


def pagerank(
    nodes: Iterable[str],
    edges: dict[tuple[str, str], float],
    *,
    damping: float = 0.85,
    iterations: int = 300,
    tolerance: float = 1e-10,
) -> dict[str, float]:
    """Weighted PageRank by power iteration; scores sum to 1."""
    names = sorted(set(nodes))
    n = len(names)
    if n == 0:
        return {}
    out_total: dict[str, float] = dict.fromkeys(names, 0.0)
    incoming: dict[str, list[tuple[str, float]]] = {name: [] for name in names}
    for (src, tgt), weight in edges.items():
        if weight > 0:
            out_total[src] += weight
            incoming[tgt].append((src, weight))
    rank = dict.fromkeys(names, 1.0 / n)
    for _ in range(iterations):
        dangling = sum(rank[name] for name in names if out_total[name] == 0)
        base = (1 - damping) / n + damping * dangling / n
        new = {
            name: base + damping * sum(rank[s] * w / out_total[s] for s, w in incoming[name])
            for name in names
        }
        delta = sum(abs(new[name] - rank[name]) for name in names)
        rank = new
        if delta < tolerance:
            break
    return rank


def actor_network(
    con: duckdb.DuckDBPyConnection,
    *,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    level: str = "country",
    quad_classes: Iterable[int] | None = None,
    sectors: Iterable[str] | None = None,
    include_domestic: bool = False,
    min_events: int = 1,
    max_nodes: int = 300,
    factuality: str | None = None,
) -> dict[str, Any]:
    """``{"nodes": [...], "edges": [...]}`` for events in the period.

    ``quad_classes`` keeps events of those quad classes; ``sectors`` keeps events where
    either side has one of those sectors (GOV, MIL, REB...). Edges with fewer than
    ``min_events`` events are dropped; only the ``max_nodes`` nodes with most events are
    kept (ties by name), with the edges between them. ``factuality`` keeps events of that
    factuality only (asserted, intended, hypothetical, negated), so a view's counts can
    follow its factuality filter.
    """
    check_choice("level", level, LEVELS)
    start, end = check_range(date_from, date_to)
    check_int("min_events", min_events, 1, 1_000_000)
    check_int("max_nodes", max_nodes, 1, 5000)
    quads = sorted(set(quad_classes or ()))
    for quad in quads:
        check_int("quad_class", quad, 1, 4)
    sector_list = sorted({check_code("sector", s) for s in sectors or ()})
    where = ["source_code IS NOT NULL", "target_code IS NOT NULL"]
    params: list[Any] = []
    if factuality is not None:
        check_choice("factuality", factuality, FACTUALITIES)
        where.append("factuality = ?")
        params.append(factuality)
    add_date_range(where, params, start, end)
    if quads:
        where.append("list_contains(?, CAST(quad_class AS INTEGER))")
        params.append(quads)
    if sector_list:
        where.append("(list_contains(?, source_sector) OR list_contains(?, target_sector))")
        params += [sector_list, sector_list]
    src, tgt = _NODE_SQL[level].format(s="source"), _NODE_SQL[level].format(s="target")
    rows = fetch_dicts(
        con,
        f"""
        SELECT {src} AS source, {tgt} AS target, count(*) AS events,
               sum(goldstein) AS goldstein
        FROM events WHERE {" AND ".join(where)}
        GROUP BY 1, 2 HAVING count(*) >= ?
        """,
        [*params, min_events],
    )
    rows = [r for r in rows if r["source"] and r["target"]]
    if not include_domestic:
        rows = [r for r in rows if r["source"] != r["target"]]
    activity: dict[str, int] = {}
    for row in rows:
        for end_name in (row["source"], row["target"]):
            activity[end_name] = activity.get(end_name, 0) + int(row["events"])
    kept = set(sorted(activity, key=lambda k: (-activity[k], k))[:max_nodes])
    rows = [r for r in rows if r["source"] in kept and r["target"] in kept]
    weights = {(r["source"], r["target"]): float(r["events"]) for r in rows}
    ranks = pagerank(kept, weights)
    neighbours: dict[str, set[str]] = {name: set() for name in kept}
    in_weight = dict.fromkeys(kept, 0)
    out_weight = dict.fromkeys(kept, 0)
    for row in rows:
        s, t = row["source"], row["target"]
        neighbours[s].add(t)
        neighbours[t].add(s)
        out_weight[s] += int(row["events"])
        in_weight[t] += int(row["events"])
    nodes: list[dict[str, Any]] = [
        {
            "id": name,
            "degree": len(neighbours[name] - {name}),
            "in_weight": in_weight[name],
            "out_weight": out_weight[name],
            "pagerank": round(ranks.get(name, 0.0), 6),
        }
        for name in kept
    ]
    nodes.sort(key=lambda n: (-n["pagerank"], n["id"]))
    edges = [
        {
            "source": r["source"],
            "target": r["target"],
            "events": int(r["events"]),
            "goldstein": round(float(r["goldstein"]), 4),
        }
        for r in rows
    ]
    edges.sort(key=lambda e: (-e["events"], e["source"], e["target"]))
    return {"level": level, "nodes": nodes, "edges": edges}
