"""One error shape everywhere: bad parameters, unknown paths and ids, wrong methods, tokens."""

from __future__ import annotations

import pytest

from lanner.api import create_app
from lanner.errors import CATALOGUE
from test_api_fixtures import TestClient

# (path, the parameter named in the message)
BAD_PARAMETERS = [
    ("/events?limit=0", "limit"),
    ("/events?limit=501", "limit"),
    ("/events?limit=ten", "limit"),
    ("/events?date_from=2024-1-1", "date_from"),
    ("/events?date_from=2024-02-30", "date_from"),
    ("/events?date_from=2024-03-01&date_to=2024-01-01", "date_to"),
    ("/events?quad_class=5", "quad_class"),
    ("/events?factuality=rumoured", "factuality"),
    ("/events?q=" + "x" * 201, "q"),
    ("/events?q=", "q"),
    ("/events?bbox=1,2,3", "bbox"),
    ("/events?bbox=10,0,5,1", "bbox"),
    ("/events?after=not-a-cursor", "after"),
    ("/events?actor=CHN%27%20OR%201=1", "actor"),
    ("/events?dyad=CHN", "dyad"),
    ("/events?cameo=abc", "cameo"),
    ("/dyads/CHN/TJK/series?period=fortnight", "period"),
    ("/dyads/CH%20N/TJK/series", "a"),
    ("/network?level=planet", "level"),
    ("/network?max_nodes=100000", "max_nodes"),
    ("/network?quad_class=7", "quad_class"),
    ("/rivalries?window=decade", "window"),
    ("/stories?threshold=0", "threshold"),
    ("/stories/not-an-id", "story_id"),
    ("/alerts?window_days=0", "window_days"),
    ("/alerts?level=planet", "level"),
    ("/installations?status=haunted", "status"),
    ("/documents/..passwd", "doc_id"),
]


def _assert_error_shape(body: dict[str, object], code: str) -> None:
    assert set(body) == {"ok", "error", "code"}
    assert body["ok"] is False and body["code"] == code
    assert isinstance(body["error"], str) and body["error"]


@pytest.mark.parametrize(("path", "name"), BAD_PARAMETERS)
def test_api_errors_bad_parameter_is_a_400_with_the_error_shape(
    client: TestClient, path: str, name: str
) -> None:
    response = client.get(path)
    assert response.status_code == 400, response.text
    body = response.json()
    _assert_error_shape(body, "E601")
    assert name in str(body["error"])


@pytest.mark.parametrize(
    "path",
    [
        "/nowhere",
        "/events.xml",
        "/documents/0000000000000000",
        "/documents/0000000000000000.json",
        "/actors/ZZZ",
        "/stories/000000000000",
        "/static/../../../../etc/passwd",
        "/../../etc/passwd",
        "/documents/..%2F..%2Fetc%2Fpasswd",
    ],
)
def test_api_errors_unknown_things_are_404_with_the_error_shape(
    client: TestClient, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 404, response.text
    _assert_error_shape(response.json(), "E602")
    assert "root:" not in response.text


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_api_errors_writes_are_not_allowed(client: TestClient, method: str) -> None:
    response = client.request(method, "/events")
    assert response.status_code == 405
    _assert_error_shape(response.json(), "E605")


def test_api_errors_every_api_code_is_in_the_catalogue() -> None:
    for code in ("E601", "E602", "E603", "E604", "E605", "E606"):
        assert code in CATALOGUE


def test_api_errors_token_is_required_when_set(api_store: str) -> None:
    with TestClient(create_app(api_store, token="s3cret")) as guarded:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"X-Lanner-Token": "nope"}):
            response = guarded.get("/events", headers=headers)
            assert response.status_code == 401
            _assert_error_shape(response.json(), "E603")
        assert guarded.get("/events", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert guarded.get("/events", headers={"X-Lanner-Token": "s3cret"}).status_code == 200
        assert guarded.get("/openapi.json").status_code == 200
