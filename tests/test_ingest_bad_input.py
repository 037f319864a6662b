"""Bad input: every problem is a coded failure or warning, and the batch goes on."""

from __future__ import annotations

import codecs
import pathlib
from pathlib import Path
from typing import Any

import pytest

from lanner.ingest import InputFailure, read_documents
from lanner.records import Document

ENGLISH = (
    "The foreign ministers of Kazakhstan and Uzbekistan met in Tashkent on Thursday and "
    "agreed to reopen two crossings on their shared border, officials said."
)
FRENCH = (
    "Le gouvernement a annoncé mardi que les négociations avec les syndicats reprendraient "
    "la semaine prochaine. Selon le ministre, il est encore possible de trouver un accord "
    "avant la fin du mois, mais les représentants des travailleurs ont déclaré qu'ils ne "
    "sont pas prêts à accepter les conditions proposées par l'État."
)


def only(tmp_path: Path, name: str, content: bytes, **kwargs: Any) -> Document | InputFailure:
    path = tmp_path / name
    path.write_bytes(content)
    good = tmp_path / "zz_good.txt"
    good.write_text(ENGLISH)
    results = list(read_documents([str(path), str(good)], published="2020-01-01", **kwargs))
    # the batch goes on: the good file after the bad one is still read
    assert isinstance(results[-1], Document) and results[-1].text == ENGLISH
    assert len(results) == 2, results
    return results[0]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.txt", b"", "E102"),
        ("blank.txt", b"  \n\t\n", "E102"),
        ("nul.txt", b"abc\x00def" * 10, "E103"),
        ("controls.txt", bytes(range(1, 9)) * 20 + b"text", "E103"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "E103"),
        ("wide.txt", ENGLISH.encode("utf-16-le"), "E104"),
        ("gbk.txt", ("中华人民共和国外交部发言人表示" * 10).encode("gbk"), "E104"),
        ("french.txt", FRENCH.encode(), "E106"),
        ("menu.txt", b"Advertisement\n\nShare this article\nFacebook Twitter\n", "E111"),
        ("page.html", b"<html><body><nav>Home</nav><p>Advertisement</p></body></html>", "E111"),
        ("notes.docx", b"PK\x03\x04", "E110"),
        ("noext", b"text", "E110"),
    ],
)
def test_bad_file_is_a_coded_failure(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    result = only(tmp_path, name, content)
    assert isinstance(result, InputFailure)
    assert result.code == code
    assert result.path == str(tmp_path / name)


@pytest.mark.parametrize(
    ("content", "text"),
    [
        (codecs.BOM_UTF8 + ENGLISH.encode(), ENGLISH),
        (codecs.BOM_UTF16_LE + ENGLISH.encode("utf-16-le"), ENGLISH),
        (codecs.BOM_UTF16_BE + ENGLISH.encode("utf-16-be"), ENGLISH),
    ],
)
def test_text_with_byte_order_mark_is_decoded(tmp_path: Path, content: bytes, text: str) -> None:
    doc = only(tmp_path, "bom.txt", content)
    assert isinstance(doc, Document) and doc.text == text and doc.warnings == []


def test_latin1_file_is_decoded_with_w102(tmp_path: Path) -> None:
    text = ENGLISH.replace("Tashkent", "Tashkent’s café") + " Señor Pérez agreed."
    doc = only(tmp_path, "latin.txt", text.encode("cp1252"))
    assert isinstance(doc, Document)
    assert doc.text == text
    assert [w.code for w in doc.warnings] == ["W102"]


def test_missing_file_is_e101(tmp_path: Path) -> None:
    results = list(read_documents([str(tmp_path / "nope.txt"), str(tmp_path / "nope.html")]))
    assert [(r.code, r.path) for r in results if isinstance(r, InputFailure)] == [
        ("E101", str(tmp_path / "nope.txt")),
        ("E101", str(tmp_path / "nope.html")),
    ]


def test_large_file_fails_by_size_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as stream:
        stream.truncate(10_000_000)  # sparse: 10 MB on paper, nothing on disk
    real_open = pathlib.Path.open

    def guarded_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        assert self != big, "the over-size file was opened"
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", guarded_open)
    [result] = read_documents([str(big)])
    assert isinstance(result, InputFailure) and result.code == "E105"
    assert result.error.fields["size"] == 10_000_000


def test_overlong_line_is_e112(tmp_path: Path) -> None:
    result = only(
        tmp_path, "long.txt", ENGLISH.encode() + b"\n" + b"word " * 100, max_line_chars=300
    )
    assert isinstance(result, InputFailure) and result.code == "E112"
    assert result.error.fields["line"] == 2


def test_directory_walk_is_sorted_recursive_and_skips_hidden_and_unknown(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a/z.txt",
        "a/c.html",
        ".hidden.txt",
        ".git/x.txt",
        "notes.docx",
        "a.meta.json",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        body = f"<p>{ENGLISH}</p>" if name.endswith(".html") else ENGLISH
        path.write_text(body.replace("Thursday", name))
    paths = [r.path for r in read_documents([str(tmp_path)])]
    assert paths == [
        str(tmp_path / "a" / "c.html"),
        str(tmp_path / "a" / "z.txt"),
        str(tmp_path / "b.txt"),
    ]


def test_empty_directory_gives_w103_warning(tmp_path: Path) -> None:
    (tmp_path / "readme.docx").write_text("x")
    [result] = read_documents([str(tmp_path)])
    assert isinstance(result, InputFailure)
    assert result.code == "W103" and result.is_warning


def test_no_input_failure_hides_an_unexpected_exception(tmp_path: Path) -> None:
    for name, content in [
        ("a.txt", b"\xff\xfe\x00"),
        ("b.html", b"<"),
        ("c.rss", b"<rss/>"),
        ("d.csv", b'"'),
    ]:
        (tmp_path / name).write_bytes(content)
    for result in read_documents([str(tmp_path)]):
        if isinstance(result, InputFailure):
            assert "unexpected" not in str(result), result
