"""Exporting events (CSV, Parquet, PLOVER JSON Lines, GDELT TSV, GeoJSON) and re-importing Parquet.

Rows are read with parameterised SQL (see :mod:`lanner.store.query`) and written by
pyarrow or Python, so neither filter values nor the output path ever become SQL text.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import duckdb

from lanner.errors import LannerError
from lanner.store.query import EventFilter, filter_sql
from lanner.store.schema import TABLES

__all__ = ["EXPORT_FORMATS", "GDELT_COLUMNS", "export_events", "import_parquet"]

EXPORT_FORMATS = ("csv", "parquet", "plover", "gdelt", "geojson")
_BATCH = 50_000

# GDELT 2.0 event table columns, in file order. Those Lanner has no value for are left empty
# so that tools reading GDELT files by position still line up.
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(
        f"{side}{name}"
        for side in ("Actor1", "Actor2")
        for name in (
            "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
            "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
        )
    ),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(
        f"{geo}_{name}"
        for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo")
        for name in (
            "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID",
        )
    ),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

# GDELT geo types: 1 country, 4 world city, 5 world ADM1 (US-specific 2 and 3 are not used).
_GEO_TYPE = {"country": 1, "admin1": 5, "city": 4, "point": 4}

# The first mention of an event has the event's own id, so this join finds its sentence.
_EVENTS_WITH_CONTEXT = """
    SELECT e.*,
           substring(d.text, fm.sentence_start + 1, fm.sentence_end - fm.sentence_start)
               AS sentence_text,
           fm.trigger_text, d.url, d.source AS publication, d.language, d.published,
           (SELECT min(m.sentence_index) FROM mentions m WHERE m.event_id = e.id)
               AS min_sentence_index
    FROM (SELECT * FROM events WHERE {where}) e
    LEFT JOIN mentions fm ON fm.id = e.id
    LEFT JOIN documents d ON d.id = e.first_doc_id
    ORDER BY e.id
