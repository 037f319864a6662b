"""Conflict alerts: a recent window against the baseline windows before it."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from lanner.analysis import classify_trend, conflict_alerts
from lanner.errors import LannerError
from lanner.events import cameo
from test_analysis_fakes import PLACES, Doc, Ev, open_store

AS_OF = date(2024, 6, 30)
WINDOW = 30
BASELINE = 4
ROOTS = ("190", "173", "111", "130", "141", "163", "180", "120")
# place -> event counts per window, oldest baseline window first, the recent window last
COUNTS = {
    "Kharkiv": [5, 4, 6, 5, 21],
    "Niamey": [12, 10, 11, 12, 1],
    "Ndjamena": [4, 6, 5, 5, 6],
    "Kabul": [3, 3, 3, 3, 6],
    "Bishkek": [0, 0, 0, 1, 0],
}
ACTORS = {"UKR": ("RUSMIL", "UKRMIL"), "NER": ("NERREB", "NERMIL"), "TCD": ("TCDREB", "TCDCOP"),
          "AFG": ("AFGREB", "AFGGOV"), "KGZ": ("KGZOPP", "KGZCOP")}  # fmt: skip


def _specs() -> list[Ev]:
    specs = []
    for place, counts in COUNTS.items():
        src, tgt = ACTORS[PLACES[place][0]]
        for w, n in enumerate(counts):
            back = len(counts) - 1 - w
            end = AS_OF - timedelta(days=WINDOW * back)
            for i in range(n):
                # two days apart within one CAMEO root, so the store never merges them
                day = end - timedelta(days=2 * (i % 15))
                code = ROOTS[i // 15]
                specs.append(
                    Ev(f"{src} struck{w}x{i} {tgt}.", src, tgt, code, day.isoformat(), place=place)
                )
    return specs


def store_docs() -> list[Doc]:
    """The documents of this module's store (the ``store_path`` fixture of conftest.py)."""
    specs = _specs()
    return [Doc(specs[i : i + 6], published=None) for i in range(0, len(specs), 6)]


def _documented_trend(recent: int, baseline: list[int]) -> str:
    """The thresholds as docs/analysis.md states them."""
    mean = sum(baseline) / len(baseline)
    sd = math.sqrt(sum((x - mean) ** 2 for x in baseline) / len(baseline))
    spread = max(sd, math.sqrt(mean), 1.0)
    if recent >= mean + 2 * spread and recent >= 1.5 * mean:
        return "large increase"
    if recent >= mean + spread:
        return "moderate increase"
    if recent <= mean - 2 * spread and recent <= 0.5 * mean:
        return "large decrease"
    if recent <= mean - spread:
        return "moderate decrease"
    return "no change"


@pytest.mark.parametrize("quads", [(3, 4), (4,)])
def test_analysis_alerts_compare_recent_window_with_baseline(
    store_path: str, quads: tuple[int, ...]
) -> None:
    with open_store(store_path) as store:
        rows = conflict_alerts(
            store.con,
            window_days=WINDOW,
            baseline_windows=BASELINE,
            quad_classes=quads,
            as_of=AS_OF.isoformat(),
            min_events=1,
        )
    got = {r["country"]: r for r in rows}
    for place in COUNTS:
        country = PLACES[place][0]
        windows = [0] * (BASELINE + 1)
        for ev in _specs():
            if ev.place == place and cameo(ev.cameo).quad_class in quads:
                back = (AS_OF - date.fromisoformat(ev.date or "")).days // WINDOW
                windows[BASELINE - back] += 1
        if sum(windows) == 0:
            assert country not in got
            continue
        row = got[country]
        assert row["recent"] == windows[-1]
        assert row["baseline"] == windows[:-1]
        assert row["trend"] == _documented_trend(windows[-1], windows[:-1])
    trends = [r["trend"] for r in rows]
    assert trends == sorted(
        trends,
        key=[
            "large increase",
            "moderate increase",
            "no change",
            "moderate decrease",
            "large decrease",
        ].index,
    )


def test_analysis_alerts_admin1_level_names_the_province(store_path: str) -> None:
    with open_store(store_path) as store:
        rows = conflict_alerts(
            store.con,
            level="admin1",
            window_days=WINDOW,
            baseline_windows=BASELINE,
            as_of=AS_OF.isoformat(),
            min_events=1,
        )
    expected = {f"{PLACES[p][0]}.{PLACES[p][1]}" for p in COUNTS}
    assert {r["place"] for r in rows} == expected
    assert all(r["admin1"] for r in rows)


def test_analysis_alerts_min_events_drops_quiet_places(store_path: str) -> None:
    with open_store(store_path) as store:
        rows = conflict_alerts(
            store.con,
            window_days=WINDOW,
            baseline_windows=BASELINE,
            as_of=AS_OF.isoformat(),
            min_events=2,
        )
    assert "KGZ" not in {r["country"] for r in rows}


@pytest.mark.parametrize(
    ("recent", "baseline", "trend"),
    [
        (20, [5, 5, 5, 5], "large increase"),
        (8, [5, 5, 5, 5], "moderate increase"),
        (6, [5, 5, 5, 5], "no change"),
        (2, [5, 5, 5, 5], "moderate decrease"),
        (0, [10, 10, 10, 10], "large decrease"),
        (2, [0, 0, 0, 0], "large increase"),
        (1, [0, 0, 0, 0], "moderate increase"),
        (0, [1, 0, 0, 1], "no change"),
    ],
)
def test_analysis_alerts_thresholds(recent: int, baseline: list[int], trend: str) -> None:
    assert classify_trend(recent, baseline)[0] == trend == _documented_trend(recent, baseline)


def test_analysis_alerts_bad_level_is_a_coded_error(store_path: str) -> None:
    with open_store(store_path) as store, pytest.raises(LannerError) as info:
        conflict_alerts(store.con, level="planet")
    assert info.value.code == "E601"
