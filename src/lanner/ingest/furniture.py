"""Page furniture in plain text: the lines of a captured page that are not the report.

A copied web page brings its widgets along: the headline printed again above the body,
"Story Stream", "Show comments Hide Comments", share buttons, cookie notices. These lines
would be coded as sentences, so they are dropped before the text gets its offsets.

The rules are general, not tuned to one site. A line is furniture when it is

* **a title repeat** - a short line equal to the title (or the title plus a site name);
* **made of lexicon phrases** - a short line that the furniture lexicon
  (``data/furniture.yaml``) covers completely, e.g. "Facebook Twitter Email";
* **a labelled teaser** - a short line starting with a lexicon prefix ("Read more: ...")
  or a lexicon label and a colon ("Tags: ...");
* **a byline or timestamp** - "By Jane Doe", "Updated 17 September 2022 14:05 GMT";
* **a repeated label** - a short line without sentence punctuation that occurs more
  than once (navigation printed at top and bottom);
* **a menu** - three or more short items separated by ``|``, ``•`` or ``·``;
* **links only** - nothing but URLs, @handles, #hashtags and e-mail addresses;
* **a cookie notice** - a line about cookies that also speaks of consent or settings.

"Short" means at most :data:`SHORT_LINE_WORDS` words: report sentences are longer, so a
rule for short lines cannot eat the body.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "SHORT_LINE_WORDS",
    "FurnitureRules",
    "furniture_reason",
    "get_furniture_rules",
    "line_key",
    "strip_furniture_lines",
]

SHORT_LINE_WORDS = 14
SHORT_LINE_CHARS = 140
_COOKIE_LINE_WORDS = 80

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_MENU_SEPARATOR = re.compile(r"\s+[|•·]\s+|\s*\|\s*")
# "By Jane Doe", "By Jane Doe and John Roe": every word after "By" is capitalised, which
# "By noon, the fighting had stopped" is not.
_BYLINE = re.compile(r"^By\s+(?:(?:[A-Z][\w.'’-]*|and|&|,)\s*){1,10}$")
_LINK_TOKEN = re.compile(r"^(?:https?://\S+|www\.\S+|@\w+|#\w+|[\w.+-]+@[\w-]+\.[\w.]+)$", re.I)


@dataclass(frozen=True)
class FurnitureRules:
    """The furniture lexicon, as loaded from package data."""

    phrases: frozenset[tuple[str, ...]]
    prefixes: tuple[tuple[str, ...], ...]
    labels: frozenset[tuple[str, ...]]
    date_words: frozenset[str]
    cookie_triggers: frozenset[str]
    cookie_context: frozenset[str]
    html_tags: frozenset[str]
    html_roles: frozenset[str]
    html_class_tokens: frozenset[str]

    @property
    def longest_phrase(self) -> int:
        return max((len(p) for p in self.phrases), default=1)


def _word_tuple(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def _string_list(table: dict[str, Any], key: str) -> list[str]:
    values = table.get(key) or []
    return [str(v) for v in values]


@lru_cache(maxsize=1)
def get_furniture_rules() -> FurnitureRules:
    """Load ``data/furniture.yaml`` once, on first use."""
    source = resources.files("lanner.ingest").joinpath("data/furniture.yaml")
    table: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    cookie = table.get("cookie") or {}
    html = table.get("html") or {}
    return FurnitureRules(
        phrases=frozenset(w for w in map(_word_tuple, _string_list(table, "phrases")) if w),
        prefixes=tuple(w for w in map(_word_tuple, _string_list(table, "prefixes")) if w),
        labels=frozenset(w for w in map(_word_tuple, _string_list(table, "labels")) if w),
        date_words=frozenset(_string_list(table, "date_words")),
        cookie_triggers=frozenset(_string_list(cookie, "triggers")),
        cookie_context=frozenset(_string_list(cookie, "context")),
        html_tags=frozenset(_string_list(html, "tags")),
        html_roles=frozenset(_string_list(html, "roles")),
        html_class_tokens=frozenset(_string_list(html, "class_tokens")),
    )


def line_key(line: str) -> str:
    """A line reduced to lower-case words, for comparing lines and titles."""
    return " ".join(_word_tuple(line))


def _covered_by_phrases(words: tuple[str, ...], rules: FurnitureRules) -> bool:
    """True if ``words`` splits completely into lexicon phrases (a small DP over positions)."""
    if not words:
        return False
    longest = rules.longest_phrase
    reachable = [False] * (len(words) + 1)
    reachable[0] = True
    for start in range(len(words)):
        if not reachable[start]:
            continue
        for size in range(1, min(longest, len(words) - start) + 1):
            if words[start : start + size] in rules.phrases:
                reachable[start + size] = True
    return reachable[-1]


def _is_menu(line: str) -> bool:
    items = [item for item in _MENU_SEPARATOR.split(line) if item.strip()]
    return len(items) >= 3 and all(len(_WORD.findall(item)) <= 4 for item in items)


def _is_links_only(line: str) -> bool:
    tokens = line.split()
    return bool(tokens) and all(_LINK_TOKEN.match(t.strip(",;")) for t in tokens)


def _is_title_variant(key: str, title_key: str) -> bool:
    """True for the title plus a short site name ("Title | Site"), or the title without it."""
    longer, shorter = (key, title_key) if len(key) > len(title_key) else (title_key, key)
    extra = len(longer.split()) - len(shorter.split())
    return longer.startswith(shorter + " ") and extra <= 5 and len(shorter.split()) >= 3


def _is_cookie_notice(line: str, rules: FurnitureRules) -> bool:
    if "cookie" not in line.lower():  # cheap test first: most lines never mention cookies
        return False
    words = _word_tuple(line)
    return (
        len(words) <= _COOKIE_LINE_WORDS
        and bool(rules.cookie_triggers.intersection(words))
        and bool(rules.cookie_context.intersection(words))
    )


def furniture_reason(
    line: str,
    *,
    title_key: str = "",
    repeats: int = 1,
    rules: FurnitureRules | None = None,
) -> str | None:
    """Why ``line`` is page furniture (``"title"``, ``"lexicon"``, ...), or ``None`` if it is text.

    ``title_key`` is :func:`line_key` of the document title; ``repeats`` is how often the
    line occurs in the document.
    """
    rules = rules or get_furniture_rules()
    stripped = line.strip()
    if not stripped:
        return None
    if len(stripped) > SHORT_LINE_CHARS:  # a report sentence, unless a notice or link list
        if _is_cookie_notice(stripped, rules):
            return "cookie"
        return "links" if _is_links_only(stripped) else None
    words = _word_tuple(stripped)
    if not words:
        return "symbols"  # rules such as "* * *" or "----"
    if _is_links_only(stripped):
        return "links"
    if _is_cookie_notice(stripped, rules):
        return "cookie"
    if len(words) > SHORT_LINE_WORDS:
        return None
    key = " ".join(words)
    if title_key and key == title_key:
        return "title"
    if _covered_by_phrases(words, rules):
        return "lexicon"
    if any(words[: len(prefix)] == prefix for prefix in rules.prefixes):
        return "prefix"
    label, colon, _ = stripped.partition(":")
    if colon and _word_tuple(label) in rules.labels:
        return "label"
    if _BYLINE.match(stripped):
        return "byline"
    if any(ch.isdigit() for ch in stripped) and all(
        w.isdigit() or w in rules.date_words for w in words
    ):
        return "timestamp"
    if _SENTENCE_END.search(stripped):
        return None
    if title_key and _is_title_variant(key, title_key):
        return "title"
    if _is_menu(stripped):
        return "menu"
    if repeats > 1:
        return "repeated"
    return None


def strip_furniture_lines(lines: Sequence[str], *, title: str | None = None) -> list[str]:
    """Return ``lines`` with every furniture line replaced by an empty line.

    Replacing rather than deleting keeps the paragraph structure of the rest.
    """
    rules = get_furniture_rules()
    title_key = line_key(title) if title else ""
    # Only short lines can be repeated labels, so only they need a key.
    keys = [line_key(line) if 0 < len(line) <= SHORT_LINE_CHARS else "" for line in lines]
    counts = Counter(key for key in keys if key)
    kept: list[str] = []
    for line, key in zip(lines, keys, strict=True):
        repeats = counts[key] if key else 1
        reason = furniture_reason(line, title_key=title_key, repeats=repeats, rules=rules)
        kept.append("" if reason else line)
    return kept
