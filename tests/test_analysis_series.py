"""Dyad series: counts by quad class, Goldstein and net cooperation per period."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

import pytest

from lanner.analysis import dyad_series
from lanner.analysis.common import period_start
from lanner.errors import LannerError
from lanner.events import cameo
from test_analysis_fakes import Doc, Ev, open_store

CODES = ["036", "042", "057", "061", "071", "111", "130", "163", "173", "190"]
ACTORS = ["CHNGOV", "CHNMIL", "TJKGOV", "TJKMIL", "RUSGOV"]


def _specs() -> list[Ev]:
    rng = random.Random(11)
    specs = []
    day = date(2023, 11, 1)
    for i in range(90):
        day += timedelta(days=2)  # two days apart: never the same event for the store
        src, tgt = rng.sample(ACTORS, 2)
        factuality = "intended" if i % 9 == 0 else "asserted"
        specs.append(
            Ev(
                f"{src} acted{i} on {tgt}.",
                src,
                tgt,
                rng.choice(CODES),
                day.isoformat(),
                factuality,
            )
        )
    return specs


def store_docs() -> list[Doc]:
    """The documents of this module's store (the ``store_path`` fixture of conftest.py)."""
    specs = _specs()
    return [Doc(specs[i : i + 5]) for i in range(0, len(specs), 5)]


def _matches(code: str, side: str) -> bool:
    return code.startswith(side)


def _expected(a: str, b: str, period: str, directed: bool) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for ev in _specs():
        if ev.factuality != "asserted":
            continue
        forward = _matches(ev.src, a) and _matches(ev.tgt, b)
        backward = _matches(ev.src, b) and _matches(ev.tgt, a)
        if not (forward or (backward and not directed)):
            continue
        key = period_start(date.fromisoformat(ev.date or ""), period).isoformat()
        info = cameo(ev.cameo)
        bucket = out[key]
        bucket["events"] += 1
        bucket[f"q{info.quad_class}"] += 1
        bucket["net_cooperation"] += 1 if info.quad_class <= 2 else -1
        bucket["net_goldstein"] += info.goldstein
        bucket["a_to_b" if forward else "b_to_a"] += 1
    return out


@pytest.mark.parametrize(
    ("a", "b", "period", "directed"),
    [
        ("CHN", "TJK", "month", False),
        ("CHN", "TJK", "week", True),
        ("CHNGOV", "TJK", "quarter", False),
        ("TJKMIL", "CHNMIL", "month", True),
        ("RUS", "CHNGOV", "day", False),
    ],
)
def test_analysis_series_counts_match_the_events(
    store_path: str, a: str, b: str, period: str, directed: bool
) -> None:
    expected = _expected(a, b, period, directed)
    with open_store(store_path) as store:
        rows = dyad_series(store.con, a, b, period=period, directed=directed)
    got = {r["period"]: r for r in rows if r["events"]}
    assert set(got) == set(expected)
    for key, bucket in expected.items():
        row = got[key]
        for name in ("events", "q1", "q2", "q3", "q4", "net_cooperation", "a_to_b", "b_to_a"):
            assert row[name] == bucket.get(name, 0), (key, name)
        assert row["net_goldstein"] == pytest.approx(bucket["net_goldstein"], abs=1e-3)
        assert row["goldstein_mean"] == pytest.approx(
            bucket["net_goldstein"] / bucket["events"], abs=1e-3
        )
        assert row["net_cooperation"] == row["q1"] + row["q2"] - row["q3"] - row["q4"]


@pytest.mark.parametrize("period", ["day", "week", "month", "quarter", "year"])
def test_analysis_series_periods_are_contiguous(store_path: str, period: str) -> None:
    with open_store(store_path) as store:
        rows = dyad_series(store.con, "CHN", "TJK", period=period)
    starts = [date.fromisoformat(r["period"]) for r in rows]
    assert starts == sorted(starts)
    assert all(period_start(s, period) == s for s in starts)
    # no period is skipped: the next period's start is the first day after this one's end
    for earlier, later in zip(starts, starts[1:], strict=False):
        assert period_start(later - timedelta(days=1), period) == earlier


def test_analysis_series_date_range_bounds_the_rows(store_path: str) -> None:
    with open_store(store_path) as store:
        rows = dyad_series(store.con, "CHN", "TJK", date_from="2024-01-01", date_to="2024-02-29")
    assert [r["period"] for r in rows] == ["2024-01-01", "2024-02-01"]


def test_analysis_series_factuality_none_counts_intended_events(store_path: str) -> None:
    with open_store(store_path) as store:
        asserted = sum(r["events"] for r in dyad_series(store.con, "CHN", "TJK"))
        every = sum(r["events"] for r in dyad_series(store.con, "CHN", "TJK", factuality=None))
    intended = sum(
        1
        for ev in _specs()
        if ev.factuality == "intended" and {ev.src[:3], ev.tgt[:3]} == {"CHN", "TJK"}
    )
    assert every - asserted == intended


@pytest.mark.parametrize(
    ("kwargs", "name", "code"),
    [
        ({"a": "CHN'; DROP TABLE events; --", "b": "TJK"}, "a", "E601"),
        ({"a": "CHN", "b": "TJK", "period": "fortnight"}, "period", "E601"),
        # a malformed date is the one date check's error wherever it is given
        ({"a": "CHN", "b": "TJK", "date_from": "2024-13-01"}, "date_from", "E109"),
        (
            {"a": "CHN", "b": "TJK", "date_from": "2024-03-01", "date_to": "2024-01-01"},
            "date_to",
            "E601",
        ),
        ({"a": "CHN", "b": "TJK", "period": "day", "date_from": "1900-01-01"}, "period", "E601"),
    ],
)
def test_analysis_series_bad_parameters_raise_coded_errors(
    store_path: str, kwargs: dict[str, str], name: str, code: str
) -> None:
    with open_store(store_path) as store, pytest.raises(LannerError) as info:
        dyad_series(store.con, **kwargs)  # type: ignore[arg-type]
    assert info.value.code == code
    assert info.value.fields["name"] == name
