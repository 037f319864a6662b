"""``bench_dashboard``: how long the dashboard takes to show data, in headless Chromium.

The page sets a performance mark, ``lanner:first-data``, when a view has first drawn rows
or points from the API (see ``static/js/app.js``); the benchmark reads it, and the
``lanner:view-ready`` mark, through Playwright for each measured view. Times are
milliseconds since navigation start, so they include loading the vendored scripts,
the API calls and drawing. Every request that leaves loopback is blocked and counted.
"""

from __future__ import annotations

import ipaddress
import shutil
import statistics
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lanner.errors import LannerError
from lanner.web.server import serve_in_thread

__all__ = ["BENCH_VIEWS", "CHROMIUM_ARGS", "bench_dashboard", "chromium_path", "is_loopback"]

# Views measured: the default map and the event table, the two first screens people use.
BENCH_VIEWS = ("#/map", "#/events")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def chromium_path() -> str | None:
    """The system Chromium, if there is one (Lanner never downloads a browser)."""
    for candidate in _CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found


def is_loopback(url: str) -> bool:
    """True for URLs that stay on this machine (127.0.0.0/8, ::1, localhost) or in the page."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    host = (parts.hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name, and not ours: "127.0.0.1.example.com" is somewhere else
        return False


def _marks(page: Any) -> dict[str, float]:
    entries = page.evaluate(
        "() => performance.getEntriesByType('mark')"
        ".filter(m => m.name.startsWith('lanner:')).map(m => [m.name, m.startTime])"
    )
    return {str(name): float(start) for name, start in entries}


def bench_dashboard(
    db_path: str,
    *,
    repeats: int = 3,
    views: tuple[str, ...] = BENCH_VIEWS,
    timeout_ms: int = 60_000,
) -> dict[str, Any]:
    """First meaningful paint of the dashboard on the store at ``db_path``, in milliseconds.

    For each view in ``views``: a fresh page loads ``/`` + the view's hash ``repeats`` times;
    the result gives the median and each run's ``first_data_ms`` (rows or points drawn) and
    ``view_ready_ms`` (view complete). Raises E652 without Playwright or a system Chromium.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise LannerError("E652", what="Playwright", reason="pip install playwright") from None
    executable = chromium_path()
    if executable is None:
        raise LannerError("E652", what="Chromium", reason="apt-get install chromium") from None
    result: dict[str, Any] = {"db_path": str(db_path), "repeats": repeats, "views": {}}
    blocked: list[str] = []

    def guard(route: Any) -> None:
        if is_loopback(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with serve_in_thread(str(db_path)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            for view in views:
                runs: list[dict[str, float]] = []
                for _ in range(repeats):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    page.route("**/*", guard)
                    page.goto(f"{base}/{view}")
                    page.wait_for_selector(
                        "body[data-state=ready], body[data-state=error]",
                        state="attached",
                        timeout=timeout_ms,
                    )
                    marks = _marks(page)
                    runs.append(
                        {
                            "first_data_ms": marks.get("lanner:first-data", float("nan")),
                            "view_ready_ms": marks.get("lanner:view-ready", float("nan")),
                        }
                    )
                    context.close()
                result["views"][view] = {
                    "first_data_ms": statistics.median(r["first_data_ms"] for r in runs),
                    "view_ready_ms": statistics.median(r["view_ready_ms"] for r in runs),
                    "runs": runs,
                }
        finally:
            browser.close()
    result["blocked_requests"] = blocked
    return result
