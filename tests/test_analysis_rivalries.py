"""Rivalries: two patrons courting one client, the score and the client's tilt."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta

import pytest

from lanner.analysis import find_rivalries, rivalry_score
from lanner.analysis.rivalries import GREAT_POWERS, MIN_CONFLICT_EVENTS, MIN_COURTING_EVENTS
from lanner.errors import LannerError
from test_analysis_fakes import Doc, Ev, build_store, open_store


def _expected_score(ca: int, cb: int, fa: int, fb: int) -> float:
    divergence = abs(fa - fb) / (fa + fb) if fa + fb else 0.0
    return (min(ca, cb) / max(ca, cb) + divergence) / 2 * math.log(1 + ca + cb)


COURTING = ("03", "05", "06", "07")


def _specs() -> list[Ev]:
    days = {
        year: iter(date(year, 1, 1) + timedelta(days=3 * i) for i in range(100))
        for year in (2023, 2024)
    }

    def ev(
        src: str, tgt: str, code: str, n: int = 1, factuality: str = "asserted", year: int = 2023
    ) -> list[Ev]:
        return [
            Ev(
                f"{src} acted{code}x{k} {tgt}.",
                src,
                tgt,
                code,
                next(days[year]).isoformat(),
                factuality,
            )
            for k in range(n)
        ]

    return [
        # 2023: China and Russia court Kyrgyzstan evenly; it answers both
        *ev("CHNGOV", "KGZGOV", "071", 3),
        *ev("RUSGOV", "KGZGOV", "061", 3),
        *ev("KGZGOV", "CHNGOV", "051", 1),
        *ev("KGZGOV", "RUSGOV", "051", 1),
        # the United States alone courts Afghanistan: no rivalry
        *ev("USAGOV", "AFGGOV", "073", 2),
        # 2024, the canonical triangle: China and Russia court Tajikistan, Tajikistan
        # accepts China and rejects Russia's offer of troops
        *ev("CHNGOV", "TJKGOV", "071", 4, year=2024),
        *ev("CHNMIL", "TJKMIL", "0312", 2, year=2024),
        *ev("RUSGOV", "TJKGOV", "0332", 2, year=2024),
        *ev("RUSMIL", "TJKGOV", "057", 1, year=2024),
        *ev("TJKGOV", "CHNGOV", "051", 3, year=2024),
        *ev("TJKGOV", "RUSGOV", "120", 1, year=2024),
        # neither negated courting nor conflict counts
        *ev("RUSGOV", "TJKGOV", "071", 1, "negated", year=2024),
        *ev("RUSMIL", "TJKMIL", "190", 1, year=2024),
        # Kyrgyzstan courts Tajikistan while their troops fight: not a patron
        *ev("KGZGOV", "TJKGOV", "061", 3, year=2024),
        *ev("KGZMIL", "TJKMIL", "190", 2, year=2024),
        # the United States offers Tajikistan too little to count as a side
        *ev("USAGOV", "TJKGOV", "071", 1, year=2024),
        # Tajikistan and Kyrgyzstan both court China: a great power is no one's client
        *ev("KGZGOV", "CHNGOV", "061", 3, year=2024),
    ]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    specs = _specs()
    docs = [Doc(specs[i : i + 3]) for i in range(0, len(specs), 3)]
    return build_store(tmp_path_factory.mktemp("riv") / "r.duckdb", docs)


def _expected() -> dict[tuple[str, str, str, str], dict[str, object]]:
    coop: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    answers: dict[tuple[str, str, str, str], int] = defaultdict(int)
    fights: dict[tuple[str, frozenset[str]], int] = defaultdict(int)
    for ev in _specs():
        if ev.factuality == "asserted" and ev.cameo[:2] in ("18", "19", "20") and ev.date:
            fights[(f"{ev.date[:4]}-01-01", frozenset((ev.src[:3], ev.tgt[:3])))] += 1
        if ev.factuality not in ("asserted", "intended"):
            continue
        year = f"{ev.date[:4]}-01-01" if ev.date else ""
        src, tgt, root = ev.src[:3], ev.tgt[:3], ev.cameo[:2]
        if root in COURTING:
            coop[(year, tgt)][src] += 1
        if root in ("03", "05", "06"):
            answers[(year, src, tgt, "accept")] += 1
        if root == "12":
            answers[(year, src, tgt, "reject")] += 1
    out: dict[tuple[str, str, str, str], dict[str, object]] = {}
    for (year, client), courted in coop.items():
        patrons = {
            p: n
            for p, n in courted.items()
            if n >= MIN_COURTING_EVENTS
            and client not in GREAT_POWERS
            and fights[(year, frozenset((p, client)))] < MIN_CONFLICT_EVENTS
        }
        for a in patrons:
            for b in patrons:
                if (-patrons[a], a) >= (-patrons[b], b):
                    continue
                ca, cb = patrons[a], patrons[b]
                acc_a, acc_b = (
                    answers[(year, client, a, "accept")],
                    answers[(year, client, b, "accept")],
                )
                out[(year, client, a, b)] = {
                    "coop_a": ca,
                    "coop_b": cb,
                    "score": _expected_score(
                        ca,
                        cb,
                        acc_a + answers[(year, client, b, "reject")],
                        acc_b + answers[(year, client, a, "reject")],
                    ),
                    "tilt": acc_a / (acc_a + acc_b) if acc_a + acc_b else None,
                    "reject_a": answers[(year, client, a, "reject")],
                    "reject_b": answers[(year, client, b, "reject")],
                }
    return out


def test_analysis_rivalries_score_and_tilt_follow_the_events(store_path: str) -> None:
    expected = _expected()
    with open_store(store_path) as store:
        rows = find_rivalries(store.con, window="year")
    got = {(r["period"], r["client"], r["patron_a"], r["patron_b"]): r for r in rows}
    assert set(got) == set(expected)
    for key, want in expected.items():
        row = got[key]
        for name in ("coop_a", "coop_b", "reject_a", "reject_b"):
            assert row[name] == want[name], (key, name)
        assert row["score"] == pytest.approx(want["score"], abs=1e-5)
        if want["tilt"] is None:
            assert row["tilt"] is None
        else:
            assert row["tilt"] == pytest.approx(want["tilt"], abs=1e-5)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    # each row says why it ranks, with its own numbers
    for row in rows:
        assert f"{row['patron_a']} courted {row['client']} {row['coop_a']} times" in row["why"]
        assert f"= {row['score']:.2f}" in row["why"]


def test_analysis_rivalries_the_tajik_triangle_tilts_to_china(store_path: str) -> None:
    with open_store(store_path) as store:
        rows = find_rivalries(store.con, client="TJK", window="all")
    assert len(rows) == 1
    row = rows[0]
    assert (row["patron_a"], row["patron_b"]) == ("CHN", "RUS")  # China courted more
    assert row["tilt"] == 1.0 and row["reject_b"] >= 1 and row["reject_a"] == 0
    assert len(row["evidence"]["reject_b"]) == row["reject_b"]
    with open_store(store_path) as store:
        assert find_rivalries(store.con, patron="USA") == []
        assert find_rivalries(store.con, client="TJK", date_to="2023-12-31") == []


@pytest.mark.parametrize(
    ("even", "uneven"),
    [((3, 3), (5, 1)), ((10, 10), (19, 1)), ((2, 2), (3, 1))],
)
def test_analysis_rivalries_even_competition_scores_higher_at_equal_volume(
    even: tuple[int, int], uneven: tuple[int, int]
) -> None:
    assert sum(even) == sum(uneven)
    assert rivalry_score(*even) > rivalry_score(*uneven) > 0


@pytest.mark.parametrize("n", [1, 2, 5, 20])
def test_analysis_rivalries_balanced_score_grows_with_volume(n: int) -> None:
    assert rivalry_score(n + 1, n + 1) > rivalry_score(n, n)
    assert rivalry_score(n, 0) == 0.0


def test_analysis_rivalries_bad_window_is_a_coded_error(store_path: str) -> None:
    with open_store(store_path) as store, pytest.raises(LannerError) as info:
        find_rivalries(store.con, window="decade")
    assert info.value.code == "E601"
