"""Property tests: whatever bytes a file holds, ingest yields Documents or coded failures."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lanner.errors import LannerError
from lanner.ingest import InputFailure, document_from_text, read_documents
from lanner.ingest.published import parse_published, validate_published
from lanner.records import Document

SUFFIXES = [".txt", ".html", ".jsonl", ".csv", ".rss", ".xml", ".atom"]

# Bytes that look a little like each format, so the parsers get past their first check.
FRAGMENTS = [
    b"<html>",
    b"<body>",
    b"<p>",
    b"</p>",
    b"<nav>",
    b"<!--",
    b"-->",
    b"<rss>",
    b"<channel>",
    b"<item>",
    b"<title>",
    b"</item>",
    b"<feed>",
    b"<entry>",
    b"&amp;",
    b"&lt;",
    b"]]>",
    b'{"text": "',
    b'", "id": 1}',
    b'"published": "2016-09-29"',
    b"\n",
    b"\r\n",
    b",",
    b'"',
    b"text,id\n",
    b"Advertisement",
    b"Share",
    b"NIAMEY, March 13 (Reuters) - ",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\xe9",
    b"The army shelled the town. ",
    b"[[[[",
    b"{{{{",
]
file_bytes = st.one_of(
    st.binary(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS) | st.binary(max_size=8), max_size=40).map(b"".join),
)


def assert_coded(results: list[Document | InputFailure]) -> None:
    for result in results:
        assert isinstance(result, Document | InputFailure)
        if isinstance(result, InputFailure):
            assert result.code[0] in "EW" and result.code[1] == "1", result
            assert "unexpected" not in str(result), result
        else:
            assert result.text and "\n\n\n" not in result.text
            assert result.text == result.text.strip()


@pytest.mark.parametrize("suffix", SUFFIXES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=file_bytes)
def test_any_bytes_give_documents_or_coded_failures(suffix: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(content)
        assert_coded(list(read_documents([str(path)], max_bytes=2_000, max_line_chars=300)))


@settings(max_examples=150, deadline=None)
@given(raw=st.text(max_size=300))
def test_any_text_gives_a_document_or_a_coded_error(raw: str) -> None:
    try:
        doc = document_from_text(raw)
    except LannerError as exc:
        assert exc.code in {"E106", "E111"}
    else:
        assert_coded([doc])


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=40))
def test_date_parsers_return_iso_dates_or_refuse(value: str) -> None:
    date = parse_published(value)
    assert date is None or (len(date) == 10 and validate_published(date) == date)
    try:
        strict = validate_published(value)
    except LannerError as exc:
        assert exc.code == "E109"
    else:
        assert strict is None or parse_published(value) == strict
