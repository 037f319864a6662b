"""A small scripted store for the API tests; its fixtures (api_store, client) are in conftest.py."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from lanner.api import create_app
from test_analysis_fakes import Doc, Ev

with warnings.catch_warnings():
    # Starlette asks for httpx2; httpx works the same for in-process requests.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SCRIPT = '<script>alert("owned")</script>'
INJECTION = "'; DROP TABLE events; --"

DOCS = [
    Doc(
        [
            Ev(
                "China pledged aid to Tajikistan.",
                "CHNGOV",
                "TJKGOV",
                "071",
                "2024-01-03",
                place="Dushanbe",
            ),
            Ev(
                "Russia offered troops to Tajikistan.",
                "RUSGOV",
                "TJKGOV",
                "0332",
                "2024-01-05",
                "intended",
            ),
            Ev(
                "Tajikistan rejected the Russian offer of troops.",
                "TJKGOV",
                "RUSGOV",
                "120",
                "2024-01-07",
            ),
            Ev(
                "Tajikistan praised China.",
                "TJKGOV",
                "CHNGOV",
                "051",
                "2024-01-09",
                place="Dushanbe",
            ),
        ],
        published="2024-01-10",
        title="The Tajik triangle",
        extra="Analysts expect more visits.",
    ),
    Doc(
        [
            Ev(
                "Russian troops shelled Ukrainian positions near Kharkiv.",
                "RUSMIL",
                "UKRMIL",
                "195",
                "2024-02-01",
                place="Kharkiv",
                trigger="shelled",
            ),
            Ev(
                "Ukraine accused Russia of war crimes.",
                "UKRGOV",
                "RUSGOV",
                "112",
                "2024-02-02",
                place="Kyiv",
            ),
            Ev("Russia said it was 100% sure of Ukraine.", "RUSGOV", "UKRGOV", "111", "2024-02-04"),
        ],
        published="2024-02-05",
        title=f"{SCRIPT} & the front",
        extra=f"A reader wrote {SCRIPT} in the comments and {INJECTION} too.",
    ),
    Doc(
        [
            Ev(
                "Gunmen attacked the Chinese embassy in Kabul.",
                "AFGREB",
                "CHNGOV",
                "190",
                "2024-02-10",
                place="Kabul",
            ),
            Ev("NATO criticised Russia over the strikes.", "NATO", "RUSGOV", "111", "2024-02-12"),
            Ev(
                "Niger expelled French troops.",
                "NERGOV",
                "FRAMIL",
                "174",
                "2024-02-14",
                place="Niamey",
            ),
        ],
        published="2024-02-15",
        title="Round-up",
    ),
    Doc(
        [
            Ev(
                "China offered a loan to Tajikistan.",
                "CHNGOV",
                "TJKGOV",
                "0331",
                "2024-03-01",
                "intended",
            ),
            Ev("Russia signed a deal with Tajikistan.", "RUSGOV", "TJKGOV", "057", "2024-03-03"),
            Ev("Chad criticised Niger.", "TCDGOV", "NERGOV", "111", None),
        ],
        published=None,
        title="Undated notes",
    ),
]
ALL_EVENTS = [ev for doc in DOCS for ev in doc.events]


def test_api_fixtures_store_holds_every_scripted_event(client: TestClient) -> None:
    body = client.get("/events", params={"limit": 500}).json()
    assert body["count"] == len(ALL_EVENTS)
    assert {r["sentence_text"] for r in body["rows"]} == {ev.sentence for ev in ALL_EVENTS}


def test_api_fixtures_app_refuses_a_missing_store(tmp_path: Path) -> None:
    from lanner.errors import LannerError

    with pytest.raises(LannerError) as info:
        create_app(str(tmp_path / "absent.duckdb"))
    assert info.value.code == "E505"
