"""Property test: any query parameters on any endpoint give a 2xx or a coded 4xx, never a 500.

The atheris harness ``fuzz/fuzz_api.py`` does the same for as long as one lets it run; this
is its short form for CI. Values are drawn from every Unicode category, including NUL, RTL
marks, surrogate-free astral characters and very long strings, under the API's real names.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lanner.api import create_app
from lanner.store import make_synthetic_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PATHS = [
    "/events", "/events.csv", "/events.parquet", "/dyads/RUS/UKR/series", "/actors/CHN",
    "/network", "/network.csv", "/installations", "/rivalries", "/stories", "/alerts",
]  # fmt: skip
NAMES = [
    "date_from", "date_to", "actor", "dyad", "directed", "country", "sector", "cameo",
    "plover", "quad_class", "factuality", "q", "bbox", "min_sources", "after", "limit",
    "period", "level", "include_domestic", "min_events", "max_nodes", "table", "owner",
    "host", "kind", "status", "evidence", "window", "client", "patron", "min_score",
    "threshold", "max_gap_days", "max_documents", "min_documents", "window_days",
    "baseline_windows", "as_of",
]  # fmt: skip
# Values near what the parameters expect, plus anything at all.
values = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.from_regex(r"-?\d{1,12}(\.\d{0,6})?", fullmatch=True),
    st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True),
    st.from_regex(r"[A-Za-z]{2,8}(-[A-Za-z]{2,8})?", fullmatch=True),
    st.sampled_from(["nan", "inf", "-inf", "1e309", "true", "", " ", "\x00", "%00", "null"]),
    st.text(min_size=1, max_size=1).map(lambda c: c * 1000),  # httpx caps a query at 64 kB
)
params = st.lists(st.tuples(st.sampled_from(NAMES), values), max_size=5)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path: Path = tmp_path_factory.mktemp("params") / "p.duckdb"
    make_synthetic_store(path, 300)
    with TestClient(create_app(str(path)), raise_server_exceptions=False) as test_client:
        yield test_client


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), query=params)
def test_security_any_query_parameters_give_an_answer_or_a_coded_400(
    client: TestClient, path: str, query: list[tuple[str, str]]
) -> None:
    response = client.get(path, params=query)
    assert response.status_code in (200, 400, 404), (path, query, response.text[:300])
    assert response.headers["x-content-type-options"] == "nosniff"
    if response.status_code != 200:
        body = response.json()
        assert body["ok"] is False and body["code"] in ("E601", "E602", "E604"), body
        assert len(response.content) < 2_000
    elif response.headers["content-type"].startswith("application/json"):
        assert json.loads(response.text)["ok"] is True
        assert "<" not in response.text
