"""Every view of the dashboard on the sample corpus, at 1400x900 and 900x900 in Chromium,
checked on its layout boxes: nothing overlaps, nothing is clipped, no view opens empty.

The store is the bundled sample corpus (what ``lanner demo`` shows an analyst). Screenshots
go to ``/tmp/lanner-shots/layout-<view>-<width>.png``. The checks run in the page on
``getBoundingClientRect`` boxes:

* no horizontal scrolling, and every table, chart and label inside the viewport;
* SVG labels (network actors, map places) overlap no other label and stay inside their SVG;
* chart tick labels stay inside their SVG; network circles stay inside their frame;
* the default view shows data (rows, circles or nodes), not an empty frame;
* map circles are drawn largest first, so small ones lie on top;
* counts on one screen agree (the dyad chart and its table; the events count is the API's
  true total); names stand next to codes; the document header holds no file path.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lanner.web import chromium_path, is_loopback, serve_in_thread
from lanner.web.bench import CHROMIUM_ARGS

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install playwright)"
)
CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no system Chromium (apt-get install chromium)"
)

SHOTS = Path("/tmp/lanner-shots")
WIDTHS = [1400, 900]
# (name, path, what the default view must draw: a CSS selector with at least one match)
VIEWS = [
    ("map", "/#/map", "circle.event-place"),
    ("events", "/#/events", "tr.event-row"),
    ("dyads", "/#/dyads", "tr.clickable"),
    ("dyad-chn-tjk", "/#/dyads?a=CHN&b=TJK", "svg.dyad-chart rect"),
    ("network", "/#/network", "g.node"),
    ("installations", "/#/installations", "circle.installation"),
    ("rivalries", "/#/rivalries", "tr.rivalry-row"),
    ("stories", "/#/stories", "tr.story-row"),
    ("alerts", "/#/alerts", "tr.alert-row"),
    ("document", None, "mark.sentence.selected"),
    ("api-docs", "/docs", "section.endpoint"),
]

# Runs in the page; returns the boxes' problems as strings (an empty list is a pass).
LAYOUT_PROBLEMS = """
(drawn) => {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const box = (el) => el.getBoundingClientRect();
  const inside = (a, b, slack = 1) =>
    a.left >= b.left - slack && a.right <= b.right + slack && a.top >= b.top - slack && a.bottom <= b.bottom + slack;
  const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const name = (el) => `${el.tagName.toLowerCase()}.${el.getAttribute("class") || ""} "${(el.textContent || "").slice(0, 30)}"`;
  if (document.documentElement.scrollWidth > vw + 1) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
  for (const el of document.querySelectorAll("main table, main svg, main h2, main h3, header, form.filters")) {
    const r = box(el);
    if (r.width && r.right > vw + 1) problems.push(`clipped at the right edge: ${name(el)} ends at ${Math.round(r.right)} > ${vw}`);
  }
  for (const svg of document.querySelectorAll("main svg")) {
    const frame = box(svg);
    const labels = [...svg.querySelectorAll("text.node-label, text.place-label")].filter((t) => t.getAttribute("display") !== "none");
    for (const t of labels) if (!inside(box(t), frame)) problems.push(`label outside its frame: ${name(t)}`);
    for (let i = 0; i < labels.length; i += 1)
      for (let j = i + 1; j < labels.length; j += 1)
        if (overlap(box(labels[i]), box(labels[j]))) problems.push(`labels overlap: ${name(labels[i])} / ${name(labels[j])}`);
    for (const t of svg.querySelectorAll(".tick text")) if (!inside(box(t), frame, 2)) problems.push(`axis label clipped: ${name(t)}`);
    if (svg.matches("svg.network")) for (const c of svg.querySelectorAll("g.node circle")) if (!inside(box(c), frame)) problems.push(`node outside the frame: ${name(c.parentNode)}`);
  }
  if (!document.querySelector(drawn)) problems.push(`empty default view: nothing matches ${drawn}`);
  return problems;
}
"""


def _api(base: str, path: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{base}{path}") as response:  # loopback only
        body: dict[str, Any] = json.loads(response.read())
        return body


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from lanner.demo import ingest_sample

    path = str(tmp_path_factory.mktemp("layout") / "sample.duckdb")
    ingest_sample(path, progress=False)
    with serve_in_thread(path) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(params=WIDTHS, ids=[f"{w}x900" for w in WIDTHS])
def page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    tab = context.new_page()
    external: list[str] = []
    errors: list[str] = []

    def guard(route: Any) -> None:
        if is_loopback(route.request.url):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    tab.route("**/*", guard)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert external == [] and errors == [], (external, errors)


def _open(page: Any, base: str, path: str) -> None:
    page.goto(f"{base}{path}")
    page.wait_for_selector("body[data-state=ready]", state="attached", timeout=30_000)
    page.wait_for_selector("[data-loading]", state="detached", timeout=30_000)
    page.wait_for_timeout(200)


def _path(base: str, path: str | None) -> str:
    if path is not None:
        return path
    event = _api(base, "/events.json?limit=1")["rows"][0]
    return f"/#/document/{event['first_doc_id']}"


@pytest.mark.parametrize(("name", "path", "drawn"), VIEWS, ids=[v[0] for v in VIEWS])
def test_web_layout_no_overlap_no_clipping_no_empty_view(
    page: Any, base_url: str, name: str, path: str | None, drawn: str
) -> None:
    _open(page, base_url, _path(base_url, path))
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(SHOTS / f"layout-{name}-{width}.png"), full_page=True)
    problems = page.evaluate(LAYOUT_PROBLEMS, drawn)
    assert problems == [], problems


def test_web_layout_map_fits_the_data_and_puts_small_circles_on_top(
    page: Any, base_url: str
) -> None:
    _open(page, base_url, "/#/map")
    radii = page.evaluate(
        "[...document.querySelectorAll('circle.event-place')].map((c) => c.__radius)"
    )
    assert radii == sorted(radii, reverse=True)  # DOM order: drawn later is on top
    spread = page.evaluate(
        """() => {
          const svg = document.querySelector('svg.map').getBoundingClientRect();
          const cs = [...document.querySelectorAll('circle.event-place')].map((c) => c.getBoundingClientRect());
          const w = Math.max(...cs.map((c) => c.right)) - Math.min(...cs.map((c) => c.left));
          const h = Math.max(...cs.map((c) => c.bottom)) - Math.min(...cs.map((c) => c.top));
          return Math.max(w / svg.width, h / svg.height);
        }"""
    )
    assert spread > 0.7, spread  # the data fills the frame: the map opened on it
    assert page.locator("text.place-label").count() >= 5  # places are named


def test_web_layout_counts_on_one_screen_agree(page: Any, base_url: str) -> None:
    _open(page, base_url, "/#/dyads?a=CHN&b=TJK")
    chart = int(page.get_attribute("h2.dyad-title", "data-total"))
    table = int(page.get_attribute(".table-head .count", "data-total"))
    assert chart == table > 0
    _open(page, base_url, "/#/events")
    shown = int(page.get_attribute(".table-head .count", "data-total"))
    assert shown == _api(base_url, "/events.json?limit=1&total=true")["total"]


@pytest.mark.parametrize("path", ["/#/installations", "/#/rivalries", "/#/alerts", "/#/dyads"])
def test_web_layout_names_stand_next_to_codes(page: Any, base_url: str, path: str) -> None:
    _open(page, base_url, path)
    names = page.locator(".code-name .name").all_inner_texts()
    assert names and all(n.strip() for n in names)


def test_web_layout_document_header_has_no_file_path(page: Any, base_url: str) -> None:
    _open(page, base_url, _path(base_url, None))
    meta = page.inner_text(".doc-meta")
    assert "/work/" not in meta and ".jsonl" not in meta and "\\\\" not in meta, meta
