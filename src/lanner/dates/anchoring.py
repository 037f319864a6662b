"""Calendar rules that place a date expression relative to the publication date.

Everything here is pure arithmetic on :class:`datetime.date`; the rules follow
news convention and are written up in ``docs/dates.md``. Functions return
``None`` rather than raise when the calendar has no answer (February 30, a date
before year 1), because a date the text cannot give is not an error.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from lanner.dates.iso import check_iso_date
from lanner.errors import LannerError
from lanner.records import DatePrecision

__all__ = [
    "GRACE_DAYS",
    "UNRESOLVED",
    "Resolved",
    "day_value",
    "month_day",
    "month_in_context",
    "month_value",
    "parse_published",
    "season_year",
    "shift_days",
    "shift_months",
    "span_value",
    "valid_date",
    "week_span",
    "weekday",
    "year_value",
]

Resolved = tuple[str | None, DatePrecision | None]
UNRESOLVED: Resolved = (None, None)

# A day and month without a year, in a past-tense sentence, may fall a little after
# the publication date and still mean the nearest one: the tense hint comes from the
# reporting verb ("said they would meet on Oct. 2"), and wire copy is often dated a
# day or two before it is published. Beyond a week, the previous year is meant
# (and the other way round in a future-tense sentence).
GRACE_DAYS = 7


@lru_cache(maxsize=256)
def parse_published(published: str | None) -> dt.date | None:
    """The publication date from ``YYYY-MM-DD`` (a time after it is ignored).

    Raises ``LannerError("E109")`` for anything else: a wrong publication date
    would silently shift every relative date in the document.
    """
    if published is None:
        return None
    if not isinstance(published, str):
        raise LannerError("E109", value=published, name="published")
    head = published.strip()
    if len(head) > 10 and head[10] in "T ":
        head = head[:10]
    return check_iso_date(head, "published", bounded=False)


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def day_value(day: dt.date | None) -> Resolved:
    return (day.isoformat(), "day") if day is not None else UNRESOLVED


def month_value(year: int, month: int) -> Resolved:
    if not (dt.MINYEAR <= year <= dt.MAXYEAR and 1 <= month <= 12):
        return UNRESOLVED
    return f"{year:04d}-{month:02d}", "month"


def year_value(year: int) -> Resolved:
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return UNRESOLVED
    return f"{year:04d}", "year"


def span_value(first: dt.date | None, last: dt.date | None) -> Resolved:
    """The finest calendar unit holding every day from ``first`` to ``last``.

    "last week" is seven days; if they all fall in one month the month is known,
    if in one year only the year, otherwise nothing.
    """
    if first is None or last is None:
        return UNRESOLVED
    if first == last:
        return day_value(first)
    if (first.year, first.month) == (last.year, last.month):
        return month_value(first.year, first.month)
    if first.year == last.year:
        return year_value(first.year)
    return UNRESOLVED


def shift_days(day: dt.date, days: int) -> dt.date | None:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def shift_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def month_day(published: dt.date, month: int, day: int, tense: int) -> dt.date | None:
    """A day and month without a year, placed by the publication date and tense.

    Past tense: the latest such date at most ``GRACE_DAYS`` after publication.
    Future tense: the earliest at most ``GRACE_DAYS`` before it. Unknown tense:
    the nearest. In practice that is the publication year, or the year before
    (past) or after (future) when the date lies beyond the grace; across New
    Year the grace works both ways ("Jan. 2" in a Dec. 30 paper is days away,
    not a year). February 29 looks as far as the nearest leap years.
    """
    reach = 4 if (month, day) == (2, 29) else 1
    candidates = [
        d
        for year in range(published.year - reach, published.year + reach + 1)
        if (d := valid_date(year, month, day)) is not None
    ]
    if tense < 0:
        latest = published.toordinal() + GRACE_DAYS
        return max((d for d in candidates if d.toordinal() <= latest), default=None)
    if tense > 0:
        earliest = published.toordinal() - GRACE_DAYS
        return min((d for d in candidates if d.toordinal() >= earliest), default=None)
    return min(candidates, key=lambda d: abs(d.toordinal() - published.toordinal()), default=None)


def month_in_context(published: dt.date, month: int, relation: str | None, tense: int) -> Resolved:
    """A month named without a year ("In February", "last March", "next June").

    "last" is the most recent such month before the publication month, "next"
    the first after it, "this" the one in the publication year. Otherwise the
    publication year, moved back a year when a past-tense month lies ahead of
    the publication month, or forward when a future-tense one lies behind it.
    """
    return month_value(_span_year(published, month, month, relation, tense), month)


def weekday(published: dt.date, target: int, relation: str | None, tense: int) -> dt.date | None:
    """A named weekday, placed by news convention.

    A bare weekday in a past-tense sentence is the most recent one, and if the
    paper appeared on that weekday it is the publication date itself ("police
    said on Tuesday" in Tuesday's paper). In a future-tense sentence it is the
    next one (again the same day if it matches). With unknown tense it is the
    nearest one. "last Tuesday" is strictly before publication and "next
    Tuesday" strictly after: the nearest such day, not the one a week further.
    """
    back = (published.weekday() - target) % 7  # days since the most recent one
    ahead = (target - published.weekday()) % 7  # days until the next one
    if relation in ("last", "past"):
        offset = -(back or 7)
    elif relation in ("next", "coming"):
        offset = ahead or 7
    elif tense < 0:
        offset = -back
    elif tense > 0:
        offset = ahead
    else:
        offset = -back if back <= ahead else ahead
    return shift_days(published, offset)


def week_span(published: dt.date, weeks: int) -> tuple[dt.date | None, dt.date | None]:
    """Monday and Sunday of the calendar week ``weeks`` from the publication week."""
    monday = shift_days(published, -published.weekday() + 7 * weeks)
    return monday, shift_days(monday, 6) if monday else None


def season_year(
    published: dt.date, months: tuple[int, int], relation: str | None, tense: int
) -> int:
    """The year of a season named without one ("last summer", "in the spring").

    "last" is the most recent such season already over by the publication
    month, "next" the first one not yet begun. Otherwise the publication year,
    moved back if a past-tense season has not begun yet, forward if a
    future-tense one is already over.
    """
    first, last = months
    return _span_year(published, first, last, relation, tense)


def _span_year(published: dt.date, first: int, last: int, relation: str | None, tense: int) -> int:
    """The year of a span of months (one month, or a season's ``first``..``last``) that the
    text names without a year: see the month and season rules above."""
    year = published.year
    if relation in ("last", "past"):
        year -= int(last >= published.month)
    elif relation in ("next", "coming"):
        year += int(first <= published.month)
    elif relation == "this":
        pass
    elif tense < 0 and first > published.month:
        year -= 1
    elif tense > 0 and last < published.month:
        year += 1
    return year
