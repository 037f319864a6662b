"""Reading inputs: dispatch by suffix, size limits, decoding, and the per-type readers.

:func:`read_documents` never raises for bad input. Every problem becomes an
:class:`~lanner.ingest.documents.InputFailure` with a coded error, and the batch goes on.
Limits are checked before data is read in full: a file over ``max_bytes`` is refused
from its size alone, and JSONL/CSV files are streamed line by line with a bounded
``readline``, so one hostile line cannot fill memory.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from lanner.errors import LannerError, LannerWarning
from lanner.ingest.documents import InputFailure, SourceRecord, document_from_text
from lanner.ingest.feeds import looks_like_feed, parse_feed, read_csv_records, resolve_csv_columns
from lanner.ingest.html import HtmlParseError, parse_html
from lanner.ingest.published import validate_published
from lanner.records import Document

__all__ = ["INPUT_KINDS", "MAX_JSON_DEPTH", "read_documents"]

Result = Document | InputFailure

INPUT_KINDS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
MAX_JSON_DEPTH = 32
STDIN_PATH = "<stdin>"
_META_SUFFIX = ".meta.json"
_META_MAX_BYTES = 1_000_000
_SNIFF_BYTES = 65_536
_CONTROL_BYTES = bytes([*range(0x01, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_MAX_CONTROL_SHARE = 0.05
# Bytes >= 0x80 in a file that is not UTF-8: a few are Latin-1 accents, many mean a
# multi-byte legacy encoding (GBK, Shift-JIS, KOI8) that Latin-1 would turn into noise.
_MAX_HIGH_BYTE_SHARE = 0.3


@dataclass(frozen=True)
class _Options:
    published: str | None
    csv_columns: dict[str, str]
    csv_explicit: frozenset[str]
    stdin: TextIO | None
    max_bytes: int
    max_line_chars: int


def read_documents(
    paths: Sequence[str],
    *,
    published: str | None = None,
    csv_columns: Mapping[str, str] | None = None,
    stdin: TextIO | None = None,
    max_bytes: int = 5_000_000,
    max_line_chars: int = 1_000_000,
) -> Iterator[Document | InputFailure]:
    """Yield a :class:`Document` or an :class:`InputFailure` for every input document.

    ``paths`` are files, directories (walked recursively in sorted order, hidden files
    and unknown suffixes skipped) or ``-`` for ``stdin`` (default ``sys.stdin``).
    ``published`` (YYYY-MM-DD) is used where a document states no date of its own;
    ``csv_columns`` maps Lanner fields (id, text, title, published, url, source) to CSV
    column names. The arguments are checked at once: a malformed ``published`` raises
    E109 and an unknown CSV field E116, before any input is read.
    """
    options = _Options(
        published=validate_published(published, path="--published"),
        csv_columns=resolve_csv_columns(csv_columns),
        csv_explicit=frozenset(csv_columns or {}),
        stdin=stdin,
        max_bytes=max_bytes,
        max_line_chars=max_line_chars,
    )
    return _read_all([paths] if isinstance(paths, str) else list(paths), options)


def _read_all(paths: Sequence[str], options: _Options) -> Iterator[Result]:
    for path in paths:
        if path == "-":
            yield from _guarded(STDIN_PATH, lambda: _read_stdin(options))
            continue
        yield from _read_path(Path(path), options)


def _guarded(label: str, produce: Any) -> Iterator[Result]:
    """Run one input's reader; a coded error ends that input, a bug is reported, not raised.

    The last-resort ``except`` keeps a batch of thousands of files alive when one file
    meets a bug; the message says "unexpected" so tests and users can tell it apart.
    """
    try:
        yield from produce()
    except LannerError as exc:
        yield InputFailure(label, exc)
    except Exception as exc:  # noqa: BLE001 - see docstring
        reason = f"unexpected {type(exc).__name__}: {exc}"
        yield InputFailure(label, LannerError("E113", path=label, kind="input", reason=reason))


def _read_path(path: Path, options: _Options) -> Iterator[Result]:
    label = str(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        yield InputFailure(label, LannerError("E101", path=label))
        return
    except OSError as exc:
        yield InputFailure(label, LannerError("E115", path=label, reason=exc.strerror or exc))
        return
    if path.is_dir():
        yield from _read_directory(path, options)
        return
    kind = INPUT_KINDS.get(path.suffix.lower())
    if kind is None:
        suffix = path.suffix or "(none)"
        yield InputFailure(label, LannerError("E110", path=label, suffix=suffix))
        return
    if not path.is_file():
        yield InputFailure(label, LannerError("E115", path=label, reason="not a regular file"))
        return
    yield from _guarded(label, lambda: _READERS[kind](path, stat.st_size, options))


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _directory_files(root: Path) -> list[tuple[Path, str]]:
    """Readable files under ``root`` with their kind, sorted by path for a stable order."""
    files: list[tuple[Path, str]] = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not _is_hidden(d)]
        for name in filenames:
            path = Path(folder, name)
            kind = INPUT_KINDS.get(path.suffix.lower())
            if _is_hidden(name) or kind is None or not path.is_file():
                continue
            if kind == "feed" and path.suffix.lower() == ".xml" and not _sniff_feed(path):
                continue  # sitemaps, dictionaries and other XML in a folder are not news
            files.append((path, kind))
    return sorted(files, key=lambda item: item[0].relative_to(root).parts)


def _read_directory(root: Path, options: _Options) -> Iterator[Result]:
    found = 0
    for path, kind in _directory_files(root):
        for result in _guarded(str(path), lambda p=path, k=kind: _READERS[k](p, None, options)):
            found += 1
            yield result
    if found == 0:
        yield InputFailure(str(root), LannerError("W103", path=str(root)))


def _sniff_feed(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return looks_like_feed(stream.read(4096))
    except OSError:
        return True  # let the reader report the error


# -- bytes, limits and decoding ---------------------------------------------------------


def _read_bytes(path: Path, size: int | None, max_bytes: int) -> bytes:
    label = str(path)
    try:
        if size is None:
            size = path.stat().st_size
        if size > max_bytes:
            raise LannerError("E105", path=label, size=size, limit=max_bytes)
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)  # the size may have changed since stat()
    except FileNotFoundError as exc:
        raise LannerError("E101", path=label) from exc
    except OSError as exc:
        raise LannerError("E115", path=label, reason=exc.strerror or str(exc)) from exc
    if len(data) > max_bytes:
        raise LannerError("E105", path=label, size=len(data), limit=max_bytes)
    if not data.strip():
        raise LannerError("E102", path=label)
    return data


def _has_bom(data: bytes) -> str | None:
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return encoding
    return None


def _check_binary(sample: bytes, label: str) -> None:
    """E104 for UTF-16/32 without a byte-order mark, E103 for other binary data."""
    if b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        even_nul = even.count(0) / max(len(even), 1)
        odd_nul = odd.count(0) / max(len(odd), 1)
        other = odd if even_nul > odd_nul else even
        printable = len(other.translate(None, _PRINTABLE_ASCII)) <= 0.2 * len(other)
        if len(sample) >= 16 and max(even_nul, odd_nul) > 0.4 and printable:
            raise LannerError("E104", path=label)  # UTF-16 text without a byte-order mark
        raise LannerError("E103", path=label)
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise LannerError("E103", path=label)


def _decode_single_byte(data: bytes, label: str) -> str:
    high = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    letters = len(data.translate(None, b" \t\r\n")) or 1
    if high / letters > _MAX_HIGH_BYTE_SHARE:
        raise LannerError("E104", path=label)
    try:  # Windows-1252 is what "Latin-1" text from the web nearly always is (curly quotes)
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def decode_bytes(data: bytes, label: str) -> tuple[str, list[LannerWarning]]:
    """Decode a whole text file: BOM, else UTF-8, else Latin-1 with warning W102."""
    encoding = _has_bom(data)
    if encoding is not None:
        try:
            return data.decode(encoding), []
        except UnicodeDecodeError as exc:
            raise LannerError("E104", path=label) from exc
    _check_binary(data[:_SNIFF_BYTES], label)
    if b"\x00" in data:
        raise LannerError("E103", path=label)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        return _decode_single_byte(data, label), [LannerWarning("W102", {"path": label})]


def _check_line_lengths(text: str, label: str, limit: int) -> None:
    if len(text) <= limit:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > limit:
            raise LannerError("E112", path=label, line=number, size=len(line), limit=limit)


def _with_default_date(record: SourceRecord, options: _Options) -> Result:
    try:
        return document_from_text(
            record.text,
            path=record.where,
            doc_id=record.doc_id,
            title=record.title,
            published=record.published or options.published,
            url=record.url,
            source=record.source,
            warnings=record.warnings,
        )
    except LannerError as exc:
        return InputFailure(record.where, exc)


# -- one reader per input kind ------------------------------------------------------------


def _read_sidecar(path: Path) -> dict[str, str]:
    """Fields from ``name.meta.json`` beside ``name.txt``: id, title, published, url, source."""
    meta = path.with_name(path.stem + _META_SUFFIX)
    if not meta.is_file():
        return {}
    try:
        with meta.open("rb") as stream:
            data = stream.read(_META_MAX_BYTES + 1)
        if len(data) > _META_MAX_BYTES:
            raise ValueError(f"over {_META_MAX_BYTES} bytes")
        table = json.loads(data)
    except (OSError, ValueError, RecursionError) as exc:
        raise LannerError("E113", path=str(meta), kind="metadata", reason=str(exc)) from exc
    if not isinstance(table, dict):
        raise LannerError("E113", path=str(meta), kind="metadata", reason="not a JSON object")
    fields: dict[str, str] = {}
    for key in ("id", "title", "published", "url", "source"):
        value = table.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            fields[key] = str(value).strip()
    return fields


def _read_text_file(path: Path, size: int | None, options: _Options) -> Iterator[Result]:
    label = str(path)
    text, warnings = decode_bytes(_read_bytes(path, size, options.max_bytes), label)
    _check_line_lengths(text, label, options.max_line_chars)
    meta = _read_sidecar(path)
    yield document_from_text(
        text,
        path=label,
        doc_id=meta.get("id"),
        title=meta.get("title"),
        published=meta.get("published") or options.published,
        url=meta.get("url"),
        source=meta.get("source"),
        warnings=warnings,
    )


def _read_stdin(options: _Options) -> Iterator[Result]:
    stream = options.stdin if options.stdin is not None else sys.stdin
    try:
        text = stream.read(options.max_bytes + 1)
    except UnicodeDecodeError as exc:
        raise LannerError("E104", path=STDIN_PATH) from exc
    if len(text) > options.max_bytes:
        size = f"more than {options.max_bytes}"
        raise LannerError("E105", path=STDIN_PATH, size=size, limit=options.max_bytes)
    if not text.strip():
        raise LannerError("E102", path=STDIN_PATH)
    _check_binary(text[:_SNIFF_BYTES].encode("utf-8", errors="replace"), STDIN_PATH)
    _check_line_lengths(text, STDIN_PATH, options.max_line_chars)
    yield document_from_text(text, path=STDIN_PATH, published=options.published)


def _read_html_file(path: Path, size: int | None, options: _Options) -> Iterator[Result]:
    label = str(path)
    markup, warnings = decode_bytes(_read_bytes(path, size, options.max_bytes), label)
    try:
        page = parse_html(markup)
    except HtmlParseError as exc:
        raise LannerError("E113", path=label, kind="HTML", reason=str(exc)) from exc
    _check_line_lengths(page.text, label, options.max_line_chars)
    yield document_from_text(
        page.text,
        path=label,
        title=page.title,
        published=page.published or options.published,
        warnings=warnings,
    )


def _read_feed_file(path: Path, size: int | None, options: _Options) -> Iterator[Result]:
    label = str(path)
    data = _read_bytes(path, size, options.max_bytes)
    if _has_bom(data) is None:
        _check_binary(data[:_SNIFF_BYTES], label)
    records = parse_feed(data, path=label)
    if not records:
        yield InputFailure(label, LannerError("W103", path=label))
    for record in records:
        yield _with_default_date(record, options)


def _bounded_lines(
    stream: BinaryIO, label: str, limit: int, latin1_lines: set[int]
) -> Iterator[tuple[int, str | LannerError]]:
    """Numbered, decoded lines, or E112 for a line over ``limit``, which is skipped in
    chunks rather than read into memory."""
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(1 << 20)
                size += len(raw)
            yield number, LannerError("E112", path=label, line=number, size=size, limit=limit)
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError:
            latin1_lines.add(number)
            try:
                yield number, _decode_single_byte(raw, f"{label}:{number}")
            except LannerError as exc:
                yield number, exc


def _open_stream(path: Path) -> BinaryIO:
    label = str(path)
    try:
        stream = path.open("rb")
        head = stream.read(_SNIFF_BYTES)
        stream.seek(0)
    except FileNotFoundError as exc:
        raise LannerError("E101", path=label) from exc
    except OSError as exc:
        raise LannerError("E115", path=label, reason=exc.strerror or str(exc)) from exc
    if not head.strip():
        stream.close()
        raise LannerError("E102", path=label)
    try:
        _check_binary(head, label)
    except LannerError:
        stream.close()
        raise
    return stream


def _json_depth_exceeds(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)
    return False


def _jsonl_record(line: str, where: str, number: int, label: str) -> SourceRecord:
    try:
        value = json.loads(line)
    except RecursionError as exc:
        raise LannerError("E117", path=label, line=number, limit=MAX_JSON_DEPTH) from exc
    except ValueError as exc:
        raise LannerError("E107", path=label, line=number, reason=str(exc)) from exc
    if not isinstance(value, dict):
        reason = f"found a JSON {type(value).__name__}"
        raise LannerError("E107", path=label, line=number, reason=reason)
    if _json_depth_exceeds(value, MAX_JSON_DEPTH):
        raise LannerError("E117", path=label, line=number, limit=MAX_JSON_DEPTH)
    if "text" not in value or value["text"] is None:
        raise LannerError("E108", path=label, line=number, field="text")
    fields: dict[str, str | None] = {}
    for key in ("text", "title", "url", "source", "published", "id"):
        item = value.get(key)
        if key == "id" and isinstance(item, int) and not isinstance(item, bool):
            item = str(item)
        if item is not None and not isinstance(item, str):
            if key == "published":
                raise LannerError("E109", value=item, path=where, name="published")
            reason = f"field {key!r} is not a string"
            raise LannerError("E107", path=label, line=number, reason=reason)
        fields[key] = item
    return SourceRecord(
        where=where,
        text=fields["text"] or "",
        doc_id=fields["id"],
        title=fields["title"],
        published=fields["published"],
        url=fields["url"],
        source=fields["source"],
    )


def _add_warning(record: SourceRecord, warning: LannerWarning) -> SourceRecord:
    return dataclasses.replace(record, warnings=(*record.warnings, warning))


def _read_jsonl_file(path: Path, size: int | None, options: _Options) -> Iterator[Result]:
    label = str(path)
    latin1: set[int] = set()
    found = False
    with _open_stream(path) as stream:
        for number, line in _bounded_lines(stream, label, options.max_line_chars, latin1):
            where = f"{label}:{number}"
            if isinstance(line, LannerError):
                found = True
                yield InputFailure(where, line)
                continue
            if not line.strip():
                continue
            found = True
            try:
                record = _jsonl_record(line, where, number, label)
            except LannerError as exc:
                yield InputFailure(where, exc)
                continue
            if number in latin1:
                record = _add_warning(record, LannerWarning("W102", {"path": where}))
            yield _with_default_date(record, options)
    if not found:
        yield InputFailure(label, LannerError("E102", path=label))


def _read_csv_file(path: Path, size: int | None, options: _Options) -> Iterator[Result]:
    label = str(path)
    latin1: set[int] = set()
    problems: list[LannerError] = []

    def text_lines() -> Iterator[str]:
        # csv.reader pulls lines as it needs them; a bad line ends the table because a
        # quoted field may span lines, so there is no safe place to resume.
        for _, line in _bounded_lines(stream, label, options.max_line_chars, latin1):
            if isinstance(line, LannerError):
                problems.append(line)
                return
            yield line

    found = False
    with _open_stream(path) as stream:
        records = read_csv_records(
            text_lines(),
            path=label,
            columns=options.csv_columns,
            explicit=options.csv_explicit,
            latin1_lines=latin1,
        )
        for record in records:
            found = True
            if isinstance(record, LannerError):
                yield InputFailure(str(record.fields.get("path", label)), record)
            else:
                yield _with_default_date(record, options)
    for problem in problems:
        found = True
        yield InputFailure(f"{label}:{problem.fields.get('line')}", problem)
    if not found:
        yield InputFailure(label, LannerError("W103", path=label))


_READERS = {
    "text": _read_text_file,
    "html": _read_html_file,
    "jsonl": _read_jsonl_file,
    "csv": _read_csv_file,
    "feed": _read_feed_file,
}
