"""Rivalries are ranked in SQL (``_ranked_pairs_sql``); the Python loop they replaced
(``_ranked_pairs_py``) stays as the reference. Both must give the same pairs, scores, counts
and order for every window and filter, on a store with rejections, conflicts, great powers
and ties."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from lanner.analysis import rivalries
from lanner.analysis.common import add_date_range, check_range
from lanner.store import make_synthetic_store


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path = tmp_path_factory.mktemp("riv") / "s.duckdb"
    make_synthetic_store(Path(path), 30_000)
    with duckdb.connect(str(path)) as write:
        # rejections (CAMEO 12) and some undated events, which the synthetic store lacks
        write.execute(
            "UPDATE events SET cameo = '120', cameo_root = '12' WHERE hash(id, 'r') % 9 = 0"
        )
        write.execute("UPDATE events SET date = NULL WHERE hash(id, 'd') % 50 = 0")
    return duckdb.connect(str(path), read_only=True)


def _both(con: duckdb.DuckDBPyConnection, **kw: Any) -> tuple[list[Any], list[Any]]:
    window = kw.pop("window")
    start, end = check_range(kw.pop("date_from", None), kw.pop("date_to", None))
    client, patron = kw.get("client"), kw.get("patron")
    where = [
        "source_country IS NOT NULL",
        "target_country IS NOT NULL",
        "source_country <> target_country",
        "factuality IN ('asserted', 'intended')",
        "list_contains(?, cameo_root)",
    ]
    params: list[Any] = [[*rivalries.COURTING_ROOTS, *rivalries.REJECT_ROOTS]]
    if window != "all":
        where.append("date IS NOT NULL")
    add_date_range(where, params, start, end)
    if client:
        where.append("(target_country = ? OR source_country = ?)")
        params += [client, client]
    req = rivalries.RankingRequest(
        con,
        window,
        " AND ".join(where),
        params,
        start,
        end,
        client=client,
        patron=patron,
        min_score=kw.get("min_score", 0.0),
        limit=kw.get("limit"),
    )
    return rivalries._ranked_pairs_sql(req), rivalries._ranked_pairs_py(req)


CASES = [
    {"window": "year"},
    {"window": "month", "limit": 100},
    {"window": "quarter", "min_score": 1.5},
    {"window": "all"},
    {"window": "year", "client": "TJK"},
    {"window": "month", "patron": "AFG", "limit": 7},
    {"window": "year", "date_from": "2018-01-01", "date_to": "2019-06-30"},
    {"window": "all", "client": "CHN"},  # a great power: never a client
]


@pytest.mark.parametrize("case", CASES, ids=[str(c) for c in CASES])
def test_analysis_rivalries_sql_ranking_equals_the_python_loop(
    con: duckdb.DuckDBPyConnection, case: dict[str, Any]
) -> None:
    sql, python = _both(con, **dict(case))
    assert [tuple(r) for r in sql] == [tuple(r) for r in python]


def test_analysis_rivalries_sql_cases_are_not_empty(con: duckdb.DuckDBPyConnection) -> None:
    """The comparison above is only worth something if the store yields rivalries."""
    sql, _ = _both(con, window="month")
    assert len(sql) > 50
    assert any(r[7] + r[9] > 0 and r[8] + r[10] > 0 for r in sql)  # both sides answered
