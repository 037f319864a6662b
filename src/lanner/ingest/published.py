"""Publication dates: validating the ones users give and normalising the ones pages carry.

Two strictness levels, because the sources differ in trust:

* :func:`validate_published` is for dates a person or a data file states on purpose
  (``--published``, a JSONL/CSV ``published`` field, a ``.meta.json``). A malformed
  value is an error (E109): silently dropping it would leave relative dates unresolved.
* :func:`parse_published` is for metadata scraped from HTML and feeds, which is messy
  (RFC 822 in RSS, ISO timestamps with zones in ``<meta>``). It returns ``None`` when it
  cannot read a value, so another source can be tried.

Both return the calendar date as written by the publisher (``2016-09-29T23:30:00-05:00``
is 2016-09-29): the publisher's local date is what "yesterday" in the text refers to.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

from lanner.dates.iso import MAX_YEAR, MIN_YEAR, check_iso_date
from lanner.errors import LannerError

__all__ = ["parse_published", "validate_published"]

# YYYY-MM-DD, optionally followed by an ISO time part (T or space separated).
_ISO_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
# Looser shapes seen in page metadata: 2016/09/29, 20160929, 2016.09.29.
_LOOSE_DATE = re.compile(r"^(\d{4})[/.]?(\d{2})[/.]?(\d{2})(?:\b|T)")


def _calendar_date(year: str, month: str, day: str) -> str | None:
    try:
        return check_iso_date(f"{year}-{month}-{day}").isoformat()
    except LannerError:
        return None


def _iso_date(value: str) -> str | None:
    match = _ISO_DATE.match(value.strip())
    if match is None:
        return None
    return _calendar_date(*match.groups())


def validate_published(value: object, *, path: str | None = None) -> str | None:
    """Return ``value`` as YYYY-MM-DD, ``None`` for an empty value, or raise E109.

    Accepts a date or an ISO 8601 timestamp (whose date part is kept).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise LannerError("E109", value=value, path=path, name="published")
    if not value.strip():
        return None
    date = _iso_date(value)
    if date is None:
        raise LannerError("E109", value=value, path=path, name="published")
    return date


def parse_published(value: str | None) -> str | None:
    """Best-effort YYYY-MM-DD from a metadata string, or ``None`` if it cannot be read."""
    if not value:
        return None
    value = value.strip()[:100]
    date = _iso_date(value)
    if date is not None:
        return date
    loose = _LOOSE_DATE.match(value)
    if loose is not None:
        date = _calendar_date(*loose.groups())
        if date is not None:
            return date
    try:  # RSS pubDate: "Thu, 29 Sep 2016 10:00:00 GMT"
        stamp = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if stamp is None or not MIN_YEAR <= stamp.year <= MAX_YEAR:
        return None
    return stamp.date().isoformat()
