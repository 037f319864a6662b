"""Rivalries: two patrons courting the same client, and which one the client answers.

A *patron* directs cooperation at a *client*: CAMEO 03 (intent to cooperate, offers),
05 (diplomatic cooperation), 06 (material cooperation, military cooperation included)
or 07 (aid). The client *accepts* a patron with its own 03/05/06 events towards that patron
and *rejects* it with 12x (reject: "Tajikistan rejected Russia's offer of troops").
Negated and hypothetical events count for nothing.

For each client, window (month, quarter, year or the whole range) and pair of patrons
A and B that both courted it in that window (A is the one with more cooperation events,
ties by code):

* ``score`` = ln(1 + coop_A + coop_B) x (balance + divergence) / 2, where balance =
  min(coop_A, coop_B) / max(coop_A, coop_B) (the two court evenly) and divergence =
  |favour_A - favour_B| / (favour_A + favour_B), favour_A being the client's acceptances of A
  plus its rejections of B (the client picks a side; 0 when it answered neither). It grows
  with volume, with even courting, and with a client that takes one patron's offers and
  turns the other's down: the seed's China-Russia-Tajikistan triangle;
* ``tilt`` = accept_A / (accept_A + accept_B), the share of the client's acceptances that
  go to A (``None`` when it accepted neither); 0.5 is balance, 1 is all for A;
* ``reject_a`` / ``reject_b`` count the client's rejections of each.

What makes a row meaningful (issue 13), applied before scoring:

* a **patron courts a client it is not fighting**: a pair that exchanged at least
  :data:`MIN_CONFLICT_EVENTS` armed-conflict events (CAMEO 18 assault, 19 fight, 20 mass
  violence, either direction) in the window is not patron and client ("Kyrgyzstan courts
  Tajikistan" during their border war is not a rivalry);
* the **client is not a great power** (:data:`GREAT_POWERS`): a great power courting others
  is a patron, and a visit to Moscow does not make Russia anyone's client;
* each patron needs at least :data:`MIN_COURTING_EVENTS` courting events towards the
  client in the window (the minimum evidence per side, set here and only here).

Each row carries ``balance``, ``divergence`` and ``why``: the numbers behind its score, in
words.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from typing import Any

import duckdb

from lanner.analysis.common import (
    add_date_range,
    check_choice,
    check_code,
    check_range,
    fetch_dicts,
)

__all__ = [
    "ACCEPT_ROOTS",
    "CONFLICT_ROOTS",
    "COURTING_ROOTS",
    "GREAT_POWERS",
    "MIN_CONFLICT_EVENTS",
    "MIN_COURTING_EVENTS",
    "REJECT_ROOTS",
    "find_rivalries",
    "rivalry_score",
]

COURTING_ROOTS = ("03", "05", "06", "07")
ACCEPT_ROOTS = ("03", "05", "06")
REJECT_ROOTS = ("12",)
CONFLICT_ROOTS = ("18", "19", "20")
# The minimum evidence per side: courting events of each patron towards the client.
MIN_COURTING_EVENTS = 2
# Armed-conflict events between two states in a window that make them adversaries there.
MIN_CONFLICT_EVENTS = 2
# Permanent members of the UN Security Council: patrons, never clients.
GREAT_POWERS = frozenset({"CHN", "FRA", "GBR", "RUS", "USA"})
WINDOWS = ("month", "quarter", "year", "all")
# The period label per window: fixed SQL fragments, chosen by name.
_WINDOW_SQL = {
    "month": "strftime(date_trunc('month', date), '%Y-%m-%d')",
    "quarter": "strftime(date_trunc('quarter', date), '%Y-%m-%d')",
    "year": "strftime(date_trunc('year', date), '%Y-%m-%d')",
    "all": "'all'",
}
_EVIDENCE_LIMIT = 50


def rivalry_score(coop_a: int, coop_b: int, favour_a: int = 0, favour_b: int = 0) -> float:
    """ln(1 + total) x (balance + divergence) / 2; 0 when either patron is absent.

    ``balance`` = min/max of the two patrons' courting; ``divergence`` = how one-sidedly the
    client answers: |favour_A - favour_B| / (favour_A + favour_B), where favour_A counts the
    client's acceptances of A and rejections of B (0 when it answered neither).
    """
    high, low = max(coop_a, coop_b), min(coop_a, coop_b)
    if low <= 0:
        return 0.0
    answered = favour_a + favour_b
    divergence = abs(favour_a - favour_b) / answered if answered else 0.0
    return (low / high + divergence) / 2 * math.log1p(coop_a + coop_b)


def _balance(coop_a: int, coop_b: int) -> float:
    high, low = max(coop_a, coop_b), min(coop_a, coop_b)
    return low / high if high else 0.0


def _divergence(favour_a: int, favour_b: int) -> float:
    answered = favour_a + favour_b
    return abs(favour_a - favour_b) / answered if answered else 0.0


def _why(row: dict[str, Any]) -> str:
    """The row's score in words: who courted how much, how the client answered."""
    a, b, c = row["patron_a"], row["patron_b"], row["client"]
    return (
        f"{a} courted {c} {row['coop_a']} times and {b} {row['coop_b']} "
        f"(balance {row['balance']:.2f}); {c} accepted {a} {row['accept_a']} times and "
        f"{b} {row['accept_b']}, rejected {a} {row['reject_a']} and {b} {row['reject_b']} "
        f"(divergence {row['divergence']:.2f}); score ln(1 + {row['coop_a'] + row['coop_b']})"
        f" x ({row['balance']:.2f} + {row['divergence']:.2f}) / 2 = {row['score']:.2f}"
    )


