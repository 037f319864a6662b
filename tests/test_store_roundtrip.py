"""Round trips: what the coder produced is what the store gives back."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lanner.errors import LannerWarning
from lanner.records import ActorRef, Document, EventRecord, Location, Span, content_id
from lanner.store import Store

TEXT = "Alpha did something to Beta on a day. Gamma answered. " * 3


@dataclass
class Coded:
    document: Document
    events: list[EventRecord]
    warnings: list[LannerWarning] = field(default_factory=list)


actors = st.builds(
    ActorRef,
    text=st.text(min_size=1, max_size=12),
    code=st.from_regex(r"[A-Z]{3}[A-Z]{0,3}", fullmatch=True),
    country=st.sampled_from([None, "RUS", "UKR", "CHN", "TJK"]),
    sector=st.sampled_from([None, "GOV", "MIL", "REB"]),
    igo=st.sampled_from([None, "UN", "SCO"]),
)
locations = st.builds(
    Location,
    text=st.text(max_size=10),
    name=st.text(min_size=1, max_size=10),
    country=st.sampled_from([None, "UKR"]),
    admin1=st.none(),
    lat=st.floats(-89, 89),
    lon=st.floats(-179, 179),
    geonameid=st.integers(1, 10**8),
    precision=st.sampled_from(["city", "point", "country"]),
)
dates = st.sampled_from(["day", "month", "year", None]).flatmap(
    lambda p: st.tuples(
        st.dates().map(lambda d: d.isoformat()[: {"day": 10, "month": 7, "year": 4}[p]])
        if p
        else st.none(),
        st.just(p),
    )
)


@st.composite
def records(draw: st.DrawFn) -> EventRecord:
    cameo = draw(st.sampled_from(["010", "0312", "042", "112", "130", "173", "190", "195"]))
    day, precision = draw(dates)
    start = draw(st.integers(0, 40))
    return EventRecord(
        id="r",
        doc_id="d",
        group_id="g",
        source=draw(st.none() | actors),
        target=draw(st.none() | actors),
        cameo=cameo,
        cameo_root=cameo[:2],
        quad_class=draw(st.integers(1, 4)),
        goldstein=draw(st.floats(-10, 10)),
        plover_event=draw(st.sampled_from([None, "ASSAULT", "AGREE"])),
        plover_mode=draw(st.sampled_from([None, "firearms"])),
        plover_context=draw(st.sampled_from([None, "military"])),
        factuality=draw(st.sampled_from(["asserted", "intended", "hypothetical", "negated"])),
        date=day,
        date_precision=precision,
        location=draw(st.none() | locations),
        sentence_index=draw(st.integers(0, 5)),
        sentence=Span("", start, start + 10),
        trigger=Span("did", start + 2, start + 5),
        confidence=draw(st.floats(0, 1)),
        explanation=draw(st.lists(st.text(max_size=8), max_size=2)),
        coder_version="v",
    )


def _expected(record: EventRecord) -> dict[str, object]:
    s, t, loc = record.source, record.target, record.location
    return {
        "source_code": s.code if s else None,
        "source_country": s.country if s else None,
        "source_sector": s.sector if s else None,
        "source_igo": s.igo if s else None,
        "target_code": t.code if t else None,
        "target_country": t.country if t else None,
        "cameo": record.cameo,
        "quad_class": record.quad_class,
        "goldstein": record.goldstein,
        "plover_event": record.plover_event,
        "plover_mode": record.plover_mode,
        "factuality": record.factuality,
        "date_precision": record.date_precision if record.date else None,
        "location_name": loc.name if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "geonameid": loc.geonameid if loc else None,
        "confidence": record.confidence,
        "coder_version": "v",
    }


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=records())
def test_store_event_record_comes_back_unchanged(record: EventRecord) -> None:
    doc = Document(id=content_id(TEXT), text=TEXT, published="2024-03-02")
    with (
        tempfile.TemporaryDirectory() as tmp,
        Store(Path(tmp) / "s.duckdb", coder=lambda d: Coded(d, [record])) as store,
    ):
        store.ingest([doc])
        page, _ = store.query_events()
        (row,) = page
        (mention,) = store.mentions(row["id"])
    assert {k: row[k] for k in _expected(record)} == _expected(record)
    expected_date = {
        "day": record.date,
        "month": f"{record.date}-01",
        "year": f"{record.date}-01-01",
    }
    assert row["date"] == (expected_date[record.date_precision] if record.date_precision else None)
    assert (mention["trigger_start"], mention["trigger_end"]) == (
        record.trigger.start,
        record.trigger.end,
    )
    assert mention["explanation"] == (record.explanation or None)
