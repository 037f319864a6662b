"""The sample corpus, ingested and read through the API, scored against its answer key.

What issue 13 asks the analyst to be able to trust: the installations (precision, recall,
last status), the top rivalry, the conflict alerts, the stories, and no event dated after
its report. Each measured figure must reach its floor in ``sample_answer_key_floors.json``.
A floor only goes up: raise it when a change measures better, and never set one below the
bars of the issue (checked here too).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from lanner.api.app import create_app  # noqa: E402
from lanner.demo import ingest_sample  # noqa: E402
from lanner.sample import expected_answers, load_sample  # noqa: E402

FLOORS = json.loads((Path(__file__).parent / "sample_answer_key_floors.json").read_text())
# The bars of issue 13: a floor below one of these is not allowed.
BARS = {
    "installations_precision": 0.9,
    "installations_recall": 0.9,
    "installations_last_status": 1.0,
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("sample") / "sample.duckdb")
    ingest_sample(path, progress=False)
    return path


@pytest.fixture(scope="module")
def client(store: str) -> Iterator[TestClient]:
    with TestClient(create_app(store)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def sample_ids(store: str) -> dict[str, str]:
    """Store document id -> the sample's own id (sample-005), through the document URL."""
    by_url = {d["url"]: d["id"] for d in load_sample()}
    con = duckdb.connect(store, read_only=True)
    try:
        return {i: by_url[u] for i, u in con.execute("SELECT id, url FROM documents").fetchall()}
    finally:
        con.close()


def _matches(row: dict[str, Any], item: dict[str, Any]) -> bool:
    names = {item["place"], *item.get("place_aliases", [])}
    same_place = row["place"] in names or row.get("place_text") in names
    return (row["owner"], row["host"], row["kind"]) == (
        item["owner"],
        item["host"],
        item["kind"],
    ) and same_place


def _installation_scores(rows: list[dict[str, Any]]) -> dict[str, float]:
    key = expected_answers()["installations"]
    found = {i: next((r for r in rows if _matches(r, item)), None) for i, item in enumerate(key)}
    right_rows = {id(r) for r in found.values() if r is not None}
    last = [r is not None and r["status"] == key[i]["status"] for i, r in found.items()]
    return {
        "installations_precision": len(right_rows) / len(rows) if rows else 0.0,
        "installations_recall": sum(r is not None for r in found.values()) / len(key),
        "installations_last_status": sum(last) / len(key),
    }


def test_sample_answer_key_floors_respect_the_bars() -> None:
    for name, bar in BARS.items():
        assert FLOORS[name] >= bar, name


def test_sample_answer_key_installations(client: TestClient) -> None:
    body = client.get("/installations.json", params={"limit": 500}).json()
    assert body["total"] == len(body["rows"])
    scores = _installation_scores(body["rows"])
    for name, value in scores.items():
        assert value >= FLOORS[name], (
            name,
            value,
            [(r["owner"], r["host"], r["kind"], r["place"]) for r in body["rows"]],
        )


def test_sample_answer_key_installation_histories(
    client: TestClient, sample_ids: dict[str, str]
) -> None:
    rows = client.get("/installations.json", params={"limit": 500}).json()["rows"]
    for item in expected_answers()["installations"]:
        row = next(r for r in rows if _matches(r, item))
        got = [h["status"] for h in row["history"]]
        assert got == item["statuses"], (item["name"], got)
        for step, want in zip(row["history"], _collapsed(item["history"]), strict=True):
            assert step["date"] == want["date"], (item["name"], step["status"])
            docs = {sample_ids[d] for d in step["documents"]}
            assert set(want["documents"]) <= docs, (item["name"], step["status"], docs)


