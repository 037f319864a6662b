"""Toponym recognition: places found, person and organisation names kept out."""

from __future__ import annotations

import pytest

from lanner.geo import geoparse_text


def _names(text: str) -> list[str]:
    return [t.text for t in geoparse_text(text)]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Protesters gathered in Bishkek on Friday.", "Bishkek"),
        ("The ministry in Dushanbe has rejected the offer.", "Dushanbe"),
        ("China sold air defence systems to Turkmenistan.", "Turkmenistan"),
        ("Militants crossed from Afghanistan overnight.", "Afghanistan"),
        ("Drought spread across the Sahel this year.", "Sahel"),
    ],
)
def test_geo_recognizes_place_names(text: str, place: str) -> None:
    assert place in _names(text), _names(text)


@pytest.mark.parametrize(
    ("text", "not_place"),
    [
        ("George Washington Carver taught chemistry.", "Washington"),
        ("The Washington Post published the letter.", "Washington"),
        ("Paris Hilton arrived late.", "Paris"),
        ("Most analysts agreed with the forecast.", "Most"),
    ],
)
def test_geo_keeps_person_and_organisation_names_out(text: str, not_place: str) -> None:
    assert not_place not in _names(text), _names(text)


def test_geo_toponym_offsets_point_into_the_text() -> None:
    text = "Officials in Tbilisi and Yerevan met on the Georgia-Armenia border."
    for t in geoparse_text(text):
        assert text[t.start : t.end] == t.text
        assert t.location is not None


def test_geo_dateline_country_breaks_ties() -> None:
    text = "Officials in Georgia said the talks would resume."
    home = geoparse_text(text, dateline="ATLANTA, Georgia")
    hits = [t for t in home if t.text == "Georgia"]
    assert hits and hits[0].location is not None
    assert hits[0].location.country == "USA"
