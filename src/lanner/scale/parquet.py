"""Flat event rows as Hive-partitioned Parquet: ``month=YYYY-MM/part-<partition id>.parquet``.

The columns are those of :func:`lanner.store.formats.flat_row` (the store's column names),
with fixed Arrow types, so that every file of a run has the same schema whatever values it
happens to hold, and DuckDB or pyarrow can read the whole directory as one table:

    SELECT * FROM read_parquet('out/**/*.parquet', hive_partitioning = true)

The month is not a column inside the files: readers add it from the directory name.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from lanner.scale.partitions import write_atomically

__all__ = ["EVENT_SCHEMA", "UNKNOWN_MONTH", "month_of", "read_events", "write_month_parts"]

UNKNOWN_MONTH = "unknown"

_TEXT = pa.string()
_INT = pa.int32()

# One entry per key of flat_row, in its order; a test checks the two stay in step.
EVENT_SCHEMA = pa.schema(
    [
        ("id", _TEXT),
        ("doc_id", _TEXT),
        ("group_id", _TEXT),
        ("cameo", _TEXT),
        ("cameo_root", _TEXT),
        ("quad_class", pa.int8()),
        ("goldstein", pa.float64()),
        ("plover_event", _TEXT),
        ("plover_mode", _TEXT),
        ("plover_context", _TEXT),
        ("factuality", _TEXT),
        ("date", pa.date32()),
        ("date_precision", _TEXT),
        ("sentence_index", _INT),
        ("min_sentence_index", _INT),
        ("sentence_start", _INT),
        ("sentence_end", _INT),
        ("sentence_text", _TEXT),
        ("trigger_text", _TEXT),
        ("trigger_start", _INT),
        ("trigger_end", _INT),
        ("confidence", pa.float64()),
        ("coder_version", _TEXT),
        ("num_mentions", _INT),
        ("num_sources", _INT),
        ("num_documents", _INT),
        ("url", _TEXT),
        ("publication", _TEXT),
        ("language", _TEXT),
        ("published", pa.date32()),
        ("source_code", _TEXT),
        ("source_text", _TEXT),
        ("source_country", _TEXT),
        ("source_sector", _TEXT),
        ("source_igo", _TEXT),
        ("target_code", _TEXT),
        ("target_text", _TEXT),
        ("target_country", _TEXT),
        ("target_sector", _TEXT),
        ("target_igo", _TEXT),
        ("location_text", _TEXT),
        ("location_name", _TEXT),
        ("location_country", _TEXT),
        ("location_admin1", _TEXT),
        ("location_precision", _TEXT),
        ("geonameid", pa.int64()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
    ]
)


def month_of(row: dict[str, Any]) -> str:
    """The partition month of a flat row: ``YYYY-MM`` of its event date, else ``unknown``.

    A year-precision date is stored as 1 January (as in the store's ``date`` column), so
    it falls in that year's January partition; its ``date_precision`` says so.
    """
    value = row.get("date")
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    return UNKNOWN_MONTH


def _table(rows: list[dict[str, Any]]) -> pa.Table:
    columns = {name: [row.get(name) for row in rows] for name in EVENT_SCHEMA.names}
    return pa.Table.from_pydict(columns, schema=EVENT_SCHEMA)


def write_month_parts(
    out_dir: Path, partition_id: str, rows: Iterable[dict[str, Any]]
) -> dict[str, int]:
    """Write ``rows`` as one Parquet file per month; returns the number of rows per month.

    Each file is written whole and then renamed into place, so a killed task leaves either
    nothing or a complete file, and a rerun of the partition overwrites it with the same
    content.
    """
    by_month: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_month[month_of(row)].append(row)
    for month, month_rows in sorted(by_month.items()):
        buffer = io.BytesIO()
        pq.write_table(_table(month_rows), buffer, compression="zstd")
        write_atomically(
            out_dir / f"month={month}" / f"part-{partition_id}.parquet", buffer.getvalue()
        )
    return {month: len(month_rows) for month, month_rows in sorted(by_month.items())}


def read_events(out_dir: str | Path) -> pa.Table:
    """Every event row of a run's output, with its ``month`` column, as one Arrow table."""
    import pyarrow.dataset as ds

    schema = EVENT_SCHEMA.append(pa.field("month", _TEXT))
    files = sorted(str(p) for p in Path(out_dir).glob("month=*/*.parquet"))
    if not files:
        return schema.empty_table()
    partitioning = ds.partitioning(pa.schema([("month", _TEXT)]), flavor="hive")
    dataset = ds.dataset(
        files,
        schema=schema,
        format="parquet",
        partitioning=partitioning,
        partition_base_dir=str(out_dir),
    )
    return dataset.to_table()
