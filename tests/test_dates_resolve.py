"""Resolution of date expressions against the publication date (rules in docs/dates.md).

Every expected value below was worked out by hand from a calendar. Weekdays used:
2016-09-29 is a Thursday, 2017-01-03 a Tuesday, 2016-12-30 a Friday.
"""

from __future__ import annotations

import pytest

from lanner.dates import resolve_date

PAST, UNKNOWN, FUTURE = -1, 0, 1
P = "2016-09-29"  # the seed report's publication date (a Thursday)
NEW_YEAR = "2017-01-03"  # a Tuesday, just after a year boundary
YEAR_END = "2016-12-30"  # a Friday, just before one

CASES = [
    # --- absolute dates in news formats
    ("September 26, 2016", P, PAST, "2016-09-26", "day"),
    ("Sept. 26, 2016", P, PAST, "2016-09-26", "day"),
    ("26 September 2016", P, PAST, "2016-09-26", "day"),
    ("2016-09-26", P, PAST, "2016-09-26", "day"),
    ("2016/09/26", P, PAST, "2016-09-26", "day"),
    ("9/26/2016", P, PAST, "2016-09-26", "day"),
    ("26/9/2016", P, PAST, "2016-09-26", "day"),
    ("9/10/2016", P, PAST, "2016", "year"),  # US or UK order: only the year is sure
    ("0/5/2016", P, PAST, None, None),
    ("13/13/2016", P, PAST, None, None),
    ("March 2014", P, PAST, "2014-03", "month"),
    ("Sept. 2015", P, PAST, "2015-09", "month"),
    ("March of 2014", P, PAST, "2014-03", "month"),
    ("in 2014", P, PAST, "2014", "year"),
    ("since 2014", P, PAST, "2014", "year"),
    ("mid-2015", P, PAST, "2015", "year"),
    ("the end of 2015", P, PAST, "2015", "year"),
    # --- day and month, publication year, tense and grace
    ("Sept. 26", P, PAST, "2016-09-26", "day"),
    ("on Sept. 26", P, PAST, "2016-09-26", "day"),
    ("Sep 26", P, PAST, "2016-09-26", "day"),
    ("Aug. 30", P, PAST, "2016-08-30", "day"),
    ("August 30th", P, PAST, "2016-08-30", "day"),
    ("the 30th of August", P, PAST, "2016-08-30", "day"),
    ("30 Aug.", P, PAST, "2016-08-30", "day"),
    ("Oct. 3", P, PAST, "2016-10-03", "day"),  # 4 days ahead: within the grace
    ("Oct. 20", P, PAST, "2015-10-20", "day"),  # 21 days ahead in past tense: last year
    ("Oct. 20", P, FUTURE, "2016-10-20", "day"),
    ("Sept. 10", P, FUTURE, "2017-09-10", "day"),  # 19 days behind in future tense
    ("Sept. 26", P, FUTURE, "2016-09-26", "day"),  # 3 days behind: within the grace
    ("March 30", P, UNKNOWN, "2017-03-30", "day"),  # 182 days ahead, 183 back
    ("April 5", P, UNKNOWN, "2016-04-05", "day"),  # 177 days back, 188 ahead
    ("Tuesday, Sept. 27", P, PAST, "2016-09-27", "day"),
    # --- year boundaries
    ("on Dec. 30", NEW_YEAR, PAST, "2016-12-30", "day"),
    ("Dec. 30", NEW_YEAR, FUTURE, "2016-12-30", "day"),  # 4 days behind: within the grace
    ("Dec. 20", NEW_YEAR, FUTURE, "2017-12-20", "day"),  # 14 days behind
    ("Jan. 2", NEW_YEAR, PAST, "2017-01-02", "day"),
    ("Jan. 9", NEW_YEAR, PAST, "2017-01-09", "day"),
    ("Jan. 20", NEW_YEAR, PAST, "2016-01-20", "day"),
    ("In December", NEW_YEAR, PAST, "2016-12", "month"),
    ("last month", NEW_YEAR, PAST, "2016-12", "month"),
    ("next month", NEW_YEAR, FUTURE, "2017-02", "month"),
    ("last year", NEW_YEAR, PAST, "2016", "year"),
    ("last week", NEW_YEAR, PAST, None, None),  # Dec. 26 - Jan. 1 spans two years
    ("on Friday", NEW_YEAR, PAST, "2016-12-30", "day"),
    ("Jan. 5", YEAR_END, FUTURE, "2017-01-05", "day"),
    ("Jan. 10", YEAR_END, PAST, "2016-01-10", "day"),  # 11 days ahead
    ("Jan. 2", YEAR_END, PAST, "2017-01-02", "day"),  # 3 days ahead: the grace crosses New Year
    ("next week", YEAR_END, FUTURE, "2017-01", "month"),
    ("next year", YEAR_END, FUTURE, "2017", "year"),
    ("tomorrow", "2016-12-31", FUTURE, "2017-01-01", "day"),
    # --- leap years and impossible dates
    ("Feb. 29", "2017-03-01", PAST, "2016-02-29", "day"),
    ("Feb. 29", "2017-03-01", FUTURE, "2020-02-29", "day"),
    ("Feb. 29", "2017-03-01", UNKNOWN, "2016-02-29", "day"),
    ("Feb. 29", "2016-03-01", PAST, "2016-02-29", "day"),
    ("yesterday", "2016-03-01", PAST, "2016-02-29", "day"),
    ("two days ago", "2016-03-01", PAST, "2016-02-28", "day"),
    ("Feb. 29, 2016", P, PAST, "2016-02-29", "day"),
    ("Feb. 29, 2015", P, PAST, None, None),
    ("2015-02-29", P, PAST, None, None),
    ("February 30", P, PAST, None, None),
    ("April 31", P, PAST, None, None),
    # --- bare months
    ("In February", P, PAST, "2016-02", "month"),
    ("in late March", P, PAST, "2016-03", "month"),
    ("early August", P, PAST, "2016-08", "month"),
    ("mid-August", P, PAST, "2016-08", "month"),
    ("In September", P, PAST, "2016-09", "month"),
    ("In November", P, PAST, "2015-11", "month"),
    ("in November", P, FUTURE, "2016-11", "month"),
    ("In February", P, FUTURE, "2017-02", "month"),
    ("last March", P, PAST, "2016-03", "month"),
    ("last September", P, PAST, "2015-09", "month"),
    ("next March", P, FUTURE, "2017-03", "month"),
    ("May", P, PAST, "2016-05", "month"),
    ("In February last year", P, PAST, "2015-02", "month"),
    ("in March this year", P, PAST, "2016-03", "month"),
    ("by June next year", P, FUTURE, "2017-06", "month"),
    ("January and February 2008", P, PAST, "2008-01", "month"),  # the year is shared
    # --- relative years, months, weeks
    ("last year", P, PAST, "2015", "year"),
    ("this year", P, PAST, "2016", "year"),
    ("earlier this year", P, PAST, "2016", "year"),
    ("late last year", P, PAST, "2015", "year"),
    ("next year", P, FUTURE, "2017", "year"),
    ("the end of last year", P, PAST, "2015", "year"),
    ("last month", P, PAST, "2016-08", "month"),
    ("this month", P, PAST, "2016-09", "month"),
    ("earlier this month", P, PAST, "2016-09", "month"),
    ("next month", P, FUTURE, "2016-10", "month"),
    ("last week", P, PAST, "2016-09", "month"),  # Sept. 19-25
    ("this week", P, PAST, "2016", "year"),  # Sept. 26 - Oct. 2
    ("earlier this week", P, PAST, "2016-09", "month"),  # Sept. 26-29
    ("next week", P, FUTURE, "2016-10", "month"),  # Oct. 3-9
    ("this weekend", P, FUTURE, "2016-10", "month"),  # Oct. 1-2
    ("last weekend", P, PAST, "2016-09", "month"),  # Sept. 24-25
    # --- ago
    ("two days ago", P, PAST, "2016-09-27", "day"),
    ("3 days ago", P, PAST, "2016-09-26", "day"),
    ("a week ago", P, PAST, "2016-09", "month"),  # Sept. 19-25, give or take
    ("three weeks ago", P, PAST, "2016-09", "month"),  # about Sept. 8
    ("five weeks ago", P, PAST, "2016-08", "month"),  # Aug. 22-28
    ("four weeks ago", P, PAST, "2016", "year"),  # Aug. 29 - Sept. 4 spans two months
    ("a month ago", P, PAST, "2016-08", "month"),
    ("ten months ago", P, PAST, "2015-11", "month"),
    ("two years ago", P, PAST, "2014", "year"),
    ("a decade ago", P, PAST, "2006", "year"),
    ("a few days ago", P, PAST, "2016-09", "month"),
    ("a few years ago", P, PAST, None, None),
    ("several months ago", P, PAST, "2016", "year"),  # March-June 2016
    # --- weekdays (P is a Thursday)
    ("on Tuesday", P, PAST, "2016-09-27", "day"),
    ("Tuesday's attack", P, PAST, "2016-09-27", "day"),
    ("on Thursday", P, PAST, "2016-09-29", "day"),  # same day as the paper
    ("last Thursday", P, PAST, "2016-09-22", "day"),
    ("Friday", P, PAST, "2016-09-23", "day"),
    ("Friday", P, FUTURE, "2016-09-30", "day"),
    ("on Thursday", P, FUTURE, "2016-09-29", "day"),
    ("next Friday", P, PAST, "2016-09-30", "day"),
    ("next Thursday", P, FUTURE, "2016-10-06", "day"),
    ("Monday", P, UNKNOWN, "2016-09-26", "day"),  # 3 days back beats 4 ahead
    ("Sunday", P, UNKNOWN, "2016-10-02", "day"),  # 3 days ahead beats 4 back
    ("early Tuesday", P, PAST, "2016-09-27", "day"),
    # --- deictic words
    ("today", P, PAST, "2016-09-29", "day"),
    ("yesterday", P, PAST, "2016-09-28", "day"),
    ("tomorrow", P, FUTURE, "2016-09-30", "day"),
    ("last night", P, PAST, "2016-09-28", "day"),
    ("this morning", P, PAST, "2016-09-29", "day"),
    ("the day before yesterday", P, PAST, "2016-09-27", "day"),
    # --- seasons (meteorological, northern hemisphere)
    ("this spring", P, PAST, "2016", "year"),
    ("last summer", P, PAST, "2016", "year"),  # June-August 2016 is over by September
    ("last autumn", P, PAST, "2015", "year"),  # autumn 2016 has begun
    ("next spring", P, FUTURE, "2017", "year"),
    ("in the spring", P, PAST, "2016", "year"),
    ("in the spring", "2016-01-15", PAST, "2015", "year"),
    ("the fall of 2015", P, PAST, "2015", "year"),
    ("spring 2015", P, PAST, "2015", "year"),
    ("this winter", P, PAST, None, None),
    # --- vague cues
    ("in recent years", P, PAST, None, None),
    ("in recent months", P, PAST, None, None),
    ("for decades", P, PAST, None, None),
    ("has long", P, PAST, None, None),
    ("over the past year", P, PAST, None, None),
    ("in the coming weeks", P, FUTURE, None, None),
    # --- without a publication date only absolute dates resolve
    ("Sept. 26", None, PAST, None, None),
    ("yesterday", None, PAST, None, None),
    ("last year", None, PAST, None, None),
    ("on Tuesday", None, PAST, None, None),
    ("September 26, 2016", None, PAST, "2016-09-26", "day"),
    ("in 2014", None, PAST, "2014", "year"),
    ("March 2014", None, PAST, "2014-03", "month"),
    # --- not a date at all
    ("the 1990s", P, PAST, None, None),
    ("nothing here", P, PAST, None, None),
    ("", P, PAST, None, None),
]


