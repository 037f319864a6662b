"""Fuzz the API's query parameters and path segments, in process (FastAPI TestClient).

    python fuzz/fuzz_api.py -max_total_time=600

The app serves a small synthetic store. Every answer must be a 2xx with a parseable body,
or a 4xx carrying the error shape ``{"ok": false, "error": ..., "code": "E6xx"}``; a 500
(E606, an unexpected exception in a route) is a crash.
"""

from __future__ import annotations

import json
import sys
import tempfile
import warnings
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import atheris  # noqa: E402
from _harness import check, run  # noqa: E402

with atheris.instrument_imports(include=["lanner"]):
    import lanner.analysis  # noqa: F401 - instrumented for coverage feedback
    import lanner.api.routes  # noqa: F401 - instrumented for coverage feedback
    from lanner.api import create_app
    from lanner.store import make_synthetic_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PATHS = [
    "/events", "/events.csv", "/events.json", "/events.parquet", "/dyads/{a}/{b}/series",
    "/dyads/{a}/{b}/series.csv", "/actors/{a}", "/actors/{a}.json", "/network", "/network.csv",
    "/installations", "/rivalries", "/stories", "/stories/{a}", "/documents/{a}", "/alerts",
    "/alerts.csv",
]  # fmt: skip
PARAMETERS = [
    "date_from", "date_to", "actor", "dyad", "directed", "country", "sector", "cameo",
    "plover", "quad_class", "factuality", "q", "bbox", "min_sources", "after", "limit",
    "period", "level", "include_domestic", "min_events", "max_nodes", "table", "owner",
    "host", "kind", "status", "evidence", "window", "client", "patron", "min_score",
    "threshold", "max_gap_days", "max_documents", "min_documents", "window_days",
    "baseline_windows", "as_of", "format",
]  # fmt: skip
SEGMENT_SEEDS = ["CHN", "RUS", "syn0000000000001", "0123456789ab", "..%2F..%2Fetc%2Fpasswd"]


def _client() -> TestClient:
    folder = Path(tempfile.mkdtemp(prefix="lanner-fuzz-api-"))
    store = folder / "api.duckdb"
    make_synthetic_store(store, 400)
    return TestClient(create_app(str(store)), raise_server_exceptions=False)


CLIENT = _client()


def _segment(fdp: atheris.FuzzedDataProvider) -> str:
    if fdp.ConsumeBool():
        return str(SEGMENT_SEEDS[fdp.ConsumeIntInRange(0, len(SEGMENT_SEEDS) - 1)])
    return quote(fdp.ConsumeUnicodeNoSurrogates(40), safe="")


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    template = PATHS[fdp.ConsumeIntInRange(0, len(PATHS) - 1)]
    path = template.replace("{a}", _segment(fdp)).replace("{b}", _segment(fdp))
    params: list[tuple[str, str]] = []
    for _ in range(fdp.ConsumeIntInRange(0, 4)):
        if fdp.ConsumeIntInRange(0, 9) == 0:
            name = fdp.ConsumeUnicodeNoSurrogates(10)
        else:
            name = PARAMETERS[fdp.ConsumeIntInRange(0, len(PARAMETERS) - 1)]
        params.append((name, fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 400))))
    response = CLIENT.get(path, params=params)
    status = response.status_code
    check(status < 500, f"{status} for {path} {params!r}: {response.text[:300]}")
    check(response.headers.get("x-content-type-options") == "nosniff", "security headers")
    if status >= 400:
        body = response.json()
        check(body.get("ok") is False, f"error without the error shape: {body}")
        check(str(body.get("code", "")).startswith("E6"), f"error code {body.get('code')}")
    elif response.headers.get("content-type", "").startswith("application/json"):
        json.loads(response.text)
        check("<" not in response.text, "unescaped markup in JSON")


if __name__ == "__main__":
    run(one_input, "api")
