"""Ingest, idempotence, failures, recode, locking and schema migrations of the store."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from lanner.errors import LannerError
from lanner.records import Document
from lanner.store import SCHEMA_VERSION, Store, store_error
from lanner.store.progress import Progress
from test_store_fakes import (
    CODER_VERSION,
    FakeCodedDocument,
    fake_code_document,
    make_corpus,
    make_doc,
)

TESTS = Path(__file__).resolve().parent


@dataclass
class FakeInputFailure:
    """Shaped like lanner.ingest.InputFailure: a path and a coded error."""

    path: str
    error: LannerError


def test_store_ingesting_twice_changes_nothing(tmp_path: Path) -> None:
    docs = make_corpus(24)
    with Store(tmp_path / "s.duckdb", coder=fake_code_document) as store:
        first = store.ingest(docs)
        before = store.table_checksums()
        again = store.ingest(docs)
        assert store.table_checksums() == before
    assert first.documents_new == 22 and first.documents_failed == 2
    assert (again.documents_new, again.events_new, again.events_merged) == (0, 0, 0)
    assert again.documents_stored_already == 22


def test_store_event_ids_are_the_same_in_separate_runs(tmp_path: Path) -> None:
    docs = make_corpus(16)
    sums = []
    for name in ("a.duckdb", "b.duckdb"):
        with Store(tmp_path / name, coder=fake_code_document) as store:
            store.ingest(docs)
            sums.append(store.table_checksums())
    assert sums[0] == sums[1]


def test_store_keeps_provenance_of_each_mention(tmp_path: Path) -> None:
    text = "Preamble without events here at all. China met Tajikistan in Dushanbe on 2024-05-02."
    doc = make_doc(text, url="https://news.example/x", source="Example News")
    with Store(tmp_path / "s.duckdb", coder=fake_code_document) as store:
        store.ingest([doc])
        page, _ = store.query_events()
        (event,) = page
        (mention,) = store.mentions(event["id"])
    assert event["source_code"] == "CHNGOV" and event["target_code"] == "TJKGOV"
    assert event["cameo"] == "040" and event["date"] == "2024-05-02"
    assert event["location_name"] == "Dushanbe" and event["coder_version"] == CODER_VERSION
    assert mention["sentence_index"] == 1
    assert mention["sentence_text"] == "China met Tajikistan in Dushanbe on 2024-05-02."
    assert text[mention["trigger_start"] : mention["trigger_end"]] == "met"
    assert mention["url"] == "https://news.example/x"
    assert mention["explanation"] == ["pattern: met"]


def test_store_records_bad_input_and_carries_on(tmp_path: Path) -> None:
    good = make_doc("Russia attacked Ukraine on 2024-03-01.", path="good.txt")
    items = [
        FakeInputFailure("missing.txt", LannerError("E101", path="missing.txt")),
        FakeInputFailure("empty-feed.rss", LannerError("W103", path="empty-feed.rss")),
        make_doc("UNREADABLE Russia attacked Ukraine.", path="bad.txt"),
        good,
    ]
    with Store(tmp_path / "s.duckdb", coder=fake_code_document) as store:
        summary = store.ingest(items)
        report = store.failures()
        assert store.counts()["documents"] == 1
    assert summary.documents_failed == 2 and summary.documents_new == 1
    assert [(f["path"], f["code"]) for f in report] == [
        ("bad.txt", "E111"),
        ("missing.txt", "E101"),
    ]
    assert "file not found" in report[1]["message"]


def test_store_fixed_input_clears_its_failure(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb", coder=fake_code_document) as store:
        store.ingest([make_doc("UNREADABLE Russia attacked Ukraine.", path="x.txt")])
        assert len(store.failures()) == 1
        store.ingest([make_doc("Russia attacked Ukraine.", path="x.txt")])
        assert store.failures() == []


def _shifted_coder(doc: Document) -> FakeCodedDocument:
    return fake_code_document(doc, version="fake-2", shift=1)


def test_store_recode_replaces_events_with_the_new_coder(tmp_path: Path) -> None:
    docs = make_corpus(12)
    with Store(tmp_path / "s.duckdb", coder=fake_code_document) as store:
        store.ingest(docs)
        documents_before = store.counts()["documents"]
        summary = store.recode(coder=_shifted_coder)
        versions = store.con.execute("SELECT DISTINCT coder_version FROM events").fetchall()
        doc_versions = store.con.execute("SELECT DISTINCT coder_version FROM documents").fetchall()
        codes = {r[0] for r in store.con.execute("SELECT cameo FROM events").fetchall()}
        assert store.counts()["documents"] == documents_before
        orphans = store.con.execute(
            "SELECT count(*) FROM mentions WHERE event_id NOT IN (SELECT id FROM events)"
        ).fetchone()
    assert summary.documents_new == documents_before
    assert versions == [("fake-2",)] and doc_versions == [("fake-2",)]
    assert "190" not in codes and "191" in codes  # every code shifted by the "new coder"
    assert orphans == (0,)


def test_store_recode_with_the_same_coder_reproduces_the_store(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb", coder=fake_code_document) as store:
        store.ingest(make_corpus(16))
        before = store.table_checksums()
        store.recode()
        assert store.table_checksums() == before


def test_store_recode_is_atomic_when_the_coder_breaks(tmp_path: Path) -> None:
    calls = {"n": 0}

    def breaks_on_third(doc: Document) -> FakeCodedDocument:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("coder crashed")
        return _shifted_coder(doc)

    with Store(tmp_path / "s.duckdb", coder=fake_code_document) as store:
        store.ingest(make_corpus(8))
        before = store.table_checksums()
        with pytest.raises(RuntimeError):
            store.recode(coder=breaks_on_third)
        assert store.table_checksums() == before


def test_store_read_only_store_refuses_writes_with_e502(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path, coder=fake_code_document) as store:
        store.ingest([make_doc("Russia attacked Ukraine.")])
    with Store(path, read_only=True, coder=fake_code_document) as store:
        assert store.counts()["events"] == 1
        for write in (lambda: store.ingest([]), store.recode, lambda: store.import_parquet(path)):
            with pytest.raises(LannerError) as info:
                write()
            assert info.value.code == "E502"


def test_store_second_writer_gets_busy_error_e501(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    with subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from lanner.store import Store; s = Store(sys.argv[1]); "
         "print('ready', flush=True); time.sleep(30)", str(path)],
        stdout=subprocess.PIPE, text=True,
    ) as holder:  # fmt: skip
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
            for read_only in (False, True):
                with pytest.raises(LannerError) as info:
                    Store(path, read_only=read_only)
                assert info.value.code == "E501"
                assert str(path) in info.value.message
        finally:
            holder.kill()
    Store(path).close()  # free again once the other writer is gone


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs, to fill up; needs root and mount(8), else the test skips."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("filling a disk needs root to mount a small tmpfs")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_store_full_disk_gives_e503_and_leaves_the_store_unchanged(tiny_disk: Path) -> None:
    path = tiny_disk / "s.duckdb"
    with Store(path, coder=fake_code_document) as store:
        store.ingest(make_corpus(10))
        before = store.table_checksums()
    filler = " ".join(f"Filler sentence number {i} here." for i in range(15_000))
    big = [make_doc(f"Russia attacked Ukraine on 2024-03-0{k + 1}. {filler}") for k in range(4)]
    with Store(path, coder=fake_code_document) as store, pytest.raises(LannerError) as info:
        store.ingest(big, batch_size=len(big), batch_seconds=1e9)
    assert info.value.code == "E503"
    with Store(path, read_only=True) as store:
        assert store.table_checksums() == before


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ('IO Error: Could not set lock on file "x": Conflicting lock is held', "E501"),
        ("IO Error: Cannot open file: Permission denied", "E502"),
        ("Invalid Input Error: Cannot execute statement in read-only mode", "E502"),
        ("IO Error: Could not write file: No space left on device", "E503"),
        ("IO Error: Could not write file: File too large", "E503"),
        ("Catalog Error: something else", "E505"),
    ],
)
def test_store_duckdb_failures_become_coded_errors(message: str, code: str) -> None:
    assert store_error(duckdb.IOException(message), "x.duckdb").code == code


def test_store_refuses_a_store_from_a_newer_lanner_with_e504(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    con.close()
    with pytest.raises(LannerError) as info:
        Store(path)
    assert info.value.code == "E504"


def test_store_new_store_is_migrated_to_the_current_schema(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        row = store.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert row == (str(SCHEMA_VERSION),)
        assert set(store.counts()) == {"documents", "events", "mentions", "failures"}
    with Store(tmp_path / "s.duckdb") as store:  # reopening applies nothing twice
        assert store.counts()["events"] == 0


@pytest.mark.parametrize("bad", ["not a store at all", ""])
def test_store_unreadable_file_gives_e505(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "junk.duckdb"
    path.write_text(bad * 100)
    with pytest.raises(LannerError) as info:
        Store(path)
    assert info.value.code == "E505"


def test_store_progress_line_shows_rates_and_eta() -> None:
    stream = io.StringIO()
    bar = Progress(total=10, enabled=True, stream=stream, min_interval=0.0)
    bar._start -= 2.0  # as if two seconds had passed
    bar.update(documents=4, events=10)
    line = bar.line()
    assert "4/10 docs" in line and "docs/s" in line and "events/s" in line and "ETA" in line
    assert stream.getvalue().startswith("\r[")


def test_store_progress_is_silent_when_not_on_a_terminal() -> None:
    stream = io.StringIO()  # not a tty
    bar = Progress(total=3, stream=stream, min_interval=0.0)
    bar.update(events=2)
    bar.close()
    assert stream.getvalue() == ""


def test_store_public_api_is_complete() -> None:
    import lanner.store

    assert sorted(lanner.store.__all__) == sorted(
        name
        for name in dir(lanner.store)
        if not name.startswith("_")
        and name[0].isupper()
        or name
        in {"coder_version_of", "make_synthetic_store", "minhash", "same_event", "store_error"}
    )
    for name in lanner.store.__all__:
        assert getattr(lanner.store, name) is not None


def test_store_ingest_with_the_real_coder(tmp_path: Path) -> None:
    """Integration: runs once lanner.events.code_document exists."""
    events = pytest.importorskip("lanner.events")
    if not hasattr(events, "code_document"):
        pytest.skip("lanner.events.code_document is not written yet")
    doc = make_doc(
        "Russian troops attacked Ukrainian positions near Kharkiv on Tuesday, officials said.",
        published="2024-03-06",
    )
    try:
        events.code_document(doc)
    except NotImplementedError:
        pytest.skip("lanner.events.code_document is not implemented yet")
    with Store(tmp_path / "s.duckdb") as store:
        summary = store.ingest([doc, doc])
        before = store.table_checksums()
        store.ingest([doc])
        assert store.table_checksums() == before
    assert summary.documents_new == 1 and summary.documents_stored_already == 1
    assert summary.events_new + summary.events_merged >= 0


def test_store_batch_coder_gives_the_same_store_as_one_call_per_document(tmp_path: Path) -> None:
    docs = make_corpus(24)
    calls: list[int] = []

    def code_many(batch: Sequence[Document]) -> list[FakeCodedDocument]:
        calls.append(len(batch))
        return [fake_code_document(doc) for doc in batch]  # raises E111 for UNREADABLE ones

    sums = []
    for name, many in (("one.duckdb", None), ("many.duckdb", code_many)):
        with Store(tmp_path / name, coder=fake_code_document) as store:
            summary = store.ingest(docs, coder_many=many, batch_size=5, batch_seconds=1e9)
            sums.append((store.table_checksums(), summary.to_dict()))
    assert sums[0] == sums[1]
    assert calls and max(calls) == 5