"""


def _event_sql(filters: EventFilter | None, with_context: bool) -> tuple[str, list[Any]]:
    where, params = filter_sql(filters)
    if with_context:
        # filter_sql names bare columns, so it filters events in a subquery before the joins.
        return _EVENTS_WITH_CONTEXT.format(where=where), params
    return f"SELECT * FROM events WHERE {where} ORDER BY id", params


def _dicts(cursor: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    while True:
        batch = cursor.fetchmany(_BATCH)
        if not batch:
            return
        for row in batch:
            yield dict(zip(names, row, strict=True))


def export_events(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    fmt: str,
    filters: EventFilter | None = None,
) -> int:
    """Write the events matching ``filters`` to ``path`` in format ``fmt``; return the count.

    ``parquet`` to a path ending in ``.parquet`` writes the events table; to any other path
    it writes a directory holding every table (a full dump that :func:`import_parquet`
    restores exactly; filters do not apply to it).
    """
    if fmt not in EXPORT_FORMATS:
        raise LannerError("E506", format=fmt, choices=", ".join(EXPORT_FORMATS))
    to_stdout = str(path) == "-"
    path = Path(path)
    if fmt == "parquet" and to_stdout:
        raise LannerError("E507", name="output", value="-", reason="Parquet needs a file or folder")
    if fmt == "parquet" and path.suffix != ".parquet":
        return _dump_tables(con, path)
    if fmt in ("csv", "parquet"):
        import pyarrow.csv as pa_csv  # pyarrow is imported on first export, not with the store
        import pyarrow.parquet as pq

        reader = _arrow_reader(con, *_event_sql(filters, with_context=False))
        count = 0
        if fmt == "csv":
            sink: Any = sys.stdout.buffer if to_stdout else str(path)
            with pa_csv.CSVWriter(sink, reader.schema) as csv_out:
                for batch in reader:
                    csv_out.write_batch(batch)
                    count += batch.num_rows
        else:
            with pq.ParquetWriter(str(path), reader.schema) as pq_out:
                for batch in reader:
                    pq_out.write_batch(batch)
                    count += batch.num_rows
        return count
    sql, params = _event_sql(filters, with_context=True)
    rows = _dicts(con.execute(sql, params))
    if fmt == "plover":
        return _write_lines(path, (json.dumps(plover_record(r), ensure_ascii=False) for r in rows))
    if fmt == "gdelt":
        return _write_gdelt(path, rows)
    return _write_geojson(path, rows)


@contextmanager
def _open_text(path: Path) -> Iterator[TextIO]:
    """The output file, or stdout for ``-`` (left open: it is not ours to close)."""
    if str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with path.open("w", encoding="utf-8", newline="") as out:
        yield out


def _write_lines(path: Path, lines: Iterator[str]) -> int:
    count = 0
    with _open_text(path) as out:
        for line in lines:
            out.write(line + "\n")
            count += 1
    return count


def _date_text(value: date | None, precision: str | None) -> str | None:
    if value is None:
        return None
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """An event in PLOVER's JSON field names, with Lanner's extra fields after them."""
    contexts = [c.strip() for c in (row["plover_context"] or "").replace(";", ",").split(",")]
    return {
        "id": row["id"],
        "date": _date_text(row["date"], row["date_precision"]),
        "source": row["source_code"],
        "src_actor": row["source_country"] or row["source_igo"],
        "src_agent": row["source_sector"],
        "src_other": row["source_igo"] if row["source_country"] else None,
        "target": row["target_code"],
        "tgt_actor": row["target_country"] or row["target_igo"],
        "tgt_agent": row["target_sector"],
        "tgt_other": row["target_igo"] if row["target_country"] else None,
        "event": row["plover_event"],
        "mode": row["plover_mode"],
        "context": [c for c in contexts if c],
        "eventText": row["trigger_text"],
        "text": row["sentence_text"],
        "geolocation": {
            "name": row["location_name"],
            "lat": row["lat"],
            "lon": row["lon"],
            "country": row["location_country"],
            "admin1": row["location_admin1"],
            "geonameid": row["geonameid"],
            "precision": row["location_precision"],
        }
        if row["location_name"] or row["lat"] is not None
        else None,
        "url": row["url"],
        "publication": row["publication"],
        "language": row["language"],
        "version": row["coder_version"],
        "date_precision": row["date_precision"],
        "factuality": row["factuality"],
        "cameo": row["cameo"],
        "quad_class": row["quad_class"],
        "goldstein": row["goldstein"],
        "confidence": row["confidence"],
        "num_mentions": row["num_mentions"],
        "num_sources": row["num_sources"],
        "num_documents": row["num_documents"],
    }


def gdelt_record(row: dict[str, Any]) -> dict[str, Any]:
    """An event as GDELT 2.0 event-table fields (only those with a Lanner equivalent)."""
    day: date | None = row["date"]
    out: dict[str, Any] = {
        "GLOBALEVENTID": row["id"],
        "SQLDATE": day.strftime("%Y%m%d") if day else None,
        "MonthYear": day.strftime("%Y%m") if day else None,
        "Year": day.year if day else None,
        "FractionDate": round(day.year + (day.timetuple().tm_yday - 1) / 365.0, 4) if day else None,
        "IsRootEvent": 1 if row["min_sentence_index"] == 0 else 0,
        "EventCode": row["cameo"],
        "EventBaseCode": row["cameo"][:3],
        "EventRootCode": row["cameo_root"],
        "QuadClass": row["quad_class"],
        "GoldsteinScale": row["goldstein"],
        "NumMentions": row["num_mentions"],
        "NumSources": row["num_sources"],
        "NumArticles": row["num_documents"],
        "ActionGeo_Type": _GEO_TYPE.get(row["location_precision"] or "")
        if row["location_precision"]
        else None,
        "ActionGeo_FullName": row["location_name"],
        "ActionGeo_CountryCode": row["location_country"],
        "ActionGeo_ADM1Code": row["location_admin1"],
        "ActionGeo_Lat": row["lat"],
        "ActionGeo_Long": row["lon"],
        "ActionGeo_FeatureID": row["geonameid"],
        # Deterministic stand-in for "when first seen": the first document's publication date.
        "DATEADDED": row["published"].strftime("%Y%m%d000000") if row["published"] else None,
        "SOURCEURL": row["url"],
    }
    for side, prefix in (("Actor1", "source"), ("Actor2", "target")):
        out[f"{side}Code"] = row[f"{prefix}_code"]
        out[f"{side}Name"] = row[f"{prefix}_text"]
        out[f"{side}CountryCode"] = row[f"{prefix}_country"]
        out[f"{side}KnownGroupCode"] = row[f"{prefix}_igo"]
        out[f"{side}Type1Code"] = row[f"{prefix}_sector"]
    return out


def _write_gdelt(path: Path, rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    with _open_text(path) as out:
        writer = csv.writer(
            out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\"
        )
        writer.writerow(GDELT_COLUMNS)
        for row in rows:
            record = gdelt_record(row)
            writer.writerow(["" if record.get(c) is None else record[c] for c in GDELT_COLUMNS])
            count += 1
    return count


def _write_geojson(path: Path, rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    with _open_text(path) as out:
        out.write('{"type": "FeatureCollection", "features": [\n')
        for row in rows:
            geometry: dict[str, Any] | None
            if row["location_geometry"]:
                geometry = json.loads(row["location_geometry"])
            elif row["lat"] is not None and row["lon"] is not None:
                geometry = {"type": "Point", "coordinates": [row["lon"], row["lat"]]}
            else:
                continue  # GeoJSON is a map layer: events without a place are left out
            properties = {
                k: (v.isoformat() if isinstance(v, date) else v)
                for k, v in row.items()
                if k not in ("location_geometry", "published", "min_sentence_index")
            }
            feature = {
                "type": "Feature",
                "id": row["id"],
                "geometry": geometry,
                "properties": properties,
            }
            out.write(("" if count == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
            count += 1
        out.write("\n]}\n")
    return count


def _arrow_reader(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> Any:
    """The query's rows as a pyarrow RecordBatchReader, streamed (DuckDB 2 renamed the method)."""
    # A cursor of its own: DuckDB 2 refuses relation queries on a connection whose last
    # execute() result was not read to the end (e.g. after a fetchone()).
    relation = con.cursor().sql(sql, params=params or None)
    to_reader = getattr(relation, "to_arrow_reader", None)
    if to_reader is not None:
        return to_reader(_BATCH)
    return relation.fetch_arrow_reader(_BATCH)


