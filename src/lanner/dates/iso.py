"""The one check of a calendar date given as ``YYYY-MM-DD``, wherever a date is input.

Command-line options (``--published``), document metadata, store filters and API parameters
all use :func:`check_iso_date`, so a bad date is the same error (E109) everywhere.
"""

from __future__ import annotations

import datetime as dt
import re

from lanner.errors import LannerError

__all__ = ["MAX_YEAR", "MIN_YEAR", "check_iso_date"]

MIN_YEAR = 1800
MAX_YEAR = 2200
_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_iso_date(value: object, name: str = "date", *, bounded: bool = True) -> dt.date:
    """``value`` (a ``YYYY-MM-DD`` string or a date) as a date in 1800-2200; E109 otherwise.

    ``name`` says which input was wrong (an option, a field, a parameter); it is kept in the
    error's fields. ``bounded=False`` accepts any calendar year (date arithmetic on a
    publication date then reports what falls off the calendar instead).
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        parsed = value
    elif isinstance(value, str) and _SHAPE.fullmatch(value):
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            raise LannerError("E109", value=value, name=name) from None
    else:
        raise LannerError("E109", value=value, name=name)
    if bounded and not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise LannerError("E109", value=value, name=name)
    return parsed
