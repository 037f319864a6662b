"""``Store.optimize`` rewrites the events table in date order and changes nothing else."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from lanner.errors import LannerError
from lanner.store import Store, make_synthetic_store


@pytest.mark.parametrize(("n_events", "undated_every"), [(0, 0), (1, 0), (5_000, 7), (20_000, 3)])
def test_store_optimize_keeps_every_row_and_orders_by_date(
    tmp_path: Path, n_events: int, undated_every: int
) -> None:
    path = tmp_path / "s.duckdb"
    make_synthetic_store(path, n_events)
    if undated_every:
        with duckdb.connect(str(path)) as con:
            con.execute(f"UPDATE events SET date = NULL WHERE hash(id) % {undated_every} = 0")
    with Store(path) as store:
        before = store.table_checksums()
        assert store.optimize() == n_events
        assert store.table_checksums() == before
        out_of_order = store.con.execute(
            """SELECT count(*) FROM (
                   SELECT date, id, lag(date) OVER w AS prev_date, lag(id) OVER w AS prev_id
                   FROM events WINDOW w AS (ORDER BY rowid))
               WHERE (prev_date IS NULL AND date IS NOT NULL AND prev_id IS NOT NULL)
                  OR date < prev_date OR (date = prev_date AND id < prev_id)"""
        ).fetchone()
    assert out_of_order == (0,)


def test_store_optimize_refuses_a_read_only_store(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    make_synthetic_store(path, 100)
    with Store(path, read_only=True) as store, pytest.raises(LannerError) as info:
        store.optimize()
    assert info.value.code == "E502"