def _dump_tables(con: duckdb.DuckDBPyConnection, folder: Path) -> int:
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for table, key in TABLES.items():
        # Table and key names come from the fixed TABLES mapping, not from the caller.
        arrow = _arrow_reader(con, f"SELECT * FROM {table} ORDER BY {key}", []).read_all()
        pq.write_table(arrow, str(folder / f"{table}.parquet"))
        if table == "events":
            count = arrow.num_rows
    return count


def import_parquet(con: duckdb.DuckDBPyConnection, path: str | Path) -> int:
    """Load a Parquet export back (one transaction); rows already stored are kept.

    ``path`` is a full dump folder written by :func:`export_events` or a single events
    ``.parquet`` file. Returns the number of event rows read.
    """
    import pyarrow.parquet as pq

    path = Path(path)
    files = (
        {t: path / f"{t}.parquet" for t in TABLES if (path / f"{t}.parquet").exists()}
        if path.is_dir()
        else {"events": path}
    )
    if not files or not all(f.exists() for f in files.values()):
        raise LannerError("E505", path=str(path), reason="no Lanner Parquet export there")
    count = 0
    con.execute("BEGIN TRANSACTION")
    try:
        for table, file in files.items():
            arrow = pq.read_table(str(file))
            con.register("lanner_import", arrow)
            try:
                columns = ", ".join(f'"{name}"' for name in _table_columns(con, table))
                con.execute(
                    f"INSERT OR IGNORE INTO {table} ({columns}) SELECT {columns} FROM lanner_import"
                )
            finally:
                con.unregister("lanner_import")
            if table == "events":
                count = arrow.num_rows
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise LannerError("E505", path=str(path), reason=str(exc).splitlines()[0]) from None
    return count


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position",
            [table],
        ).fetchall()
    ]
