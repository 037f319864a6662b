"""Security: headers on every response, escaped markup, injection strings treated as values."""

from __future__ import annotations

import json

import pytest

from lanner.api import SECURITY_HEADERS
from lanner.store import Store
from test_api_fixtures import ALL_EVENTS, INJECTION, SCRIPT, TestClient

PATHS = [
    "/",
    "/events",
    "/events.csv",
    "/events.parquet",
    "/network.json",
    "/openapi.json",
    "/events?limit=0",  # an error
    "/nowhere",  # a 404
]


@pytest.mark.parametrize("path", PATHS)
def test_api_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == SECURITY_HEADERS["Referrer-Policy"]


def test_api_security_cors_is_off(client: TestClient) -> None:
    response = client.get("/events", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/events", headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_api_security_script_in_title_and_text_is_json_escaped(client: TestClient) -> None:
    rows = client.get("/events", params={"q": "100%"}).json()["rows"]
    doc_id = rows[0]["first_doc_id"]
    response = client.get(f"/documents/{doc_id}")
    raw = response.text
    assert "<script>" not in raw and "</script>" not in raw
    assert "\\u003cscript\\u003e" in raw
    body = json.loads(raw)  # escaped, yet the same text once parsed
    assert body["title"].startswith(SCRIPT) and SCRIPT in body["text"]
    listing = client.get("/events", params={"limit": 500}).text
    assert "<script>" not in listing and "\\u003cscript\\u003e" in listing


@pytest.mark.parametrize(
    "value",
    [INJECTION, "' OR '1'='1", "%' OR 1=1 --", "_", "\\", "events; SELECT 1", "NULL", "');--"],
)
def test_api_security_injection_strings_in_text_search_are_values(
    client: TestClient, api_store: str, value: str
) -> None:
    response = client.get("/events", params={"q": value, "limit": 500})
    assert response.status_code == 200
    sentences = {r["sentence_text"] for r in response.json()["rows"]}
    expected = {e.sentence for e in ALL_EVENTS if value.lower() in e.sentence.lower()}
    assert sentences <= {e.sentence for e in ALL_EVENTS}
    assert expected <= sentences
    with Store(api_store, read_only=True) as store:
        assert store.counts()["events"] == len(ALL_EVENTS)


@pytest.mark.parametrize(
    "name", ["actor", "country", "dyad", "cameo", "plover", "sector", "factuality"]
)
def test_api_security_injection_strings_in_code_filters_are_refused(
    client: TestClient, name: str
) -> None:
    response = client.get("/events", params={name: INJECTION})
    assert response.status_code == 400
    assert response.json()["code"] == "E601"


def test_api_security_like_wildcards_match_literally(client: TestClient) -> None:
    percent = client.get("/events", params={"q": "100%"}).json()["rows"]
    assert [r["sentence_text"] for r in percent] == [
        e.sentence for e in ALL_EVENTS if "100%" in e.sentence
    ]
    underscore = client.get("/events", params={"q": "_"}).json()["rows"]
    assert underscore == []
