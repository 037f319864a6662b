"""The words of English news dates: months, weekdays, seasons, counts and cue words.

These tables are small and fixed, so they live in code rather than package data.
Every key is lower case; callers look words up with ``key(token)``, which folds
case and the abbreviation dot ("Sept." -> "sept").
"""

from __future__ import annotations

__all__ = [
    "AMBIGUOUS_MONTHS",
    "COUNT_RANGES",
    "MONTHS",
    "MONTH_ABBREVIATIONS",
    "NAMED_DAY_PREFIXES",
    "SEASONS",
    "UNIT_DAYS",
    "WEEKDAYS",
    "key",
]


def key(token: str) -> str:
    """The lookup key of a token: lower case, without a trailing dot or inner spaces."""
    return " ".join(token.lower().rstrip(".").split())


MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    # Abbreviations, AP style and others seen in wire copy.
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

# Abbreviations are also ordinary words or names ("Jan Egeland", "to mar"), so a
# month abbreviation only counts when a day or a year is attached to it.
MONTH_ABBREVIATIONS: frozenset[str] = frozenset(
    name for name in MONTHS if len(name) <= 4 and name not in {"may", "june", "july"}
)

# Month names that are also common words or names ("May said", "a march on the
# capital"): alone they need a strong preposition before them.
AMBIGUOUS_MONTHS: frozenset[str] = frozenset({"may", "march"})

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

# "Bloody Sunday", "Black Friday", "Super Tuesday" name events, not days of this week.
NAMED_DAY_PREFIXES: frozenset[str] = frozenset(
    {
        "ash",
        "black",
        "bloody",
        "cyber",
        "easter",
        "good",
        "holy",
        "maundy",
        "palm",
        "shrove",
        "super",
    }
)

# Meteorological seasons of the northern hemisphere: (first month, last month).
# Winter (December-February) straddles two years, so it never gets a year.
SEASONS: dict[str, tuple[int, int] | None] = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": None,
}

# How many units a counting word stands for: (fewest, most). Vague counts give a
# range, and the resolver keeps only the calendar unit the whole range shares.
COUNT_RANGES: dict[str, tuple[int, int]] = {
    "a": (1, 1),
    "an": (1, 1),
    "one": (1, 1),
    "two": (2, 2),
    "three": (3, 3),
    "four": (4, 4),
    "five": (5, 5),
    "six": (6, 6),
    "seven": (7, 7),
    "eight": (8, 8),
    "nine": (9, 9),
    "ten": (10, 10),
    "eleven": (11, 11),
    "twelve": (12, 12),
    "fifteen": (15, 15),
    "twenty": (20, 20),
    "thirty": (30, 30),
    "a couple of": (2, 3),
    "a couple": (2, 3),
    "couple of": (2, 3),
    "a few": (2, 5),
    "few": (2, 5),
    "several": (3, 7),
    "some": (2, 7),
}

# Length of a unit in days where the unit is counted in days ("three weeks ago");
# months and years are counted on the calendar instead.
UNIT_DAYS: dict[str, int] = {"day": 1, "week": 7}
