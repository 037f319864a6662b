"""JSONL: one document per line; a bad line fails alone, with file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lanner.ingest import InputFailure, read_documents
from lanner.records import Document, content_id

TEXT = "Ethiopian and Eritrean officials signed a border agreement in Asmara on Sunday."


def write_jsonl(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_fields_map_to_the_document(tmp_path: Path) -> None:
    line = {
        "id": "d1",
        "text": TEXT,
        "published": "2018-07-09",
        "title": "Border deal",
        "url": "https://example.org/d1",
        "source": "Wire",
    }
    path = write_jsonl(tmp_path, [json.dumps(line)])
    [doc] = read_documents([str(path)])
    assert isinstance(doc, Document)
    assert (doc.id, doc.text, doc.published, doc.title, doc.url, doc.source) == (
        "d1",
        TEXT,
        "2018-07-09",
        "Border deal",
        "https://example.org/d1",
        "Wire",
    )
    assert doc.path == f"{path}:1"


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("not json at all", "E107"),
        ("[1, 2, 3]", "E107"),
        ('"just a string"', "E107"),
        ('{"id": "x"}', "E108"),
        ('{"text": null}', "E108"),
        ('{"text": 42}', "E107"),
        ('{"text": "' + TEXT + '", "title": ["a"]}', "E107"),
        ('{"text": "' + TEXT + '", "published": "09/07/2018"}', "E109"),
        ('{"text": "' + TEXT + '", "published": 2018}', "E109"),
        ('{"text": "Advertisement"}', "E111"),
        ('{"text": "' + TEXT + '", "x": ' + "[" * 100 + "]" * 100 + "}", "E117"),
        ('{"text": "' + TEXT + '", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "E117"),
    ],
)
def test_jsonl_bad_line_fails_alone_with_file_and_line(
    tmp_path: Path, line: str, code: str
) -> None:
    good = json.dumps({"text": TEXT})
    path = write_jsonl(tmp_path, [good, line, "", good.replace("Sunday", "Monday")])
    results = list(read_documents([str(path)], published="2018-07-09"))
    assert [type(r).__name__ for r in results] == ["Document", "InputFailure", "Document"]
    failure = results[1]
    assert isinstance(failure, InputFailure)
    assert (failure.code, failure.path) == (code, f"{path}:2")


def test_jsonl_id_defaults_to_content_id(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path, [json.dumps({"text": TEXT, "id": 7}), json.dumps({"text": TEXT})])
    ids = [d.id for d in read_documents([str(path)]) if isinstance(d, Document)]
    assert ids == ["7", content_id(TEXT)]


def test_jsonl_overlong_line_is_skipped_without_stopping_the_file(tmp_path: Path) -> None:
    long_line = json.dumps({"text": "word " * 100})
    path = write_jsonl(tmp_path, [long_line, json.dumps({"text": TEXT})])
    results = list(read_documents([str(path)], max_line_chars=200))
    assert isinstance(results[0], InputFailure)
    assert (results[0].code, results[0].path) == ("E112", f"{path}:1")
    assert isinstance(results[1], Document) and results[1].text == TEXT


def test_jsonl_latin1_line_is_read_with_w102(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    line = json.dumps(
        {"text": "Café owners in Niamey protested against the new tax."}, ensure_ascii=False
    )
    path.write_bytes(line.encode("latin-1") + b"\n")
    [doc] = read_documents([str(path)], published="2020-01-01")
    assert isinstance(doc, Document)
    assert doc.text.startswith("Café")
    assert [w.code for w in doc.warnings] == ["W102"]


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_jsonl_without_documents_is_e102(tmp_path: Path, content: str) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(content)
    [result] = read_documents([str(path)])
    assert isinstance(result, InputFailure) and result.code == "E102"


def test_ingest_benchmark_reads_every_synthetic_document() -> None:
    from lanner.ingest.benchmark import bench_ingest

    result = bench_ingest(documents=20)
    assert result["documents"] == 20
    assert result["documents_per_second"] > 0 and result["ratio_to_baseline"] > 0
