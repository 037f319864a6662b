"""The regular grammar of date expressions, compiled twice: once to scan, once to parse.

Every form is a branch below. Patterns run on the finder's ASCII view of the
text (lower case, a no-break space as a space, other non-ASCII characters as
"?", one character for one so that offsets hold) and start with one
**scanner**: all branches joined,
capture groups removed, each branch followed by an empty group named after its
form so that ``m.lastgroup`` says which form matched. At each hit it runs that
form's **parser** (the same branch, with its named groups) at the same offset
to read the parts. Splitting the two matters for speed: CPython's regex engine
skips an alternative by its first character only when it starts with a
literal, and a capture group or an optional prefix at the start of an
alternative makes every word of every sentence try every branch in full
(20 times slower, measured on a news paragraph).

For the same reason no branch starts with an optional part. Modifiers and
relations before the core ("early August", "last Tuesday", "the end of 2015",
"mid-2015") are read from the text just before a hit with
:func:`left_context_pattern`, as are the prepositions that make a bare month
or year a date ("in February", "since 2014"), which stay out of the span.

Branches are ordered so that at one offset the longer reading wins
("Tuesday, Sept. 27" before "Sept. 27" before "Tuesday").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from lanner.dates.lexicon import COUNT_RANGES, MONTH_ABBREVIATIONS, MONTHS, SEASONS, WEEKDAYS

__all__ = [
    "BRANCHES",
    "TRIGGER_WORDS",
    "coordination_pattern",
    "cue_pattern",
    "left_context_pattern",
    "parser_patterns",
    "scanner_pattern",
    "season_cue_pattern",
    "shared_year_pattern",
]

# Patterns run on lower-cased text; ASCII so that \s, \b and \d never see other scripts.
_FLAGS = re.ASCII

# Spaces between words (the view has already turned no-break spaces into spaces).
S = r"\s+"
S0 = r"\s*"


def _words(words: Iterable[str]) -> str:
    """An alternation of words, longest first so that "september" beats "sep"."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(w.replace(" ", S) for w in ordered)


# A month token: a full name, or an abbreviation with an optional dot. Only an
# abbreviation may take the dot, so a sentence's full stop never joins a span.
_MONTH = (
    rf"(?:(?:{_words(m for m in MONTHS if m not in MONTH_ABBREVIATIONS)})\b"
    rf"|(?:{_words(MONTH_ABBREVIATIONS)})\b\.?)"
)
_WEEKDAY = _words(WEEKDAYS)
_SEASON = _words(SEASONS)
_COUNT = _words(COUNT_RANGES)
_DAY = r"[0-9]{1,2}(?:st|nd|rd|th)?"
# A day number that is not a quantity: "Sept. 26" but not "May 5%" or "March 2.5".
_DAY_END = r"\b(?!\s*(?:%|percent\b|per\s*cent\b)|[.,:][0-9])"
_UNITS = r"days?|weeks?|months?|years?|decades?"


def _year_tail(name: str) -> str:
    """An optional year after a day or month: "Sept. 26, 2016", "March of 2014"."""
    return rf"(?:(?:{S}of)?,?{S}(?P<{name}>[0-9]{{4}})\b(?![.,:/][0-9]))?"


