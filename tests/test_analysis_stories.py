"""Stories: documents grouped by text, dyads and places, with an event timeline."""

from __future__ import annotations

from datetime import date

import pytest

from lanner.analysis import find_stories, story_detail, tfidf_vectors
from lanner.errors import LannerError
from test_analysis_fakes import Doc, Ev, open_store

BORDER = [
    "Engineers poured concrete for the outpost on the Pamir border road near Murghab.",
    "Chinese funding pays for barracks, fences and a watchtower above the Wakhan corridor.",
    "Border guards at the Murghab outpost will patrol the Pamir passes through the winter.",
    "The outpost sits on the old Pamir highway, a day's drive from the Wakhan corridor.",
    "Officials in Murghab said the outpost barracks could house two hundred border guards.",
]
HERDERS = [
    "Herders and farmers clashed again over wells and grazing land along the Lake Chad shore.",
    "Soldiers escorted cattle convoys through the dry season as the drought emptied the wells.",
    "Farmers say herders drive cattle into their millet fields when the grazing land dries up.",
    "Elders from herder and farmer villages met near the wells to share out the grazing land.",
    "The drought around Lake Chad has pushed cattle herders south towards farming villages.",
]
# (thread, published, event). Documents of one thread share words, dyads and places; the
# last border report comes months later, after the gap that closes a story.
THREADS = [
    (
        "border",
        "2024-03-01",
        Ev("China funded an outpost for Tajikistan.", "CHNGOV", "TJKGOV", "071", place="Murghab"),
    ),
    (
        "herders",
        "2024-03-02",
        Ev("Niger accused Chad of raids.", "NERGOV", "TCDGOV", "112", place="Niamey"),
    ),
    (
        "border",
        "2024-03-04",
        Ev("China praised Tajikistan.", "CHNGOV", "TJKGOV", "051", place="Murghab"),
    ),
    (
        "herders",
        "2024-03-05",
        Ev("Chad threatened Niger over the wells.", "TCDGOV", "NERGOV", "130", place="Ndjamena"),
    ),
    (
        "border",
        "2024-03-08",
        Ev("Tajikistan thanked China for the outpost.", "TJKGOV", "CHNGOV", "051", place="Murghab"),
    ),
    (
        "herders",
        "2024-03-09",
        Ev("Chad soldiers attacked Niger herders.", "TCDMIL", "NERCVL", "190", place="Ndjamena"),
    ),
    (
        "border",
        "2024-07-20",
        Ev("China handed the outpost to Tajikistan.", "CHNMIL", "TJKMIL", "061", place="Murghab"),
    ),
]
GAP_DAYS = 14


def _docs() -> list[Doc]:
    out = []
    for i, (thread, published, ev) in enumerate(THREADS):
        pool = BORDER if thread == "border" else HERDERS
        # two of the thread's sentences each: shared words, but no wire copies
        body = f"{pool[i % 5]} {pool[(i + 2) % 5]}"
        out.append(Doc([ev], published=published, title=f"{thread} report {i}", extra=body))
    return out


def _expected_groups() -> list[set[str]]:
    """Threads split where the gap between consecutive reports exceeds the limit."""
    groups: list[set[str]] = []
    last: dict[str, tuple[date, set[str]]] = {}
    for i, (thread, published, _) in enumerate(THREADS):
        day = date.fromisoformat(published)
        title = f"{thread} report {i}"
        if thread in last and (day - last[thread][0]).days <= GAP_DAYS:
            last[thread][1].add(title)
            last[thread] = (day, last[thread][1])
        else:
            group = {title}
            groups.append(group)
            last[thread] = (day, group)
    return groups


def store_docs() -> list[Doc]:
    """The documents of this module's store (the ``store_path`` fixture of conftest.py)."""
    return _docs()


def test_analysis_stories_group_documents_by_thread_and_gap(store_path: str) -> None:
    with open_store(store_path) as store:
        # the premise: no report is a near-duplicate of another
        assert store.con.execute("SELECT count(duplicate_of) FROM documents").fetchone() == (0,)
        stories = find_stories(store.con, max_gap_days=GAP_DAYS)
        got = []
        for story in stories:
            detail = story_detail(store.con, story["id"], max_gap_days=GAP_DAYS)
            assert detail is not None
            got.append({d["title"] for d in detail["documents_list"]})
            assert detail["documents"] == len(detail["documents_list"]) == story["documents"]
    assert sorted(map(sorted, got)) == sorted(map(sorted, _expected_groups()))


def test_analysis_stories_timeline_is_in_date_order_with_sentences(store_path: str) -> None:
    with open_store(store_path) as store:
        biggest = find_stories(store.con, max_gap_days=GAP_DAYS)[0]
        detail = story_detail(store.con, biggest["id"], max_gap_days=GAP_DAYS)
    assert detail is not None
    timeline = detail["timeline"]
    assert [e["date"] for e in timeline] == sorted(e["date"] for e in timeline)
    sentences = {ev.sentence for _, _, ev in THREADS}
    assert timeline and all(e["sentence"] in sentences for e in timeline)
    assert detail["start"] == timeline[0]["date"] and detail["end"] == timeline[-1]["date"]


def test_analysis_stories_unknown_id_is_none(store_path: str) -> None:
    with open_store(store_path) as store:
        assert story_detail(store.con, "000000000000") is None


def test_analysis_stories_tfidf_vectors_are_unit_length_and_ignore_stopwords() -> None:
    vectors = tfidf_vectors([" ".join(BORDER), " ".join(HERDERS), "the and of to"])
    for vector in vectors[:2]:
        assert sum(w * w for w in vector.values()) == pytest.approx(1.0)
    assert vectors[2] == {}
    shared = set(vectors[0]) & set(vectors[1])
    assert all(vectors[0][t] < max(vectors[0].values()) for t in shared)


@pytest.mark.parametrize(
    ("kwargs", "name"), [({"threshold": 0.0}, "threshold"), ({"max_gap_days": -1}, "max_gap_days")]
)
def test_analysis_stories_bad_parameters_raise_coded_errors(
    store_path: str, kwargs: dict[str, float], name: str
) -> None:
    with open_store(store_path) as store, pytest.raises(LannerError) as info:
        find_stories(store.con, **kwargs)  # type: ignore[arg-type]
    assert (info.value.code, info.value.fields["name"]) == ("E601", name)
