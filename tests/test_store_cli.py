"""``lanner ingest`` / ``recode`` / ``export`` wiring, with the fake coder in place of spaCy."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

import lanner.cli.store as store_cli
from lanner.cli import main
from lanner.records import Document
from test_store_fakes import FakeCodedDocument, fake_code_document


class FakeEventCoder:
    """Shaped like lanner.events.EventCoder: ``code`` and ``code_many``."""

    def code(self, doc: Document) -> FakeCodedDocument:
        return fake_code_document(doc)

    def code_many(self, docs: Sequence[Document]) -> list[FakeCodedDocument]:
        return [fake_code_document(doc) for doc in docs]


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pytest.importorskip("lanner.ingest")
    monkeypatch.setattr(store_cli, "_make_coder", lambda args: FakeEventCoder())
    (tmp_path / "a.txt").write_text(
        "Russia troops shelled Ukraine troops in Kharkiv on 2024-03-01.\n"
    )
    (tmp_path / "b.txt").write_text("China met Tajikistan in Dushanbe on 2024-05-02.\n")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01\x02 binary")
    return tmp_path


def test_store_cli_ingest_report_and_export(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(corpus / "s.duckdb")
    files = [str(corpus / name) for name in ("a.txt", "b.txt", "c.txt")]
    assert main(["ingest", *files, "--db", db, "--quiet", "--published", "2024-03-02"]) == 0
    assert "2 new" in capsys.readouterr().err
    assert main(["ingest", *files, "--db", db, "--quiet"]) == 0
    assert "2 already stored" in capsys.readouterr().err
    assert main(["ingest", "--report", "--db", db]) == 0
    report = capsys.readouterr().out.splitlines()
    assert len(report) == 1 and report[0].split("\t")[1] == "E103"
    out = corpus / "events.jsonl"
    assert main(["export", str(out), "--format", "plover", "--dyad", "RUS-UKR", "--db", db]) == 0
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert (record["src_actor"], record["tgt_actor"], record["event"]) == ("RUS", "UKR", "ASSAULT")
    assert main(["recode", "--db", db, "--quiet"]) == 0
    assert "recoded 2 documents" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["export", "x.csv", "--dyad", "RUSUKR"], "E507"),
        (["export", "x.csv", "--country", "russia"], "E507"),
        (["ingest", "a.txt", "--csv-column", "text"], "E601"),
        (["ingest"], "E601"),
    ],
)
def test_store_cli_bad_arguments_print_a_coded_error(
    corpus: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: str
) -> None:
    db = str(corpus / "s.duckdb")
    main(["ingest", str(corpus / "a.txt"), "--db", db, "--quiet"])
    capsys.readouterr()
    assert main([*argv, "--db", db]) == 1
    assert capsys.readouterr().err.startswith(f"{code}:")


def test_store_cli_registers_its_commands() -> None:
    parser = argparse.ArgumentParser()
    store_cli.register_cli(parser.add_subparsers())
    args = parser.parse_args(["export", "out.tsv", "--format", "gdelt", "--quad-class", "4"])
    assert (args.format, args.quad_class, args.func) == ("gdelt", 4, store_cli.run_export)
