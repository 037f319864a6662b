"""The Dask engine's pieces that need no cluster: partitions, Parquet layout, worker task, imports."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from lanner.errors import LannerError
from lanner.ingest import InputFailure
from lanner.records import Document, EventRecord, Span
from lanner.scale.bench import template_reports
from lanner.scale.parquet import EVENT_SCHEMA, month_of, read_events, write_month_parts
from lanner.scale.partitions import (
    finished_partitions,
    is_finished,
    mark_finished,
    partition_inputs,
    read_failures,
)
from lanner.store.formats import flat_row


def _docs(n: int) -> list[Document]:
    return [
        Document(id=f"d{i}", text=f"Report number {i}.", published="2024-01-01") for i in range(n)
    ]


@pytest.mark.parametrize(
    ("n", "size", "lengths"),
    [
        (10, 3, [3, 3, 3, 1]),
        (6, 3, [3, 3]),
        (1, 200, [1]),
        (0, 5, []),
    ],
)
def test_scale_partitions_split_inputs_into_runs_of_size(
    n: int, size: int, lengths: list[int]
) -> None:
    parts = list(partition_inputs(_docs(n), size))
    assert [len(p) for p in parts] == lengths
    assert [d.id for p in parts for d in p.documents] == [d.id for d in _docs(n)]
    assert [p.index for p in parts] == list(range(len(lengths)))


def test_scale_partition_ids_are_stable_and_follow_contents() -> None:
    first = [p.id for p in partition_inputs(_docs(9), 3)]
    again = [p.id for p in partition_inputs(_docs(9), 3)]
    assert first == again
    assert len(set(first)) == 3
    changed = _docs(9)
    changed[4] = Document(id="d4", text="A different report.", published="2024-01-01")
    other = [p.id for p in partition_inputs(changed, 3)]
    # Only the partition holding the changed document gets a new id.
    assert [a == b for a, b in zip(first, other, strict=True)] == [True, False, True]


def test_scale_partitions_carry_read_failures_as_plain_records() -> None:
    failure = InputFailure("bad.txt", LannerError("E102", path="bad.txt"))
    parts = list(partition_inputs([*_docs(2), failure, *_docs(1)], 2))
    assert [len(p) for p in parts] == [2, 2]
    record = parts[1].input_failures[0]
    assert record["code"] == "E102"
    assert record["path"] == "bad.txt"
    assert record["partition"] == parts[1].id
    assert record["fields"] == {"path": "bad.txt"}
    json.dumps(record)  # plain data: survives pickling and JSON


def test_scale_partition_size_below_one_is_a_coded_error() -> None:
    with pytest.raises(LannerError) as err:
        list(partition_inputs(_docs(2), 0))
    assert err.value.code == "E706"


def _event(date_value: str | None, n: int = 0) -> EventRecord:
    return EventRecord(
        id=f"e{n}", doc_id="d", group_id=f"g{n}", source=None, target=None, cameo="190",
        cameo_root="19", quad_class=4, goldstein=-10.0, plover_event=None, plover_mode=None,
        plover_context=None, factuality="asserted", date=date_value, date_precision=None,
        location=None, sentence_index=n, sentence=Span("s", 0, 1), trigger=Span("t", 0, 1),
        confidence=0.5,
    )  # fmt: skip


def test_scale_schema_has_every_flat_row_column_in_order() -> None:
    row = flat_row(_event("2024-03-05"), _docs(1)[0])
    assert EVENT_SCHEMA.names == list(row)


@pytest.mark.parametrize(
    ("value", "month"),
    [("2024-03-05", "2024-03"), ("2024-11", "2024-11"), ("2024", "2024-01"), (None, "unknown")],
)
def test_scale_month_partition_comes_from_event_date(value: str | None, month: str) -> None:
    assert month_of(flat_row(_event(value))) == month


def test_scale_month_parts_are_hive_partitioned_and_read_back(tmp_path: Path) -> None:
    rows = [
        flat_row(_event(d, i))
        for i, d in enumerate(["2024-03-05", None, "2024-03-20", "2023-12-31"])
    ]
    counts = write_month_parts(tmp_path, "00000-abc", rows)
    assert counts == {"2023-12": 1, "2024-03": 2, "unknown": 1}
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.parquet")) == [
        "month=2023-12/part-00000-abc.parquet",
        "month=2024-03/part-00000-abc.parquet",
        "month=unknown/part-00000-abc.parquet",
    ]
    assert (
        pq.read_schema(tmp_path / "month=unknown/part-00000-abc.parquet").names
        == EVENT_SCHEMA.names
    )
    table = read_events(tmp_path).to_pylist()
    assert sorted((r["month"], r["id"]) for r in table) == [
        ("2023-12", "e3"), ("2024-03", "e0"), ("2024-03", "e2"), ("unknown", "e1"),
    ]  # fmt: skip
    assert {r["id"]: r["date"] for r in table}["e0"] == date(2024, 3, 5)


def test_scale_done_markers_round_trip(tmp_path: Path) -> None:
    assert finished_partitions(tmp_path) == {}
    mark_finished(tmp_path, "00001-x", {"documents": 3})
    assert is_finished(tmp_path, "00001-x")
    assert not is_finished(tmp_path, "00002-y")
    assert finished_partitions(tmp_path) == {"00001-x": {"documents": 3}}
    assert not list((tmp_path / "_done").glob(".*"))  # no temporary file left behind


class _BrokenOnOneCoder:
    """Stands in for EventCoder: fails a batch holding the poison document, and that document."""

    def __init__(self, poison: str, error: Exception) -> None:
        self.poison, self.error = poison, error

    def code_many(self, documents: list[Document], batch_size: int = 16) -> list[object]:
        if any(d.id == self.poison for d in documents):
            raise self.error
        return [self.code(d) for d in documents]

    def code(self, document: Document) -> object:
        from lanner.events.coder import CodedDocument

        if document.id == self.poison:
            raise self.error
        return CodedDocument(document, [_event("2024-02-02")])


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (LannerError("E111", path="d1"), "E111"),
        (RuntimeError("boom"), "E705"),
    ],
)
def test_scale_worker_isolates_a_failing_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, code: str
) -> None:
    from lanner.scale import worker

    options = worker.CodingOptions(geo=False)
    monkeypatch.setattr(worker, "_coder_for", lambda _options: _BrokenOnOneCoder("d1", error))
    read_failure = InputFailure("gone.txt", LannerError("E101", path="gone.txt"))
    (part,) = partition_inputs([*_docs(3), read_failure], 10)
    summary = worker.code_partition(part, str(tmp_path), options)
    assert summary["documents"] == 2
    assert summary["events"] == 2
    assert summary["failures"] == 2
    assert sorted(f["code"] for f in read_failures(tmp_path)) == sorted(["E101", code])
    assert is_finished(tmp_path, part.id)


def test_scale_coded_documents_round_trip_through_json() -> None:
    from lanner.events import code_text
    from lanner.scale.worker import coded_from_json, coded_to_json

    coded = code_text(
        "Russian troops attacked Ukrainian positions near Kharkiv on Monday.",
        published="2024-03-14",
    )
    assert coded.events
    back = coded_from_json(json.loads(json.dumps(coded_to_json(coded))))
    assert back.document.content_hash == coded.document.content_hash
    assert [e.to_dict() for e in back.events] == [e.to_dict() for e in coded.events]


def test_scale_template_reports_are_varied_and_deterministic() -> None:
    reports = template_reports(50)
    assert [d.text for d in reports] == [d.text for d in template_reports(50)]
    assert len({d.content_hash for d in reports}) == 50
    assert len({d.text.split()[0] for d in reports}) > 5


_NO_DASK = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("dask", "distributed"):
            raise ImportError(name)
sys.meta_path.insert(0, Block())
"""


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_scale_import_does_not_import_dask() -> None:
    done = _python(
        "import sys, lanner.scale, lanner.scale.engine, lanner.cli.scale\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_scale_without_dask_raises_e701() -> None:
    done = _python(
        _NO_DASK
        + "from lanner.errors import LannerError\n"
        + "from lanner.scale import code_corpus_dask\n"
        + "try:\n    code_corpus_dask(['x'], 'out')\n"
        + "except LannerError as e:\n    print(e.code)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "E701"


def test_scale_public_names_all_resolve() -> None:
    import lanner.scale

    for name in lanner.scale.__all__:
        assert getattr(lanner.scale, name) is not None, name
    with pytest.raises(AttributeError):
        _ = lanner.scale.no_such_name
