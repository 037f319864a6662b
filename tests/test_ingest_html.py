"""HTML pages: furniture elements removed, title and publication date from metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from lanner.ingest import InputFailure, read_documents
from lanner.ingest.html import parse_html
from lanner.records import Document

LEAD = "Armenian and Azerbaijani negotiators met in Geneva on Tuesday to discuss the border."
SECOND = "Both delegations described the talks as difficult but useful, a diplomat said."


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def article(extra: str = "") -> str:
    return f"<article><p>{LEAD}</p>{extra}<p>{SECOND}</p></article>"


@pytest.mark.parametrize(
    ("furniture", "leftover"),
    [
        ("<nav><a>Home</a> <a>World news desk</a></nav>", "World news desk"),
        ("<header><span>Site masthead here</span></header>", "Site masthead here"),
        ("<footer>Contact our office team</footer>", "Contact our office team"),
        ("<aside>Other stories from this week</aside>", "Other stories from this week"),
        ("<script>var tracker = 'xyz';</script>", "tracker"),
        ("<style>.lead { color: red }</style>", "color"),
        ("<form><label>Your email address</label></form>", "Your email address"),
        ("<!-- an editor's note nobody sees -->", "editor's note"),
        ('<div class="cookie-banner">Cookie choices live here</div>', "Cookie choices"),
        ('<div id="share-tools"><a>Post this now</a></div>', "Post this now"),
        ('<section class="related-links">Another conflict story</section>', "Another conflict"),
        ('<div class="comments">Reader opinions galore</div>', "Reader opinions"),
        ('<div role="navigation">Jump around menu</div>', "Jump around"),
        ("<div hidden>Invisible thing</div>", "Invisible thing"),
    ],
)
def test_html_furniture_elements_are_removed(furniture: str, leftover: str) -> None:
    result = parse_html(page(furniture + article(furniture)))
    assert leftover not in result.text
    assert result.text == f"{LEAD}\n\n{SECOND}"


def test_html_inline_markup_stays_in_its_paragraph_and_tails_survive() -> None:
    markup = page(
        "<article><p>Troops <b>withdrew</b> from <a href='#'>the town</a>.<!-- x --> Later"
        " they returned.</p><div>Second <br>block</div></article>"
    )
    assert parse_html(markup).text == (
        "Troops withdrew from the town. Later they returned.\n\nSecond\n\nblock"
    )


def test_html_body_class_with_furniture_token_keeps_the_page() -> None:
    markup = page(f'<div class="layout has-sidebar related">{article()}</div>')
    assert parse_html(markup).text == f"{LEAD}\n\n{SECOND}"


def test_html_largest_article_is_the_content() -> None:
    teaser = "<article><p>Teaser.</p></article>"
    assert parse_html(page(teaser + article())).text == f"{LEAD}\n\n{SECOND}"


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        (
            '<meta property="og:title" content="Talks in Geneva">',
            "<h1>Other</h1>",
            "Talks in Geneva",
        ),
        ("<title>Talks in Geneva | The Daily Paper</title>", "", "Talks in Geneva"),
        (
            "<title>Talks in Geneva - Wire</title>",
            "<h1>Geneva talks resume</h1>",
            "Geneva talks resume",
        ),
        ("<title>Only a title</title>", "", "Only a title"),
        ("", "", None),
    ],
)
def test_html_title_from_og_title_h1_or_title(head: str, body: str, title: str | None) -> None:
    assert parse_html(page(body + article(), head)).title == title


@pytest.mark.parametrize(
    ("head", "body", "published"),
    [
        (
            '<meta property="article:published_time" content="2016-09-29T08:00:00+00:00">',
            "",
            "2016-09-29",
        ),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",'
            ' "datePublished": "2019-04-02T10:00:00Z"}]}</script>',
            "",
            "2019-04-02",
        ),
        ("", '<time datetime="2020-05-06">6 May</time>', "2020-05-06"),
        ('<meta name="date" content="2021/07/08">', "", "2021-07-08"),
        ('<meta name="pubdate" content="Thu, 29 Sep 2016 10:00:00 GMT">', "", "2016-09-29"),
        ('<meta name="date" content="last Tuesday">', "", None),
        ('<script type="application/ld+json">{broken</script>', "", None),
    ],
)
def test_html_publication_date_from_metadata(head: str, body: str, published: str | None) -> None:
    assert parse_html(page(body + article(), head)).published == published


def test_html_metadata_date_wins_over_published_argument(tmp_path: Path) -> None:
    head = '<meta property="article:published_time" content="2016-09-29">'
    (tmp_path / "a.html").write_text(page(article(), head))
    (tmp_path / "b.htm").write_text(page(article()))
    docs = list(read_documents([str(tmp_path)], published="2020-01-01"))
    assert all(isinstance(d, Document) for d in docs)
    assert [d.published for d in docs if isinstance(d, Document)] == ["2016-09-29", "2020-01-01"]


def test_html_repeated_headline_in_body_is_dropped(tmp_path: Path) -> None:
    markup = page(
        "<article><h1>Talks in Geneva</h1>" + article()[9:], "<title>Talks in Geneva</title>"
    )
    (tmp_path / "a.html").write_text(markup)
    [doc] = read_documents([str(tmp_path / "a.html")])
    assert isinstance(doc, Document)
    assert doc.title == "Talks in Geneva"
    assert doc.text == f"{LEAD}\n\n{SECOND}"


@pytest.mark.parametrize(
    ("markup", "code"),
    [
        ("<html><body><nav>Home</nav></body></html>", "E111"),
        ("<?xml version='1.0'?>", "E113"),
    ],
)
def test_html_without_content_is_a_coded_failure(tmp_path: Path, markup: str, code: str) -> None:
    (tmp_path / "a.html").write_text(markup)
    [result] = read_documents([str(tmp_path / "a.html")])
    assert isinstance(result, InputFailure) and result.code == code


def test_html_deep_nesting_does_not_overflow(tmp_path: Path) -> None:
    markup = page("<div>" * 5000 + LEAD + "</div>" * 5000)
    (tmp_path / "deep.html").write_text(markup)
    [result] = read_documents([str(tmp_path / "deep.html")])
    assert isinstance(result, Document | InputFailure)
