"""Every endpoint, every format twin, the filters of /events and keyset pagination."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pyarrow.parquet as pq
import pytest

from lanner.analysis import dyad_series, find_rivalries
from lanner.events import cameo
from lanner.store import Store
from test_analysis_fakes import PLACES, Ev
from test_api_fixtures import ALL_EVENTS, DOCS, TestClient

# (path, key of the JSON list that CSV and Parquet carry)
LISTS = [
    ("/events?limit=500", "rows"),
    ("/dyads/CHN/TJK/series", "rows"),
    ("/dyads/RUSMIL/UKR/series?period=week&directed=true", "rows"),
    ("/network", "edges"),
    ("/network?table=nodes&level=sector", "nodes"),
    ("/installations", "rows"),
    ("/rivalries?window=all", "rows"),
    ("/stories", "rows"),
    ("/alerts?min_events=1&window_days=20&baseline_windows=2", "rows"),
]


def _with_suffix(path: str, suffix: str) -> str:
    base, _, query = path.partition("?")
    return base + suffix + ("?" + query if query else "")


@pytest.mark.parametrize(("path", "key"), LISTS)
def test_api_endpoints_list_has_json_csv_and_parquet_twins(
    client: TestClient, path: str, key: str
) -> None:
    bare = client.get(path)
    assert bare.status_code == 200, bare.text
    body = bare.json()
    assert body["ok"] is True
    assert client.get(_with_suffix(path, ".json")).json() == body
    rows: list[dict[str, Any]] = body[key]

    as_csv = client.get(_with_suffix(path, ".csv"))
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    csv_rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert len(csv_rows) == len(rows)

    as_parquet = client.get(_with_suffix(path, ".parquet"))
    assert as_parquet.status_code == 200
    table = pq.read_table(io.BytesIO(as_parquet.content))
    assert table.num_rows == len(rows)
    if rows:
        assert set(table.column_names) == set(rows[0]) == set(csv_rows[0])
        first = rows[0]
        for name, value in first.items():
            if isinstance(value, str | int) and not isinstance(value, bool):
                assert csv_rows[0][name] == str(value)
                assert table.column(name)[0].as_py() == value


def test_api_endpoints_lists_are_not_empty_for_this_store(client: TestClient) -> None:
    for path, key in LISTS:
        assert client.get(path).json()[key], path


# (query parameters, which scripted events they keep)
FILTERS: list[tuple[dict[str, Any], Callable[[Ev], bool]]] = [
    ({"actor": "TJK"}, lambda e: "TJK" in (e.src[:3], e.tgt[:3])),
    ({"country": "UKR"}, lambda e: "UKR" in (e.src[:3], e.tgt[:3])),
    ({"dyad": "CHN-TJK"}, lambda e: (e.src[:3], e.tgt[:3]) == ("CHN", "TJK")),
    ({"dyad": "CHN-TJK", "directed": "false"}, lambda e: {e.src[:3], e.tgt[:3]} == {"CHN", "TJK"}),
    ({"dyad": "RUSMIL-UKR"}, lambda e: e.src == "RUSMIL" and e.tgt.startswith("UKR")),
    ({"sector": "MIL"}, lambda e: "MIL" in (e.src[3:], e.tgt[3:])),
    ({"cameo": "11"}, lambda e: e.cameo.startswith("11")),
    ({"cameo": "0332"}, lambda e: e.cameo == "0332"),
    ({"quad_class": 4}, lambda e: cameo(e.cameo).quad_class == 4),
    ({"plover": "ASSAULT"}, lambda e: cameo(e.cameo).plover_event == "ASSAULT"),
    ({"factuality": "intended"}, lambda e: e.factuality == "intended"),
    (
        {"date_from": "2024-02-01", "date_to": "2024-02-12"},
        lambda e: e.date is not None and "2024-02-01" <= e.date <= "2024-02-12",
    ),
    ({"q": "tajikistan"}, lambda e: "tajikistan" in e.sentence.lower()),
    ({"q": "100%"}, lambda e: "100%" in e.sentence),
    (
        {"bbox": "60,30,80,45"},
        lambda e: (
            e.place is not None
            and 60 <= PLACES[e.place][3] <= 80
            and 30 <= PLACES[e.place][2] <= 45
        ),
    ),
    ({"actor": "NATO"}, lambda e: "NATO" in (e.src, e.tgt)),
]


@pytest.mark.parametrize(("params", "keep"), FILTERS, ids=[str(p) for p, _ in FILTERS])
def test_api_endpoints_events_filters_keep_the_right_events(
    client: TestClient, params: dict[str, Any], keep: Callable[[Ev], bool]
) -> None:
    body = client.get("/events", params={**params, "limit": 500}).json()
    expected = {ev.sentence for ev in ALL_EVENTS if keep(ev)}
    assert expected, "a filter case must keep something"
    assert {r["sentence_text"] for r in body["rows"]} == expected


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_api_endpoints_events_pagination_walks_every_event_once(
    client: TestClient, limit: int
) -> None:
    seen: list[dict[str, Any]] = []
    after = None
    for _ in range(100):
        params: dict[str, Any] = {"limit": limit}
        if after:
            params["after"] = after
        body = client.get("/events", params=params).json()
        assert len(body["rows"]) <= limit
        seen += body["rows"]
        after = body["next"]
        if after is None:
            break
    assert len(seen) == len({r["id"] for r in seen}) == len(ALL_EVENTS)
    dated = [r["date"] for r in seen if r["date"]]
    assert dated == sorted(dated, reverse=True)
    assert all(r["date"] is None for r in seen[len(dated) :])  # undated events come last


def test_api_endpoints_csv_and_parquet_carry_the_next_cursor(client: TestClient) -> None:
    as_csv = client.get("/events.csv", params={"limit": 2})
    json_next = client.get("/events", params={"limit": 2}).json()["next"]
    assert as_csv.headers["x-next-cursor"] == json_next


def test_api_endpoints_dyad_series_is_the_library_result(
    client: TestClient, api_store: str
) -> None:
    body = client.get(
        "/dyads/chn/tjk/series", params={"period": "week", "factuality": "any"}
    ).json()
    with Store(api_store, read_only=True) as store:
        expected = dyad_series(store.con, "CHN", "TJK", period="week", factuality=None)
    assert body["rows"] == expected and body["a"] == "CHN"


def test_api_endpoints_rivalries_find_the_tajik_triangle(
    client: TestClient, api_store: str
) -> None:
    rows = client.get("/rivalries", params={"client": "TJK", "window": "all"}).json()["rows"]
    with Store(api_store, read_only=True) as store:
        assert rows == find_rivalries(store.con, client="TJK", window="all")
    assert rows and {rows[0]["patron_a"], rows[0]["patron_b"]} == {"CHN", "RUS"}
    rejected = "b" if rows[0]["patron_b"] == "RUS" else "a"
    assert rows[0][f"reject_{rejected}"] == sum(
        1 for e in ALL_EVENTS if (e.src[:3], e.tgt[:3], e.cameo[:2]) == ("TJK", "RUS", "12")
    )


def test_api_endpoints_installations_show_the_attacked_embassy(client: TestClient) -> None:
    rows = client.get("/installations", params={"owner": "CHN", "kind": "embassy"}).json()["rows"]
    assert len(rows) == 1
    assert (rows[0]["host"], rows[0]["status"], rows[0]["place"]) == ("AFG", "attacked", "Kabul")
    assert (
        "evidence"
        not in client.get("/installations", params={"evidence": "false"}).json()["rows"][0]
    )


def test_api_endpoints_actor_profile_counts_both_roles(client: TestClient) -> None:
    for path in ("/actors/TJK", "/actors/tjk.json"):
        body = client.get(path).json()
        assert body["as_source"] == sum(1 for e in ALL_EVENTS if e.src.startswith("TJK"))
        assert body["as_target"] == sum(1 for e in ALL_EVENTS if e.tgt.startswith("TJK"))
        assert {p["actor"] for p in body["top_targets"]} == {
            e.tgt[:3] for e in ALL_EVENTS if e.src.startswith("TJK")
        }


def test_api_endpoints_document_spans_point_into_its_text(client: TestClient) -> None:
    doc_ids = {
        r["first_doc_id"] for r in client.get("/events", params={"limit": 500}).json()["rows"]
    }
    assert len(doc_ids) == len(DOCS)
    for doc_id in doc_ids:
        for path in (f"/documents/{doc_id}", f"/documents/{doc_id}.json"):
            body = client.get(path).json()
            text = body["text"]
            assert body["events"]
            for event in body["events"]:
                sentence, trigger = event["sentence"], event["trigger"]
                assert text[sentence["start"] : sentence["end"]] == sentence["text"]
                assert text[trigger["start"] : trigger["end"]] == trigger["text"]
                assert sentence["start"] <= trigger["start"] < trigger["end"] <= sentence["end"]


def test_api_endpoints_story_detail_matches_the_list(client: TestClient) -> None:
    stories = client.get("/stories", params={"max_gap_days": 60}).json()["rows"]
    assert sum(s["documents"] for s in stories) == len(DOCS)
    for story in stories:
        for path in (f"/stories/{story['id']}", f"/stories/{story['id']}.json"):
            detail = client.get(path, params={"max_gap_days": 60}).json()
            assert detail["id"] == story["id"] and detail["documents"] == story["documents"]
            assert len(detail["timeline"]) == detail["events"]


def test_api_endpoints_openapi_describes_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/events", "/events.csv", "/dyads/{a}/{b}/series", "/actors/{code}", "/network", "/installations",
                 "/rivalries", "/stories", "/stories/{story_id}", "/documents/{doc_id}", "/alerts", "/alerts.parquet"):  # fmt: skip
        assert path in paths


def test_api_endpoints_root_serves_the_dashboard_or_an_index(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    if response.headers["content-type"].startswith("text/html"):
        assert "<html" in response.text.lower()
    else:
        assert "/events" in response.json()["endpoints"]
