"""Write coded events as JSON Lines, CSV, PLOVER JSON Lines or GDELT-style TSV.

PLOVER and GDELT field mappings live in ``lanner.store.export`` (one definition for both
``lanner code`` and ``lanner export``); this module flattens a fresh EventRecord into the
same row shape the store uses. It sits in the store package because it writes the store's row
shape: the events stage produces records and never imports the store.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable
from typing import IO, Any

from lanner.errors import LannerError
from lanner.records import Document, EventRecord
from lanner.store.schema import EVENT_COLUMNS

__all__ = ["FORMATS", "flat_row", "write_events", "CSV_COLUMNS"]

FORMATS = ("jsonl", "csv", "plover", "gdelt")

# The store's event columns that describe one coded mention, plus where it was found.
_STORE_ONLY = frozenset(
    {
        "location_geometry",
        "coder_version",
        "first_doc_id",
        "first_sentence_index",
        "num_mentions",
        "num_sources",
        "num_documents",
    }
)
CSV_COLUMNS = [
    "id",
    "doc_id",
    "group_id",
    *(c for c in EVENT_COLUMNS[1:] if c not in _STORE_ONLY),
    "sentence_index",
    "sentence_start",
    "sentence_end",
    "trigger_text",
    "trigger_start",
    "trigger_end",
    "sentence_text",
]


def _as_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.date(parts[0], parts[1], parts[2])


def flat_row(ev: EventRecord, doc: Document | None = None) -> dict[str, Any]:
    """One event as a flat row with the store's column names."""
    row: dict[str, Any] = {
        "id": ev.id,
        "doc_id": ev.doc_id,
        "group_id": ev.group_id,
        "cameo": ev.cameo,
        "cameo_root": ev.cameo_root,
        "quad_class": ev.quad_class,
        "goldstein": ev.goldstein,
        "plover_event": ev.plover_event,
        "plover_mode": ev.plover_mode,
        "plover_context": ev.plover_context,
        "factuality": ev.factuality,
        "date": _as_date(ev.date),
        "date_precision": ev.date_precision,
        "sentence_index": ev.sentence_index,
        "min_sentence_index": ev.sentence_index,
        "sentence_start": ev.sentence.start,
        "sentence_end": ev.sentence.end,
        "sentence_text": ev.sentence.text,
        "trigger_text": ev.trigger.text,
        "trigger_start": ev.trigger.start,
        "trigger_end": ev.trigger.end,
        "confidence": ev.confidence,
        "coder_version": ev.coder_version,
        "num_mentions": 1,
        "num_sources": 1,
        "num_documents": 1,
        "url": doc.url if doc else None,
        "publication": doc.source if doc else None,
        "language": doc.language if doc else None,
        "published": _as_date(doc.published) if doc else None,
    }
    for prefix, actor in (("source", ev.source), ("target", ev.target)):
        row[f"{prefix}_code"] = actor.code if actor else None
        row[f"{prefix}_text"] = actor.text if actor else None
        row[f"{prefix}_country"] = actor.country if actor else None
        row[f"{prefix}_sector"] = actor.sector if actor else None
        row[f"{prefix}_igo"] = actor.igo if actor else None
    loc = ev.location
    row.update(
        {
            "location_text": loc.text if loc else None,
            "location_name": loc.name if loc else None,
            "location_country": loc.country if loc else None,
            "location_admin1": loc.admin1 if loc else None,
            "location_precision": loc.precision if loc else None,
            "geonameid": loc.geonameid if loc else None,
            "lat": loc.lat if loc else None,
            "lon": loc.lon if loc else None,
        }
    )
    return row


class EventWriter:
    """Streams events to ``out`` in one of :data:`FORMATS`."""

    def __init__(self, out: IO[str], fmt: str) -> None:
        if fmt not in FORMATS:
            raise LannerError("E506", format=fmt, choices=", ".join(FORMATS))
        self.out = out
        self.fmt = fmt
        self.count = 0
        self._csv: Any = None
        if fmt == "csv":
            self._csv = csv.DictWriter(
                out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n"
            )
            self._csv.writeheader()
        elif fmt == "gdelt":
            from lanner.store.export import GDELT_COLUMNS

            self._columns = GDELT_COLUMNS
            self._csv = csv.writer(
                out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\"
            )
            self._csv.writerow(GDELT_COLUMNS)

    def write(self, events: Iterable[EventRecord], doc: Document | None = None) -> None:
        for ev in events:
            self.count += 1
            if self.fmt == "jsonl":
                self.out.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
            elif self.fmt == "csv":
                row = flat_row(ev, doc)
                row["date"] = ev.date
                self._csv.writerow(row)
            elif self.fmt == "plover":
                from lanner.store.export import plover_record

                self.out.write(
                    json.dumps(plover_record(flat_row(ev, doc)), ensure_ascii=False, default=str)
                    + "\n"
                )
            else:
                from lanner.store.export import gdelt_record

                rec = gdelt_record(flat_row(ev, doc))
                self._csv.writerow(["" if rec.get(c) is None else rec[c] for c in self._columns])


def write_events(
    out: IO[str], fmt: str, events: Iterable[EventRecord], doc: Document | None = None
) -> int:
    writer = EventWriter(out, fmt)
    writer.write(events, doc)
    return writer.count
