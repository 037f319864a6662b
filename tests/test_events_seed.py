"""Acceptance on the report Lanner was founded on (../shared/seeds); skips when shared/ is absent.

These are the seed's headline events (issue 2), checked through the same reader and coder a
user runs (`lanner code seed.txt`): metadata date, furniture stripping, dyads, codes, dates,
places and factuality.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lanner.events import code_document
from lanner.ingest import InputFailure, read_documents
from lanner.records import EventRecord

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "000_d87ae1b8ced206b3.txt"

pytestmark = pytest.mark.skipif(
    not SEED.exists(), reason="needs ../shared/seeds (not in a fresh clone)"
)


@pytest.fixture(scope="module")
def seed_events() -> list[EventRecord]:
    items = list(read_documents([str(SEED)]))
    assert len(items) == 1 and not isinstance(items[0], InputFailure)
    doc = items[0]
    assert doc.published == "2016-09-29", "the publication date comes from the .meta.json"
    return code_document(doc).events


def _find(events: list[EventRecord], src: str | None, tgt: str, root: str) -> list[EventRecord]:
    def country(a: object) -> str | None:
        return getattr(a, "country", None) or getattr(a, "igo", None) if a is not None else None

    return [
        e
        for e in events
        if country(e.source) == src and country(e.target) == tgt and e.cameo_root == root
    ]


def _show(events: list[EventRecord]) -> str:
    return "\n".join(
        f"  {e.source and e.source.code} -> {e.target and e.target.code} {e.cameo} {e.factuality} "
        f"{e.date} {e.location and e.location.name} | {e.sentence.text[:80]}"
        for e in events
    )


def test_seed_outposts_announcement(seed_events: list[EventRecord]) -> None:
    hits = [e for e in _find(seed_events, "CHN", "TJK", "03") if e.cameo == "0332"]
    assert hits, _show(seed_events)
    ev = hits[0]
    assert ev.factuality == "intended"
    assert (ev.date, ev.date_precision) == ("2016-09-26", "day")
    assert ev.location is not None and ev.location.precision == "border"
    assert ev.location.geometry is not None, "the border line is kept as geometry"


def test_seed_four_country_mechanism(seed_events: list[EventRecord]) -> None:
    founded = [e for e in seed_events if e.trigger.text == "founded"]
    targets = {e.target.country for e in founded if e.target}
    assert targets == {"AFG", "PAK", "TJK"}, _show(seed_events)
    assert {e.source.country for e in founded if e.source} == {"CHN"}
    assert len({e.group_id for e in founded}) == 1, "one dyad each, sharing a group_id"
    assert all(e.date == "2016-08" and e.date_precision == "month" for e in founded)


def test_seed_embassy_attack(seed_events: list[EventRecord]) -> None:
    hits = [
        e for e in seed_events if e.cameo_root == "18" and e.target and e.target.country == "CHN"
    ]
    assert hits, _show(seed_events)
    ev = hits[0]
    assert ev.plover_event == "ASSAULT"
    assert (ev.date, ev.date_precision) == ("2016-08-30", "day")
    assert ev.location is not None and ev.location.name == "Bishkek"
    assert ev.location.precision == "city"


def test_seed_russian_offer_and_rejection(seed_events: list[EventRecord]) -> None:
    offers = _find(seed_events, "RUS", "TJK", "03")
    assert offers and offers[0].factuality == "intended", _show(seed_events)
    rejections = _find(seed_events, "TJK", "RUS", "12")
    assert rejections, _show(seed_events)
    assert rejections[0].plover_event == "REJECT"


def test_seed_speculation_and_furniture_give_no_asserted_event(
    seed_events: list[EventRecord],
) -> None:
    last = [
        e
        for e in seed_events
        if "could instigate" in e.sentence.text and e.factuality == "asserted"
    ]
    assert not last, _show(last)
    furniture = [
        e
        for e in seed_events
        if "Story Stream" in e.sentence.text or "Show comments" in e.sentence.text
    ]
    assert not furniture