def _collapsed(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for step in history:
        if out and out[-1]["status"] == step["status"]:
            out[-1] = {**out[-1], "documents": out[-1]["documents"] + step["documents"]}
        else:
            out.append(step)
    return out


@pytest.mark.parametrize("item", expected_answers()["installation_rules"]["not_installations"])
def test_sample_answer_key_not_installations(
    client: TestClient, sample_ids: dict[str, str], item: dict[str, Any]
) -> None:
    rows = client.get("/installations.json", params={"limit": 500}).json()["rows"]
    key = expected_answers()["installations"]
    wrong = [r for r in rows if not any(_matches(r, k) for k in key)]
    evidence = {sample_ids[e["doc_id"]] for r in wrong for e in r["evidence"]}
    assert not evidence & set(item["documents"]), item["why"]


def test_sample_answer_key_top_rivalry(client: TestClient) -> None:
    rows = client.get("/rivalries.json", params={"window": "all", "limit": 5}).json()["rows"]
    want = expected_answers()["rivalries"][0]
    top = rows[0]
    assert {top["patron_a"], top["patron_b"]} == set(want["patrons"])
    assert top["client"] == want["client"]
    assert top["why"] and top["score"] > 0
    # the client is never a great power, and no patron is at war with its client
    assert all(r["client"] not in ("CHN", "RUS", "USA") for r in rows)


@pytest.mark.parametrize("alert", expected_answers()["alerts"], ids=lambda a: a["admin1"])
def test_sample_answer_key_alerts(client: TestClient, alert: dict[str, Any]) -> None:
    year, month = (int(x) for x in alert["month"].split("-"))
    last_day = f"{year}-{month:02d}-{28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31}"
    rows = client.get("/alerts.json", params={"level": "admin1", "as_of": last_day}).json()["rows"]
    first_word = alert["admin1"].split()[0]
    hits = [
        r
        for r in rows
        if r["country"] == alert["country"] and (r["admin1"] or "").startswith(first_word)
    ]
    assert hits and "increase" in hits[0]["trend"], (alert, rows[:5])


def test_sample_answer_key_default_alerts_are_not_empty(client: TestClient) -> None:
    # an intention dated ahead must not move the default as_of past the reports
    rows = client.get("/alerts.json", params={"level": "admin1"}).json()["rows"]
    assert rows and rows[0]["window_end"] <= expected_answers()["period"]["end"]


def test_sample_answer_key_stories(client: TestClient, sample_ids: dict[str, str]) -> None:
    found = []
    for row in client.get("/stories.json", params={"limit": 500}).json()["rows"]:
        detail = client.get(f"/stories/{row['id']}.json").json()
        found.append({sample_ids[d["id"]] for d in detail["documents_list"]})
    scores = []
    for story in expected_answers()["stories"]:
        want = set(story["documents"])
        scores.append(max(len(want & got) / len(want | got) for got in found))
    mean = sum(scores) / len(scores)
    assert mean >= FLOORS["stories_mean_jaccard"], (mean, scores)


def test_sample_answer_key_no_event_after_its_report(store: str) -> None:
    con = duckdb.connect(store, read_only=True)
    try:
        late_asserted, far = con.execute(
            """
            SELECT count(*) FILTER (WHERE e.factuality = 'asserted' AND e.date > d.published),
                   count(*) FILTER (WHERE e.date > d.published + INTERVAL 183 DAY)
            FROM events e JOIN documents d ON d.id = e.first_doc_id
            """
        ).fetchone() or (0, 0)
    finally:
        con.close()
    assert late_asserted <= FLOORS["asserted_events_after_report"]
    assert far <= FLOORS["events_more_than_183_days_after_report"]


def test_sample_answer_key_near_duplicates(store: str, sample_ids: dict[str, str]) -> None:
    con = duckdb.connect(store, read_only=True)
    try:
        rows = con.execute(
            "SELECT id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL"
        ).fetchall()
    finally:
        con.close()
    found = {frozenset((sample_ids[a], sample_ids[b])) for a, b in rows}
    assert found == {frozenset(pair) for pair in expected_answers()["near_duplicates"]}


@pytest.mark.parametrize("case", expected_answers()["dates"]["past_offers"])
def test_sample_answer_key_past_offers_are_dated_in_the_past(
    store: str, sample_ids: dict[str, str], case: dict[str, str]
) -> None:
    con = duckdb.connect(store, read_only=True)
    try:
        rows = con.execute(
            """SELECT m.doc_id, strftime(e.date, '%Y-%m')
               FROM mentions m JOIN events e ON e.id = m.event_id
               JOIN documents d ON d.id = m.doc_id
               WHERE contains(substring(d.text, m.sentence_start + 1,
                                        m.sentence_end - m.sentence_start), ?)""",
            [case["text"]],
        ).fetchall()
    finally:
        con.close()
    months = {month for doc, month in rows if sample_ids[doc] == case["document"]}
    assert months == {case["month"]}, rows
