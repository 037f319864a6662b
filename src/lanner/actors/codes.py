"""Small shared rules: CAMEO code parts, validity periods, plural forms."""

from __future__ import annotations

import re
from datetime import date, timedelta

__all__ = [
    "IGO_PREFIXES",
    "default_periods",
    "noun_plural",
    "parse_iso_date",
    "split_cameo_code",
]

# First code blocks that are not a country: CAMEO "international" and "transnational" types.
IGO_PREFIXES = frozenset({"IGO", "NGO", "IMG", "MNC", "UIS", "NGM"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_iso_date(value: str) -> str | None:
    """``value`` if it is a real YYYY-MM-DD date, else None."""
    if not _ISO_DATE.match(value):
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return value


def split_cameo_code(
    code: str, sectors: frozenset[str] | set[str]
) -> tuple[str | None, str | None, str | None]:
    """(country, sector, igo) parts of a CAMEO-style code such as CHNGOV, IGOUNO or PSEREBHMS.

    CAMEO codes are 3-letter blocks: an optional country (or IGO/NGO/... type), then roles.
    The sector is the first block that is a known sector; for IGO codes the block after the
    type names the organisation.
    """
    blocks = [code[i : i + 3] for i in range(0, len(code), 3)]
    if not blocks or not blocks[0]:
        return None, None, None
    country: str | None = None
    igo: str | None = None
    rest = blocks
    if blocks[0] in IGO_PREFIXES:
        if blocks[0] == "IGO" and len(blocks) > 1:
            # IGO + region/organisation block(s): the last non-sector block is the body.
            bodies = [b for b in blocks[1:] if b not in sectors]
            igo = bodies[-1] if bodies else None
        rest = blocks[1:]
    elif blocks[0] not in sectors:
        country = blocks[0]
        rest = blocks[1:]
    sector = next((b for b in rest if b in sectors), None)
    if blocks[0] in sectors and blocks[0] not in IGO_PREFIXES:
        sector = blocks[0]
    if blocks[0] == "NGO" and sector is None:
        sector = "NGO"
    return country, sector, igo


def default_periods(
    restricted: list[tuple[str | None, str | None]],
) -> list[tuple[str | None, str | None]]:
    """The gaps left by date-restricted codes, where an entry's default code applies.

    PETRARCH uses the undated code only when no dated code covers the date, so the default
    entry is split into the complement of the dated periods (all bounds inclusive).
    """
    if not restricted:
        return [(None, None)]
    first, last = "0001-01-01", "9999-12-31"
    spans = sorted(((lo or first), (hi or last)) for lo, hi in restricted)
    gaps: list[tuple[str | None, str | None]] = []
    cursor = first  # the first day not yet covered by a dated period
    for lo, hi in spans:
        if lo > cursor:
            gaps.append((None if cursor == first else cursor, _shift(lo, -1)))
        if hi >= cursor:
            nxt = _shift(hi, 1)
            if nxt is None:
                return gaps
            cursor = nxt
    gaps.append((None if cursor == first else cursor, None))
    return gaps


def _shift(iso: str, days: int) -> str | None:
    """``iso`` moved by ``days``; None past either end of the calendar."""
    try:
        return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()
    except (ValueError, OverflowError):
        return None


_IRREGULAR_PLURALS = {
    "man": "men",
    "woman": "women",
    "person": "people",
    "chief": "chiefs",
    "child": "children",
    "staff": "staff",
    "police": "police",
    "personnel": "personnel",
    "militia": "militias",
    "clergy": "clergy",
    "media": "media",
    "press": "press",
}


def noun_plural(noun: str) -> str:
    """The regular English plural of a (possibly multiword) noun: 'head of state' -> 'heads of state'."""
    words = noun.split(" ")
    head = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    words[head] = _word_plural(words[head])
    return " ".join(words)


def _word_plural(word: str) -> str:
    low = word.lower()
    if low in _IRREGULAR_PLURALS:
        return _keep_case(word, _IRREGULAR_PLURALS[low])
    if low.endswith("man") and len(low) > 3:
        return word[:-2] + "en"
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return word[:-1] + "ies"
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _keep_case(original: str, replacement: str) -> str:
    return replacement.capitalize() if original[:1].isupper() else replacement
