"""A cheap check that a document is English before it is coded.

Lanner's dictionaries and patterns are English, so coding a French article produces
noise, not events. A full language identifier is not needed to catch that: function
words ("the", "of", "le", "der") make up a large share of any running text, and
their share per language separates the languages Lanner is likely to meet.

The check is deliberately one-sided. It rejects a text only when it has enough words
to judge, another language's function words clearly outnumber the English ones, and
they are frequent in absolute terms. Headlines and name-heavy English ("Xi Jinping met
Emomali Rahmon in Dushanbe") have few function words of *any* language, so they pass.
Text mostly in a non-Latin script (Cyrillic, Arabic, CJK, ...) is reported by script.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["MIN_WORDS", "detect_non_english"]

MIN_WORDS = 25  # below this a text is too short to judge, e.g. a headline
_SAMPLE_CHARS = 10_000  # the start of a long text is enough to judge it
_OTHER_SHARE = 0.12  # another language's function words must be this share of all words
_OTHER_OVER_ENGLISH = 2.0  # ... and this many times the English ones
_MIN_LATIN_SHARE = 0.5
# Text in another script is mostly non-ASCII (all but spaces, digits and punctuation);
# text in a Latin script is mostly ASCII, accents and all.
_MIN_NON_ASCII_SHARE = 0.3
_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _stopword_languages() -> dict[str, tuple[str, ...]]:
    """Each function word with the languages that use it ("en" -> ("fr", "es", "nl"))."""
    source = resources.files("lanner.ingest").joinpath("data/stopwords.yaml")
    table = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    index: dict[str, list[str]] = {}
    for language, words in table.items():
        for word in dict.fromkeys(str(w) for w in words):
            index.setdefault(word, []).append(str(language))
    return {word: tuple(languages) for word, languages in index.items()}


def _dominant_script(sample: str) -> str | None:
    """The main non-Latin script of ``sample`` (e.g. ``"cyrillic"``) if Latin is a minority."""
    non_ascii = len(sample) - len(sample.encode("ascii", errors="ignore"))
    if non_ascii < _MIN_NON_ASCII_SHARE * len(sample):
        return None  # the common case, decided without looking at single characters
    letters = _LETTER.findall(sample)
    if len(letters) < 4 * MIN_WORDS:
        return None
    scripts: Counter[str] = Counter()
    for char in letters:
        name = unicodedata.name(char, "")
        scripts[name.split(" ", 1)[0].lower() if name else "unknown"] += 1
    latin = scripts.pop("latin", 0)
    if latin / len(letters) >= _MIN_LATIN_SHARE or not scripts:
        return None
    return scripts.most_common(1)[0][0]


def detect_non_english(text: str) -> str | None:
    """Return the detected language (``"fr"``, ``"de"``, ``"cyrillic"``...) if ``text`` is not
    English, or ``None`` when it is English or too short to tell."""
    sample = text[:_SAMPLE_CHARS]
    script = _dominant_script(sample)
    if script is not None:
        return script
    words = _WORD.findall(sample.lower())
    if len(words) < MIN_WORDS:
        return None
    index = _stopword_languages()
    hits: Counter[str] = Counter()
    for word, count in Counter(words).items():
        for language in index.get(word, ()):
            hits[language] += count
    english = hits.pop("en", 0)
    if not hits:
        return None
    language, other = hits.most_common(1)[0]
    if other >= _OTHER_SHARE * len(words) and other > _OTHER_OVER_ENGLISH * english:
        return language
    return None
