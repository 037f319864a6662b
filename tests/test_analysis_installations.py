"""Installations: kind, owner, host and status from event sentences; grouping over time."""

from __future__ import annotations

from pathlib import Path

import pytest

from lanner.analysis import find_installations, installation_mentions
from lanner.analysis.common import distance_km
from test_analysis_fakes import PLACES, Doc, Ev, build_store, open_store

# (event, expected (kind, owner, host, status) or None when no installation is read off it)
CASES: list[tuple[Ev, tuple[str, str, str | None, str] | None]] = [
    (
        Ev(
            "China built a border outpost for Tajikistan in Murghab.",
            "CHNGOV",
            "TJKGOV",
            "072",
            "2023-05-02",
            place="Murghab",
        ),
        ("border post", "CHN", "TJK", "operating"),
    ),
    (
        Ev(
            "Russia plans to open a military base in Kyrgyzstan.",
            "RUSGOV",
            "KGZGOV",
            "036",
            "2023-05-04",
            "intended",
        ),
        ("base", "RUS", "KGZ", "planned"),
    ),
    (
        Ev(
            "Gunmen attacked the Chinese embassy in Kabul.",
            "AFGREB",
            "CHNGOV",
            "190",
            "2023-05-06",
            place="Kabul",
        ),
        ("embassy", "CHN", "AFG", "attacked"),
    ),
    (
        Ev(
            "Construction began on a Chinese counter-terrorism centre near Khorog.",
            "CHNGOV",
            "TJKGOV",
            "061",
            "2023-05-08",
            place="Khorog",
            trigger="began",
        ),
        ("centre", "CHN", "TJK", "under construction"),
    ),
    (
        Ev("Russia closed its consulate in Ukraine.", "RUSGOV", "UKRGOV", "161", "2023-05-10"),
        ("consulate", "RUS", "UKR", "closed"),
    ),
    (
        Ev("India keeps a radar station in Tajikistan.", "INDMIL", "TJKGOV", "061", "2023-05-12"),
        ("radar", "IND", "TJK", "operating"),
    ),
    (
        Ev(
            "Russia's 201st base in Dushanbe hosts Kyrgyz officers.",
            "RUSMIL",
            "KGZMIL",
            "042",
            "2023-05-14",
            place="Dushanbe",
        ),
        ("base", "RUS", "TJK", "operating"),
    ),
    (
        Ev(
            "Kyrgyz gunmen attacked a Chinese-funded border post in Tajikistan.",
            "KGZREB",
            "CHNGOV",
            "190",
            "2023-05-22",
            trigger="attacked",
        ),
        ("border post", "CHN", "TJK", "attacked"),
    ),
    (
        Ev(
            "Tajikistan widened its customer base with Kyrgyzstan.",
            "TJKGOV",
            "KGZGOV",
            "061",
            "2023-05-16",
        ),
        None,
    ),
    (
        Ev(
            "Tajikistan built a border post in Khorog.",
            "TJKGOV",
            "TJKMIL",
            "072",
            "2023-05-18",
            place="Khorog",
        ),
        None,
    ),
    (
        Ev(
            "Russia did not open a military base in Vahdat.",
            "RUSGOV",
            "TJKGOV",
            "036",
            "2023-05-20",
            "negated",
            place="Vahdat",
        ),
        None,
    ),
]


@pytest.fixture(scope="module")
def cases_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    docs = [Doc([ev], published=ev.date, extra=f"Case {i}.") for i, (ev, _) in enumerate(CASES)]
    return build_store(tmp_path_factory.mktemp("inst") / "cases.duckdb", docs)


@pytest.mark.parametrize(("ev", "expected"), CASES, ids=[ev.sentence[:40] for ev, _ in CASES])
def test_analysis_installations_rules_read_the_sentence(
    cases_store: str, ev: Ev, expected: tuple[str, str, str | None, str] | None
) -> None:
    with open_store(cases_store) as store:
        found = [m for m in installation_mentions(store.con) if m["sentence"] == ev.sentence]
    if expected is None:
        assert found == []
        return
    assert len(found) == 1, ev.sentence
    got = found[0]
    assert (got["kind"], got["owner"], got["host"], got["status"]) == expected
    assert got["cameo"] == ev.cameo and got["date"] == ev.date
    if ev.place:
        assert got["place"] == ev.place


def test_analysis_installations_group_nearby_mentions_and_follow_status(tmp_path: Path) -> None:
    # The premise: Vahdat is near Dushanbe, Khorog is not.
    d_vahdat = distance_km(*PLACES["Dushanbe"][2:], *PLACES["Vahdat"][2:])
    d_khorog = distance_km(*PLACES["Dushanbe"][2:], *PLACES["Khorog"][2:])
    assert d_vahdat < 50 < d_khorog
    timeline = [
        Ev(
            "China plans to fund a Chinese training centre in Dushanbe.",
            "CHNGOV",
            "TJKGOV",
            "0312",
            "2023-01-10",
            "intended",
            place="Dushanbe",
        ),
        Ev(
            "Work on the Chinese training centre in Vahdat is under construction.",
            "CHNGOV",
            "TJKGOV",
            "061",
            "2023-06-10",
            place="Vahdat",
        ),
        Ev(
            "China opened the Chinese training centre in Dushanbe.",
            "CHNGOV",
            "TJKGOV",
            "061",
            "2024-01-10",
            place="Dushanbe",
        ),
        Ev(
            "China opened a Chinese training centre in Khorog.",
            "CHNGOV",
            "TJKGOV",
            "061",
            "2024-02-20",
            place="Khorog",
        ),
    ]
    path = build_store(tmp_path / "t.duckdb", [Doc([ev], published=ev.date) for ev in timeline])
    with open_store(path) as store:
        found = find_installations(store.con, owner="CHN")
    assert len(found) == 2
    near, far = sorted(found, key=lambda i: i["events"], reverse=True)
    assert near["events"] == 3 and far["events"] == 1
    assert [e["status"] for e in near["evidence"]] == ["planned", "under construction", "operating"]
    assert near["status"] == "operating"
    assert near["first_seen"] == timeline[0].date and near["last_seen"] == timeline[2].date
    assert far["place"] == "Khorog" and far["status"] == "operating"
    assert set(near["status_events"]) == {"planned", "under construction", "operating"}
    with open_store(path) as store:
        assert find_installations(store.con, status="planned") == []
        assert find_installations(store.con, owner="RUS") == []
        assert len(find_installations(store.con, date_to="2023-12-31")) == 1
