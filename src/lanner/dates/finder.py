"""Find date expressions in text and resolve them against the publication date.

:func:`find_dates` scans a lower-cased copy of the text with the grammar's
scanner; each hit is parsed by its form's pattern and read by the reader for
that form, which checks that the words really are a date here (capital
letters, a preposition before a bare month or year), takes in modifiers just
before it ("early", "last") and asks :mod:`lanner.dates.anchoring` for the
calendar value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from lanner.dates.anchoring import (
    UNRESOLVED,
    Resolved,
    day_value,
    month_day,
    month_in_context,
    month_value,
    parse_published,
    season_year,
    shift_days,
    shift_months,
    span_value,
    valid_date,
    week_span,
    weekday,
    year_value,
)
from lanner.dates.grammar import (
    TRIGGER_WORDS,
    coordination_pattern,
    cue_pattern,
    left_context_pattern,
    parser_patterns,
    scanner_pattern,
    season_cue_pattern,
    shared_year_pattern,
)
from lanner.dates.lexicon import (
    AMBIGUOUS_MONTHS,
    COUNT_RANGES,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NAMED_DAY_PREFIXES,
    SEASONS,
    WEEKDAYS,
    key,
)
from lanner.records import DatePrecision

__all__ = ["DateExpr", "find_dates", "resolve_date"]


@dataclass(frozen=True, slots=True)
class DateExpr:
    """A temporal expression found in a text, with its resolved calendar value.

    ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` as ``precision`` says,
    or ``None`` when the text gives no calendar value ("in recent years") or the
    value needs a publication date that is missing. ``relative`` is true when
    the value depends on the publication date. ``direction`` is -1 or +1 when
    the expression points into the past or future by itself ("yesterday",
    "next week"); for forms placed by the sentence's tense ("on Tuesday",
    "Sept. 26") it is the tense hint that was used; otherwise 0.
    """

    text: str
    start: int
    end: int
    value: str | None
    precision: DatePrecision | None
    relative: bool
    direction: int


# Cue words strong enough to make "May" or "March" a month ("in May", not "by May").
_STRONG_CUES = frozenset(
    ["in", "since", "until", "till", "through", "throughout", "during", "before", "after", "between"]
)  # fmt: skip
_PAST_WORDS = frozenset({"past", "recent", "recently", "lately", "ago", "last"})
_FUTURE_WORDS = frozenset({"coming", "future", "soon"})
_RELATION_DIRECTION = {"last": -1, "past": -1, "next": 1, "coming": 1}
_DEICTIC_OFFSETS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "last night": -1,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
}
_POSSESSIVE = ("'s", "\u2019s")
_DIGITS = re.compile(r"[0-9]+")
# Cheap tests on the few characters before a hit, so that the context patterns
# only run where they can match.
_LEFT_ENDINGS = (
    "early", "late", "mid", "-", "earlier", "later", " of", "last", "next", "this", "past", "coming",
)  # fmt: skip
_CUE_ENDINGS = (
    "in", "on", "since", "by", "until", "till", "through", "throughout", "during", "before",
    "after", "from", "between", "of", "to", "for", "around", "the",
)  # fmt: skip
_BLANKS = " \t\n\r\f\v\u00a0"
# "[0-9][0-9]*" rather than "[0-9]+": a pattern that starts with a character class
# lets the regex engine skip ahead to the next digit, twice as fast.
_DIGIT_RUNS = re.compile(r"[0-9][0-9]*")
# ASCII characters that are not word characters for the grammar, as spaces.
_NON_WORD = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_" or c.isspace())}
)
# A trigger's window, from the trigger's first character: with ordinary spacing the
# longest branch has 23 characters before its first trigger ("for the last couple
# of decades") and ends within 12 characters of the end of its last one.
_WINDOW_BEFORE = 48
_WINDOW_AFTER = 56
# Below this length, or above one distinct trigger word per this many characters,
# the whole text is scanned (measured on news paragraphs; results are the same).
_SHORT_TEXT = 400
_CHARS_PER_TRIGGER_WORD = 160
_FULL_SCAN_COVERAGE = 0.7  # share of the text that the windows may cover


def _ascii_view(text: str) -> str:
    """The text as the grammar reads it: lower-case ASCII, one character for one.

    A no-break space becomes a space and any other non-ASCII character "?", so
    offsets into the view are offsets into the text.
    """
    if text.isascii():
        return text.lower()
    return text.replace("\u00a0", " ").encode("ascii", "replace").decode("ascii").lower()


def _windows(view: str) -> list[tuple[int, int]]:
    """Stretches of the view that may hold a date: around trigger words and digits.

    Splitting, set intersection and ``str.find`` run in C, so a sentence
    without a date costs a few microseconds instead of a full regex scan. A
    trigger found inside a longer word ("may" in "dismay") only widens the
    scan. When windows would cover most of the text, one window covers all.
    """
    size = len(view)
    words = TRIGGER_WORDS.intersection(view.translate(_NON_WORD).split())
    has_digits = any(digit in view for digit in "0123456789")
    if not words and not has_digits:
        return []
    if size < _SHORT_TEXT or len(words) * _CHARS_PER_TRIGGER_WORD > size:
        return [(0, size)]  # finding the windows would cost more than scanning
    starts: list[int] = []
    for word in words:
        at = view.find(word)
        while at >= 0:
            starts.append(at)
            at = view.find(word, at + len(word))
    if has_digits:
        starts.extend(m.start() for m in _DIGIT_RUNS.finditer(view))
    starts.sort()
    # every trigger is shorter than _WINDOW_AFTER - 12, so start + _WINDOW_AFTER covers it
    merged = [[max(0, starts[0] - _WINDOW_BEFORE), starts[0] + _WINDOW_AFTER]]
    for at in starts[1:]:
        if at - _WINDOW_BEFORE <= merged[-1][1]:
            merged[-1][1] = at + _WINDOW_AFTER
        else:
            merged.append([at - _WINDOW_BEFORE, at + _WINDOW_AFTER])
    if sum(end - start for start, end in merged) > size * _FULL_SCAN_COVERAGE:
        return [(0, size)]
    return [(start, min(end, size)) for start, end in merged]


@dataclass(slots=True)
class _Scan:
    """One pass over a text: the original, its ASCII view, the anchor and the hints."""

    text: str
    view: str  # the text as the grammar reads it (see _ascii_view)
    published: dt.date | None
    tense: int
    standalone: bool  # the whole input is one expression (resolve_date)
    previous_end: int = 0  # end of the last date found: context never reaches before it

    def _tail(self, start: int) -> str:
        return self.view[max(self.previous_end, start - 16) : start].rstrip(_BLANKS)

    def left_context(self, start: int) -> tuple[int, str | None, str | None]:
        """Where the expression really starts, with its modifier and relation words."""
        if not self._tail(start).endswith(_LEFT_ENDINGS):
            return start, None, None
        lo = max(self.previous_end, start - 40)
        found = left_context_pattern().search(self.view, lo, start)
        if found is None:
            return start, None, None
        mod, rel = found["mod"], found["rel"]
        return found.start(), key(mod) if mod else None, key(rel) if rel else None

    def cue_before(self, start: int) -> str | None:
        if not self._tail(start).endswith(_CUE_ENDINGS):
            return None
        found = cue_pattern().search(self.view, max(0, start - 24), start)
        return key(found["cue"]) if found else None

    def coordinated(self, start: int) -> bool:
        if self.previous_end <= 0 or start - self.previous_end > 12:
            return False
        return coordination_pattern().fullmatch(self.view, self.previous_end, start) is not None

    def word_before(self, start: int) -> str:
        words = self.view[max(0, start - 12) : start].split()
        return words[-1] if words and self.view[start - 1 : start].isspace() else ""

    def possessive_after(self, end: int) -> bool:
        return self.text[end : end + 2] in _POSSESSIVE

    def capitalised(self, at: int) -> bool:
        # News capitalises month and weekday names; lower case "may" and "march" are verbs.
        return self.standalone or self.text[at : at + 1].isupper()


# A reader returns (start, end, (value, precision), relative, direction), or None
# when the words are not a date in this context.
_Reading = tuple[int, int, Resolved, bool, int]
_Reader = Callable[[re.Match[str], _Scan], "_Reading | None"]


def _day_number(token: str) -> int:
    found = _DIGITS.match(token)
    return int(found.group()) if found else 0


def _direction(relation: str | None, tense: int) -> int:
    """-1/+1 for "last"/"next", 0 for "this", else the tense hint that placed the date."""
    if relation is None:
        return tense
    return _RELATION_DIRECTION.get(relation, 0)


def _read_iso(m: re.Match[str], scan: _Scan) -> _Reading | None:
    year, month, day = int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"])
    if scan.view[m.start("iso_d") - 1] != m["iso_sep"]:
        return None  # 2016-09/26: not one date format
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None  # a code or a range, not a date
    return m.start(), m.end(), day_value(valid_date(year, month, day)), False, 0


def _read_slash(m: re.Match[str], scan: _Scan) -> _Reading | None:
    first, second, year = int(m["sl_a"]), int(m["sl_b"]), int(m["sl_y"])
    if not (1 <= first <= 31 and 1 <= second <= 31) or (first > 12 and second > 12):
        return None  # a score, a ratio or a code
    if first > 12:  # 26/9/2016: day first
        resolved = day_value(valid_date(year, second, first))
    elif second > 12 or first == second:  # 9/26/2016: month first
        resolved = day_value(valid_date(year, first, second))
    else:
        # 9/10/2016 is September 10 in Washington and 9 October in London:
        # only the year is certain.
        resolved = year_value(year)
    return m.start(), m.end(), resolved, False, 0


def _read_day_and_month(m: re.Match[str], scan: _Scan, form: str) -> _Reading | None:
    month_group, day_group, year_group, weekday_group = (
        f"{form}_mon", f"{form}_day", f"{form}_y", f"{form}_wd"
    )  # fmt: skip
    month, day = MONTHS[key(m[month_group])], _day_number(m[day_group])
    if not (1 <= day <= 31) or not scan.capitalised(m.start(month_group)):
        return None
    start, end, relation = m.start(), m.end(), None
    with_weekday = weekday_group in m.re.groupindex
    if with_weekday:  # "next Wednesday, April 11"
        start, _, relation = scan.left_context(start)
    if m[year_group] is not None:
        return start, end, day_value(valid_date(int(m[year_group]), month, day)), False, 0
    direction = _direction(relation, scan.tense)
    if scan.published is None:
        return start, end, UNRESOLVED, True, direction
    tense = direction or scan.tense
    found = month_day(scan.published, month, day, tense)
    if found is not None and with_weekday:
        found = _agree_with_weekday(found, scan.published, WEEKDAYS[m[weekday_group]])
    return start, end, day_value(found), True, direction


def _agree_with_weekday(found: dt.date, published: dt.date, target: int) -> dt.date:
    """For "Tuesday, Sept. 27": if the weekday does not fit, try the years either side."""
    if found.weekday() == target:
        return found
    fitting = [
        d
        for year in (found.year - 1, found.year + 1)
        if abs(year - published.year) <= 1
        and (d := valid_date(year, found.month, found.day)) is not None
        and d.weekday() == target
    ]
    return min(fitting, key=lambda d: abs((d - published).days), default=found)


def _read_month(m: re.Match[str], scan: _Scan) -> _Reading | None:
    token = key(m["m_mon"])
    if not scan.capitalised(m.start("m_mon")):
        return None
    month, end = MONTHS[token], m.end()
    start, mod, relation = scan.left_context(m.start())
    if m["m_y"] is not None:
        return start, end, month_value(int(m["m_y"]), month), False, 0
    if m["m_yrel"] is not None:  # "in February last year"
        step = {"last": -1, "next": 1}.get(m["m_yrel"], 0)
        if scan.published is None:
            return start, end, UNRESOLVED, True, step
        return start, end, month_value(scan.published.year + step, month), True, step
    shared = shared_year_pattern().match(scan.view, end)
    if shared is not None:  # "January and February 2008": January 2008 too
        return start, end, month_value(int(shared["year"]), month), False, 0
    if token in MONTH_ABBREVIATIONS and not scan.standalone:
        return None  # "Jan Egeland", "Dec" in a table: abbreviations need a day or year
    if not (scan.standalone or mod or relation or scan.coordinated(start)):
        cue = scan.cue_before(start)
        if token in AMBIGUOUS_MONTHS:
            if cue not in _STRONG_CUES:
                return None  # "May said", "a speech by May"
        elif cue is None and not scan.possessive_after(end):
            return None
    direction = _direction(relation, scan.tense)
    if scan.published is None:
        return start, end, UNRESOLVED, True, direction
    resolved = month_in_context(scan.published, month, relation, scan.tense)
    return start, end, resolved, True, direction


def _read_year(m: re.Match[str], scan: _Scan) -> _Reading | None:
    start, end = m.start(), m.end()
    if scan.text[start - 1 : start] in ("$", "#", "\u00a3", "\u20ac", "/", "."):
        return None  # money, a number, a path: not a year
    possessive = scan.possessive_after(end)
    year = int(m["y_val"])
    if possessive and year % 10 == 0:
        return None  # "the 1990's": a decade
    extended, mod, relation = scan.left_context(start)
    if mod is not None and relation is None:
        start = extended  # "mid-2015", "the end of 2015"
    licensed = (
        scan.standalone
        or mod is not None
        or possessive
        or scan.coordinated(start)
        or scan.cue_before(start) is not None
    )
    return (start, end, year_value(year), False, 0) if licensed else None


def _read_season(m: re.Match[str], scan: _Scan) -> _Reading | None:
    months = SEASONS[key(m["s_name"])]
    year_token, end = m["s_y"], m.end()
    start, mod, relation = scan.left_context(m.start())
    if year_token is None and relation is None and not scan.standalone:
        if scan.view[end : end + 4] == " of ":
            return None  # "the fall of Aleppo" is an event, not a season
        if season_cue_pattern().search(scan.view, max(0, start - 24), start) is None:
            return None  # "Arab Spring", "prices fall"
    if year_token is not None:
        return start, end, year_value(int(year_token)) if months else UNRESOLVED, False, 0
    direction = _direction(relation, scan.tense)
    if scan.published is None or months is None:
        return start, end, UNRESOLVED, True, direction
    year = season_year(scan.published, months, relation, scan.tense)
    return start, end, year_value(year), True, direction


def _read_weekday(m: re.Match[str], scan: _Scan) -> _Reading | None:
    if not scan.capitalised(m.start("w_day")):
        return None
    end = m.end()
    start, _, relation = scan.left_context(m.start())
    if relation is None and scan.word_before(start) in NAMED_DAY_PREFIXES:
        return None  # "Bloody Sunday", "Super Tuesday"
    direction = _direction(relation, scan.tense)
    if scan.published is None:
        return start, end, UNRESOLVED, True, direction
    found = weekday(scan.published, WEEKDAYS[m["w_day"]], relation, scan.tense)
    return start, end, day_value(found), True, direction


def _read_deictic(m: re.Match[str], scan: _Scan) -> _Reading | None:
    offset = _DEICTIC_OFFSETS[key(m["d_word"])]
    direction = (offset > 0) - (offset < 0)
    if scan.published is None:
        return m.start(), m.end(), UNRESOLVED, True, direction
    return m.start(), m.end(), day_value(shift_days(scan.published, offset)), True, direction


def _read_unit(m: re.Match[str], scan: _Scan) -> _Reading | None:
    relation, unit, end = key(m["u_rel"]), m["u_unit"], m.end()
    start, mod, _ = scan.left_context(m.start())
    step = {"last": -1, "next": 1}.get(relation, 0)
    direction = step or {"earlier": -1, "later": 1}.get(mod or "", 0)
    pub = scan.published
    if pub is None:
        return start, end, UNRESOLVED, True, direction
    if unit == "year":
        resolved = year_value(pub.year + step)
    elif unit == "month":
        resolved = month_value(*shift_months(pub.year, pub.month, step))
    else:
        monday, sunday = week_span(pub, step)
        if unit == "weekend":
            monday = shift_days(monday, 5) if monday else None
        elif step == 0 and mod == "earlier":
            sunday = pub  # from Monday up to publication
        elif step == 0 and mod == "later":
            monday = pub
        resolved = span_value(monday, sunday)
    return start, end, resolved, True, direction


def _read_ago(m: re.Match[str], scan: _Scan) -> _Reading | None:
    count = m["a_n"]
    fewest, most = (int(count), int(count)) if count[0].isdigit() else COUNT_RANGES[key(count)]
    unit = m["a_unit"].rstrip("s")
    start, end, pub = m.start(), m.end(), scan.published
    if pub is None:
        return start, end, UNRESOLVED, True, -1
    if unit in ("day", "week"):
        # "three weeks ago" is approximate: half a week either side
        size, slack = (7, 3) if unit == "week" else (1, 0)
        first = shift_days(pub, -most * size - slack)
        last = shift_days(pub, -fewest * size + slack)
        resolved = span_value(first, last)
    elif unit == "month":
        oldest = shift_months(pub.year, pub.month, -most)
        newest = shift_months(pub.year, pub.month, -fewest)
        resolved = month_value(*oldest) if oldest == newest else _year_if_same(oldest[0], newest[0])
    else:
        years = 10 if unit == "decade" else 1
        resolved = _year_if_same(pub.year - most * years, pub.year - fewest * years)
    return start, end, resolved, True, -1


def _year_if_same(first: int, last: int) -> Resolved:
    return year_value(first) if first == last else UNRESOLVED


def _read_vague(m: re.Match[str], scan: _Scan) -> _Reading | None:
    words = key(m.group()).split()
    if words[0] in ("has", "have", "had") or _PAST_WORDS.intersection(words):
        direction = -1
    elif _FUTURE_WORDS.intersection(words):
        direction = 1
    else:
        direction = 0
    return m.start(), m.end(), UNRESOLVED, True, direction


_READERS: dict[str, _Reader] = {
    "iso": _read_iso,
    "slash": _read_slash,
    "vague": _read_vague,
    "wmd": partial(_read_day_and_month, form="wmd"),
    "wdm": partial(_read_day_and_month, form="wdm"),
    "md": partial(_read_day_and_month, form="md"),
    "dm": partial(_read_day_and_month, form="dm"),
    "deictic": _read_deictic,
    "unit": _read_unit,
    "ago": _read_ago,
    "month": _read_month,
    "season": _read_season,
    "year": _read_year,
    "weekday": _read_weekday,
}


def _tense_sign(tense: int) -> int:
    return (tense > 0) - (tense < 0)


def _scan(
    text: str, published: str | None, tense: int, *, standalone: bool, windowed: bool = True
) -> list[DateExpr]:
    view = _ascii_view(text)
    scan = _Scan(text, view, parse_published(published), _tense_sign(tense), standalone)
    scanner, parsers = scanner_pattern(), parser_patterns()
    found: list[DateExpr] = []
    for window_start, window_end in _windows(view) if windowed else [(0, len(view))]:
        for hit in scanner.finditer(view, window_start, window_end):
            form = hit.lastgroup or ""
            parsed = parsers[form].match(view, hit.start())
            reading = _READERS[form](parsed, scan) if parsed is not None else None
            if reading is None:
                continue
            start, end, (value, precision), relative, direction = reading
            found.append(
                DateExpr(text[start:end], start, end, value, precision, relative, direction)
            )
            scan.previous_end = end
    return found


def find_dates(text: str, published: str | None, *, tense: int = -1) -> list[DateExpr]:
    """Every date expression in ``text``, in order, resolved against ``published``.

    ``published`` is the publication date as ``YYYY-MM-DD`` (or ``None``: then
    relative expressions stay unresolved). ``tense`` is the sentence's tense
    hint: -1 past (the default, as in most news), +1 future, 0 unknown; only
    its sign counts. Spans include modifiers ("early August", "last Tuesday")
    but never a leading preposition: "On Sept. 26" gives "Sept. 26". Raises
    ``LannerError("E109")`` for a malformed ``published``; never raises for any
    ``text``.
    """
    return _scan(text, published, tense, standalone=False)


def resolve_date(
    expr: str, published: str | None, *, tense: int = -1
) -> tuple[str | None, DatePrecision | None]:
    """The calendar value and precision of one date expression, e.g. "last Tuesday".

    The expression is read on its own, so a bare "February", "May" or "2014"
    counts as a date here though running text would need "in" before it. If
    ``expr`` holds several dates the first one wins; if none, ``(None, None)``.
    """
    for found in _scan(expr, published, tense, standalone=True):
        return found.value, found.precision
    return UNRESOLVED