def _adversaries(
    con: duckdb.DuckDBPyConnection, window: str, start: date | None, end: date | None
) -> set[tuple[str, str, str]]:
    """(period, a, b) for pairs of countries in armed conflict (both orders)."""
    where = [
        "source_country IS NOT NULL",
        "target_country IS NOT NULL",
        "source_country <> target_country",
        "factuality = 'asserted'",
        "list_contains(?, cameo_root)",
    ]
    params: list[Any] = [list(CONFLICT_ROOTS)]
    add_date_range(where, params, start, end)
    rows = con.execute(
        f"""SELECT {_WINDOW_SQL[window]} AS period, least(source_country, target_country),
                   greatest(source_country, target_country), count(*)
            FROM events WHERE {" AND ".join(where)} GROUP BY ALL HAVING count(*) >= ?""",
        [*params, MIN_CONFLICT_EVENTS],
    ).fetchall()
    out: set[tuple[str, str, str]] = set()
    for period, a, b, _ in rows:
        out |= {(str(period), a, b), (str(period), b, a)}
    return out


def _eligible(
    patrons: dict[str, int], key: str, client: str, fights: set[tuple[str, str, str]]
) -> dict[str, int]:
    """The client's patrons with enough evidence and no war with it (see the module doc)."""
    if client in GREAT_POWERS:
        return {}
    return {
        p: n
        for p, n in patrons.items()
        if n >= MIN_COURTING_EVENTS and (key, p, client) not in fights
    }


