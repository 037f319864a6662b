"""Installations: what one sentence says (rules), and installations with a status history."""

from __future__ import annotations

from pathlib import Path

import pytest

from lanner.analysis import find_installations
from lanner.analysis.installation_rules import read_sentence, split_sentences
from test_analysis_fakes import Doc, Ev, build_store, open_store

# sentence -> (kind, owner read from the phrase, first place written, status, back-reference)
# or None when the sentence says nothing about an installation.
SENTENCE_CASES: list[tuple[str, tuple[str, str | None, str | None, str | None, bool] | None]] = [
    ("Gunmen attacked the Chinese embassy in Kabul on Monday.",
     ("embassy", "CHN", "Kabul", "attacked", False)),
    ("Russia closed its radar station near Norak on July 9.",
     ("radar station", "RUS", "Norak", "closed", False)),
    ("The Indian embassy in Kabul reopened after repairs.",
     ("embassy", "IND", "Kabul", "reopened", False)),
    ("Construction began on the Chinese-funded outpost near Murghab.",
     ("outpost", "CHN", "Murghab", "under construction", False)),
    ("China announced plans to build an outpost near Murghab.",
     ("outpost", "CHN", "Murghab", "planned", False)),
    ("The Turkish-funded training centre opened in Mogadishu on May 2.",
     ("centre", "TUR", "Mogadishu", "opened", False)),
    ("The French base in Niamey will close next year.",
     ("base", "FRA", "Niamey", None, False)),
    ("Russia reinforced its military base in Gyumri with 800 soldiers.",
     ("base", "RUS", "Gyumri", "operating", False)),
    ("Police arrested six men over the attack on the Chinese embassy in Bishkek.",
     ("embassy", "CHN", "Bishkek", "attacked", True)),
    ("Tajikistan rejected a Russian request to reopen the radar station near Norak.",
     ("radar station", None, "Norak", None, False)),
    ("The Kant air base, which Russia operates under a treaty, is its largest.",
     ("base", None, "Kant", "operating", False)),
    ("The markets will reopen once the outpost near Murghab is finished.",
     ("outpost", None, "Murghab", "planned", False)),
    ("India is building a radar station in Mauritius.",
     ("radar station", "IND", "Mauritius", "under construction", False)),
    ("The United States closed its embassy in Kabul in August 2021.",
     ("embassy", "USA", "Kabul", "closed", False)),
    ("China's embassy in Dushanbe said Beijing was ready to help.", None),
    ("Russia's embassy in Dushanbe declined to comment.", None),
    ("Tajikistan widened its customer base with Kyrgyzstan.", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "expected"), SENTENCE_CASES, ids=[s[:40] for s, _ in SENTENCE_CASES]
)
def test_analysis_installations_read_one_sentence(
    sentence: str, expected: tuple[str, str | None, str | None, str | None, bool] | None
) -> None:
    found = read_sentence(sentence)
    if expected is None:
        assert found == [], sentence
        return
    assert len(found) == 1, (sentence, found)
    got = found[0]
    place = got.places[0] if got.places else None
    assert (got.kind, got.owner, place, got.status, got.reference) == expected, sentence


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("KABUL, Jan. 9 (Wire) - One. Two? Three!", 3),
        ("U.S. troops left. Mr. Smith stayed.", 2),
        ("First paragraph.\n\nSecond paragraph", 2),
    ],
)
def test_analysis_installations_split_sentences(text: str, count: int) -> None:
    assert len(split_sentences(text)) == count


_CODES = iter(f"0{i}0" for i in range(1, 10))


def _story(sentences: list[str], published: str, place: str) -> Doc:
    # The scripted coder needs one distinct event per sentence; its place feeds the place index.
    return Doc(
        [Ev(s, "CHNGOV", "AFGGOV", next(_CODES), published, place=place) for s in sentences],
        published=published,
    )


# One installation's life told by several reports: (report date, sentences).
EMBASSY_LIFE = [
    ("2023-03-02", ["Gunmen attacked the Chinese embassy in Kabul on March 1."]),
    ("2023-03-03", ["The Chinese embassy in Kabul was closed on March 2."]),
    ("2023-03-20", ["Police arrested four men over the attack on the Chinese embassy in Kabul."]),
    ("2023-04-11", ["The Chinese embassy in Afghanistan reopened on April 10."]),
    (
        "2023-04-20",
        ["Beijing said the attack on the Chinese embassy in Kabul would not be forgotten."],
    ),
]
EXPECTED_EMBASSY = [
    ("attacked", "2023-03-01"),
    ("closed", "2023-03-02"),
    ("reopened", "2023-04-10"),
]


@pytest.fixture(scope="module")
def embassy_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    docs = [_story(s, day, "Kabul") for day, s in EMBASSY_LIFE]
    docs.append(
        _story(["Tajik guards staffed a Tajik border post near Khorog."], "2023-05-01", "Khorog")
    )
    return build_store(tmp_path_factory.mktemp("inst") / "embassy.duckdb", docs)


def test_analysis_installations_history_follows_the_reports(embassy_store: str) -> None:
    with open_store(embassy_store) as store:
        found = find_installations(store.con)
    assert len(found) == 1, found  # the domestic border post is not a foreign installation
    site = found[0]
    assert (site["owner"], site["host"], site["kind"], site["place"]) == (
        "CHN",
        "AFG",
        "embassy",
        "Kabul",
    )
    assert [(h["status"], h["date"]) for h in site["history"]] == EXPECTED_EMBASSY
    # back-references are evidence for the first attack, not attacks of their own
    assert len(site["history"][0]["documents"]) == 3
    assert site["status"] == "operating"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"owner": "CHN"}, 1),
        ({"owner": "RUS"}, 0),
        ({"status": "operating"}, 1),
        ({"status": "closed"}, 0),
        ({"date_to": "2023-03-02"}, 1),
        ({"date_from": "2024-01-01"}, 0),
    ],
)
def test_analysis_installations_filters(
    embassy_store: str, params: dict[str, str], expected: int
) -> None:
    with open_store(embassy_store) as store:
        assert len(find_installations(store.con, **params)) == expected


def test_analysis_installations_status_in_a_range_is_the_status_then(embassy_store: str) -> None:
    with open_store(embassy_store) as store:
        (site,) = find_installations(store.con, date_to="2023-03-10")
    assert site["status"] == "closed"


def test_analysis_installations_nearby_places_are_one_installation(tmp_path: Path) -> None:
    # Vahdat is about 20 km from Dushanbe, Khorog about 260 km.
    docs = [
        _story(["China plans to build a training centre in Dushanbe."], "2023-01-10", "Dushanbe"),
        _story(
            ["Construction began on the Chinese training centre in Vahdat."], "2023-06-10", "Vahdat"
        ),
        _story(["The Chinese training centre in Khorog opened on Monday."], "2024-02-20", "Khorog"),
    ]
    path = build_store(tmp_path / "t.duckdb", docs)
    with open_store(path) as store:
        found = find_installations(store.con, owner="CHN")
    by_place = {i["place"]: [h["status"] for h in i["history"]] for i in found}
    assert by_place == {"Dushanbe": ["planned", "under construction"], "Khorog": ["operating"]}
