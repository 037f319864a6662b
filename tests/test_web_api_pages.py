"""The dashboard's routes beside the API: /names and the offline API page at /docs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from lanner.api.app import SECURITY_HEADERS, create_app  # noqa: E402
from test_analysis_fakes import Doc, Ev, build_store  # noqa: E402


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    docs = [Doc([Ev("China aided Tajikistan.", "CHNGOV", "TJKGOV", "071", "2024-01-02")])]
    path = build_store(Path(tmp_path_factory.mktemp("pages")) / "p.duckdb", docs)
    with TestClient(create_app(path)) as test_client:
        yield test_client


@pytest.mark.parametrize("path", ["/names", "/names.json"])
def test_web_api_names_name_every_code_of_the_store(client: TestClient, path: str) -> None:
    body = client.get(path).json()
    assert body["ok"] is True
    assert {"CHN", "TJK", "CHNGOV", "TJKGOV"} <= set(body["names"])
    assert body["names"]["TJK"] == "Tajikistan" and body["count"] == len(body["names"])


def test_web_api_docs_page_is_offline_html(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<script" in page and "/static/js/apidocs.js" in page
    assert "http://" not in page and "https://" not in page  # nothing from outside
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


def test_web_api_docs_page_is_open_on_a_guarded_server(tmp_path: Path) -> None:
    docs = [Doc([Ev("China aided Tajikistan.", "CHNGOV", "TJKGOV", "071", "2024-01-02")])]
    path = build_store(tmp_path / "g.duckdb", docs)
    with TestClient(create_app(path, token="s3cret")) as guarded:
        assert guarded.get("/docs").status_code == 200
        assert guarded.get("/names").json()["code"] == "E603"
