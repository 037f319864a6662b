"""The dashboard's files, without a browser: vendored files match their manifest, nothing
points outside the server, no inline script or markup injection, and the app serves them
under its Content-Security-Policy. Plus the shape of ``bench_dashboard``'s result.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from lanner.web import STATIC_DIR, bench_dashboard, chromium_path, is_loopback, serve_in_thread
from test_web_corpus import build_web_store

VENDOR = STATIC_DIR / "vendor"
OWN_FILES = sorted(
    p
    for p in STATIC_DIR.rglob("*")
    if p.is_file() and p.suffix in (".js", ".css", ".html") and VENDOR not in p.parents
)
MAX_VENDOR_BYTES = 3 * 1024 * 1024


def _manifest() -> dict[str, object]:
    data: dict[str, object] = json.loads((VENDOR / "MANIFEST.json").read_text(encoding="utf-8"))
    return data


def test_web_vendored_files_match_their_manifest() -> None:
    entries = _manifest()["files"]
    assert isinstance(entries, list)
    listed = {e["file"] for e in entries}
    present = {
        str(p.relative_to(VENDOR))
        for p in VENDOR.rglob("*")
        if p.is_file() and p.name != "MANIFEST.json"
    }
    assert listed == present
    for entry in entries:
        data = (VENDOR / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
        assert len(data) == entry["bytes"]
        assert entry["package"] and entry["version"] and entry["license"]
    assert sum(len((VENDOR / e["file"]).read_bytes()) for e in entries) < MAX_VENDOR_BYTES


def test_web_every_vendored_package_ships_its_licence() -> None:
    entries = _manifest()["files"]
    assert isinstance(entries, list)
    npm_packages = {e["package"] for e in entries if str(e["source"]).startswith("npm:")}
    assert {f"licenses/{name}.txt" for name in npm_packages} <= {e["file"] for e in entries}


@pytest.mark.parametrize("path", OWN_FILES, ids=lambda p: str(p.relative_to(STATIC_DIR)))
def test_web_own_files_reach_nothing_outside_the_server(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    hosts = re.findall(r"(?i)\b(?:https?:)?//([a-z0-9-]+(?:\.[a-z0-9-]+)+)", text)
    assert hosts == [], f"{path.name} names outside hosts {hosts}"
    assert "@import" not in text


@pytest.mark.parametrize("path", [p for p in OWN_FILES if p.suffix == ".js"], ids=lambda p: p.name)
def test_web_scripts_never_parse_strings_as_markup_or_code(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        'setAttribute("style"',
    ):
        assert sink not in text, f"{path.name} uses {sink}"


def test_web_index_has_no_inline_script_style_or_handlers() -> None:
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert not re.search(r"\sstyle\s*=", html) and "<style" not in html


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8000/events", True),
        ("http://127.8.9.10/", True),
        ("http://localhost:1/x", True),
        ("http://[::1]:8000/", True),
        ("data:image/png;base64,AAAA", True),
        ("https://cdn.jsdelivr.net/npm/d3", False),
        ("http://10.0.0.1/", False),
        ("http://127.0.0.1.example.com/", False),
    ],
)
def test_web_loopback_check(url: str, loopback: bool) -> None:
    assert is_loopback(url) is loopback


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    path = build_web_store(tmp_path_factory.mktemp("static") / "web.duckdb")
    with serve_in_thread(path) as base:
        yield base, path


@pytest.mark.parametrize(
    ("path", "media"),
    [
        ("/", "text/html"),
        ("/static/js/app.js", "javascript"),
        ("/static/css/lanner.css", "text/css"),
        ("/static/vendor/d3.min.js", "javascript"),
    ],
)
def test_web_app_serves_the_dashboard_under_its_csp(
    served: tuple[str, str], path: str, media: str
) -> None:
    with urllib.request.urlopen(served[0] + path) as response:
        assert media in response.headers["Content-Type"]
        csp = response.headers["Content-Security-Policy"]
        body = response.read()
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert body


def test_web_bench_dashboard_reports_first_data_paint(served: tuple[str, str]) -> None:
    pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    if chromium_path() is None:
        pytest.skip("no system Chromium (apt-get install chromium)")
    result = bench_dashboard(served[1], repeats=1, views=("#/events",))
    timing = result["views"]["#/events"]
    assert math.isfinite(timing["first_data_ms"]) and timing["first_data_ms"] > 0
    assert timing["view_ready_ms"] >= 0
    assert result["blocked_requests"] == []
