"""The same-event rule and near-duplicate documents, with documents written for the purpose."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lanner.store import Store
from lanner.store.dedup import (
    NEAR_DUPLICATE_JACCARD,
    EventKey,
    MinHashIndex,
    codes_compatible,
    dates_compatible,
    jaccard_estimate,
    minhash,
    places_compatible,
    same_event,
)
from test_store_fakes import fake_code_document, make_doc

RUS_UKR = ("RUS", "MIL", None, "UKR", "MIL", None)


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("190", "190", True),
        ("190", "195", True),  # same root 19
        ("19", "193", True),  # root is a prefix of the code
        ("0312", "031", True),
        ("036", "040", False),  # 03 intent vs 04 consult
        ("111", "112", True),
        ("112", "120", False),
    ],
)
def test_store_codes_compatible_by_root_or_prefix(a: str, b: str, compatible: bool) -> None:
    assert codes_compatible(a, b) is compatible
    assert codes_compatible(b, a) is compatible


D = date.fromisoformat


@pytest.mark.parametrize(
    ("a", "pa", "b", "pb", "compatible"),
    [
        (D("2024-03-01"), "day", D("2024-03-01"), "day", True),
        (D("2024-03-01"), "day", D("2024-03-02"), "day", True),  # +1 day
        (D("2024-03-01"), "day", D("2024-02-29"), "day", True),  # -1 day, across a month
        (D("2024-03-01"), "day", D("2024-03-03"), "day", False),  # 2 days apart
        (D("2024-03-17"), "day", D("2024-03-01"), "month", True),  # equal at month precision
        (D("2024-04-01"), "month", D("2024-03-31"), "day", False),
        (D("2024-07-04"), "day", D("2024-01-01"), "year", True),
        (D("2023-12-31"), "day", D("2024-01-01"), "year", False),
        (None, None, None, None, True),
        (D("2024-03-01"), "day", None, None, False),
    ],
)
def test_store_dates_compatible_at_the_coarser_precision(
    a: date | None, pa: str | None, b: date | None, pb: str | None, compatible: bool
) -> None:
    assert dates_compatible(a, pa, b, pb) is compatible
    assert dates_compatible(b, pb, a, pa) is compatible


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ((49.9935, 36.2304), (49.8353, 36.6880), True),  # Kharkiv - Chuhuiv, ~36 km
        ((49.9935, 36.2304), (50.4501, 30.5234), False),  # Kharkiv - Kyiv, ~410 km
        ((49.9935, 36.2304), (None, None), True),  # one place unknown
        ((None, None), (None, None), True),
    ],
)
def test_store_places_compatible_within_50_km_or_unknown(
    a: tuple[float | None, float | None], b: tuple[float | None, float | None], compatible: bool
) -> None:
    assert places_compatible(a, b) is compatible


def _key(**changes: object) -> EventKey:
    base: dict[str, object] = {
        "dyad": RUS_UKR,
        "cameo": "190",
        "factuality": "asserted",
        "date": D("2024-03-01"),
        "date_precision": "day",
        "lat": 49.99,
        "lon": 36.23,
    }
    base.update(changes)
    return EventKey(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (_key(), True),
        (_key(cameo="195", date=D("2024-03-02")), True),
        (_key(dyad=("UKR", "MIL", None, "RUS", "MIL", None)), False),  # direction matters
        (_key(dyad=("RUS", "GOV", None, "UKR", "MIL", None)), False),  # sector differs
        (_key(cameo="112"), False),
        (_key(factuality="negated"), False),
        (_key(lat=50.45, lon=30.52), False),
        (_key(lat=None, lon=None), True),
    ],
)
def test_store_same_event_rule(other: EventKey, same: bool) -> None:
    assert same_event(_key(), other) is same
    assert same_event(other, _key()) is same


WIRE = (
    "Russia troops shelled Ukraine troops in Kharkiv on 2024-03-01. "
    "Regional officials said the strikes began before dawn and hit an industrial district "
    "on the eastern edge of the city. Emergency crews worked through the morning to put out "
    "fires at two warehouses, and the regional governor asked residents to stay in shelters "
    "until the all-clear. Rail services to the south were suspended for several hours while "
    "engineers inspected the tracks. Ukraine accused Russia on 2024-03-01."
)
# The same wire story as another outlet carried it: one edited sentence and a credit line.
WIRE_COPY = (
    WIRE.replace("for several hours", "for about four hours") + " Reporting by the wire desk."
)
# A different story about the same events: shares facts, not text.
OTHER_STORY = (
    "Ukraine accused Russia on 2024-03-02. Shelling near Kharkiv overnight damaged storage "
    "buildings, according to a statement from the city council, which gave no figure for "
    "casualties. Train traffic has since resumed. Russia troops shelled Ukraine troops in "
    "Chuhuiv on 2024-03-02. Analysts in Kyiv said the pattern of strikes had changed."
)


# A copy cut short by its outlet: the last sentences dropped.
WIRE_TRUNCATED = WIRE[: WIRE.index(" Rail services")]


@pytest.mark.parametrize(
    ("text", "near_duplicate"),
    [(WIRE_COPY, True), (WIRE_TRUNCATED, True), (OTHER_STORY, False)],
)
def test_store_minhash_finds_wire_copies_but_not_other_stories(
    text: str, near_duplicate: bool
) -> None:
    original, other = minhash(WIRE), minhash(text)
    assert original is not None and other is not None
    assert (jaccard_estimate(original, other) >= NEAR_DUPLICATE_JACCARD) is near_duplicate
    index = MinHashIndex()
    index.add("orig", original)
    found = index.nearest(other)
    assert (found is not None and found[0] == "orig") is near_duplicate


def test_store_minhash_is_stable_and_skips_texts_too_short_to_compare() -> None:
    assert minhash(WIRE) == minhash(WIRE)
    assert minhash("Russia attacked Ukraine.") is None


def test_store_links_wire_copies_and_merges_their_events(tmp_path: Path) -> None:
    docs = [
        make_doc(WIRE, source="Outlet A", path="a.txt"),
        make_doc(WIRE_COPY, source="Outlet B", path="b.txt"),
        make_doc(OTHER_STORY, source="Outlet C", path="c.txt", published="2024-03-02"),
    ]
    with Store(tmp_path / "s.duckdb", coder=fake_code_document) as store:
        summary = store.ingest(docs)
        assert (summary.documents_new, summary.documents_duplicate) == (3, 1)
        links = dict(store.con.execute("SELECT path, duplicate_of FROM documents").fetchall())
        assert links["b.txt"] == docs[0].content_hash
        assert links["a.txt"] is None and links["c.txt"] is None
        rows = store.con.execute(
            "SELECT cameo_root, num_mentions, num_documents, num_sources FROM events ORDER BY 1"
        ).fetchall()
    # Shelling: 3 documents (the two copies + the other story 36 km away, a day later);
    # accusation: 3 documents, dates within a day. No event is counted twice.
    assert rows == [("11", 3, 3, 3), ("19", 3, 3, 3)]


@pytest.mark.parametrize(
    ("second", "expected_events"),
    [
        ("Russia troops shelled Ukraine troops in Kharkiv on 2024-03-02.", 1),
        ("Russia troops shelled Ukraine troops in Kharkiv on 2024-03-04.", 2),  # 3 days later
        ("Russia troops shelled Ukraine troops in Kyiv on 2024-03-01.", 2),  # 410 km away
        ("Ukraine troops shelled Russia troops in Kharkiv on 2024-03-01.", 2),  # other direction
        ("Russia troops did not shelled Ukraine troops in Kharkiv on 2024-03-01.", 2),  # negated
        ("Russia troops bombed Ukraine troops on 2024-03.", 1),  # month precision, no place
        ("Russia troops accused Ukraine troops in Kharkiv on 2024-03-01.", 2),  # other root
    ],
)
def test_store_merges_mentions_of_the_same_event_across_documents(
    tmp_path: Path, second: str, expected_events: int
) -> None:
    first = make_doc("Russia troops shelled Ukraine troops in Kharkiv on 2024-03-01.", source="A")
    with Store(tmp_path / "s.duckdb", coder=fake_code_document) as store:
        store.ingest([first, make_doc(second, source="B")])
        assert store.counts()["events"] == expected_events
        assert store.counts()["mentions"] == 2
        if expected_events == 1:
            (event_id,) = store.con.execute("SELECT id FROM events").fetchone() or ()
            assert [m["doc_id"] for m in store.mentions(event_id)] == [
                first.content_hash,
                make_doc(second).content_hash,
            ]
