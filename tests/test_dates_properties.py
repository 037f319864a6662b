"""Property tests: any text, any publication date, any tense; never an exception or a bad value."""

from __future__ import annotations

import datetime as dt
import re
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lanner.dates import DateExpr, find_dates, finder, resolve_date

FORMATS = {
    "day": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    "month": re.compile(r"[0-9]{4}-[0-9]{2}"),
    "year": re.compile(r"[0-9]{4}"),
}

# Pieces that the grammar cares about, so that random texts are full of near-dates.
FRAGMENTS = [
    "Sept.", "Sep", "September", "May", "march", "MARCH", "Feb", "Jan", "August", "Dec.",
    "Tuesday", "sunday", "Friday's", "Bloody", "today", "yesterday", "tomorrow", "night",
    "last", "this", "next", "early", "late", "mid-", "the end of", "earlier", "later",
    "in", "on", "since", "by", "of", "the", "and", "to", "a", "few", "several", "two",
    "year", "years", "month", "months", "week", "weekend", "days", "decade", "ago",
    "recent", "past", "coming", "has long", "for decades", "soon", "as soon as",
    "spring", "fall", "winter", "summer",
    "1", "9", "26", "29", "30", "31", "45", "999", "1998", "2014", "2016", "2099", "0000",
    "2016-09-26", "2015-02-29", "9/10/2016", "26/9/2016", "1990s", "%", "percent",
    " ", " ", " ", "  ", ", ", ".", "-", "/", "'s", "\u2019s", "\u00a0", "\n", "\u2014", "\u00e9",
    "\u0130", "\u212a", "$", "#",
]  # fmt: skip

# One or more whole expressions per form of the grammar, including every vague idiom.
EXAMPLES = [
    "2016-09-26", "9/26/2016", "in recent years", "over the past few months",
    "for the last couple of decades", "in the coming weeks", "in the near future",
    "in the past", "for many years", "for a long time", "for generations", "many years ago",
    "decades ago", "has long", "recently", "lately", "soon", "Tuesday, Sept. 27",
    "Friday 30 September 2016", "Sept. 26, 2016", "the 30th of August", "today",
    "the day before yesterday", "last night", "this morning", "earlier this year",
    "the end of last year", "the current year", "a couple of weeks ago", "3 days ago",
    "in early August", "last March", "March of 2014", "February last year", "in the spring", "the fall of 2015",
    "since 2014", "the first half of 2015", "mid-2015", "last Tuesday", "early Tuesday",
]  # fmt: skip
# Text with no trigger word in it, to leave expressions alone in a long text.
filler = st.text(alphabet="bcghkqvxz ", min_size=40, max_size=120)

published_dates = st.one_of(st.none(), st.dates().map(dt.date.isoformat))
tenses = st.integers(min_value=-2, max_value=2)
date_like_texts = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
any_texts = st.one_of(st.text(max_size=300), date_like_texts)


def assert_well_formed(text: str, found: list[DateExpr]) -> None:
    previous_end = 0
    for expr in found:
        assert 0 <= expr.start < expr.end <= len(text)
        assert text[expr.start : expr.end] == expr.text
        assert expr.start >= previous_end, "expressions overlap or are out of order"
        previous_end = expr.end
        assert expr.direction in (-1, 0, 1)
        assert (expr.value is None) == (expr.precision is None)
        if expr.value is None or expr.precision is None:
            continue
        assert FORMATS[expr.precision].fullmatch(expr.value), expr
        year, month, day = (int(part) for part in (expr.value + "-01-01").split("-")[:3])
        dt.date(year, month, day)  # a real calendar date, or this raises


@settings(max_examples=300, deadline=None)
@given(text=any_texts, published=published_dates, tense=tenses)
def test_dates_find_never_raises_and_values_are_calendar_dates(
    text: str, published: str | None, tense: int
) -> None:
    assert_well_formed(text, find_dates(text, published, tense=tense))


@settings(max_examples=300, deadline=None)
@given(text=any_texts, published=published_dates, tense=tenses)
def test_dates_resolve_never_raises(text: str, published: str | None, tense: int) -> None:
    value, precision = resolve_date(text, published, tense=tense)
    assert (value is None) == (precision is None)
    if value is not None and precision is not None:
        assert FORMATS[precision].fullmatch(value)


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(
        st.one_of(st.sampled_from(EXAMPLES), filler, date_like_texts, st.text(max_size=40)),
        max_size=12,
    ).map(" ".join),
    published=published_dates,
)
def test_dates_find_scanning_near_triggers_equals_scanning_everything(
    text: str, published: str | None
) -> None:
    # Long texts are scanned only around trigger words; force that on every text
    # and check that it never loses or changes a date.
    with (
        patch.object(finder, "_SHORT_TEXT", 0),
        patch.object(finder, "_CHARS_PER_TRIGGER_WORD", 0),
        patch.object(finder, "_FULL_SCAN_COVERAGE", 2.0),
    ):
        windowed = finder._scan(text, published, -1, standalone=False, windowed=True)
    everything = finder._scan(text, published, -1, standalone=False, windowed=False)
    assert windowed == everything


@settings(max_examples=100, deadline=None)
@given(filler=st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.", max_size=500))
def test_dates_find_sees_a_date_however_long_the_text(filler: str) -> None:
    text = f"{filler} On Sept. 26, 2016, talks began. {filler}"
    found = [d for d in find_dates(text, "2016-09-29") if d.text == "Sept. 26, 2016"]
    assert len(found) == 1 and found[0].value == "2016-09-26"


@pytest.mark.parametrize("example", EXAMPLES)
def test_dates_find_each_form_alone_in_a_long_text(example: str) -> None:
    # Every form must hold a trigger word or digit, or the windowed scan misses it.
    text = f"{'bzz qvx ' * 40}{example}{' hkg xqz' * 40}"
    found = find_dates(text, "2016-09-29")
    assert len(found) == 1, f"{example!r} in a long text gave {found}"
    assert example.endswith(found[0].text)  # only a preposition may stay outside the span
