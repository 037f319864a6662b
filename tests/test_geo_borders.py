"""Borders: phrase detection, shared boundary lines, the event point on the line."""

from __future__ import annotations

import pytest

from lanner.geo import border_location, geoparse_text
from lanner.geo.borders import border_line
from lanner.geo.resolver import haversine_km


@pytest.mark.parametrize(
    ("a", "b"), [("TJK", "AFG"), ("PAK", "AFG"), ("USA", "MEX"), ("FRA", "ESP"), ("KGZ", "CHN")]
)
def test_geo_neighbours_share_a_boundary_line(a: str, b: str) -> None:
    assert border_line(a, b), f"no boundary between {a} and {b}"
    assert border_line(a, b) == border_line(b, a)


@pytest.mark.parametrize(("a", "b"), [("FRA", "JPN"), ("TJK", "PAK"), ("USA", "CAN" + "X")])
def test_geo_non_neighbours_have_no_border_location(a: str, b: str) -> None:
    assert border_location(a, b) is None


def test_geo_border_location_is_on_the_line_with_geometry() -> None:
    loc = border_location("TJK", "AFG")
    assert loc is not None and loc.precision == "border"
    assert loc.geometry is not None and loc.geometry["type"] in {"LineString", "MultiLineString"}
    points = [pt for line in border_line("TJK", "AFG") for pt in line]
    assert loc.lat is not None and loc.lon is not None
    nearest = min(haversine_km(loc.lat, loc.lon, p[1], p[0]) for p in points)
    assert nearest < 20


def test_geo_border_point_moves_toward_nearby_places() -> None:
    # Khorog (37.49N, 71.55E) is near the eastern part of the Tajik-Afghan border.
    near = [(37.49, 71.55)]
    loc = border_location("TJK", "AFG", near=near)
    assert loc is not None and loc.lat is not None and loc.lon is not None
    assert haversine_km(loc.lat, loc.lon, *near[0]) < 40


@pytest.mark.parametrize(
    ("text", "phrase", "pair"),
    [
        (
            "Troops massed on the Tajikistan-Afghanistan border on Monday.",
            "Tajikistan-Afghanistan border",
            {"TJK", "AFG"},
        ),
        (
            "Talks on the border between Mali and Niger stalled.",
            "border between Mali and Niger",
            {"MLI", "NER"},
        ),
        ("Turkey's border with Syria was closed.", "Turkey's border with Syria", {"TUR", "SYR"}),
        (
            "Afghanistan said the border with Pakistan was shut, Kabul reported.",
            "border with Pakistan",
            {"AFG", "PAK"},
        ),
    ],
)
def test_geo_border_phrase_becomes_a_border_toponym(text: str, phrase: str, pair: set[str]) -> None:
    borders = [t for t in geoparse_text(text) if t.kind == "border"]
    assert len(borders) == 1, [t.text for t in geoparse_text(text)]
    t = borders[0]
    assert text[t.start : t.end] == phrase
    assert t.location is not None and t.location.precision == "border"
    assert t.location.name is not None
    assert set(t.location.name.split()[0].split("-")) == pair


def test_geo_border_guards_are_not_a_place() -> None:
    text = "Kyrgyz border guards detained two men near Osh."
    assert not [t for t in geoparse_text(text) if t.kind == "border"]
