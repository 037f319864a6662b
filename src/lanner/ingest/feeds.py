"""Multi-document inputs with a fixed shape: RSS/Atom feeds and CSV tables.

Each item or row becomes a :class:`~lanner.ingest.documents.SourceRecord`; a bad row
becomes a coded error for that row only, and the rest of the file is still read.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from lxml import etree

from lanner.errors import LannerError, LannerWarning
from lanner.ingest.documents import SourceRecord
from lanner.ingest.html import html_fragment_text
from lanner.ingest.published import parse_published

__all__ = ["CSV_FIELDS", "looks_like_feed", "parse_feed", "read_csv_records", "resolve_csv_columns"]

CSV_FIELDS = ("id", "text", "title", "published", "url", "source")
_TEXT_FIELDS = ("encoded", "content", "description", "summary")  # best first
_DATE_FIELDS = ("pubDate", "published", "date", "issued", "updated", "modified")


def _xml_parser() -> etree.XMLParser:
    # No entity expansion, DTD loading or network: a hostile feed cannot inflate itself
    # ("billion laughs") or make Lanner fetch anything.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )


def _local(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element if _local(child) == name]


def _inner_markup(element: Any) -> str:
    """The element's content as markup: text, or serialised children (Atom ``type="xhtml"``)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(etree.tostring(child, encoding="unicode", with_tail=False))
        parts.append(child.tail or "")
    return "".join(parts)


def _field_text(item: Any, name: str) -> str | None:
    for child in _children(item, name):
        text = html_fragment_text(_inner_markup(child)).strip()
        if text:
            return " ".join(text.split()) if name == "title" else text
    return None


def _item_link(item: Any) -> str | None:
    for link in _children(item, "link"):
        href = link.get("href")  # Atom: <link rel="alternate" href="..."/>
        if href and link.get("rel", "alternate") == "alternate":
            return str(href).strip()
        if link.text and link.text.strip():  # RSS: <link>https://...</link>
            return str(link.text).strip()
    return None


def _item_published(item: Any) -> str | None:
    for name in _DATE_FIELDS:
        for child in _children(item, name):
            date = parse_published(child.text)
            if date is not None:
                return date
    return None


def _feed_items(root: Any) -> tuple[list[Any], Any]:
    """The item elements and the element holding the feed's own title."""
    kind = _local(root).lower()
    if kind == "rss":
        channel = next(iter(_children(root, "channel")), root)
        return _children(channel, "item"), channel
    if kind == "rdf":  # RSS 1.0: items are siblings of the channel
        channel = next(iter(_children(root, "channel")), root)
        return _children(root, "item"), channel
    if kind == "feed":
        return _children(root, "entry"), root
    raise ValueError(f"root element is <{_local(root) or '?'}>, not <rss> or <feed>")


def parse_feed(data: bytes, *, path: str) -> list[SourceRecord]:
    """The items of an RSS 2.0, RSS 1.0 or Atom feed; raises E113 if it is not one."""
    try:
        root = etree.fromstring(data, parser=_xml_parser())
        if root is None:
            raise ValueError("no root element")
        items, channel = _feed_items(root)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise LannerError("E113", path=path, kind="feed", reason=str(exc) or "bad XML") from exc
    feed_title = _field_text(channel, "title")
    records = []
    for number, item in enumerate(items, start=1):
        title = _field_text(item, "title")
        text = next(filter(None, (_field_text(item, name) for name in _TEXT_FIELDS)), None)
        records.append(
            SourceRecord(
                where=f"{path}#item{number}",
                # A headline-only item is still a report: code its title.
                text=text or title or "",
                title=title,
                published=_item_published(item),
                url=_item_link(item),
                source=feed_title,
            )
        )
    return records


def looks_like_feed(data: bytes) -> bool:
    """True if an ``.xml`` file's root element is ``rss``, ``RDF`` or ``feed``."""
    head = data[:4096].decode("utf-8", errors="ignore")
    return any(name in head for name in ("<rss", "<feed", "<rdf:RDF", "<RDF"))


def resolve_csv_columns(csv_columns: Mapping[str, str] | None) -> dict[str, str]:
    """The column to read for each Lanner field; raises E116 for an unknown field."""
    columns = {name: name for name in CSV_FIELDS}
    for field, column in (csv_columns or {}).items():
        if field not in CSV_FIELDS:
            raise LannerError("E116", field=field, choices=", ".join(CSV_FIELDS))
        columns[field] = column
    return columns


def read_csv_records(
    lines: Iterable[str],
    *,
    path: str,
    columns: Mapping[str, str],
    explicit: Iterable[str] = (),
    latin1_lines: set[int] | None = None,
) -> Iterator[SourceRecord | LannerError]:
    """Rows of a CSV table as records (or E1xx errors for bad rows).

    ``columns`` maps Lanner fields to header names (matched case-insensitively).
    ``explicit`` names the fields the user mapped: those must exist (E114), while the
    default columns other than ``text`` are optional. ``latin1_lines`` holds the
    physical line numbers that were decoded as Latin-1 (W102).
    """
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        yield LannerError("E113", path=f"{path}:1", kind="CSV header", reason=str(exc))
        return
    index = {name.strip().lstrip("\ufeff").lower(): i for i, name in enumerate(header)}
    required = {"text", *explicit}
    positions: dict[str, int] = {}
    for field, column in columns.items():
        position = index.get(column.strip().lower())
        if position is None and field in required:
            yield LannerError("E114", path=path, column=column, columns=", ".join(header))
            return
        if position is not None:
            positions[field] = position
    latin1 = latin1_lines or set()
    previous_line = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield LannerError("E113", path=f"{path}:{reader.line_num}", kind="CSV", reason=str(exc))
            previous_line = reader.line_num
            continue
        first_line, previous_line = previous_line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        values = {f: (row[i] if i < len(row) else "") for f, i in positions.items()}
        decoded_latin1 = any(n in latin1 for n in range(first_line, reader.line_num + 1))
        yield SourceRecord(
            where=f"{path}:{first_line}",
            text=values.get("text", ""),
            doc_id=values.get("id") or None,
            title=values.get("title") or None,
            published=values.get("published") or None,
            url=values.get("url") or None,
            source=values.get("source") or None,
            warnings=(LannerWarning("W102", {"path": path}),) if decoded_latin1 else (),
        )
