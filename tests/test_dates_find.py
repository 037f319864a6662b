"""Finding date expressions in running text: spans, context rules, the seed report, the API."""

from __future__ import annotations

import argparse
import doctest
import io
import json
import types
from pathlib import Path

import pytest

import lanner.dates
from lanner.cli.dates import register_cli
from lanner.dates import DateExpr, find_dates
from lanner.errors import LannerError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "000_d87ae1b8ced206b3.txt"
P = "2016-09-29"


def spans(text: str, published: str | None = P, tense: int = -1) -> list[tuple[str, str | None]]:
    return [(d.text, d.value) for d in find_dates(text, published, tense=tense)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # prepositions stay out of the span, modifiers come in
        ("On Sept. 26, Beijing announced plans.", [("Sept. 26", "2016-09-26")]),
        ("In February, Beijing said it was in talks.", [("February", "2016-02")]),
        ("It was founded in early August with Pakistan.", [("early August", "2016-08")]),
        ("Talks began in late March.", [("late March", "2016-03")]),
        ("The deal, signed in mid-August, lapsed.", [("mid-August", "2016-08")]),
        ("after the Aug. 30 suicide attack on the embassy", [("Aug. 30", "2016-08-30")]),
        ("Tuesday's attack killed five.", [("Tuesday", "2016-09-27")]),
        ("Tuesday\u2019s attack killed five.", [("Tuesday", "2016-09-27")]),
        ("It happened last Tuesday.", [("last Tuesday", "2016-09-27")]),
        ("the plan agreed late last year", [("late last year", "2015")]),
        ("prices rose until the end of 2015", [("the end of 2015", "2015")]),
        ("output fell in mid-2015.", [("mid-2015", "2015")]),
        ("The vote is due on 30 September.", [("30 September", "2016-09-30")]),
        ("It began on the 30th of August.", [("30th of August", "2016-08-30")]),
        ("They met on Tuesday, Sept. 27, in Dushanbe.", [("Tuesday, Sept. 27", "2016-09-27")]),
        ("It votes next Friday, 30 September.", [("next Friday, 30 September", "2016-09-30")]),
        ("Sept.\u00a026 was the date.", [("Sept.\u00a026", "2016-09-26")]),
        ("ON TUESDAY, TROOPS MOVED", [("TUESDAY", "2016-09-27")]),
        ("the referendum of June 23, 2016, was close", [("June 23, 2016", "2016-06-23")]),
        # coordination
        ("in January and February", [("January", "2016-01"), ("February", "2016-02")]),
        ("between 2010 and 2014", [("2010", "2010"), ("2014", "2014")]),
        ("from 2010-2014", [("2010", "2010"), ("2014", "2014")]),
        ("from March to May 2015", [("March", "2015-03"), ("May 2015", "2015-05")]),
        ("In February last year, it said", [("February last year", "2015-02")]),
        # vague cues are found with no value
        ("In recent years Russia has tried.", [("In recent years", None)]),
        ("China has long been wary.", [("has long", None)]),
        ("It will happen in the coming months.", [("in the coming months", None)]),
        ("It has been tense for decades.", [("for decades", None)]),
        ("Officials recently met.", [("recently", None)]),
        # quantities, names and events are not dates
        ("May said the deal was done.", []),
        ("a speech by May on Brexit", []),
        ("Theresa May's cabinet met.", []),
        ("Protesters will march on the capital.", []),
        ("Jan Egeland of the Norwegian Refugee Council said", []),
        ("the Arab Spring protests", []),
        ("after the fall of Aleppo", []),
        ("prices fall as the spring thaw begins", []),
        ("the anniversary of Bloody Sunday", []),
        ("shoppers on Black Friday", []),
        ("Resolution 2254 calls for talks", []),
        ("it cost $2014 in total", []),
        ("growth in the 1990s", []),
        ("growth in the 1990's", []),
        ("inflation hit 5 percent", []),
        ("March 5 percent", []),
        ("a long-range missile", []),
        ("as soon as possible", []),
        ("a recently-resigned member", []),
        ("It may rise.", []),
        ("no date here at all", []),
    ],
)
def test_dates_find_spans_in_running_text(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(text) == expected


def test_dates_find_offsets_point_at_the_text() -> None:
    text = (
        "On Sept. 26, Beijing announced plans; in early August it founded a pact, "
        "and on Tuesday\u2019s visit \u2014 two days ago \u2014 it said so again. "
        "In recent years, since 2014, the talks have long been\u00a0stalled."
    )
    found = find_dates(text, P)
    assert len(found) == 7
    for expr in found:
        assert text[expr.start : expr.end] == expr.text
    assert [e.start for e in found] == sorted(e.start for e in found)


def test_dates_find_marks_relative_and_direction() -> None:
    found = {d.text: d for d in find_dates("Yesterday, not on Sept. 26, 2016, but next week.", P)}
    assert (found["Yesterday"].relative, found["Yesterday"].direction) == (True, -1)
    assert (found["Sept. 26, 2016"].relative, found["Sept. 26, 2016"].direction) == (False, 0)
    assert (found["next week"].relative, found["next week"].direction) == (True, 1)
    future = find_dates("They will meet on Friday.", P, tense=1)[0]
    assert (future.value, future.direction) == ("2016-09-30", 1)


def test_dates_find_without_publication_date_keeps_relative_expressions() -> None:
    found = find_dates("On Tuesday, unlike in 2014, nothing happened.", None)
    assert [(d.text, d.value, d.relative) for d in found] == [
        ("Tuesday", None, True),
        ("2014", "2014", False),
    ]


@pytest.mark.parametrize(
    "published", ["2016-13-01", "29/09/2016", "yesterday", "", "2016-9-29", 20160929]
)
def test_dates_find_rejects_a_malformed_publication_date(published: object) -> None:
    with pytest.raises(LannerError) as caught:
        find_dates("on Tuesday", published)  # type: ignore[arg-type]
    assert caught.value.code == "E109"


def test_dates_find_returns_frozen_records() -> None:
    expr = find_dates("on Tuesday", P)[0]
    assert isinstance(expr, DateExpr)
    with pytest.raises(AttributeError):
        expr.value = "2000-01-01"  # type: ignore[misc]


def test_dates_public_api_is_complete() -> None:
    public = {
        name
        for name, value in vars(lanner.dates).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(lanner.dates.__all__) == public
    for name in lanner.dates.__all__:
        assert getattr(lanner.dates, name) is not None


def test_dates_bench_reports_rates() -> None:
    figures = lanner.dates.bench_dates(3)
    assert {"find_dates_typical_per_s", "resolve_date_per_s", "typical_vs_baseline"} <= set(figures)
    assert all(value > 0 for value in figures.values())


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent (../shared is not checked out)")
    return SEED.read_text(encoding="utf-8")


@pytest.mark.shared
def test_dates_find_in_seed_report(seed_text: str) -> None:
    meta = json.loads(SEED.with_suffix(".meta.json").read_text(encoding="utf-8"))
    published = meta.get("published") or meta.get("date") or P
    assert str(published)[:10] == P
    found = {d.text: (d.value, d.precision) for d in find_dates(seed_text, P)}
    assert found["Sept. 26"] == ("2016-09-26", "day")
    assert found["earlier this year"] == ("2016", "year")
    assert found["early August"] == ("2016-08", "month")
    assert found["February"] == ("2016-02", "month")
    assert found["Aug. 30"] == ("2016-08-30", "day")
    assert found["in recent years"] == (None, None)


def test_dates_documented_examples_hold() -> None:
    docs = Path(__file__).resolve().parents[1] / "docs" / "dates.md"
    assert doctest.testfile(str(docs), module_relative=False).failed == 0
    assert doctest.testmod(lanner.dates).failed == 0


def test_dates_cli_prints_one_json_object_per_expression() -> None:
    parser = argparse.ArgumentParser()
    register_cli(parser.add_subparsers())
    args = parser.parse_args(
        ["dates", "They", "met", "on", "Sept.", "26", "and", "will", "meet", "again", "next", "week",
         "--published", P]
    )  # fmt: skip
    out = io.StringIO()
    assert args.func(args, out) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["text"], r["value"], r["precision"]) for r in rows] == [
        ("Sept. 26", "2016-09-26", "day"),
        ("next week", "2016-10", "month"),
    ]


def test_dates_cli_future_tense_moves_dates_forward() -> None:
    parser = argparse.ArgumentParser()
    register_cli(parser.add_subparsers())
    args = parser.parse_args(["dates", "on Sept. 10", "--published", P, "--tense", "future"])
    out = io.StringIO()
    args.func(args, out)
    assert json.loads(out.getvalue())["value"] == "2017-09-10"
