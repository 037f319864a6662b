"""From raw text to a :class:`~lanner.records.Document`: clean, title, dateline, date, id.

``Document.text`` is what every later stage's offsets refer to, so all cleaning happens
here, once: line endings and invisible characters are normalised, the headline and
page furniture are removed, and paragraphs are separated by exactly ``"\\n\\n"``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lanner.errors import LannerError, LannerWarning
from lanner.ingest.furniture import SHORT_LINE_CHARS, line_key, strip_furniture_lines
from lanner.ingest.language import detect_non_english
from lanner.ingest.published import validate_published
from lanner.records import Document, content_id

__all__ = [
    "InputFailure",
    "SourceRecord",
    "clean_text",
    "detect_headline",
    "document_from_text",
    "find_dateline",
]

_HEADLINE_WORDS = 25
_DATELINE_PARAGRAPHS = 3
_HEADLINE_END = ".,;:!?…"
# Invisible or layout-only characters that would only confuse tokenisation.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# "NIAMEY, March 13 (Reuters) -", "BISHKEK, Kyrgyzstan —", "WASHINGTON (AP) --",
# "Beirut (Reuters) -": an upper-case place (or a capitalised one before an agency in
# brackets), optional region and date, optional agency, then a dash.
_DATELINE = re.compile(
    r"""^(?:
        (?P<caps>[A-Z][A-Z'.\-]+(?:\s[A-Z][A-Z'.\-]+){0,3})
        (?:,\s*[A-Z][A-Za-z.'\-]+(?:\s[A-Z][A-Za-z.'\-]+){0,2})?
        (?:,\s*[A-Z][a-z]{2,8}\.?\s\d{1,2})?
        (?:\s*\([A-Za-z][A-Za-z .&'\-]{0,40}\))?
      |
        (?P<title>[A-Z][a-z'\-]+(?:\s[A-Z][a-z'\-]+){0,2})
        (?:,\s*[A-Z][a-z]{2,8}\.?\s\d{1,2})?
        \s*\([A-Z][A-Za-z .&'\-]{0,40}\)
    )\s*(?:-{1,2}|—|–)\s""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class InputFailure:
    """An input that produced no document, with the coded reason.

    ``path`` names the input, with ``:line`` (JSONL, CSV) or ``#item`` (feeds) where the
    problem is inside a file. A ``W``-coded error (W103: no documents found) is a
    warning: nothing was wrong, there was just nothing to read.
    """

    path: str
    error: LannerError

    @property
    def code(self) -> str:
        return self.error.code

    @property
    def is_warning(self) -> bool:
        return self.error.code.startswith("W")

    def __str__(self) -> str:
        return str(self.error)


@dataclass(frozen=True)
class SourceRecord:
    """One document as a multi-document input states it (a JSONL line, CSV row, feed item).

    ``where`` locates it for error messages (``file.jsonl:12``); ``published`` is passed on
    unvalidated so that a malformed date becomes E109 for this record only.
    """

    where: str
    text: str
    doc_id: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    warnings: tuple[LannerWarning, ...] = ()


def _normalise_lines(raw: str) -> list[str]:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    text = _CONTROL.sub(" ", text)
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


def detect_headline(lines: Sequence[str]) -> str | None:
    """The headline if the first line is one: short, no final punctuation, then a blank line."""
    first = next((i for i, line in enumerate(lines) if line), None)
    if first is None or first + 2 > len(lines) or lines[first + 1]:
        return None
    line = lines[first]
    if len(line) > SHORT_LINE_CHARS or len(line.split()) > _HEADLINE_WORDS:
        return None
    if line[-1] in _HEADLINE_END or not any(ch.isalpha() for ch in line):
        return None
    # The rest must hold more text: a lone line is the text, not a headline.
    if not any(lines[first + 2 :]):
        return None
    return line


def _is_hard_wrapped(block: Sequence[str]) -> bool:
    """True for a paragraph broken into lines of fixed width (e-mail, wire text)."""
    if len(block) < 2:
        return False
    widths = [len(line) for line in block]
    return max(widths) <= 100 and sum(widths[:-1]) / (len(widths) - 1) >= 40


def _paragraphs(lines: Sequence[str]) -> list[str]:
    """Blank-line separated blocks; a block's lines are joined if hard-wrapped, else split."""
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        if block:
            paragraphs.extend([" ".join(block)] if _is_hard_wrapped(block) else block)
            block = []
    return paragraphs


def clean_text(raw: str, *, title: str | None = None) -> tuple[str, str | None]:
    """Return ``(text, title)``: ``raw`` without headline and furniture, paragraphs joined by
    ``"\\n\\n"``. ``title`` is the known title, or the detected headline when none is given."""
    lines = _normalise_lines(raw)
    headline = detect_headline(lines)
    if headline is not None and (title is None or line_key(title) == line_key(headline)):
        title = title or headline
        lines[lines.index(headline)] = ""
    lines = strip_furniture_lines(lines, title=title)
    return "\n\n".join(_paragraphs(lines)), title


def find_dateline(text: str) -> str | None:
    """The place of a wire dateline at the start of ``text`` ("NIAMEY, March 13 (Reuters) -")."""
    # The dateline opens the first paragraph of the story, which may follow a byline or
    # photo caption that the furniture rules kept.
    for paragraph in text.split("\n\n", _DATELINE_PARAGRAPHS)[:_DATELINE_PARAGRAPHS]:
        match = _DATELINE.match(paragraph[:200])
        if match is not None:
            break
    else:
        return None
    place = match.group("caps") or match.group("title") or ""
    # Wire services print the place in capitals; the gazetteer wants "Addis Ababa".
    return place.title() if place.isupper() else place


def document_from_text(
    raw: str,
    *,
    path: str | None = None,
    doc_id: str | None = None,
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
    source: str | None = None,
    warnings: Sequence[LannerWarning] = (),
) -> Document:
    """Build a :class:`Document` from raw text, or raise a coded :class:`LannerError`.

    ``published`` is validated (E109). The text is cleaned (:func:`clean_text`); an empty
    result is E111 and a non-English one E106. Without a publication date the document
    carries warning W101. ``doc_id`` defaults to :func:`~lanner.records.content_id`.
    """
    label = path or doc_id or "<text>"
    date = validate_published(published, path=label)
    clean_title = " ".join(title.split()) if title else None
    text, clean_title = clean_text(raw, title=clean_title or None)
    if not text and clean_title and line_key(raw) == line_key(clean_title):
        text = clean_title  # a headline-only item (feeds, wires): the headline is the report
    if not text:
        raise LannerError("E111", path=label)
    language = detect_non_english(text)
    if language is not None:
        raise LannerError("E106", path=label, language=language)
    ident = str(doc_id) if doc_id not in (None, "") else content_id(text)
    document = Document(
        id=ident,
        text=text,
        title=clean_title,
        published=date,
        url=url or None,
        source=source or None,
        path=path,
        dateline=find_dateline(text),
        warnings=list(warnings),
    )
    if date is None:
        document.warnings.append(LannerWarning("W101", {"doc": path or ident}))
    return document