BRANCHES: list[tuple[str, str]] = [
    # 2016-09-26, 2016/09/26 (the finder checks both separators agree)
    (
        "iso",
        r"(?P<iso_y>[0-9]{4})(?P<iso_sep>[-/])(?P<iso_m>[0-9]{2})[-/](?P<iso_d>[0-9]{2})(?![0-9])",
    ),
    # 9/26/2016 or 26/9/2016 (day and month resolved only when their order is clear)
    ("slash", r"(?P<sl_a>[0-9]{1,2})/(?P<sl_b>[0-9]{1,2})/(?P<sl_y>[0-9]{4})(?![0-9/])"),
    # vague time cues, before the unit phrases: "over the last year" is not "last year"
    (
        "vague",
        rf"(?:in{S}recent{S}(?:days|weeks|months|years|decades|times)"
        rf"|(?:in|over|during|for|within){S}the{S}(?:past|last){S}"
        rf"(?:(?:few|several|couple{S}of|[0-9]{{1,3}}|{_COUNT}){S})?"
        rf"(?:{_UNITS}|century|centuries)"
        rf"|in{S}the{S}coming{S}(?:days|weeks|months|years|decades)"
        rf"|in{S}the{S}(?:near|foreseeable){S}future"
        rf"|in{S}the{S}past"
        rf"|for{S}(?:many{S}|several{S}|a{S}few{S}|some{S})?"
        rf"(?:days|weeks|months|years|decades|centuries|generations)"
        rf"|for{S}a{S}(?:decade|century|generation|long{S}time)"
        rf"|many{S}(?:years|decades|months){S}ago"
        rf"|(?:years|decades){S}ago"
        rf"|(?:has|have|had){S}long(?![-\w])"
        rf"|recently(?!-)|lately|soon(?!{S}as\b)"
        rf")\b",
    ),
    # Tuesday, Sept. 27 | Tuesday 27 September 2016
    (
        "wmd",
        rf"(?P<wmd_wd>{_WEEKDAY}),?{S}(?P<wmd_mon>{_MONTH}){S0}(?P<wmd_day>{_DAY}){_DAY_END}"
        rf"{_year_tail('wmd_y')}",
    ),
    (
        "wdm",
        rf"(?P<wdm_wd>{_WEEKDAY}),?{S}(?P<wdm_day>{_DAY})(?:{S}of)?{S}(?P<wdm_mon>{_MONTH})"
        rf"{_year_tail('wdm_y')}",
    ),
    # Sept. 26 | September 26, 2016 | Aug. 30th
    ("md", rf"(?P<md_mon>{_MONTH}){S0}(?P<md_day>{_DAY}){_DAY_END}{_year_tail('md_y')}"),
    # 26 September 2016 | 30th of August
    ("dm", rf"(?P<dm_day>{_DAY})(?:{S}of)?{S}(?P<dm_mon>{_MONTH}){_year_tail('dm_y')}"),
    # today, yesterday, last night, the day before yesterday
    (
        "deictic",
        rf"(?P<d_word>today|yesterday|tomorrow|tonight|last{S}night"
        rf"|this{S}(?:morning|afternoon|evening)"
        rf"|the{S}day{S}before{S}yesterday|the{S}day{S}after{S}tomorrow)\b",
    ),
    # last year | this month | next week | this weekend | the current year
    (
        "unit",
        rf"(?P<u_rel>last|this|next|the{S}current){S}(?P<u_unit>year|month|weekend|week)\b",
    ),
    # two days ago | a few weeks ago | a decade ago
    ("ago", rf"(?P<a_n>[0-9]{{1,3}}|{_COUNT}){S}(?P<a_unit>{_UNITS}){S}ago\b"),
    # August | September 2016 | March of 2014 | February last year
    (
        "month",
        rf"(?P<m_mon>{_MONTH})(?:{S}(?P<m_yrel>last|this|next){S}year\b|{_year_tail('m_y')})",
    ),
    # summer | spring 2015 | the fall of 2015
    ("season", rf"(?P<s_name>{_SEASON})\b{_year_tail('s_y')}"),
    # 2014 (the finder wants "in", "since", "mid-" or the like before it)
    ("year", r"(?P<y_val>(?:1[89]|2[01])[0-9]{2})\b(?![.,:/][0-9])"),
    # Tuesday
    ("weekday", rf"(?P<w_day>{_WEEKDAY})\b"),
]

