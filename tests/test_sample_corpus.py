"""The bundled sample corpus: well-formed, fictional, and consistent with its answer key."""

from __future__ import annotations

import itertools
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import lanner.sample as sample
from lanner.errors import LannerError
from lanner.ingest import read_documents
from lanner.ingest.documents import find_dateline
from lanner.records import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# The status vocabulary of the installations view (issue 6).
STATUSES = {
    "planned",
    "under construction",
    "operating",
    "attacked",
    "closed",
    "reopened",
    "withdrawn",
}
COUNTRY_NAMES = {"CHN": "China", "RUS": "Russia", "TJK": "Tajikistan", "KGZ": "Kyrgyzstan"}
FICTION_NOTE = "fictional sample text written for Lanner"
# Copies of one wire story share most word 3-shingles; separate reports share few. The
# store's near-duplicate threshold (lanner.store.dedup) is 0.5 Jaccard, so the key's pairs
# must clear it and every other pair must stay well under it.
DUPLICATE_FLOOR = 0.6
DISTINCT_CEILING = 0.3


def _shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


@pytest.fixture(scope="module")
def docs() -> list[dict[str, Any]]:
    return sample.load_sample()


@pytest.fixture(scope="module")
def by_id(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {d["id"]: d for d in docs}


@pytest.fixture(scope="module")
def key() -> dict[str, Any]:
    return sample.expected_answers()


def _period(key: dict[str, Any]) -> tuple[date, date]:
    return date.fromisoformat(key["period"]["start"]), date.fromisoformat(key["period"]["end"])


def test_sample_every_line_is_a_json_object_with_the_reader_fields() -> None:
    lines = sample.sample_corpus_path().read_text(encoding="utf-8").splitlines()
    assert lines, "corpus.jsonl is empty"
    for number, line in enumerate(lines, start=1):
        value = json.loads(line)
        assert isinstance(value, dict), f"line {number} is not an object"
        assert tuple(value) == sample.SAMPLE_FIELDS, f"line {number} has fields {list(value)}"
        for name in sample.SAMPLE_FIELDS:
            assert isinstance(value[name], str) and value[name].strip(), (number, name)


def test_sample_load_matches_the_file_line_by_line(docs: list[dict[str, Any]]) -> None:
    lines = sample.sample_corpus_path().read_text(encoding="utf-8").splitlines()
    assert docs == [json.loads(line) for line in lines]


def test_sample_has_at_least_thirty_documents(docs: list[dict[str, Any]]) -> None:
    assert len(docs) >= 30


def test_sample_ids_are_unique_and_urls_are_example_org(docs: list[dict[str, Any]]) -> None:
    ids = [d["id"] for d in docs]
    assert len(ids) == len(set(ids))
    for d in docs:
        match = re.fullmatch(r"sample-(\d{3})", d["id"])
        assert match, d["id"]
        assert d["url"] == f"https://example.org/sample/{match.group(1)}", d["id"]


def test_sample_dates_are_valid_and_inside_the_story_period(
    docs: list[dict[str, Any]], key: dict[str, Any]
) -> None:
    start, end = _period(key)
    for d in docs:
        published = date.fromisoformat(d["published"])
        assert start <= published <= end, (d["id"], d["published"])


def test_sample_reports_are_news_length_with_a_dateline(docs: list[dict[str, Any]]) -> None:
    for d in docs:
        words = len(d["text"].split())
        assert 120 <= words <= 300, (d["id"], words)
        assert find_dateline(d["text"]) is not None, d["id"]
        assert "(Lanner Sample)" in d["text"].split("\n", 1)[0], d["id"]


def test_sample_every_report_says_it_is_fiction(docs: list[dict[str, Any]]) -> None:
    for d in docs:
        assert FICTION_NOTE in d["text"], d["id"]


def test_sample_ingest_reads_every_document_without_failure(docs: list[dict[str, Any]]) -> None:
    results = list(read_documents([str(sample.sample_corpus_path())]))
    failures = [r for r in results if not isinstance(r, Document)]
    assert not failures, failures
    read = {r.id: r for r in results if isinstance(r, Document)}
    assert set(read) == {d["id"] for d in docs}
    for d in docs:
        assert read[d["id"]].published == d["published"]
        assert read[d["id"]].source == d["source"]


def test_sample_key_refers_only_to_documents_that_exist(
    by_id: dict[str, dict[str, Any]], key: dict[str, Any]
) -> None:
    referenced: list[str] = []
    for item in key["installations"]:
        for step in item["history"]:
            referenced.extend(step["documents"])
    for alert in key["alerts"]:
        referenced.extend(alert["documents"])
    for story in key["stories"]:
        referenced.extend(story["documents"])
    for rivalry in key["rivalries"]:
        referenced.extend(rivalry["rejection"]["documents"])
    referenced.extend(itertools.chain.from_iterable(key["near_duplicates"]))
    referenced.extend(key["background"])
    missing = sorted(set(referenced) - set(by_id))
    assert not missing


def test_sample_installations_are_mentioned_with_their_place(
    docs: list[dict[str, Any]], by_id: dict[str, dict[str, Any]], key: dict[str, Any]
) -> None:
    corpus = "\n".join(d["text"] for d in docs)
    assert len(key["installations"]) >= 6
    for item in key["installations"]:
        assert item["place"] in corpus, item["name"]
        assert item["owner"] in COUNTRY_NAMES and item["host"] in COUNTRY_NAMES, item["name"]
        # The documents behind each status name the place and the installation's kind.
        kind_word = item["kind"].split()[-1]
        for step in item["history"]:
            for doc_id in step["documents"]:
                text = by_id[doc_id]["text"]
                assert item["place"] in text, (item["name"], doc_id)
                assert kind_word in text.lower(), (item["name"], doc_id, kind_word)


def test_sample_installation_statuses_follow_their_dated_history(
    by_id: dict[str, dict[str, Any]], key: dict[str, Any]
) -> None:
    start, end = _period(key)
    for item in key["installations"]:
        assert set(item["statuses"]) <= STATUSES, item["name"]
        steps = item["history"]
        dates = [date.fromisoformat(step["date"]) for step in steps]
        assert dates == sorted(dates), item["name"]
        assert all(start <= day <= end for day in dates), item["name"]
        collapsed = [status for status, _ in itertools.groupby(s["status"] for s in steps)]
        assert collapsed == item["statuses"], item["name"]
        for step in steps:
            for doc_id in step["documents"]:
                # A report cannot describe a status reached after it was published.
                assert by_id[doc_id]["published"] >= step["date"], (item["name"], doc_id)


def test_sample_rivalry_patrons_and_client_are_in_the_story(
    docs: list[dict[str, Any]], by_id: dict[str, dict[str, Any]], key: dict[str, Any]
) -> None:
    rivalry = key["rivalries"][0]
    assert sorted(rivalry["patrons"]) == ["CHN", "RUS"] and rivalry["client"] == "TJK"
    client = COUNTRY_NAMES[rivalry["client"]]
    for patron in rivalry["patrons"]:
        name = COUNTRY_NAMES[patron]
        together = [d for d in docs if name in d["text"] and client in d["text"]]
        assert len(together) >= 8, patron
    for doc_id in rivalry["rejection"]["documents"]:
        text = by_id[doc_id]["text"]
        assert "rejected" in text and "Russian proposal" in text, doc_id


def test_sample_near_duplicate_pairs_are_similar_but_not_identical(
    by_id: dict[str, dict[str, Any]], key: dict[str, Any]
) -> None:
    assert len(key["near_duplicates"]) >= 2
    for a, b in key["near_duplicates"]:
        first, second = by_id[a], by_id[b]
        assert first["text"] != second["text"], (a, b)
        assert first["source"] != second["source"], (a, b)
        assert _jaccard(first["text"], second["text"]) >= DUPLICATE_FLOOR, (a, b)


def test_sample_other_pairs_are_not_near_duplicates(
    docs: list[dict[str, Any]], key: dict[str, Any]
) -> None:
    pairs = {frozenset(pair) for pair in key["near_duplicates"]}
    for first, second in itertools.combinations(docs, 2):
        if frozenset((first["id"], second["id"])) in pairs:
            continue
        score = _jaccard(first["text"], second["text"])
        assert score < DISTINCT_CEILING, (first["id"], second["id"], round(score, 3))


def test_sample_has_background_reports_from_other_regions(
    by_id: dict[str, dict[str, Any]], key: dict[str, Any]
) -> None:
    central_asia = ("Tajikistan", "Kyrgyzstan", "Dushanbe", "Bishkek")
    assert len(key["background"]) >= 5
    for doc_id in key["background"]:
        text = by_id[doc_id]["text"]
        assert not any(name in text for name in central_asia), doc_id


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ('{"id": "sample-001", "text": "x"}\n{not json}\n', "E107"),
        ('["a list, not an object"]\n', "E107"),
    ],
)
def test_sample_corrupt_corpus_raises_a_coded_error(
    monkeypatch: pytest.MonkeyPatch, content: str, code: str
) -> None:
    monkeypatch.setattr(sample, "_read_text", lambda name: content)
    with pytest.raises(LannerError) as caught:
        sample.load_sample()
    assert caught.value.code == code


@pytest.mark.shared
def test_sample_shares_no_eight_word_run_with_the_seed_report(
    docs: list[dict[str, Any]],
) -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if SHARED.is_dir() else []
    if not seeds:
        pytest.skip(f"shared seed reports not found under {SHARED}")
    seed_runs: set[tuple[str, ...]] = set()
    for path in seeds:
        seed_runs |= _shingles(path.read_text(encoding="utf-8"), size=8)
    for d in docs:
        shared_runs = _shingles(d["text"], size=8) & seed_runs
        assert not shared_runs, (d["id"], sorted(shared_runs)[:3])
