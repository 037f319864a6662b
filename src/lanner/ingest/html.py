"""HTML pages: the report's text, title and publication date, without the page furniture.

Metadata is read first, from the whole page (the headline and date often sit in the
``<header>`` that is removed later). Then furniture elements are removed by tag
(``nav``, ``aside``, ``script`` ...), ARIA role and class/id tokens (``share-bar``,
``cookie-banner``), all listed in ``data/furniture.yaml``. The text is taken from the
largest ``<article>`` (else ``<main>``, else ``<body>``), one paragraph per block element.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from lanner.ingest.furniture import FurnitureRules, get_furniture_rules
from lanner.ingest.published import parse_published

__all__ = ["HtmlPage", "html_fragment_text", "parse_html"]

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "blockquote",
        "body",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tr",
        "ul",
        "center",
        "caption",
    ]
)
# Elements kept from removal by class/id: a "has-sidebar" body is still the page.
_NEVER_DROPPED = frozenset({"html", "body", "main", "article"})
# Don't drop a classed element holding most of the page's text: a class token such as
# "related" on a wrapper must not take the article with it.
_MAX_DROPPED_SHARE = 0.5
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_SPACE = re.compile(r"\s+")
_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ")
_DATE_META_NAMES = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.date",
    "parsely-pub-date",
    "sailthru.date",
)
_JSON_LD_MAX_DEPTH = 8


@dataclass(frozen=True)
class HtmlPage:
    """What a page yields: paragraphs joined by blank lines, plus its metadata."""

    text: str
    title: str | None
    published: str | None


class HtmlParseError(ValueError):
    """The markup could not be parsed at all (e.g. no elements)."""


_CONTROL_CHARS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _parse(markup: str) -> Any:
    # lxml refuses control characters anywhere it later sets text (XML 1.0 forbids them)
    markup = _XML_DECLARATION.sub("", _CONTROL_CHARS.sub(" ", markup.replace("\x00", "")), count=1)
    if not markup.strip():
        raise HtmlParseError("no markup")
    try:
        root = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise HtmlParseError(str(exc) or type(exc).__name__) from exc
    if root is None:
        raise HtmlParseError("no elements")
    return root


def _squash(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _meta_values(root: Any, names: tuple[str, ...]) -> Iterator[str]:
    """``content`` of ``<meta>`` tags whose property/name/itemprop is in ``names``, in order."""
    by_name: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        content = meta.get("content")
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (meta.get(attr) or "").strip().lower()
            if key:
                by_name.setdefault(key, []).append(content)
    for name in names:
        yield from by_name.get(name, [])


def _page_title(root: Any) -> str | None:
    for value in _meta_values(root, ("og:title", "twitter:title")):
        if _squash(value):
            return _squash(value)
    for h1 in root.iter("h1"):
        text = _squash(h1.text_content())
        if text:
            return text
    title_el = root.find(".//title")
    if title_el is None:
        return None
    title = _squash(title_el.text_content())
    # "Headline | Site": drop a short site name after the last separator.
    for separator in _TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if sep and len(head.split()) >= 2 and len(tail.split()) <= 4 and len(tail) <= 40:
            return head.strip()
    return title or None


def _json_ld_dates(node: Any, depth: int = 0) -> Iterator[str]:
    if depth > _JSON_LD_MAX_DEPTH:
        return
    if isinstance(node, dict):
        value = node.get("datePublished")
        if isinstance(value, str):
            yield value
        for child in node.values():
            if isinstance(child, dict | list):
                yield from _json_ld_dates(child, depth + 1)
    elif isinstance(node, list):
        for child in node:
            yield from _json_ld_dates(child, depth + 1)


def _page_published(root: Any) -> str | None:
    candidates: list[str] = list(_meta_values(root, _DATE_META_NAMES[:3]))
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            candidates.extend(_json_ld_dates(json.loads(script.text or "")))
        except (ValueError, RecursionError):
            continue
    candidates.extend(_meta_values(root, _DATE_META_NAMES[3:]))
    candidates.extend(t.get("datetime") or "" for t in root.iter("time"))
    for value in candidates:
        date = parse_published(value)
        if date is not None:
            return date
    return None


def _remove(element: Any) -> None:
    """Remove ``element`` but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _is_furniture_element(element: Any, rules: FurnitureRules) -> bool:
    if element.tag in rules.html_tags:
        return True
    if (element.get("role") or "").lower() in rules.html_roles:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if element.tag in _NEVER_DROPPED:
        return False
    attrs = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return bool(rules.html_class_tokens.intersection(_TOKEN_SPLIT.split(attrs)))


def _strip_furniture(root: Any) -> None:
    rules = get_furniture_rules()
    for node in list(root.iter(etree.Comment, etree.ProcessingInstruction, etree.Entity)):
        _remove(node)
    total = len(root.text_content())
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if not _is_furniture_element(element, rules):
            continue
        tag_rule = element.tag in rules.html_tags
        if not tag_rule and len(element.text_content()) > _MAX_DROPPED_SHARE * total:
            continue
        _remove(element)


def _content_root(root: Any) -> Any:
    articles = list(root.iter("article"))
    if articles:
        return max(articles, key=lambda el: len(el.text_content()))
    for candidate in root.iter("main"):
        return candidate
    for candidate in root.iter():
        if isinstance(candidate.tag, str) and (candidate.get("role") or "").lower() == "main":
            return candidate
    body = root.find("body")
    return body if body is not None else root


def _block_text(container: Any) -> str:
    """The container's text, one paragraph per block element, joined by blank lines.

    Walks with ``iterwalk`` instead of recursion so deeply nested markup cannot overflow
    the Python stack.
    """
    pieces: list[str] = []
    breaks = "\x00"  # a marker that cannot occur: _parse removed every NUL
    for event, element in etree.iterwalk(container, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag in _BLOCK_TAGS
        if event == "start":
            pieces.append(breaks if block else " " if tag in ("td", "th") else "")
            pieces.append(element.text or "")
        else:
            pieces.append(breaks if block else "")
            if element is not container:
                pieces.append(element.tail or "")
    paragraphs = (_squash(p) for p in "".join(pieces).split(breaks))
    return "\n\n".join(p for p in paragraphs if p)


def parse_html(markup: str) -> HtmlPage:
    """Extract the report from a full HTML page. Raises :class:`HtmlParseError`."""
    root = _parse(markup)
    title = _page_title(root)
    published = _page_published(root)
    _strip_furniture(root)
    return HtmlPage(text=_block_text(_content_root(root)), title=title, published=published)


def html_fragment_text(markup: str) -> str:
    """Text of an HTML fragment (a feed item's description), furniture removed."""
    if "<" not in markup:
        return html.unescape(markup)
    try:
        root = _parse(f"<html><body>{markup}</body></html>")
    except HtmlParseError:
        return html.unescape(markup)
    _strip_furniture(root)
    return _block_text(_content_root(root))
