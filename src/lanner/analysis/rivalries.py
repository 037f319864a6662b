"""Rivalries: two patrons courting the same client, and which one the client answers.

A *patron* directs cooperation at a *client*: CAMEO 03 (intent to cooperate, offers),
05 (diplomatic cooperation), 06 (material cooperation, military cooperation included)
or 07 (aid). The client *accepts* a patron with its own 03/05/06 events towards that patron
and *rejects* it with 12x (reject: "Tajikistan rejected Russia's offer of troops").
Negated and hypothetical events count for nothing.

For each client, window (month, quarter, year or the whole range) and pair of patrons
A and B that both courted it in that window (A is the one with more cooperation events,
ties by code):

* ``score`` = min(coop_A, coop_B) / max(coop_A, coop_B) x ln(1 + coop_A + coop_B):
  near 0 when one patron dominates, growing with the volume when the two compete evenly;
* ``tilt`` = accept_A / (accept_A + accept_B), the share of the client's acceptances that
  go to A (``None`` when it accepted neither); 0.5 is balance, 1 is all for A;
* ``reject_a`` / ``reject_b`` count the client's rejections of each.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from typing import Any

import duckdb

from lanner.analysis.common import check_choice, check_code, check_range, fetch_dicts

__all__ = ["ACCEPT_ROOTS", "COURTING_ROOTS", "REJECT_ROOTS", "find_rivalries", "rivalry_score"]

COURTING_ROOTS = ("03", "05", "06", "07")
ACCEPT_ROOTS = ("03", "05", "06")
REJECT_ROOTS = ("12",)
WINDOWS = ("month", "quarter", "year", "all")
# The period label per window: fixed SQL fragments, chosen by name.
_WINDOW_SQL = {
    "month": "strftime(date_trunc('month', date), '%Y-%m-%d')",
    "quarter": "strftime(date_trunc('quarter', date), '%Y-%m-%d')",
    "year": "strftime(date_trunc('year', date), '%Y-%m-%d')",
    "all": "'all'",
}
_EVIDENCE_LIMIT = 50


def rivalry_score(coop_a: int, coop_b: int) -> float:
    """min/max x ln(1 + total); 0 when either patron is absent."""
    high, low = max(coop_a, coop_b), min(coop_a, coop_b)
    if low <= 0:
        return 0.0
    return low / high * math.log1p(coop_a + coop_b)


def find_rivalries(
    con: duckdb.DuckDBPyConnection,
    *,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    window: str = "year",
    client: str | None = None,
    patron: str | None = None,
    min_score: float = 0.0,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Patron pairs competing over a client, highest score first (see the module doc).

    ``limit`` keeps the best ``limit`` pairs (ties by period, client, patrons).
    """
    check_choice("window", window, WINDOWS)
    start, end = check_range(date_from, date_to)
    client = check_code("client", client) if client else None
    patron = check_code("patron", patron) if patron else None
    where = [
        "source_country IS NOT NULL",
        "target_country IS NOT NULL",
        "source_country <> target_country",
        "factuality IN ('asserted', 'intended')",
        "list_contains(?, cameo_root)",
    ]
    params: list[Any] = [[*COURTING_ROOTS, *REJECT_ROOTS]]
    if window != "all":
        where.append("date IS NOT NULL")
    if start:
        where.append("date >= ?")
        params.append(start)
    if end:
        where.append("date <= ?")
        params.append(end)
    if client:
        # the client's own events are its answers; courting events are aimed at it
        where.append("(target_country = ? OR source_country = ?)")
        params += [client, client]
    # Aggregated in SQL: a busy store has millions of cooperative events, a few thousand groups.
    rows = fetch_dicts(
        con,
        f"""
        SELECT {_WINDOW_SQL[window]} AS period, source_country AS src, target_country AS tgt,
               list_contains(?, cameo_root) AS courting,
               CASE WHEN list_contains(?, cameo_root) THEN 'accept'
                    WHEN list_contains(?, cameo_root) THEN 'reject' END AS answer,
               list_slice(list(id ORDER BY date, id), 1, ?) AS ids, count(*) AS n
        FROM events WHERE {" AND ".join(where)}
        GROUP BY ALL
        """,
        [list(COURTING_ROOTS), list(ACCEPT_ROOTS), list(REJECT_ROOTS), _EVIDENCE_LIMIT, *params],
    )
    # (window, client) -> patron -> (events, first event ids)
    courting: dict[tuple[str, str], dict[str, list[Any]]] = defaultdict(dict)
    answers: dict[tuple[str, str, str, str], list[Any]] = defaultdict(lambda: [0, []])
    for row in rows:
        key = str(row["period"])
        if row["courting"]:
            slot = courting[(key, row["tgt"])].setdefault(row["src"], [0, []])
            slot[0] += int(row["n"])
            slot[1] = (slot[1] + list(row["ids"]))[:_EVIDENCE_LIMIT]
        if row["answer"]:
            slot = answers[(key, row["src"], row["tgt"], row["answer"])]
            slot[0] += int(row["n"])
            slot[1] = (slot[1] + list(row["ids"]))[:_EVIDENCE_LIMIT]
    # Scores first, dicts only for the pairs returned: a busy store has ~10^5 pairs.
    scored: list[tuple[float, str, str, str, str]] = []
    for (key, who), patrons in courting.items():
        if client and who != client:
            continue
        ranked = sorted(patrons, key=lambda p: (-patrons[p][0], p))
        for i, a in enumerate(ranked):
            for b in ranked[i + 1 :]:
                if patron and patron not in (a, b):
                    continue
                score = rivalry_score(patrons[a][0], patrons[b][0])
                if score >= min_score:
                    scored.append((-round(score, 6), key, who, a, b))
    scored.sort()
    out: list[dict[str, Any]] = []
    for neg_score, key, who, a, b in scored[:limit] if limit is not None else scored:
        patrons = courting[(key, who)]
        acc_a, acc_b = answers[(key, who, a, "accept")], answers[(key, who, b, "accept")]
        rej_a, rej_b = answers[(key, who, a, "reject")], answers[(key, who, b, "reject")]
        accepted = acc_a[0] + acc_b[0]
        out.append(
            {
                "client": who,
                "patron_a": a,
                "patron_b": b,
                "period": key,
                "coop_a": patrons[a][0],
                "coop_b": patrons[b][0],
                "accept_a": acc_a[0],
                "accept_b": acc_b[0],
                "reject_a": rej_a[0],
                "reject_b": rej_b[0],
                "score": -neg_score,
                "tilt": round(acc_a[0] / accepted, 6) if accepted else None,
                "evidence": {
                    "coop_a": patrons[a][1],
                    "coop_b": patrons[b][1],
                    "accept_a": acc_a[1],
                    "accept_b": acc_b[1],
                    "reject_a": rej_a[1],
                    "reject_b": rej_b[1],
                },
            }
        )
    return out