def _answers(groups: dict[Any, Any], key: str, client: str, patron: str, field: str) -> int:
    row = groups.get((key, client, patron))
    return int(row[field]) if row else 0


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
    add_date_range(where, params, start, end)
    if client:
        # the client's own events are its answers; courting events are aimed at it
        where.append("(target_country = ? OR source_country = ?)")
        params += [client, client]
    where_sql = " AND ".join(where)
    # Counts per (period, source, target), aggregated in SQL: a busy store has millions of
    # cooperative events but only thousands of such groups.
    counts = fetch_dicts(
        con,
        f"""
        SELECT {_WINDOW_SQL[window]} AS period, source_country AS src, target_country AS tgt,
               count(*) FILTER (WHERE list_contains(?, cameo_root)) AS coop,
               count(*) FILTER (WHERE list_contains(?, cameo_root)) AS accept,
               count(*) FILTER (WHERE list_contains(?, cameo_root)) AS reject
        FROM events WHERE {where_sql}
        GROUP BY ALL
        """,
        [list(COURTING_ROOTS), list(ACCEPT_ROOTS), list(REJECT_ROOTS), *params],
    )
    groups = {(str(r["period"]), r["src"], r["tgt"]): r for r in counts}
    fights = _adversaries(con, window, start, end)
    courting: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for (key, src, tgt), group in groups.items():
        if group["coop"]:
            courting[(key, tgt)][src] = int(group["coop"])
    # Scores first, dicts only for the pairs returned: a busy store has ~10^5 pairs.
    scored: list[tuple[float, str, str, str, str]] = []
    for (key, who), patrons in courting.items():
        if client and who != client:
            continue
        patrons = _eligible(patrons, key, who, fights)
        ranked = sorted(patrons, key=lambda p: (-patrons[p], p))
        for i, a in enumerate(ranked):
            for b in ranked[i + 1 :]:
                if patron and patron not in (a, b):
                    continue
                favour = [
                    _answers(groups, key, who, x, "accept")
                    + _answers(groups, key, who, y, "reject")
                    for x, y in ((a, b), (b, a))
                ]
                score = rivalry_score(patrons[a], patrons[b], favour[0], favour[1])
                if score >= min_score:
                    scored.append((-round(score, 6), key, who, a, b))
    scored.sort()
    chosen = scored[:limit] if limit is not None else scored
    evidence = _evidence(con, window, where_sql, params, chosen)

    def count(key: str, src: str, tgt: str, field: str) -> int:
        row = groups.get((key, src, tgt))
        return int(row[field]) if row else 0

    def ids(key: str, src: str, tgt: str, field: str) -> list[str]:
        return evidence.get((key, src, tgt), {}).get(field, [])

    out: list[dict[str, Any]] = []
    for neg_score, key, who, a, b in chosen:
        acc_a, acc_b = count(key, who, a, "accept"), count(key, who, b, "accept")
        rej_a, rej_b = count(key, who, a, "reject"), count(key, who, b, "reject")
        coop_a, coop_b = count(key, a, who, "coop"), count(key, b, who, "coop")
        row: dict[str, Any] = {
            "client": who,
            "patron_a": a,
            "patron_b": b,
            "period": key,
            "coop_a": coop_a,
            "coop_b": coop_b,
            "accept_a": acc_a,
            "accept_b": acc_b,
            "reject_a": rej_a,
            "reject_b": rej_b,
            "score": -neg_score,
            "balance": round(_balance(coop_a, coop_b), 6),
            "divergence": round(_divergence(acc_a + rej_b, acc_b + rej_a), 6),
            "tilt": round(acc_a / (acc_a + acc_b), 6) if acc_a + acc_b else None,
            "evidence": {
                "coop_a": ids(key, a, who, "coop"),
                "coop_b": ids(key, b, who, "coop"),
                "accept_a": ids(key, who, a, "accept"),
                "accept_b": ids(key, who, b, "accept"),
                "reject_a": ids(key, who, a, "reject"),
                "reject_b": ids(key, who, b, "reject"),
            },
        }
        row["why"] = _why(row)
        out.append(row)
    return out


def _evidence(
    con: duckdb.DuckDBPyConnection,
    window: str,
    where_sql: str,
    params: list[Any],
    chosen: list[tuple[float, str, str, str, str]],
) -> dict[tuple[str, str, str], dict[str, list[str]]]:
    """The first event ids (by date) of each group the chosen pairs draw on."""
    keys = sorted(
        {
            f"{key}|{src}|{tgt}"
            for _, key, who, a, b in chosen
            for src, tgt in ((a, who), (b, who), (who, a), (who, b))
        }
    )
    if not keys:
        return {}
    rows = fetch_dicts(
        con,
        f"""
        SELECT {_WINDOW_SQL[window]} AS period, source_country AS src, target_country AS tgt,
               list(id ORDER BY date, id) FILTER (WHERE list_contains(?, cameo_root)) AS coop,
               list(id ORDER BY date, id) FILTER (WHERE list_contains(?, cameo_root)) AS accept,
               list(id ORDER BY date, id) FILTER (WHERE list_contains(?, cameo_root)) AS reject
        FROM events
        WHERE {where_sql}
          AND list_contains(?, {_WINDOW_SQL[window]} || '|' || source_country || '|' || target_country)
        GROUP BY ALL
        """,
        [list(COURTING_ROOTS), list(ACCEPT_ROOTS), list(REJECT_ROOTS), *params, keys],
    )
    return {
        (str(r["period"]), r["src"], r["tgt"]): {
            name: list(r[name] or [])[:_EVIDENCE_LIMIT] for name in ("coop", "accept", "reject")
        }
        for r in rows
    }
