"""RSS/Atom feeds and CSV tables: one document per item or row."""

from __future__ import annotations

from pathlib import Path

import pytest

from lanner.errors import LannerError
from lanner.ingest import InputFailure, read_documents
from lanner.records import Document

ITEM_TEXT = "Delegations from Serbia and Kosovo met in Brussels to discuss licence plates."
RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Balkan Wire</title>
<item><title>Talks in Brussels</title><link>https://example.org/1</link>
<pubDate>Tue, 01 Nov 2022 09:30:00 +0100</pubDate>
<description>&lt;p&gt;{ITEM_TEXT}&lt;/p&gt;&lt;div class="share"&gt;Share&lt;/div&gt;</description></item>
<item><title>Headline-only item about Kosovo</title><pubDate>not a date</pubDate></item>
</channel></rss>"""
ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title type="html">Talks &amp;amp; more</title>
<link rel="alternate" href="https://example.org/a"/><updated>2022-11-02T10:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{ITEM_TEXT}</p></div></content>
</entry></feed>"""
RDF = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>RDF Wire</title></channel>
<item><title>Talks</title><link>https://example.org/r</link><dc:date>2022-11-03</dc:date>
<description>{ITEM_TEXT}</description></item></rdf:RDF>"""


def docs_of(results: list[Document | InputFailure]) -> list[Document]:
    return [r for r in results if isinstance(r, Document)]


@pytest.mark.parametrize(
    ("name", "content", "title", "url", "published", "source"),
    [
        ("a.rss", RSS, "Talks in Brussels", "https://example.org/1", "2022-11-01", "Balkan Wire"),
        ("a.atom", ATOM, "Talks & more", "https://example.org/a", "2022-11-02", "Atom Wire"),
        ("a.xml", RDF, "Talks", "https://example.org/r", "2022-11-03", "RDF Wire"),
    ],
)
def test_feed_item_becomes_document(
    tmp_path: Path, name: str, content: str, title: str, url: str, published: str, source: str
) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    doc = docs_of(list(read_documents([str(tmp_path / name)])))[0]
    assert (doc.text, doc.title, doc.url, doc.published, doc.source) == (
        ITEM_TEXT,
        title,
        url,
        published,
        source,
    )
    assert doc.path == f"{tmp_path / name}#item1"


def test_feed_headline_only_item_codes_its_headline_and_falls_back_on_date(tmp_path: Path) -> None:
    (tmp_path / "a.rss").write_text(RSS)
    docs = docs_of(list(read_documents([str(tmp_path / "a.rss")], published="2022-12-01")))
    assert docs[1].text == "Headline-only item about Kosovo"
    assert docs[1].published == "2022-12-01"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("<html><body>not a feed</body></html>", "E113"),
        ("<rss><channel><item>", "E113"),
        ("<rss><channel><title>Empty</title></channel></rss>", "W103"),
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            "<rss><channel><item><title>&b;</title></item></channel></rss>",
            None,
        ),
    ],
)
def test_feed_bad_file_is_coded(tmp_path: Path, content: str, code: str | None) -> None:
    (tmp_path / "bad.rss").write_text(content)
    results = list(read_documents([str(tmp_path / "bad.rss")]))
    codes = [r.code for r in results if isinstance(r, InputFailure)]
    if code is None:  # entities are not expanded; whatever comes out is not an exception
        assert all(c.startswith(("E", "W")) for c in codes)
    else:
        assert codes == [code]


def test_feed_non_feed_xml_in_directory_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text("<urlset><url>x</url></urlset>")
    (tmp_path / "news.xml").write_text(RSS)
    results = list(read_documents([str(tmp_path)]))
    assert [r.path for r in results] == [f"{tmp_path / 'news.xml'}#item{i}" for i in (1, 2)]


CSV_TEXT = "Ministers from Chile and Peru met in Lima to discuss fishing rights."


@pytest.mark.parametrize(
    ("table", "mapping", "expected"),
    [
        (
            f'id,text,title,published,url,source\nc1,"{CSV_TEXT}",Fish talks,2023-03-04,u,s\n',
            None,
            ("c1", CSV_TEXT, "Fish talks", "2023-03-04", "u", "s"),
        ),
        (
            f'Body,Headline,Date\n"{CSV_TEXT}",Fish talks,2023-03-04\n',
            {"text": "body", "title": "Headline", "published": "DATE"},
            (None, CSV_TEXT, "Fish talks", "2023-03-04", None, None),
        ),
        (
            f'\ufefftext\n"{CSV_TEXT[:30]}\n{CSV_TEXT[30:]}"\n',
            None,
            (None, f"{CSV_TEXT[:30].strip()}\n\n{CSV_TEXT[30:]}", None, None, None, None),
        ),
    ],
)
def test_csv_rows_become_documents_through_the_column_mapping(
    tmp_path: Path,
    table: str,
    mapping: dict[str, str] | None,
    expected: tuple[str | None, ...],
) -> None:
    (tmp_path / "t.csv").write_text(table, encoding="utf-8")
    [doc] = read_documents([str(tmp_path / "t.csv")], csv_columns=mapping)
    assert isinstance(doc, Document)
    ident = expected[0] or doc.id
    assert (doc.id, doc.text, doc.title, doc.published, doc.url, doc.source) == (
        ident,
        *expected[1:],
    )


@pytest.mark.parametrize(
    ("table", "mapping", "codes"),
    [
        ("id,body\n1,x\n", None, ["E114"]),
        ("id,text\n1,x\n", {"title": "headline"}, ["E114"]),
        (f'text,published\n"{CSV_TEXT}",2023-13-01\n"{CSV_TEXT}",\n', None, ["E109", None]),
        (f'id,text\n1,""\n2,"{CSV_TEXT}"\n', None, ["E111", None]),
        (f'text\n""\n"{CSV_TEXT}"\n', None, [None]),  # a blank row is skipped
        ("text\n", None, ["W103"]),
        (f'id,text\n1,"{"x " * 70_000}"\n2,"{CSV_TEXT}"\n', None, ["E113", None]),
        ("", None, ["E102"]),
    ],
)
def test_csv_bad_table_or_row_is_coded(
    tmp_path: Path, table: str, mapping: dict[str, str] | None, codes: list[str | None]
) -> None:
    (tmp_path / "t.csv").write_text(table)
    results = list(read_documents([str(tmp_path / "t.csv")], csv_columns=mapping))
    assert [r.code if isinstance(r, InputFailure) else None for r in results] == codes


def test_csv_unknown_field_in_mapping_is_e116(tmp_path: Path) -> None:
    with pytest.raises(LannerError) as info:
        read_documents([str(tmp_path)], csv_columns={"body": "text"})
    assert info.value.code == "E116"
