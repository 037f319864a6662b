"""The API's response cache: identical GETs are answered once, errors never are, and the
cached answer is byte-for-byte the fresh one (with the security headers)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from lanner.store import make_synthetic_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from lanner.api import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    path = tmp_path_factory.mktemp("cache") / "s.duckdb"
    make_synthetic_store(Path(path), 300)
    return TestClient(create_app(str(path)))


def test_api_cache_repeated_get_is_served_from_cache(client: TestClient) -> None:
    cache = client.app.state.response_cache  # type: ignore[attr-defined]
    first = client.get("/events?limit=5&quad_class=4")
    hits = cache.hits
    second = client.get("/events?limit=5&quad_class=4")
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert cache.hits == hits + 1
    assert second.headers["x-content-type-options"] == "nosniff"
    assert "default-src" in second.headers["content-security-policy"]


def test_api_cache_distinguishes_queries(client: TestClient) -> None:
    a = client.get("/events?limit=3")
    b = client.get("/events?limit=4")
    assert a.json() != b.json()


def test_api_cache_never_keeps_errors(client: TestClient) -> None:
    cache = client.app.state.response_cache  # type: ignore[attr-defined]
    bad = client.get("/events?limit=100000")
    assert bad.status_code == 400
    misses = cache.misses
    again = client.get("/events?limit=100000")
    assert again.status_code == 400 and again.json()["code"].startswith("E6")
    assert cache.misses == misses + 1, "an error answer is recomputed, not cached"


def test_api_cache_serves_format_twins(client: TestClient) -> None:
    first = client.get("/events.csv?limit=5")
    second = client.get("/events.csv?limit=5")
    assert first.status_code == 200 and second.content == first.content
    assert second.headers["content-type"].startswith("text/csv")
