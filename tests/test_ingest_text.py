"""Plain text and stdin: headline, paragraphs, dateline, ids, publication dates."""

from __future__ import annotations

import io
import json
import types
from pathlib import Path

import pytest

import lanner.ingest as ingest
from lanner.errors import LannerError
from lanner.ingest import InputFailure, document_from_text, read_documents
from lanner.records import Document, content_id

BODY = (
    "Officials in Dushanbe said on Monday that the two governments had agreed to hold "
    "joint border patrols for the first time, a step both sides called overdue."
)


def read_one(paths: list[str], **kwargs: object) -> Document | InputFailure:
    results = list(read_documents(paths, **kwargs))  # type: ignore[arg-type]
    assert len(results) == 1, results
    return results[0]


def test_ingest_public_api_is_complete() -> None:
    public = {
        name
        for name, value in vars(ingest).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(ingest.__all__)


def test_ingest_single_path_string_is_one_path(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    [doc] = read_documents(str(tmp_path / "a.txt"))  # type: ignore[arg-type]
    assert isinstance(doc, Document) and doc.text == BODY


@pytest.mark.parametrize(
    ("raw", "title", "first_paragraph"),
    [
        # short first line, no final punctuation, blank line: a headline
        (
            f"Tajikistan and China agree on patrols\n\n{BODY}",
            "Tajikistan and China agree on patrols",
            BODY,
        ),
        # a first line ending in a full stop is a sentence, not a headline
        (f"Talks ended early.\n\n{BODY}", None, "Talks ended early."),
        # no blank line after it: part of the text
        (f"Tajikistan and China agree\n{BODY}", None, "Tajikistan and China agree"),
        # a long first line is a paragraph
        (f"{BODY[:-1]}\n\n{BODY}", None, BODY[:-1]),
    ],
)
def test_text_headline_is_taken_as_title_only_when_it_looks_like_one(
    raw: str, title: str | None, first_paragraph: str
) -> None:
    doc = document_from_text(raw, published="2016-09-29")
    assert doc.title == title
    assert doc.text.split("\n\n")[0] == first_paragraph


@pytest.mark.parametrize(
    ("raw", "paragraphs"),
    [
        ("One para.\n\nTwo para.", ["One para.", "Two para."]),
        ("One para.\r\n\r\n\r\nTwo para.", ["One para.", "Two para."]),
        # one paragraph per line without blank lines
        ("First short line.\nSecond short line.", ["First short line.", "Second short line."]),
        # hard-wrapped paragraph is re-joined
        (
            "The ministers met in Astana on Tuesday and agreed\n"
            "to extend the ceasefire along the disputed border\n"
            "for another month.",
            [
                "The ministers met in Astana on Tuesday and agreed to extend the ceasefire "
                "along the disputed border for another month."
            ],
        ),
        ("Tabs\tand\u00a0spaces   collapse.", ["Tabs and spaces collapse."]),
        ("Zero\u200bwidth gone.", ["Zerowidth gone."]),
    ],
)
def test_text_paragraphs_are_separated_by_one_blank_line(raw: str, paragraphs: list[str]) -> None:
    assert document_from_text(raw).text.split("\n\n") == paragraphs


@pytest.mark.parametrize(
    ("start", "place"),
    [
        ("NIAMEY, March 13 (Reuters) - Niger's junta said", "Niamey"),
        ("BISHKEK, Kyrgyzstan — A car bomb exploded", "Bishkek"),
        ("WASHINGTON (AP) -- The Senate voted", "Washington"),
        ("ADDIS ABABA, Ethiopia – The African Union", "Addis Ababa"),
        ("Beirut (Reuters) - Israeli jets struck", "Beirut"),
        ("KYIV, Ukraine, Feb. 24 (AFP) - Russian troops", "Kyiv"),
        ("The UN said on Monday - in a statement - that", None),
        ("By Jane Doe\n\nBISHKEK, Kyrgyzstan — Troops", "Bishkek"),  # after a byline
        ("Guards near Batken. Photo: Post\n\nBISHKEK, Kyrgyzstan — Troops", "Bishkek"),
        ("China is stepping up its involvement", None),
    ],
)
def test_text_dateline_city_is_found_and_kept_in_text(start: str, place: str | None) -> None:
    raw = f"{start} officials reported heavy fighting in the region on Sunday."
    doc = document_from_text(raw)
    assert doc.dateline == place
    assert start.split("\n\n")[-1] in doc.text


def test_text_id_is_content_id_of_cleaned_text() -> None:
    doc = document_from_text(f"Patrols agreed\n\n{BODY}")
    assert doc.id == content_id(doc.text) == content_id(BODY)


@pytest.mark.parametrize(
    ("own", "argument", "expected", "warned"),
    [
        ("2016-09-29", "2020-01-01", "2016-09-29", False),  # the document's own date wins
        (None, "2020-01-01", "2020-01-01", False),
        ("2016-09-29T23:30:00-05:00", None, "2016-09-29", False),  # publisher's local date
        (None, None, None, True),
    ],
)
def test_text_publication_date_precedence_and_warning(
    tmp_path: Path, own: str | None, argument: str | None, expected: str | None, warned: bool
) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    if own:
        (tmp_path / "a.meta.json").write_text(json.dumps({"published": own}))
    doc = read_one([str(tmp_path / "a.txt")], published=argument)
    assert isinstance(doc, Document)
    assert doc.published == expected
    assert [w.code for w in doc.warnings] == (["W101"] if warned else [])


@pytest.mark.parametrize("bad", ["2016-02-30", "29/09/2016", "yesterday", "2016-9-1"])
def test_text_malformed_published_argument_is_e109(tmp_path: Path, bad: str) -> None:
    with pytest.raises(LannerError) as info:
        read_documents([str(tmp_path)], published=bad)
    assert info.value.code == "E109"


def test_text_malformed_published_in_sidecar_fails_that_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "a.meta.json").write_text(json.dumps({"published": "Sept 29"}))
    result = read_one([str(tmp_path / "a.txt")])
    assert isinstance(result, InputFailure) and result.code == "E109"


def test_text_sidecar_metadata_supplies_id_title_and_date(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(f"Patrols on the border\n\n{BODY}")
    meta = {"id": "story-1", "title": "Patrols on the border", "published": "2016-09-29"}
    (tmp_path / "story.meta.json").write_text(json.dumps(meta))
    doc = read_one([str(tmp_path / "story.txt")])
    assert isinstance(doc, Document)
    assert (doc.id, doc.title, doc.published) == ("story-1", meta["title"], "2016-09-29")
    assert doc.text == BODY


def test_text_bad_sidecar_is_a_coded_failure(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "a.meta.json").write_text("{not json")
    result = read_one([str(tmp_path / "a.txt")])
    assert isinstance(result, InputFailure) and result.code == "E113"


def test_stdin_dash_reads_text_from_the_given_stream() -> None:
    doc = read_one(["-"], stdin=io.StringIO(BODY), published="2016-09-29")
    assert isinstance(doc, Document)
    assert (doc.text, doc.path, doc.published) == (BODY, "<stdin>", "2016-09-29")


@pytest.mark.parametrize(
    ("stdin_text", "code"),
    [("", "E102"), ("  \n\n ", "E102"), ("a\x00b\x00c", "E103"), ("x" * 50, "E105")],
)
def test_stdin_bad_input_is_a_coded_failure(stdin_text: str, code: str) -> None:
    result = read_one(["-"], stdin=io.StringIO(stdin_text), max_bytes=40)
    assert isinstance(result, InputFailure) and result.code == code
