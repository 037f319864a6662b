"""Safe serving: what a hostile client or a hostile article can and cannot do to the API.

``tests/test_api_security.py`` and ``tests/test_api_errors.py`` check the headers, CORS,
JSON escaping of ``<script>`` and a few bad parameters. This file widens each front:
every route and every write method, with and without a token; bounds on every kind of
parameter; more traversal spellings; markup reflected from parameters and paths into
errors; a store whose titles, sentences and actor names carry XSS payloads, read back in
JSON, CSV and Parquet. The browser side is ``tests/test_web_dashboard.py``
(``test_web_hostile_article_is_shown_as_inert_text``).
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from lanner.analysis.search import MAX_LIMIT, MAX_TEXT
from lanner.api import create_app
from lanner.api.server import serve
from lanner.store import Store
from test_analysis_fakes import Doc, Ev, build_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = "<svg/onload=alert(1)>"
QUOTE_BREAK = "\"'><script>alert(1)</script>"
PAYLOADS = [SCRIPT, IMG, SVG, QUOTE_BREAK]
TOKEN = "t0ken-for-tests"
WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]

HOSTILE_DOCS = [
    Doc(
        [
            Ev(
                f"Russia shelled {IMG} Ukraine.",
                "RUSMIL",
                "UKRMIL",
                "195",
                "2024-02-01",
                place="Kharkiv",
                trigger="shelled",
            ),
            Ev(f"Ukraine accused Russia {SCRIPT} again.", "UKRGOV", "RUSGOV", "112", "2024-02-02"),
        ],
        published="2024-02-03",
        title=f"{IMG} {SCRIPT} the front",
        extra=f"{SVG} {QUOTE_BREAK}",
    ),  # fmt: skip
    Doc(
        [Ev("China praised Tajikistan.", "CHNGOV", "TJKGOV", "051", "2024-03-01")],
        published="2024-03-02",
        title="Plain",
    ),
]


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("hostile") / "h.duckdb", HOSTILE_DOCS)


@pytest.fixture(scope="module")
def client(hostile_store: str) -> Iterator[TestClient]:
    with TestClient(create_app(hostile_store), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def guarded(hostile_store: str) -> Iterator[TestClient]:
    app = create_app(hostile_store, token=TOKEN)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def concrete_paths(client: TestClient) -> list[str]:
    """Every GET route of the app, with placeholders filled by valid-looking values."""
    fill = {"{a}": "RUS", "{b}": "UKR", "{code}": "RUS", "{story_id}": "0123456789ab",
            "{doc_id}": "0000000000000000", "{path:path}": "app.js"}  # fmt: skip
    paths = ["/", "/openapi.json", "/static/app.js"]
    for path in client.get("/openapi.json", headers={"Authorization": f"Bearer {TOKEN}"}).json()[
        "paths"
    ]:
        for placeholder, value in fill.items():
            path = path.replace(placeholder, value)
        if "{" not in path:
            paths.append(path)
    return sorted(set(paths))


def assert_error_shape(body: dict[str, object], code: str) -> None:
    assert set(body) == {"ok", "error", "code"}
    assert body["ok"] is False and body["code"] == code


# -- binding, tokens and write methods ------------------------------------------------------


def test_security_serve_defaults_to_localhost_only() -> None:
    import inspect

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"


@pytest.mark.parametrize("method", WRITE_METHODS)
def test_security_no_route_accepts_writes_without_a_token(client: TestClient, method: str) -> None:
    paths = concrete_paths(client)
    assert len(paths) > 10
    for path in paths:
        response = client.request(method, path, content=b'{"x": 1}')
        assert response.status_code in (404, 405), f"{method} {path}: {response.status_code}"
        assert response.json()["ok"] is False


@pytest.mark.parametrize("method", WRITE_METHODS)
def test_security_writes_to_a_guarded_server_need_the_token_first(
    guarded: TestClient, method: str
) -> None:
    for path in concrete_paths(guarded):
        if path in ("/", "/openapi.json") or path.startswith("/static"):
            continue
        response = guarded.request(method, path)
        assert response.status_code == 401, f"{method} {path}"
        assert_error_shape(response.json(), "E603")
        authorised = guarded.request(method, path, headers={"Authorization": f"Bearer {TOKEN}"})
        assert authorised.status_code in (404, 405), f"{method} {path}"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer "},
        {"Authorization": f"Bearer {TOKEN[:-1]}"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": TOKEN},
        {"X-Lanner-Token": TOKEN.upper()},
        {"Cookie": f"token={TOKEN}"},
    ],
)
def test_security_guarded_reads_refuse_near_miss_tokens(
    guarded: TestClient, headers: dict[str, str]
) -> None:
    for path in ("/events", "/documents/0000000000000000", "/events.csv", "/alerts"):
        response = guarded.get(path, headers=headers)
        assert response.status_code == 401, (path, headers)
        assert "rows" not in response.text


def test_security_guarded_server_with_token_in_query_string_is_refused(guarded: TestClient) -> None:
    # A token in the URL ends up in logs and Referer headers; it is not accepted there.
    for name in ("token", "access_token", "api_key"):
        assert guarded.get("/events", params={name: TOKEN}).status_code == 401


# -- parameter bounds ---------------------------------------------------------------------

BOUNDED = [
    ("/events", {"limit": str(MAX_LIMIT + 1)}),
    ("/events", {"limit": "0"}),
    ("/events", {"limit": "-1"}),
    ("/events", {"limit": "1" + "0" * 30}),
    ("/events", {"limit": "1e3"}),
    ("/events", {"q": "x" * (MAX_TEXT + 1)}),
    ("/events", {"q": "x" * 30_000}),
    ("/events", {"q": ""}),
    ("/events", {"date_from": "2024-13-45"}),
    ("/events", {"date_from": "9999-99-99"}),
    ("/events", {"date_from": "0000-00-00"}),
    ("/events", {"date_to": "2024-02-30"}),
    ("/events", {"date_from": "2024-1-1"}),
    ("/events", {"date_from": "２０２４-01-01"}),  # full-width digits match \d
    ("/events", {"date_from": "2024-01-01T00:00"}),
    ("/events", {"bbox": "1,2,3"}),
    ("/events", {"bbox": "a,b,c,d"}),
    ("/events", {"bbox": "," * 200}),
    ("/events", {"after": "!!!not-a-cursor!!!"}),
    ("/events", {"after": "x" * 301}),
    ("/events", {"min_sources": "0"}),
    ("/events", {"quad_class": "5"}),
    ("/events", {"cameo": "1" * 5}),
    ("/events", {"country": "FRANCE"}),
    ("/network", {"max_nodes": "1001"}),
    ("/network", {"quad_class": "x"}),
    ("/network", {"sector": ["GOV"] * 21}),
    ("/stories", {"max_documents": "5001"}),
    ("/stories", {"max_gap_days": "366"}),
    ("/alerts", {"window_days": "367"}),
    ("/alerts", {"baseline_windows": "61"}),
    ("/rivalries", {"min_score": "nan"}),
    ("/rivalries", {"min_score": "inf"}),
    ("/rivalries", {"limit": str(MAX_LIMIT + 1)}),
    ("/installations", {"limit": str(MAX_LIMIT + 1)}),
    ("/dyads/RUS/UKR/series", {"period": "century"}),
    ("/dyads/RUS/UKR/series", {"date_from": "2024-99-01"}),
]


@pytest.mark.parametrize(
    ("path", "params"), BOUNDED, ids=[f"{p}:{sorted(q)[0]}" for p, q in BOUNDED]
)
def test_security_out_of_bounds_parameters_are_a_coded_400(
    client: TestClient, path: str, params: dict[str, str | list[str]]
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 400, response.text[:300]
    assert_error_shape(response.json(), "E601")
    assert len(response.content) < 2_000  # the error does not echo a huge value back


@pytest.mark.parametrize("params", [{"limit": str(MAX_LIMIT)}, {"q": "x" * MAX_TEXT}])
def test_security_largest_allowed_values_answer_200(
    client: TestClient, params: dict[str, str]
) -> None:
    response = client.get("/events", params=params)
    assert response.status_code == 200, response.text[:300]
    assert response.json()["count"] <= MAX_LIMIT


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2024-03-01", "date_to": "2024-01-01"},
        {"bbox": "180,90,-180,-90"},
        {"bbox": "-180,-90,180,90"},
        {"date_from": "0001-01-01", "date_to": "9999-12-31"},
        {"date_from": "1800-01-01", "date_to": "2200-12-31"},
    ],
)
def test_security_edge_values_answer_200_or_a_coded_400(
    client: TestClient, params: dict[str, str]
) -> None:
    response = client.get("/events", params=params)
    assert response.status_code in (200, 400), response.text[:300]
    if response.status_code == 400:
        assert_error_shape(response.json(), "E601")


def test_security_repeated_parameter_takes_one_value_or_refuses(client: TestClient) -> None:
    response = client.get("/events?limit=1&limit=100000")
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["count"] <= MAX_LIMIT


# -- path traversal -----------------------------------------------------------------------

TRAVERSALS = [
    "/documents/..%2F..%2Fetc%2Fpasswd",
    "/documents/..%252F..%252Fetc%252Fpasswd",
    "/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/documents/..%5C..%5Cetc%5Cpasswd",
    "/documents/....%2F%2F....%2F%2Fetc%2Fpasswd",
    "/documents/%00",
    "/documents/..%00.json",
    "/documents/%2Fetc%2Fpasswd",
    "/documents/..%c0%af..%c0%afetc%c0%afpasswd",
    "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2F..%2F..%2Fpyproject.toml",
    "/static/..%2F__init__.py",
    "/static/..%5C..%5Cserver.py",
    "/static//etc/passwd",
    "/actors/..%2F..%2Fetc%2Fpasswd",
    "/stories/..%2F..%2Fetc%2Fpasswd",
    "/dyads/..%2F/..%2F/series",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/events.csv/..%2F..%2Fetc%2Fpasswd",
]


@pytest.fixture(scope="module")
def secrets() -> list[bytes]:
    """Bytes of files a traversal would reach: /etc/passwd and files beside the package."""
    import lanner

    package = Path(lanner.__file__).resolve().parent
    found = [b"root:x:0:0"]
    for path in (
        package / "__init__.py",
        package / "web" / "server.py",
        package.parents[1] / "pyproject.toml",
    ):
        if path.is_file():
            found.append(path.read_bytes()[:200])
    return found


@pytest.mark.parametrize("path", TRAVERSALS)
def test_security_traversal_paths_reach_no_file(
    client: TestClient, path: str, secrets: list[bytes]
) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404, 405), (path, response.status_code)
    assert response.json()["ok"] is False
    for secret in secrets:
        assert secret not in response.content


# -- markup in the data and in the request --------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_security_markup_in_parameters_is_not_reflected_raw(
    client: TestClient, payload: str
) -> None:
    for name in ("country", "actor", "cameo", "after", "bbox", "factuality", "date_from", "q"):
        response = client.get("/events", params={name: payload})
        assert response.status_code in (200, 400), (name, response.status_code)
        assert "<" not in response.text and ">" not in response.text, name
        assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_security_markup_in_paths_is_not_reflected_raw(client: TestClient, payload: str) -> None:
    from urllib.parse import quote

    for template in ("/nowhere/{}", "/documents/{}", "/actors/{}", "/stories/{}"):
        response = client.get(template.format(quote(payload, safe="")))
        assert response.status_code in (400, 404)
        assert "<" not in response.text and ">" not in response.text


def test_security_hostile_titles_and_sentences_are_escaped_in_json(client: TestClient) -> None:
    events = client.get("/events", params={"limit": 500})
    assert events.status_code == 200
    rows = events.json()["rows"]
    assert any(IMG in r["sentence_text"] for r in rows)  # the payload is there, as data
    assert "<" not in events.text and ">" not in events.text
    doc_id = next(r["first_doc_id"] for r in rows if IMG in r["sentence_text"])
    document = client.get(f"/documents/{doc_id}")
    assert "<" not in document.text and ">" not in document.text
    body = document.json()
    assert IMG in body["title"] and SCRIPT in body["title"]
    assert all(p in body["text"] for p in PAYLOADS)
    for path in ("/stories", "/network.json", "/actors/RUS", "/dyads/RUS/UKR/series"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "<" not in response.text, path


def test_security_csv_and_parquet_downloads_cannot_be_rendered_as_pages(
    client: TestClient,
) -> None:
    csv = client.get("/events.csv", params={"limit": 500})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.headers["x-content-type-options"] == "nosniff"
    assert csv.headers["content-disposition"].startswith("attachment;")
    assert IMG in csv.text  # data kept exact; the browser downloads it, never renders it
    parquet = client.get("/events.parquet", params={"limit": 500})
    assert parquet.headers["content-disposition"].startswith("attachment;")
    table = pq.read_table(io.BytesIO(parquet.content))
    assert any(IMG in s for s in table.column("sentence_text").to_pylist())


def test_security_hostile_store_is_unchanged_by_serving(
    client: TestClient, hostile_store: str
) -> None:
    with Store(hostile_store, read_only=True) as store:
        before = store.table_checksums()
    for payload in PAYLOADS + ["'; DROP TABLE events; --", "1; DELETE FROM documents"]:
        client.get("/events", params={"q": payload})
        client.post("/events", content=payload.encode())
    with Store(hostile_store, read_only=True) as store:
        assert store.table_checksums() == before


# -- headers and inline script ------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/events.csv"),
        ("GET", "/events.parquet"),
        ("GET", "/documents/%00"),
        ("POST", "/events"),
        ("GET", "/static/app.js"),
        ("GET", "/static/nope.js"),
        ("HEAD", "/events"),
        ("OPTIONS", "/events"),
    ],
)
def test_security_headers_on_downloads_errors_and_static_files(
    client: TestClient, method: str, path: str
) -> None:
    headers = client.request(method, path).headers
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"


def test_security_dashboard_page_has_no_inline_script_unless_hashed(client: TestClient) -> None:
    response = client.get("/")
    if not response.headers["content-type"].startswith("text/html"):
        pytest.skip("the dashboard's static files are not installed")
    csp = response.headers["content-security-policy"]
    script_src = next((d for d in csp.split(";") if d.strip().startswith("script-src")), "")
    hashes = "'sha256-" in script_src or "'sha384-" in script_src
    for tag in re.findall(r"<script\b[^>]*>(.*?)</script>", response.text, flags=re.S | re.I):
        assert not tag.strip() or hashes, "inline script without a hash in the CSP"
    assert not re.search(r"\son[a-z]+\s*=", response.text, flags=re.I), "inline event handler"
    assert "javascript:" not in response.text.lower()
