"""The dashboard in a real browser: headless system Chromium driven by Playwright, against the
real app served by uvicorn on loopback, over the store of ``test_web_corpus``.

Every page blocks and records requests that leave loopback, page errors, dialogs and
Content-Security-Policy violations; a test fails if any happened. Screenshots of each view
go to ``/tmp/lanner-shots``. Expectations come from the corpus specs or, for analyses
(installations, rivalries, stories, alerts), from the API's own answer, so the tests say
"the page shows what the data holds".
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from lanner.events import cameo as cameo_info
from lanner.web import chromium_path, is_loopback, serve_in_thread
from lanner.web.bench import CHROMIUM_ARGS
from test_web_corpus import (
    EMOJI_FOLLOWER,
    XSS_IMG,
    XSS_SCRIPT,
    XSS_SENTENCE,
    XSS_TITLE,
    build_web_store,
    corpus_events,
)

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install playwright)"
)
CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no system Chromium (apt-get install chromium)"
)

SHOTS = Path("/tmp/lanner-shots")
READY = "body[data-state=ready]"
_WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


@dataclass
class Session:
    page: Any
    base: str
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, hash_: str) -> None:
        self.page.goto(f"{self.base}/{hash_}")
        self.wait_ready()

    def wait_ready(self) -> None:
        self.page.wait_for_selector(READY, state="attached", timeout=20_000)
        # the map keeps loading pages of events after its first paint
        self.page.wait_for_selector("[data-loading]", state="detached", timeout=20_000)

    def until(self, expression: str, timeout_ms: int = 15_000) -> None:
        """Poll ``expression`` from Python: Playwright's in-page wait_for_function polling
        evaluates strings in the page, which the dashboard's CSP (no unsafe-eval) refuses."""
        for _ in range(timeout_ms // 50):
            if self.page.evaluate(expression):
                return
            self.page.wait_for_timeout(50)
        raise AssertionError(f"still false after {timeout_ms} ms: {expression}")

    def shoot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def problems(self) -> list[str]:
        csp = self.page.evaluate("window.__csp || []")
        return (
            [f"left loopback: {u}" for u in self.external]
            + [f"page error: {e}" for e in self.errors]
            + [f"dialog: {d}" for d in self.dialogs]
            + [f"CSP violation: {v}" for v in csp]
        )


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = build_web_store(tmp_path_factory.mktemp("web") / "web.duckdb")
    with serve_in_thread(path) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def session(browser: Any, base_url: str) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    state = Session(page, base_url)

    def guard(route: Any) -> None:
        if is_loopback(route.request.url):
            route.continue_()
        else:
            state.external.append(route.request.url)
            route.abort()

    def on_dialog(dialog: Any) -> None:
        state.dialogs.append(dialog.message)
        dialog.dismiss()

    page.route("**/*", guard)
    page.add_init_script(_WATCH)
    page.on("pageerror", lambda exc: state.errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and state.errors.append(msg.text))
    page.on("dialog", on_dialog)
    yield state
    problems = state.problems()
    context.close()
    assert problems == [], problems


def api(base: str, path: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{base}{path}") as response:  # loopback only
        body: dict[str, Any] = json.loads(response.read())
        return body


def _places(events: list[Any]) -> int:
    return len({ev.place for ev in events if ev.place})


def _dyad_events(a: str, b: str) -> int:
    return sum(1 for ev in corpus_events() if {ev.src[:3], ev.tgt[:3]} == {a, b})


def _network_nodes() -> int:
    return len(
        {c for ev in corpus_events() if ev.src[:3] != ev.tgt[:3] for c in (ev.src[:3], ev.tgt[:3])}
    )


# (screenshot name, URL hash, selector of one drawn item, expected count from the corpus)
SPEC_VIEWS = [
    ("map", "#/map", "circle.event-place", lambda: _places(corpus_events())),
    ("map-late-2024", "#/map?date_from=2024-11-01", "circle.event-place",
     lambda: _places([ev for ev in corpus_events() if (ev.date or "") >= "2024-11-01"])),
    ("events", "#/events", "tr.event-row", lambda: len(corpus_events())),
    ("dyads", "#/dyads?a=RUS&b=UKR", "tr.event-row", lambda: _dyad_events("RUS", "UKR")),
    ("network", "#/network", "g.node", _network_nodes),
]  # fmt: skip
# (screenshot name, URL hash, selector, API path whose row count the view must show)
API_VIEWS = [
    ("installations", "#/installations", "tr.installation-row", "/installations"),
    ("rivalries", "#/rivalries", "tr.rivalry-row", "/rivalries"),
    ("stories", "#/stories", "tr.story-row", "/stories"),
    ("alerts", "#/alerts", "tr.alert-row", "/alerts"),
]


@pytest.mark.parametrize(
    ("name", "hash_", "selector", "expected"), SPEC_VIEWS, ids=[v[0] for v in SPEC_VIEWS]
)
def test_web_view_draws_every_item_of_the_corpus(
    session: Session, name: str, hash_: str, selector: str, expected: Any
) -> None:
    session.open(hash_)
    session.shoot(name)
    assert session.page.locator(selector).count() == expected()


@pytest.mark.parametrize(
    ("name", "hash_", "selector", "path"), API_VIEWS, ids=[v[0] for v in API_VIEWS]
)
def test_web_view_lists_what_the_api_returns(
    session: Session, name: str, hash_: str, selector: str, path: str
) -> None:
    rows = api(session.base, path)["rows"]
    assert rows, f"the corpus should give {path} something to show"
    session.open(hash_)
    session.shoot(name)
    assert session.page.locator(selector).count() == len(rows)


def test_web_story_timeline_plots_each_event(session: Session) -> None:
    story = api(session.base, "/stories")["rows"][0]
    session.open(f"#/stories/{story['id']}")
    session.shoot("story-timeline")
    assert session.page.locator("svg.timeline circle.dot").count() == story["events"]
    assert session.page.locator("tr.document-row").count() == story["documents"]


FILTERS = [
    ("q", "struck", lambda ev: "struck" in ev.sentence),
    ("actor", "CHN", lambda ev: ev.src.startswith("CHN") or ev.tgt.startswith("CHN")),
    ("quad_class", "3", lambda ev: cameo_info(ev.cameo).quad_class == 3),
    ("date_from", "2024-03-06", lambda ev: (ev.date or "") >= "2024-03-06"),
    ("dyad", "RUS-UKR", lambda ev: (ev.src[:3], ev.tgt[:3]) == ("RUS", "UKR")),  # directed
]


@pytest.mark.parametrize(("name", "value", "keep"), FILTERS, ids=[f[0] for f in FILTERS])
def test_web_filter_goes_into_the_url_and_survives_reload(
    session: Session, name: str, value: str, keep: Any
) -> None:
    session.open("#/events")
    field_ = session.page.locator(f"#filter-{name}")
    if name == "quad_class":
        field_.select_option(value)
    else:
        field_.fill(value)
    session.page.locator("form.filters button[type=submit]").click()
    session.until(f"location.hash.includes('{name}={value}')")
    session.wait_ready()
    expected = sum(1 for ev in corpus_events() if keep(ev))
    assert 0 < expected < len(corpus_events())
    assert session.page.locator("tr.event-row").count() == expected
    session.page.reload()
    session.wait_ready()
    assert session.page.locator("tr.event-row").count() == expected
    assert session.page.locator(f"#filter-{name}").input_value() == value


def _highlight(session: Session) -> tuple[str, str]:
    session.page.wait_for_selector("body[data-view=document][data-state=ready]", state="attached")
    sentence = session.page.locator("mark.sentence.selected").text_content() or ""
    trigger = session.page.locator("mark.sentence.selected mark.trigger").text_content() or ""
    return sentence, trigger


@pytest.mark.parametrize(
    "sentence",
    ["Russia struck3 Ukraine.", "Niger accused Chad of cattle raids.", EMOJI_FOLLOWER],
)
def test_web_table_row_opens_the_document_at_its_sentence(session: Session, sentence: str) -> None:
    ev = next(e for e in corpus_events() if e.sentence == sentence)
    session.open("#/events")
    session.page.locator("tr.event-row", has_text=sentence).click()
    marked, trigger = _highlight(session)
    assert (marked, trigger) == (sentence, ev.trigger or sentence.split()[1])
    assert session.page.locator("h2.doc-title").text_content()


# (start URL, elements to click in turn; the last one opens a document)
DRILLDOWNS = {
    "map-circle": ("#/map?date_from=2024-06-01&date_to=2024-06-30", ["circle.event-place", "#map-panel tr.event-row"]),
    "installation-circle": ("#/installations", ["circle.installation", "#installation-panel tr.evidence-row"]),
    "installation-row": ("#/installations", ["tr.installation-row >> nth=1", "#installation-panel tr.evidence-row"]),
    "rivalry-row": ("#/rivalries?client=TJK", ["tr.rivalry-row", "#rivalry-panel tr.event-row"]),
    "alert-row": ("#/alerts", ["tr.alert-row", "tr.event-row"]),
    "story-row": ("#/stories", ["tr.story-row", "tr.timeline-row"]),
    "story-dot": ("#/stories", ["tr.story-row", "svg.timeline circle.dot"]),
    "dyad-row": ("#/dyads", ["tr.clickable", "tr.event-row"]),
}  # fmt: skip


@pytest.mark.parametrize("name", DRILLDOWNS)
def test_web_map_points_and_rows_lead_to_the_highlighted_sentence(
    session: Session, name: str
) -> None:
    start, clicks = DRILLDOWNS[name]
    session.open(start)
    for selector in clicks:
        session.page.locator(selector).first.click()
    marked, trigger = _highlight(session)
    session.shoot(f"document-from-{name}")
    ev = next((e for e in corpus_events() if e.sentence == marked), None)
    assert ev is not None, f"{marked!r} is not a coded sentence"
    assert trigger == (ev.trigger or ev.sentence.split()[1])


def test_web_map_country_click_filters_by_that_country(session: Session) -> None:
    session.open("#/map")
    session.page.locator('path.country[data-iso3="NER"]').click()
    session.until("location.hash.includes('country=NER')")
    session.wait_ready()
    inside = [ev for ev in corpus_events() if "NER" in (ev.src[:3], ev.tgt[:3])]
    assert session.page.locator("circle.event-place").count() == _places(inside) > 0
    assert session.page.locator('path.country.selected[data-iso3="NER"]').count() == 1


def test_web_map_time_brush_filters_the_map(session: Session) -> None:
    session.open("#/map")
    box = session.page.locator("svg.histogram .brush .overlay").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    session.page.mouse.move(box["x"] + box["width"] * 0.1, y)
    session.page.mouse.down()
    session.page.mouse.move(box["x"] + box["width"] * 0.4, y, steps=5)
    session.page.mouse.up()
    session.until("location.hash.includes('date_from=') && location.hash.includes('date_to=')")
    session.wait_ready()
    params = dict(
        p.split("=") for p in session.page.evaluate("location.hash").split("?")[1].split("&")
    )
    inside = [
        ev
        for ev in corpus_events()
        if ev.date and params["date_from"] <= ev.date <= params["date_to"]
    ]
    assert 0 < len(inside) < len(corpus_events())
    assert session.page.locator("circle.event-place").count() == _places(inside)
    session.shoot("map-brushed")


def test_web_network_node_opens_the_actor_profile(session: Session) -> None:
    session.open("#/network")
    session.page.locator('g.node[data-actor="RUS"]').click()
    heading = session.page.locator("#network-panel h3")
    heading.wait_for(state="attached")
    n = sum(ev.src.startswith("RUS") for ev in corpus_events()) + sum(
        ev.tgt.startswith("RUS") for ev in corpus_events()
    )
    # the code, its name from the lexicon, and the count
    assert heading.text_content() == f"RUS Russia: {n} events"
    session.page.locator("#network-panel tr.clickable", has_text="UKR").first.click()
    session.until("location.hash.startsWith('#/dyads') && location.hash.includes('b=UKR')")
    session.wait_ready()
    assert session.page.locator("tr.event-row").count() == _dyad_events("RUS", "UKR")


def test_web_other_coded_sentence_can_be_chosen_in_the_document(session: Session) -> None:
    session.open("#/events")
    session.page.locator("tr.event-row", has_text=EMOJI_FOLLOWER).click()
    assert _highlight(session) == (EMOJI_FOLLOWER, "aided")
    other = session.page.locator("span.sentence.other")
    other_text = other.text_content() or ""
    other.click()
    session.until(
        "document.querySelector('mark.sentence.selected')?.textContent.includes('praised')"
    )
    assert _highlight(session) == (other_text, "praised")
    assert session.page.locator("ol.doc-events li.selected", has_text="praised").count() == 1


def test_web_hostile_article_is_shown_as_inert_text(session: Session) -> None:
    session.open("#/events")
    session.page.locator("tr.event-row", has_text="shelled").click()
    marked, trigger = _highlight(session)
    session.shoot("document-hostile")
    page = session.page
    assert (marked, trigger) == (XSS_SENTENCE, "shelled")
    assert page.locator("h2.doc-title").text_content() == XSS_TITLE
    text = page.locator(".document-text").text_content() or ""
    assert XSS_SCRIPT in text and XSS_IMG in text
    assert page.locator("#view img, #view script, #view b:not(.trigger)").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert session.dialogs == []


def test_web_unknown_document_shows_the_api_error(session: Session) -> None:
    session.page.goto(f"{session.base}/#/document/nosuchdoc")
    session.page.wait_for_selector("body[data-state=error]", state="attached")
    assert "not found" in (session.page.locator("[role=alert]").text_content() or "")
    session.errors[:] = [e for e in session.errors if "404" not in e]  # the API's answer, expected


def test_web_asks_for_the_token_of_a_guarded_server(browser: Any, tmp_path: Path) -> None:
    path = build_web_store(tmp_path / "guarded.duckdb")
    with serve_in_thread(path, token="s3cret-token") as base:
        context = browser.new_context()
        page = context.new_page()
        try:
            page.goto(f"{base}/#/events")
            page.wait_for_selector("body[data-state=error] #token", state="attached")
            page.fill("#token", "s3cret-token")
            page.click("text=Use token")
            page.wait_for_selector(READY, state="attached")
            assert page.locator("tr.event-row").count() == len(corpus_events())
        finally:
            context.close()


def test_web_map_draws_every_page_of_a_bigger_store(browser: Any, tmp_path: Path) -> None:
    # 2100 events: four pages of /events drawn as they arrive, then the map stops at 2000.
    import duckdb

    from lanner.store import make_synthetic_store

    path = tmp_path / "synthetic.duckdb"
    make_synthetic_store(path, 2100)
    with duckdb.connect(str(path), read_only=True) as con:
        latest = con.execute(
            "SELECT lat, lon FROM events ORDER BY coalesce(date, DATE '0001-01-01') DESC, id LIMIT 2000"
        ).fetchall()
    expected = len({(f"{lat:.2f}", f"{lon:.2f}") for lat, lon in latest if lat is not None})
    with serve_in_thread(str(path)) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        session = Session(page, base)
        page.on("pageerror", lambda exc: session.errors.append(str(exc)))
        try:
            session.open("#/map")
            summary = page.locator("p.summary").text_content() or ""
            assert summary.startswith("2000+ events") and "the latest 2000" in summary
            assert page.locator("circle.event-place").count() == expected
            page.locator("circle.event-place").first.dispatch_event("click")  # circles overlap
            page.locator("#map-panel tr.event-row").first.click()
            page.wait_for_selector("body[data-view=document][data-state=ready]", state="attached")
            assert page.locator("mark.sentence.selected").count() == 1
        finally:
            context.close()
        assert session.errors == []
