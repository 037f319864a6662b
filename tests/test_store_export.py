"""Export formats, filters, Parquet round trips, pagination and the dashboard queries."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from lanner.errors import LannerError
from lanner.store import GDELT_COLUMNS, EventFilter, Store, make_synthetic_store
from test_store_fakes import fake_code_document, make_corpus, make_doc

DOCS = [
    make_doc(
        "Russia troops shelled Ukraine troops in Kharkiv on 2024-03-01. "
        "Ukraine accused Russia on 2024-03-01. France praised Ukraine on 2024-04.",
        url="https://a.example/1",
        source="A",
    ),
    make_doc("Russia troops shelled Ukraine troops in Chuhuiv on 2024-03-02.", source="B"),
    make_doc("China met Tajikistan in Dushanbe on 2024-05-02. NATO criticised Russia.", source="C"),
    make_doc("Russia did not attacked Ukraine on 2024-06-01.", source="D"),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "s.duckdb", coder=fake_code_document) as opened:
        opened.ingest(DOCS)
        yield opened


def _ids(store: Store, filters: EventFilter) -> set[tuple[str, str]]:
    page, _ = store.query_events(filters, limit=1000)
    return {(row["source_code"], row["cameo"]) for row in page}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (EventFilter(), {("RUSMIL", "195"), ("UKRGOV", "112"), ("FRAGOV", "051"),
                         ("CHNGOV", "040"), ("NATO", "111"), ("RUSGOV", "190")}),
        (EventFilter(date_from="2024-03-02", date_to="2024-05-31"),  # NATO's: publication date
         {("FRAGOV", "051"), ("CHNGOV", "040"), ("NATO", "111")}),
        (EventFilter(country="TJK"), {("CHNGOV", "040")}),
        (EventFilter(actor="RUS"), {("RUSMIL", "195"), ("UKRGOV", "112"), ("NATO", "111"), ("RUSGOV", "190")}),
        (EventFilter(dyad=("RUS", "UKR")), {("RUSMIL", "195"), ("RUSGOV", "190")}),
        (EventFilter(cameo="19"), {("RUSMIL", "195"), ("RUSGOV", "190")}),
        (EventFilter(cameo="195"), {("RUSMIL", "195")}),
        (EventFilter(plover_event="ACCUSE"), {("UKRGOV", "112"), ("NATO", "111")}),
        (EventFilter(quad_class=1), {("FRAGOV", "051"), ("CHNGOV", "040")}),
        (EventFilter(factuality="negated"), {("RUSGOV", "190")}),
        (EventFilter(min_sources=2), {("RUSMIL", "195")}),
    ],
)  # fmt: skip
def test_store_filters_select_events(
    store: Store, filters: EventFilter, expected: set[tuple[str, str]]
) -> None:
    assert _ids(store, filters) == expected


@pytest.mark.parametrize(
    ("filters", "code"),
    [
        (EventFilter(country="RUS' OR 1=1 --"), "E507"),
        (EventFilter(actor="x'; DROP TABLE events; --"), "E507"),
        (EventFilter(date_from="2024-13-45"), "E109"),  # the one date check
        (EventFilter(cameo="19%"), "E507"),
        (EventFilter(quad_class=7), "E507"),
        (EventFilter(factuality="maybe"), "E507"),
        (EventFilter(min_sources=0), "E507"),
        (EventFilter(dyad=("RUS", "ukr")), "E507"),
    ],
)
def test_store_bad_filter_values_are_rejected_with_e507(
    store: Store, filters: EventFilter, code: str
) -> None:
    with pytest.raises(LannerError) as info:
        store.query_events(filters)
    assert info.value.code == code
    assert store.counts()["events"] == 6  # nothing was run against the table


def test_store_keyset_pages_cover_every_event_once(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb", coder=fake_code_document) as store:
        undated = [
            make_doc(f"{a} met {b}.", published=None)
            for a, b in [
                ("China", "Russia"),
                ("France", "Chad"),
                ("Niger", "Chad"),
                ("Russia", "China"),
            ]
        ]
        store.ingest([*make_corpus(40), *undated])
        total = store.counts()["events"]
        seen: list[str] = []
        dates: list[str | None] = []
        cursor = None
        while True:
            page, cursor = store.query_events(after=cursor, limit=7)
            seen += [row["id"] for row in page]
            dates += [row["date"] for row in page]
            if cursor is None:
                break
    assert len(seen) == len(set(seen)) == total
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated, reverse=True)
    assert dates[len(dated) :] == [None] * 4  # undated events come last


@pytest.mark.parametrize("fmt", ["csv", "parquet", "plover", "gdelt", "geojson"])
def test_store_export_writes_each_format(store: Store, tmp_path: Path, fmt: str) -> None:
    suffix = {"plover": ".jsonl", "gdelt": ".tsv", "parquet": ".parquet"}.get(fmt, "." + fmt)
    out = tmp_path / f"events{suffix}"
    count = store.export(out, fmt, EventFilter(country="UKR"))
    assert count == (1 if fmt == "geojson" else 4)  # geojson keeps events with a place
    if fmt == "csv":
        with out.open() as f:
            rows = list(csv.DictReader(f))
        assert {r["cameo"] for r in rows} == {"195", "112", "051", "190"}
    elif fmt == "parquet":
        table = pq.read_table(out)
        assert table.num_rows == 4 and "num_sources" in table.column_names
    elif fmt == "plover":
        records = [json.loads(line) for line in out.read_text().splitlines()]
        shelling = next(
            r
            for r in records
            if r["event"] == "ASSAULT" and r["mode"] is None and r["cameo"] == "195"
        )
        assert shelling["src_actor"] == "RUS" and shelling["src_agent"] == "MIL"
        assert shelling["tgt_actor"] == "UKR" and shelling["date"] == "2024-03-01"
        assert shelling["text"].startswith("Russia troops shelled")
        assert shelling["geolocation"]["name"] == "Kharkiv"
        assert shelling["num_sources"] == 2
        praise = next(r for r in records if r["event"] == "COOPERATE")
        assert praise["date"] == "2024-04"  # month precision kept
    elif fmt == "gdelt":
        with out.open() as f:
            rows = list(csv.reader(f, delimiter="\t"))
        assert tuple(rows[0]) == GDELT_COLUMNS and len(GDELT_COLUMNS) == 61
        record = dict(zip(rows[0], rows[1], strict=True))
        assert set(record) >= {"GLOBALEVENTID", "SQLDATE", "Actor1CountryCode", "EventRootCode"}
        shelling = next(
            dict(zip(rows[0], r, strict=True))
            for r in rows[1:]
            if r[rows[0].index("EventCode")] == "195"
        )
        assert shelling["SQLDATE"] == "20240301" and shelling["Actor1Type1Code"] == "MIL"
        assert shelling["NumArticles"] == "2" and shelling["SOURCEURL"] == "https://a.example/1"
        assert shelling["ActionGeo_Type"] == "4" and shelling["IsRootEvent"] == "1"
    else:
        collection = json.loads(out.read_text())
        assert collection["type"] == "FeatureCollection"
        coordinates = {tuple(f["geometry"]["coordinates"]) for f in collection["features"]}
        assert (36.2304, 49.9935) in coordinates  # GeoJSON order is lon, lat


def test_store_unknown_export_format_is_e506(store: Store, tmp_path: Path) -> None:
    with pytest.raises(LannerError) as info:
        store.export(tmp_path / "x", "xlsx")
    assert info.value.code == "E506"


def test_store_parquet_dump_round_trips_to_an_equal_store(store: Store, tmp_path: Path) -> None:
    store.export(tmp_path / "dump", "parquet")
    with Store(tmp_path / "copy.duckdb") as copy:
        copy.import_parquet(tmp_path / "dump")
        assert copy.table_checksums() == store.table_checksums()
        copy.import_parquet(tmp_path / "dump")  # importing again adds nothing
        assert copy.table_checksums() == store.table_checksums()


def test_store_parquet_events_file_round_trips_the_events_table(
    store: Store, tmp_path: Path
) -> None:
    store.export(tmp_path / "events.parquet", "parquet")
    with Store(tmp_path / "copy.duckdb") as copy:
        assert copy.import_parquet(tmp_path / "events.parquet") == 6
        assert copy.table_checksums()["events"] == store.table_checksums()["events"]


def test_store_import_of_a_missing_export_is_e505(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store, pytest.raises(LannerError) as info:
        store.import_parquet(tmp_path / "nothing-here")
    assert info.value.code == "E505"


def test_store_dashboard_queries_on_a_synthetic_store(tmp_path: Path) -> None:
    path = tmp_path / "syn.duckdb"
    make_synthetic_store(path, 2000)
    with Store(path, read_only=True) as store:
        counts = store.counts()
        assert (counts["events"], counts["mentions"], counts["documents"]) == (2000, 2000, 500)
        by_country = store.counts_by_country()
        total = store.con.execute(
            "SELECT count(*) + count(*) FILTER (WHERE target_country <> source_country) FROM events"
        ).fetchone()
        assert total is not None and sum(r["events"] for r in by_country) == total[0]
        dyad = (by_country[0]["country"], by_country[1]["country"])
        series = store.dyad_monthly_series(*dyad)
        expected = store.con.execute(
            "SELECT count(*) FROM events WHERE source_country = ? AND target_country = ?",
            list(dyad),
        ).fetchone()
        assert expected is not None and sum(m["events"] for m in series) == expected[0]
        assert [m["month"] for m in series] == sorted(m["month"] for m in series)
        page, cursor = store.query_events(EventFilter(quad_class=4), limit=50)
        assert len(page) == 50 and cursor is not None
        assert all(row["quad_class"] == 4 for row in page)


def test_store_synthetic_store_is_deterministic(tmp_path: Path) -> None:
    sums = []
    for name in ("a.duckdb", "b.duckdb"):
        make_synthetic_store(tmp_path / name, 500)
        with Store(tmp_path / name, read_only=True) as store:
            sums.append(store.table_checksums())
    assert sums[0] == sums[1]


def test_store_export_to_dash_writes_stdout(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert store.export("-", "plover", EventFilter(cameo="19")) == 2
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["event"] for line in lines] == ["ASSAULT", "ASSAULT"]
