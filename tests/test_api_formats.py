"""Output formats: cursors round-trip, any garbage cursor is a coded error, JSON never has markup."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lanner.api.formats import decode_cursor, dumps, encode_cursor, render_rows
from lanner.errors import LannerError

dates = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


@given(day=dates, event_id=st.text(max_size=40))
def test_api_formats_cursor_round_trips(day: str | None, event_id: str) -> None:
    token = encode_cursor((day, event_id))
    assert token is not None and token.isascii()
    assert decode_cursor(token) == (day, event_id)


@given(st.text(min_size=1, max_size=80))
def test_api_formats_garbage_cursor_is_a_coded_error_or_a_cursor(text: str) -> None:
    try:
        decoded = decode_cursor(text)
    except LannerError as error:
        assert error.code == "E601" and error.fields["name"] == "after"
    else:
        assert decoded is not None and isinstance(decoded[1], str)


@given(st.recursive(st.one_of(st.text(), st.integers(), st.none(), st.floats(allow_nan=False, allow_infinity=False)),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
                    max_leaves=12))  # fmt: skip
def test_api_formats_json_has_no_markup_and_parses_back(value: object) -> None:
    text = dumps(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_api_formats_non_finite_numbers_become_null(number: float) -> None:
    assert json.loads(dumps({"x": [number, 1.5]})) == {"x": [None, 1.5]}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_api_formats_empty_lists_still_render(fmt: str) -> None:
    response = render_rows(fmt, [], name="empty")
    assert response.status_code == 200


def test_api_formats_unknown_format_is_a_coded_error() -> None:
    with pytest.raises(LannerError) as info:
        render_rows("xlsx", [{"a": 1}], name="x")
    assert info.value.code == "E604"
