"""Fuzz the date resolver: ``find_dates`` and ``resolve_date`` on any text, any anchor.

    python fuzz/fuzz_dates.py -max_total_time=600

A valid anchor (YYYY-MM-DD) must never raise; a malformed one may raise only E109.
Every value found is a calendar date at its precision, and every span lies in the text.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import atheris  # noqa: E402
from _harness import UnexpectedResult, check, run  # noqa: E402

with atheris.instrument_imports(include=["lanner"]):
    from lanner.dates import find_dates, resolve_date
    from lanner.errors import LannerError

_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def _check_value(value: str | None, precision: str | None) -> None:
    if value is None:
        check(precision is None, f"precision {precision!r} without a value")
        return
    check(precision in _FORMATS, f"unknown precision {precision!r}")
    try:
        dt.datetime.strptime(value, _FORMATS[str(precision)])
    except ValueError as exc:
        raise UnexpectedResult(f"{value!r} is not a {precision} value") from exc


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    choice = fdp.ConsumeIntInRange(0, 3)
    if choice == 0:
        published: str | None = None
    elif choice == 1:  # a valid anchor anywhere in the calendar
        day = dt.date.fromordinal(fdp.ConsumeIntInRange(1, dt.date.max.toordinal()))
        published = day.isoformat()
    else:
        published = fdp.ConsumeUnicodeNoSurrogates(12)
    tense = fdp.ConsumeIntInRange(-2, 2)
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    anchor_valid = published is None or choice == 1
    try:
        found = find_dates(text, published, tense=tense)
        value, precision = resolve_date(text, published, tense=tense)
    except LannerError as exc:
        check(not anchor_valid and exc.code == "E109", f"{exc} for anchor {published!r}")
        return
    _check_value(value, precision)
    for expr in found:
        check(0 <= expr.start < expr.end <= len(text), f"span {expr.start}-{expr.end} outside")
        check(text[expr.start : expr.end] == expr.text, "span text differs from the text")
        _check_value(expr.value, expr.precision)


if __name__ == "__main__":
    run(one_input, "dates")
