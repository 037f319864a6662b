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


# -- issue 15: the key holds only declared parameters; the cache is bounded in bytes ---------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("/events?limit=5", "/events?limit=5&zz=" + "x" * 30_000),  # httpx caps URLs at 64 kB
        ("/events?limit=5&quad_class=4", "/events?quad_class=4&limit=5"),  # another order
        ("/network?max_nodes=3", "/network?utm_source=mail&max_nodes=3&fbclid=abc"),
    ],
    ids=["unknown-30kB", "order", "tracking-params"],
)
def test_api_cache_key_ignores_unknown_parameters_and_order(
    tmp_path: Path, first: str, second: str
) -> None:
    path = tmp_path / "k.duckdb"
    make_synthetic_store(path, 300)
    with TestClient(create_app(str(path))) as client:
        cache = client.app.state.response_cache  # type: ignore[attr-defined]
        a = client.get(first)
        b = client.get(second)
        assert a.status_code == b.status_code == 200
        assert b.content == a.content
        assert len(cache) == 1 and cache.hits == 1
        assert cache.total_bytes < 30_000  # the long parameter is not in the key


@pytest.mark.parametrize("budget", [20_000, 60_000, 200_000])
def test_api_cache_stays_within_its_byte_budget(tmp_path: Path, budget: int) -> None:
    path = tmp_path / "b.duckdb"
    make_synthetic_store(path, 2_000)
    with TestClient(create_app(str(path), cache_bytes=budget)) as client:
        cache = client.app.state.response_cache  # type: ignore[attr-defined]
        sizes = []
        for month in range(1, 13):
            response = client.get(f"/events?limit=20&date_from=2020-{month:02d}-01")
            assert response.status_code == 200
            sizes.append(len(response.content))
            assert cache.total_bytes <= budget
        assert len(cache) < 12 or sum(sizes) <= budget  # old answers went to make room
        assert len(cache) >= 1


def test_api_cache_off_keeps_nothing(tmp_path: Path) -> None:
    path = tmp_path / "o.duckdb"
    make_synthetic_store(path, 300)
    with TestClient(create_app(str(path), cache_bytes=0)) as client:
        assert client.app.state.response_cache is None  # type: ignore[attr-defined]
        assert client.get("/events?limit=5").content == client.get("/events?limit=5").content
