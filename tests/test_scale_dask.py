"""The Dask engine on a local cluster of two worker processes, against the single-process coder."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed", reason="Dask is an extra: pip install 'lanner[dask]'")

import duckdb  # noqa: E402

from lanner.errors import LannerError  # noqa: E402
from lanner.events import EventCoder  # noqa: E402
from lanner.ingest import InputFailure, read_documents  # noqa: E402
from lanner.pipeline import code_stream  # noqa: E402
from lanner.scale import code_corpus_dask, dask_client, ingest_dask, read_events, template_reports  # noqa: E402
from lanner.scale.parquet import EVENT_SCHEMA  # noqa: E402
from lanner.store.formats import flat_row  # noqa: E402

pytestmark = pytest.mark.slow

# Ids are left out of the comparison: the bar is the same records apart from ids.
_COMPARED = [name for name in EVENT_SCHEMA.names if name not in ("id", "group_id")]


def _write_corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "reports.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for doc in template_reports(n):
            out.write(
                json.dumps({"id": doc.id, "text": doc.text, "published": doc.published}) + "\n"
            )
    return path


def _rows_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[name] for name in _COMPARED)


def _sorted_tuples(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted((_rows_key(r) for r in rows), key=repr)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with dask_client(None, workers=2) as c:
        c.wait_for_workers(2)
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_corpus(tmp_path_factory.mktemp("corpus"), 300)


@pytest.fixture(scope="module")
def single_process_rows(corpus: Path) -> list[dict[str, Any]]:
    rows = []
    for item in code_stream(read_documents([str(corpus)]), EventCoder(), batch_size=16):
        assert not isinstance(item, InputFailure)
        rows.extend(
            flat_row(ev, item.document)
            for ev in item.events
            if ev.factuality in ("asserted", "intended")
        )
    return rows


@pytest.fixture(scope="module")
def dask_run(
    client: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("dask") / "out"
    summary = code_corpus_dask([str(corpus)], out, partition_size=40, progress=False, client=client)
    return out, summary


def test_scale_dask_output_equals_single_process_events(
    dask_run: tuple[Path, Any], single_process_rows: list[dict[str, Any]]
) -> None:
    out, summary = dask_run
    assert summary.documents == 300
    assert summary.partitions == 8
    assert summary.failures == 0
    assert not summary.partitions_failed
    dask_rows = read_events(out).to_pylist()
    assert len(single_process_rows) > 300  # the templates do produce events
    assert summary.events == len(dask_rows) == len(single_process_rows)
    assert _sorted_tuples(dask_rows) == _sorted_tuples(single_process_rows)


def test_scale_dask_output_is_readable_by_duckdb_with_hive_months(
    dask_run: tuple[Path, Any],
) -> None:
    out, summary = dask_run
    con = duckdb.connect()
    glob = str(out / "**" / "*.parquet")
    rows = con.execute(
        "SELECT month, strftime(date, '%Y-%m') AS event_month, count(*) FROM "
        "read_parquet(?, hive_partitioning = true) GROUP BY ALL",
        [glob],
    ).fetchall()
    assert sum(n for _, _, n in rows) == summary.events
    assert len(rows) > 1
    for month, event_month, _ in rows:
        assert month == (event_month or "unknown")


def test_scale_dask_workers_report_peak_memory(dask_run: tuple[Path, Any]) -> None:
    _, summary = dask_run
    assert len(summary.worker_peak_rss_mb) == 2
    # A worker holding the spaCy model and gazetteer cannot be under 100 MiB.
    assert all(mb > 100 for mb in summary.worker_peak_rss_mb.values())


def test_scale_dask_rerun_skips_finished_partitions(
    client: Any, corpus: Path, dask_run: tuple[Path, Any], tmp_path: Path
) -> None:
    out, first = dask_run
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    # Simulate a run killed while coding one partition: its files may be there, its marker not.
    victim = sorted((copy / "_done").iterdir())[3]
    victim.unlink()
    summary = code_corpus_dask(
        [str(corpus)], copy, partition_size=40, progress=False, client=client
    )
    assert summary.partitions_skipped == first.partitions - 1
    assert (summary.documents, summary.events) == (first.documents, first.events)
    assert _sorted_tuples(read_events(copy).to_pylist()) == _sorted_tuples(
        read_events(out).to_pylist()
    )
    again = code_corpus_dask([str(corpus)], copy, partition_size=40, progress=False, client=client)
    assert again.partitions_skipped == again.partitions == first.partitions


def test_scale_dask_window_of_one_partition_gives_the_same_output(
    client: Any, tmp_path: Path
) -> None:
    corpus = _write_corpus(tmp_path / "corpus", 30)
    runs = {}
    for window in (1, None):
        out = tmp_path / f"out-{window}"
        summary = code_corpus_dask(
            [str(corpus)],
            out,
            partition_size=5,
            max_in_flight=window,
            progress=False,
            client=client,
        )
        assert (summary.partitions, summary.partitions_done, summary.documents) == (6, 6, 30)
        runs[window] = _sorted_tuples(read_events(out).to_pylist())
    assert runs[1] == runs[None]
    assert runs[1]


def test_scale_dask_refuses_to_mix_options_in_one_directory(
    client: Any, corpus: Path, dask_run: tuple[Path, Any]
) -> None:
    out, _ = dask_run
    with pytest.raises(LannerError) as err:
        code_corpus_dask([str(corpus)], out, geo=False, progress=False, client=client)
    assert err.value.code == "E703"
    assert "geo" in err.value.message


def test_scale_dask_reports_failed_inputs_and_carries_on(client: Any, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "a-empty.txt").write_text("", encoding="utf-8")
    (inputs / "b-binary.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (inputs / "c-good.txt").write_text(
        "Israeli police arrested Palestinian protesters in Hebron on Friday.", encoding="utf-8"
    )
    summary = code_corpus_dask([str(inputs)], tmp_path / "out", partition_size=2, published="2024-05-03",
                               progress=False, client=client)  # fmt: skip
    assert summary.documents == 1
    assert summary.events >= 1
    assert summary.failures == 2
    assert not summary.ok
    lines = [json.loads(line) for f in sorted((tmp_path / "out" / "_failures").glob("*.jsonl"))
             for line in f.read_text(encoding="utf-8").splitlines()]  # fmt: skip
    assert sorted(line["code"] for line in lines) == ["E102", "E103"]
    assert all(line["message"] for line in lines)


def test_scale_ingest_dask_matches_a_local_ingest(client: Any, tmp_path: Path) -> None:
    from lanner.store import Store

    corpus = _write_corpus(tmp_path / "corpus", 60)
    local_db = tmp_path / "local.duckdb"
    with Store(local_db) as store:
        store.ingest(read_documents([str(corpus)]), progress=False)
    dask_db = tmp_path / "dask.duckdb"
    result = ingest_dask([str(corpus)], dask_db, partition_size=15, progress=False, client=client)
    assert result.store.documents_new == 60
    query = ("SELECT * EXCLUDE (id) FROM events ORDER BY ALL", "SELECT * EXCLUDE (id, event_id) FROM mentions ORDER BY ALL",
             "SELECT id, seq, num_events, duplicate_of FROM documents ORDER BY ALL")  # fmt: skip
    with (
        duckdb.connect(str(local_db), read_only=True) as a,
        duckdb.connect(str(dask_db), read_only=True) as b,
    ):
        for sql in query:
            assert a.execute(sql).fetchall() == b.execute(sql).fetchall(), sql
    again = ingest_dask([str(corpus)], dask_db, partition_size=15, progress=False, client=client)
    assert again.coding.partitions_skipped == 4
    assert again.store.documents_stored_already == 60


def test_scale_cli_code_on_an_existing_scheduler(
    client: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lanner.cli import main

    corpus = _write_corpus(tmp_path / "corpus", 20)
    address = client.scheduler.address
    code = main(["code", str(corpus), "--engine", "dask", "--scheduler", address, "-o", str(tmp_path / "out"),
                 "--partition-size", "10"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert "coded 20 document(s)" in capsys.readouterr().err
    assert read_events(tmp_path / "out").num_rows > 0


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ([], "E706"),  # no -o
        (["-o", "OUT", "--format", "csv"], "E706"),
        (["-o", "OUT", "--scheduler", "tcp://127.0.0.1:1"], "E702"),
        (["-o", "OUT", "--workers", "0"], "E706"),
    ],
)
def test_scale_cli_bad_options_are_coded_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], code: str
) -> None:
    from lanner.cli import main

    corpus = _write_corpus(tmp_path / "corpus", 2)
    args = [a.replace("OUT", str(tmp_path / "out")) for a in extra]
    assert main(["code", str(corpus), "--engine", "dask", *args]) == 1
    assert capsys.readouterr().err.startswith(f"{code}:")
