"""Page furniture in plain text: general rules, not a list tuned to one page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lanner.ingest import InputFailure, clean_text, read_documents
from lanner.ingest.furniture import furniture_reason, get_furniture_rules, line_key
from lanner.records import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "000_d87ae1b8ced206b3.txt"
TITLE = "Ministers Meet on Water Sharing - Ferghana Valley Times"


def test_furniture_lexicon_loads_with_every_section() -> None:
    rules = get_furniture_rules()
    assert ("show", "comments") in rules.phrases
    assert rules.prefixes and rules.cookie_triggers and rules.cookie_context
    assert {"nav", "aside", "script"} <= rules.html_tags
    assert "share" in rules.html_class_tokens


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (TITLE, "title"),
        (TITLE.upper(), "title"),
        (f"{TITLE} | Central Asia Daily", "title"),
        ("Ministers Meet on Water Sharing", "title"),  # the title had a site name appended
        ("Story Stream", "lexicon"),
        ("recent articles", "lexicon"),
        ("Show comments Hide Comments", "lexicon"),
        ("Share this article", "lexicon"),
        ("Advertisement", "lexicon"),
        ("ADVERTISEMENT", "lexicon"),
        ("Read more", "lexicon"),
        ("Sign up for our newsletter", "lexicon"),
        ("Sign up for our newsletter.", "lexicon"),
        ("Facebook Twitter LinkedIn Email", "lexicon"),
        ("Home World Politics Business", "lexicon"),
        ("Read more: Kyrgyz border guards detain smugglers", "prefix"),
        ("Follow us on Telegram for updates", "prefix"),
        ("https://example.org/a @newsdesk #breaking", "links"),
        ("Asia | Europe | Middle East | Africa", "menu"),
        ("* * *", "symbols"),
        ("Tags: Kyrgyzstan, Tajikistan", "label"),
        ("Filed under: Central Asia", "label"),
        ("By Jane Doe and John Roe, Reuters", "byline"),
        ("By A. Reporter", "byline"),
        ("Updated 17 September 2022, 14:05 GMT", "timestamp"),
        ("5 min read", "timestamp"),
        (
            "We use cookies to give you the best experience. By continuing you agree to our policy.",
            "cookie",
        ),
    ],
)
def test_furniture_line_is_recognised(line: str, reason: str) -> None:
    assert furniture_reason(line, title_key=line_key(TITLE)) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Tajik and Kyrgyz ministers met on Monday to discuss water sharing.",
        "Comments by the foreign minister angered officials in Bishkek.",
        "Share prices fell after the attack on the embassy, traders said.",
        "Russia offered troops; Tajikistan declined the offer.",
        "Water Talks Resume",  # a subheading that occurs once
        "The Ferghana Valley",
        "Ministers Meet",  # too short to stand for the title
        "Read the statement",  # not the "read more" prefix
        "By noon, the fighting had stopped.",  # not a byline
        "Topics discussed included water: officials gave no details",  # "topics" is no label here
        "Troops withdrew on 17 September.",  # a date in a sentence
        "2,000 troops",
    ],
)
def test_furniture_rules_keep_report_lines(line: str) -> None:
    assert furniture_reason(line, title_key=line_key(TITLE)) is None


def test_furniture_short_line_repeated_is_dropped_but_sentences_are_not() -> None:
    raw = (
        "Central Asia Desk\n\nOfficials met in Osh on Monday.\n\nCentral Asia Desk\n\n"
        "Officials met in Osh on Monday.\n"
    )
    text, _ = clean_text(raw)
    assert text == "Officials met in Osh on Monday.\n\nOfficials met in Osh on Monday."


def test_furniture_around_a_written_report_is_removed(tmp_path: Path) -> None:
    body = [
        "Tajik and Kyrgyz ministers met in Khujand on Monday and agreed to share data on "
        "river flows during the dry season, the Tajik foreign ministry said.",
        "The talks follow clashes on the border last year in which dozens of people died.",
    ]
    page = "\n".join(
        [
            TITLE,
            "",
            TITLE,
            "Story Stream",
            "Recent Articles",
            "Facebook Twitter Email",
            "",
            body[0],
            "",
            "Advertisement",
            "",
            body[1],
            "",
            "Read more: Water disputes in Central Asia",
            "Show comments Hide Comments",
        ]
    )
    (tmp_path / "page.txt").write_text(page)
    [doc] = read_documents([str(tmp_path / "page.txt")], published="2021-05-03")
    assert isinstance(doc, Document)
    assert doc.title == TITLE
    assert doc.text == "\n\n".join(body)


@pytest.fixture
def seed() -> Path:
    if not SEED.is_file():
        pytest.skip(f"shared seed not available at {SEED}")
    return SEED


@pytest.mark.shared
def test_seed_furniture_is_removed_and_body_paragraphs_are_intact(seed: Path) -> None:
    raw_lines = seed.read_text(encoding="utf-8").splitlines()
    meta = json.loads(seed.with_name(seed.stem + ".meta.json").read_text(encoding="utf-8"))
    [doc] = read_documents([str(seed)])
    assert not isinstance(doc, InputFailure), doc
    lines = doc.text.split("\n\n")
    for furniture in ("Story Stream", "recent articles", "Show comments Hide Comments"):
        assert furniture not in lines
        assert furniture.lower() not in doc.text.lower()
    assert meta["title"] not in doc.text  # the repeated headline is gone
    assert doc.title == meta["title"]
    assert doc.published == meta["published"] and doc.warnings == []
    # every long line of the capture is a body paragraph and survives, spaces normalised
    body = [" ".join(line.split()) for line in raw_lines if len(line.split()) > 20]
    assert body and lines == body