# Every branch contains a digit or one of these words whole. The finder scans
# only the text around them, so a new branch must add its words here (the
# property test comparing windowed and full scans catches a missing one).
TRIGGER_WORDS: frozenset[str] = frozenset(
    [*MONTHS, *WEEKDAYS, *SEASONS]
    + ["today", "tonight", "yesterday", "tomorrow", "night", "morning", "afternoon", "evening"]
    + [
        "day",
        "days",
        "week",
        "weeks",
        "weekend",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "decades",
    ]
    + ["century", "centuries", "generation", "generations"]
    + ["ago", "recent", "recently", "lately", "soon", "past", "coming", "future", "long"]
)

_GROUP = re.compile(r"\(\?P<\w+>")


@cache
def scanner_pattern() -> re.Pattern[str]:
    """All branches without capture groups; ``m.lastgroup`` names the form that matched."""
    body = "|".join(f"(?:{_GROUP.sub('(?:', src)})(?P<{name}>)" for name, src in BRANCHES)
    # "(?=\w)" stops the branches being tried at word ends, where \b also holds
    # (a third faster on news text).
    return re.compile(rf"\b(?=\w)(?:{body})", _FLAGS)


@cache
def parser_patterns() -> dict[str, re.Pattern[str]]:
    """Each branch on its own, with named groups; ``match`` it where the scanner hit."""
    return {name: re.compile(src, _FLAGS) for name, src in BRANCHES}


@cache
def left_context_pattern() -> re.Pattern[str]:
    """Modifier and relation words ending just before a hit: "early", "the end of", "last".

    Use ``search(lower, start - 40, start)``; the leftmost match is the longest.
    Groups: ``mod`` ("early", "end of", ...), ``rel`` ("last", "next", ...).
    """
    return re.compile(
        rf"(?<![a-z0-9'])(?:(?:the{S})?(?P<mod>(?:end|beginning|middle|start|first{S}half"
        rf"|second{S}half){S}of|early|late|mid|earlier|later)(?:{S0}-{S0}|{S}))?"
        rf"(?:(?P<rel>last|next|this|past|coming){S})?$",
        _FLAGS,
    )


# Words that, just before a bare month or year, make it a date ("in February",
# "since 2014"). Read from the text before the match, so they stay out of spans.
_CUE_WORDS = (
    "in|on|since|by|until|till|through|throughout|during|before|after|from|between"
    "|of|to|for|around|the"
)


@cache
def cue_pattern() -> re.Pattern[str]:
    """The cue word ending the text before a match, as group ``cue``.

    Use ``search(lower, start - 24, start)``: the look-behind still sees the
    character before the window, so a cut word ("with|in") is not a cue.
    """
    return re.compile(rf"(?<![a-z0-9'])(?P<cue>{_CUE_WORDS}){S}$", _FLAGS)


@cache
def season_cue_pattern() -> re.Pattern[str]:
    """Cues that make a bare season a date: "in the spring", "during summer"."""
    return re.compile(
        rf"(?<![a-z0-9'])(?:in|during|by|until|since|through|throughout){S}(?:the{S})?$",
        _FLAGS,
    )


@cache
def shared_year_pattern() -> re.Pattern[str]:
    """After a bare month, a coordinated month with the year both share.

    "January and February 2008", "from March to May 2015": ``match`` it at the
    end of the first month; group ``year``.
    """
    return re.compile(
        rf"(?:{S0},)?(?:{S}(?:and|or|to|through|until|till){S}|{S0}[-\u2013]{S0})"
        rf"{_MONTH}(?:{S}of)?,?{S}(?P<year>[0-9]{{4}})\b(?![.,:/][0-9])",
        _FLAGS,
    )


@cache
def coordination_pattern() -> re.Pattern[str]:
    """The whole gap between coordinated dates ("2014 and 2015"); use with ``fullmatch``."""
    return re.compile(
        rf"\s*(?:,|-|\u2013|\u2014)?\s*(?:(?:and|or|to|through|until|till){S})?", _FLAGS
    )
