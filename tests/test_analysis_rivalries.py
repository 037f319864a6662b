"""Rivalries: two patrons courting one client, the score and the client's tilt."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lanner.analysis import find_rivalries, rivalry_score
from lanner.errors import LannerError
from test_analysis_fakes import Doc, Ev, open_store


def _specs() -> list[Ev]:
    # a list, not a generator: a lazy generator would read `year` after the loop (all 2024)
    days = {
        year: iter([date(year, 1, 1) + timedelta(days=3 * i) for i in range(100)])
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


def store_docs() -> list[Doc]:
    """The documents of this module's store (the ``store_path`` fixture of conftest.py)."""
    specs = _specs()
    return [Doc(specs[i : i + 3]) for i in range(0, len(specs), 3)]


# The rows of the fixture above, worked out by hand from the module's documented formula:
#   score = ln(1 + coop_A + coop_B) x (balance + divergence) / 2
#   balance = min(coop) / max(coop); divergence = |favour_A - favour_B| / (favour_A + favour_B)
#   favour_A = the client's acceptances of A + its rejections of B; tilt = acc_A / (acc_A + acc_B)
EXPECTED_BY_YEAR = {
    # 2023, Kyrgyzstan: China 3 and Russia 3 (a tie, so A is CHN by code), one acceptance each:
    # balance 3/3 = 1, favour 1 vs 1 -> divergence 0; score ln(7) x (1 + 0) / 2
    ("2023-01-01", "KGZ", "CHN", "RUS"): {
        "coop_a": 3, "coop_b": 3, "reject_a": 0, "reject_b": 0,
        "balance": 1.0, "divergence": 0.0, "score": 0.972955, "tilt": 0.5,
    },
    # 2024, Tajikistan: China 4 + 2 = 6 (the MIL events count for the country), Russia 2 + 1 = 3
    # (the negated offer does not count; one 190 is under MIN_CONFLICT_EVENTS); Kyrgyzstan is
    # fighting it (two 190s) and the United States courted once: neither is a side.
    # Tajikistan accepts China 3 times and rejects Russia once: favour 3 + 1 = 4 vs 0 + 0 = 0
    # -> divergence 1; balance 3/6 = 0.5; score ln(10) x (0.5 + 1) / 2
    ("2024-01-01", "TJK", "CHN", "RUS"): {
        "coop_a": 6, "coop_b": 3, "reject_a": 0, "reject_b": 1,
        "balance": 0.5, "divergence": 1.0, "score": 1.726939, "tilt": 1.0,
    },
}  # fmt: skip


def test_analysis_rivalries_score_and_tilt_follow_the_events(store_path: str) -> None:
    with open_store(store_path) as store:
        rows = find_rivalries(store.con, window="year")
    got = {(r["period"], r["client"], r["patron_a"], r["patron_b"]): r for r in rows}
    # no other pair: Afghanistan has one patron, China is a great power (no one's client)
    assert set(got) == set(EXPECTED_BY_YEAR)
    for key, want in EXPECTED_BY_YEAR.items():
        row = got[key]
        for name, value in want.items():
            assert row[name] == pytest.approx(value, abs=1e-5), (key, name, row[name])
    assert [r["period"] for r in rows] == ["2024-01-01", "2023-01-01"]  # best score first
    # each row says why it ranks, with its own numbers
    for row in rows:
        assert f"{row['patron_a']} courted {row['client']} {row['coop_a']} times" in row["why"]
        assert f"= {row['score']:.2f}" in row["why"]


@pytest.mark.parametrize(
    ("coop_a", "coop_b", "favour_a", "favour_b", "score"),
    [
        (3, 3, 1, 1, 0.972955),  # ln(7) x (1 + 0) / 2
        (6, 3, 4, 0, 1.726939),  # ln(10) x (0.5 + 1) / 2
        (4, 1, 0, 0, 0.223970),  # ln(6) x (0.25 + 0) / 2: nobody answered
        (3, 1, 2, 1, 0.536479),  # ln(5) x (1/3 + 1/3) / 2: favour 2 vs 1
        (5, 0, 3, 0, 0.0),  # one patron alone is no rivalry
    ],
)
def test_analysis_rivalries_score_by_hand(
    coop_a: int, coop_b: int, favour_a: int, favour_b: int, score: float
) -> None:
    assert rivalry_score(coop_a, coop_b, favour_a, favour_b) == pytest.approx(score, abs=1e-6)


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