@pytest.mark.parametrize(("expr", "published", "tense", "value", "precision"), CASES)
def test_dates_resolve_expression(
    expr: str, published: str | None, tense: int, value: str | None, precision: str | None
) -> None:
    assert resolve_date(expr, published, tense=tense) == (value, precision)


def test_dates_resolve_table_covers_enough_cases() -> None:
    assert len(CASES) >= 60
    assert len({(c[0], c[1], c[2]) for c in CASES}) == len(CASES), "duplicate rows"


@pytest.mark.parametrize("tense", [-5, -1])
def test_dates_resolve_uses_only_the_sign_of_tense(tense: int) -> None:
    assert resolve_date("Oct. 20", P, tense=tense) == ("2015-10-20", "day")


def test_dates_resolve_ignores_a_time_after_the_publication_date() -> None:
    assert resolve_date("yesterday", "2016-09-29T23:59:00Z") == ("2016-09-28", "day")


@pytest.mark.parametrize(
    ("published", "expr"),
    [
        ("0001-01-01", "yesterday"),
        ("0001-01-01", "last year"),
        ("0001-01-03", "last week"),
        ("0001-01-01", "Dec. 30"),
        ("9999-12-31", "tomorrow"),
        ("9999-12-31", "next month"),
        ("9999-12-31", "next week"),
        ("0005-03-01", "999 decades ago"),
        ("0020-01-01", "999 weeks ago"),
    ],
)
def test_dates_resolve_returns_none_off_the_calendar(published: str, expr: str) -> None:
    value, precision = resolve_date(expr, published)
    assert value is None and precision is None
