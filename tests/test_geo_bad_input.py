"""Bad input gives empty results or coded W4xx warnings, never an exception."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from lanner.geo import (
    border_location,
    country_location,
    geoparse_text,
    last_warnings,
    place_location,
    resolve,
)
from lanner.geo.resolver import MAX_NAMES


def test_geo_empty_text_gives_no_toponyms() -> None:
    assert geoparse_text("") == []
    assert geoparse_text("   \n ") == []
    assert resolve("", []) == []
    assert place_location("") is None


def test_geo_unknown_place_gives_none_and_w401() -> None:
    text = "We met in Zqxvwplk yesterday."
    assert resolve(text, [(10, 18)]) == [None]
    assert [w.code for w in last_warnings()] == ["W401"]


def test_geo_out_of_range_spans_do_not_raise() -> None:
    text = "Paris"
    assert len(resolve(text, [(-5, 3), (2, 99), (4, 2)])) == 3


def test_geo_very_long_place_list_is_cut_with_w402() -> None:
    text = " ".join(["Paris"] * (MAX_NAMES + 10))
    spans = [(i * 6, i * 6 + 5) for i in range(MAX_NAMES + 10)]
    locs = resolve(text, spans)
    assert len(locs) == len(spans)
    assert locs[0] is not None and locs[-1] is None
    assert "W402" in {w.code for w in last_warnings()}


def test_geo_unknown_codes_give_none() -> None:
    assert country_location("XYZ") is None
    assert country_location("") is None
    assert border_location("", "AFG") is None
    assert border_location("QQQ", "AFG") is None


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=string.printable + "éüßØ’", max_size=80),
    spans=st.lists(st.tuples(st.integers(-5, 90), st.integers(-5, 90)), max_size=6),
)
def test_geo_resolve_never_raises(text: str, spans: list[tuple[int, int]]) -> None:
    locs = resolve(text, spans)
    assert len(locs) == len(spans)
