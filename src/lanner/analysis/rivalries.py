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

from lanner.analysis.common import check_choice, check_code, check_range, fetch_dicts, period_start

__all__ = ["ACCEPT_ROOTS", "COURTING_ROOTS", "REJECT_ROOTS", "find_rivalries", "rivalry_score"]

COURTING_ROOTS = ("03", "05", "06", "07")
ACCEPT_ROOTS = ("03", "05", "06")
REJECT_ROOTS = ("12",)
WINDOWS = ("month", "quarter", "year", "all")
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
) -> list[dict[str, Any]]:
    """Patron pairs competing over a client, highest score first (see the module doc)."""
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
    rows = fetch_dicts(
        con,
        f"""
        SELECT id, date, cameo_root, source_country, target_country
        FROM events WHERE {" AND ".join(where)} ORDER BY date, id
        """,
        params,
    )
    # (window, client) -> patron -> lists of event ids
    courting: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    answers: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for row in rows:
        key = "all" if window == "all" else period_start(row["date"], window).isoformat()
        src, tgt, root = row["source_country"], row["target_country"], row["cameo_root"]
        if root in COURTING_ROOTS:
            courting[(key, tgt)][src].append(row["id"])
        if root in ACCEPT_ROOTS:
            answers[(key, src, tgt, "accept")].append(row["id"])
        elif root in REJECT_ROOTS:
            answers[(key, src, tgt, "reject")].append(row["id"])
    out: list[dict[str, Any]] = []
    for (key, who), patrons in courting.items():
        if client and who != client:
            continue
        ranked = sorted(patrons, key=lambda p: (-len(patrons[p]), p))
        for i, a in enumerate(ranked):
            for b in ranked[i + 1 :]:
                if patron and patron not in (a, b):
                    continue
                coop_a, coop_b = len(patrons[a]), len(patrons[b])
                score = rivalry_score(coop_a, coop_b)
                if score < min_score:
                    continue
                acc_a, acc_b = answers[(key, who, a, "accept")], answers[(key, who, b, "accept")]
                rej_a, rej_b = answers[(key, who, a, "reject")], answers[(key, who, b, "reject")]
                accepted = len(acc_a) + len(acc_b)
                out.append(
                    {
                        "client": who,
                        "patron_a": a,
                        "patron_b": b,
                        "period": key,
                        "coop_a": coop_a,
                        "coop_b": coop_b,
                        "accept_a": len(acc_a),
                        "accept_b": len(acc_b),
                        "reject_a": len(rej_a),
                        "reject_b": len(rej_b),
                        "score": round(score, 6),
                        "tilt": round(len(acc_a) / accepted, 6) if accepted else None,
                        "evidence": {
                            "coop_a": patrons[a][:_EVIDENCE_LIMIT],
                            "coop_b": patrons[b][:_EVIDENCE_LIMIT],
                            "accept_a": acc_a[:_EVIDENCE_LIMIT],
                            "accept_b": acc_b[:_EVIDENCE_LIMIT],
                            "reject_a": rej_a[:_EVIDENCE_LIMIT],
                            "reject_b": rej_b[:_EVIDENCE_LIMIT],
                        },
                    }
                )
    out.sort(key=lambda r: (-r["score"], r["period"], r["client"], r["patron_a"], r["patron_b"]))
    return out
