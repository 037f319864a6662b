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
from dataclasses import dataclass
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


# The same ranking as the Python loop in ``_ranked_pairs_py`` (the reference, kept for the
# test that compares them), in one statement: eligible patrons (``_eligible``), pairs with A
# first, ``rivalry_score``, the order and the limit. A busy store has ~10^5 pairs; scoring
# them in Python cost ~0.5 s at a million events, in DuckDB ~20 ms.
_RANKED_PAIRS_SQL = """
WITH g AS MATERIALIZED ({counts}),
fights AS MATERIALIZED ({fights}),
court AS (
    SELECT g.period, g.tgt AS client, g.src AS patron, g.coop FROM g
    WHERE g.coop > 0 AND g.coop >= $min_courting AND NOT list_contains($great_powers, g.tgt)
      AND (g.period, least(g.src, g.tgt), greatest(g.src, g.tgt))
          NOT IN (SELECT (f.period, f.a, f.b) FROM fights f)
),
pairs AS (
    SELECT x.period, x.client, x.patron AS a, y.patron AS b, x.coop AS coop_a, y.coop AS coop_b,
           coalesce(ca.accept, 0) AS acc_a, coalesce(cb.accept, 0) AS acc_b,
           coalesce(ca.reject, 0) AS rej_a, coalesce(cb.reject, 0) AS rej_b
    FROM court x JOIN court y ON x.period = y.period AND x.client = y.client
     AND (x.coop > y.coop OR (x.coop = y.coop AND x.patron < y.patron))
    LEFT JOIN g ca ON ca.period = x.period AND ca.src = x.client AND ca.tgt = x.patron
    LEFT JOIN g cb ON cb.period = x.period AND cb.src = x.client AND cb.tgt = y.patron
    WHERE ($patron IS NULL OR $patron IN (x.patron, y.patron))
      AND ($client IS NULL OR x.client = $client)
),
scored AS (
    SELECT *, (least(coop_a, coop_b) / greatest(coop_a, coop_b)
               + CASE WHEN acc_a + rej_b + acc_b + rej_a = 0 THEN 0.0
                      ELSE abs((acc_a + rej_b) - (acc_b + rej_a))
                           / (acc_a + rej_b + acc_b + rej_a) END) / 2
              * ln(1 + coop_a + coop_b) AS raw
    FROM pairs
)
SELECT round(raw, 6) AS score, {label} AS period, client, a, b,
       coop_a, coop_b, acc_a, acc_b, rej_a, rej_b
FROM scored
WHERE raw >= $min_score
ORDER BY score DESC, period, client, a, b
LIMIT $limit
"""


# Groups keyed by the period's first day (a DATE), labelled only in the output: formatting
# a label for every event costs more than the grouping.
_PERIOD_KEY_SQL = {
    "month": "date_trunc('month', date)",
    "quarter": "date_trunc('quarter', date)",
    "year": "date_trunc('year', date)",
    "all": "'all'",
}


@dataclass(frozen=True)
class RankingRequest:
    """What both rankings (SQL and the Python reference) are asked: the events to read
    (``where_sql`` with ``params``), the window and date range, and the row filters."""

    con: duckdb.DuckDBPyConnection
    window: str
    where_sql: str
    params: list[Any]
    start: date | None = None
    end: date | None = None
    client: str | None = None
    patron: str | None = None
    min_score: float = 0.0
    limit: int | None = None


def _ranked_pairs_sql(req: RankingRequest) -> list[tuple[Any, ...]]:
    """(score, period, client, A, B, coop_a, coop_b, acc_a, acc_b, rej_a, rej_b), best first."""
    con, window, where_sql, params = req.con, req.window, req.where_sql, req.params
    start, end, client, patron = req.start, req.end, req.client, req.patron
    min_score, limit = req.min_score, req.limit
    numbered = where_sql.split("?")
    named = numbered[0] + "".join(f"$w{i}{part}" for i, part in enumerate(numbered[1:]))
    fights_where = ["source_country IS NOT NULL", "target_country IS NOT NULL",
                    "source_country <> target_country", "factuality = 'asserted'",
                    "list_contains($conflict, cameo_root)"]  # fmt: skip
    fight_params: list[Any] = []
    add_date_range(fights_where, fight_params, start, end)
    fights_sql = " AND ".join(fights_where)
    for i in range(len(fight_params)):
        fights_sql = fights_sql.replace("?", f"$f{i}", 1)
    period = _PERIOD_KEY_SQL[window]
    counts = (
        f"SELECT {period} AS period, source_country AS src, target_country AS tgt, "
        "count(*) FILTER (WHERE list_contains($courting, cameo_root)) AS coop, "
        "count(*) FILTER (WHERE list_contains($accepting, cameo_root)) AS accept, "
        "count(*) FILTER (WHERE list_contains($rejecting, cameo_root)) AS reject "
        f"FROM events WHERE {named} GROUP BY ALL"
    )
    fights = (
        f"SELECT {period} AS period, least(source_country, target_country) AS a, "
        "greatest(source_country, target_country) AS b FROM events "
        f"WHERE {fights_sql} GROUP BY ALL HAVING count(*) >= $min_conflict"
    )
    values: dict[str, Any] = {
        **{f"w{i}": v for i, v in enumerate(params)},
        **{f"f{i}": v for i, v in enumerate(fight_params)},
        "courting": list(COURTING_ROOTS), "accepting": list(ACCEPT_ROOTS),
        "rejecting": list(REJECT_ROOTS), "conflict": list(CONFLICT_ROOTS),
        "min_conflict": MIN_CONFLICT_EVENTS, "min_courting": MIN_COURTING_EVENTS,
        "great_powers": sorted(GREAT_POWERS), "client": client, "patron": patron,
        "min_score": min_score, "limit": limit,
    }  # fmt: skip
    label = "'all'" if window == "all" else "strftime(period, '%Y-%m-%d')"
    sql = _RANKED_PAIRS_SQL.format(counts=counts, fights=fights, label=label)
    return con.execute(sql, values).fetchall()


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
    ranked = _ranked_pairs_sql(
        RankingRequest(con, window, where_sql, params, start, end, client, patron, min_score, limit)
    )
    chosen = [(-score, key, who, a, b) for score, key, who, a, b, *_ in ranked]
    numbers = {(key, who, a, b): tuple(rest) for _, key, who, a, b, *rest in ranked}
    evidence = _evidence(con, window, where_sql, params, chosen)

    def ids(key: str, src: str, tgt: str, field: str) -> list[str]:
        return evidence.get((key, src, tgt), {}).get(field, [])

    out: list[dict[str, Any]] = []
    for neg_score, key, who, a, b in chosen:
        coop_a, coop_b, acc_a, acc_b, rej_a, rej_b = (int(n) for n in numbers[(key, who, a, b)])
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


def _ranked_pairs_py(req: RankingRequest) -> list[tuple[Any, ...]]:
    """The ranking of ``_ranked_pairs_sql`` in Python: the reference its test compares with."""
    con, window, where_sql, params = req.con, req.window, req.where_sql, req.params
    start, end, client, patron = req.start, req.end, req.client, req.patron
    min_score, limit = req.min_score, req.limit
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

    def count(key: str, src: str, tgt: str, field: str) -> int:
        row = groups.get((key, src, tgt))
        return int(row[field]) if row else 0

    return [
        (-neg, key, who, a, b, count(key, a, who, "coop"), count(key, b, who, "coop"),
         count(key, who, a, "accept"), count(key, who, b, "accept"),
         count(key, who, a, "reject"), count(key, who, b, "reject"))
        for neg, key, who, a, b in chosen
    ]  # fmt: skip


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
