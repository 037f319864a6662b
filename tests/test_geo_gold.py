"""The seed report and a handful of gold-corpus articles (skip without ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lanner.geo import geoparse_text
from lanner.geo.evaluate import evaluate_geo, read_geo_gold, score_errors

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "000_d87ae1b8ced206b3.txt"
LGL = SHARED / "data" / "geo" / "LGL" / "lgl.xml"
GWN = SHARED / "data" / "geo" / "GeoWebNews" / "GWN.xml"

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent")


@pytest.fixture(scope="module")
def seed_toponyms() -> list:  # type: ignore[type-arg]
    if not SEED.exists():
        pytest.skip("seed report ../shared/seeds is absent")
    return geoparse_text(SEED.read_text(encoding="utf-8"))


@needs_shared
@pytest.mark.parametrize(
    ("name", "iso3", "precision"),
    [
        ("Bishkek", "KGZ", "city"),
        ("Dushanbe", "TJK", "city"),
        ("Turkmenistan", "TKM", "country"),
        ("Central Asia", None, "region"),
    ],
)
def test_geo_seed_places_resolve_with_right_precision(
    seed_toponyms: list,
    name: str,
    iso3: str | None,
    precision: str,  # type: ignore[type-arg]
) -> None:
    hits = [t for t in seed_toponyms if t.text == name]
    assert hits, f"{name} not found in the seed"
    for t in hits:
        assert t.location is not None
        assert (t.location.country, t.location.precision) == (iso3, precision)


@needs_shared
def test_geo_seed_tajik_afghan_border_is_a_border(seed_toponyms: list) -> None:  # type: ignore[type-arg]
    borders = [t for t in seed_toponyms if t.kind == "border" and "Tajikistan" in t.text]
    assert borders, [t.text for t in seed_toponyms]
    loc = borders[0].location
    assert loc is not None and loc.precision == "border"
    assert loc.name == "AFG-TJK border"
    assert loc.geometry is not None


@needs_shared
@pytest.mark.parametrize("corpus", [LGL, GWN], ids=["LGL", "GeoWebNews"])
def test_geo_gold_reader_finds_articles_and_coordinates(corpus: Path) -> None:
    articles = read_geo_gold(corpus)
    assert len(articles) >= 100
    toponyms = [t for a in articles[:20] for t in a.toponyms if t.lat is not None]
    assert toponyms
    for a in articles[:20]:
        for t in a.toponyms:
            assert a.text[t.start : t.end] == t.text


@needs_shared
@pytest.mark.parametrize("corpus", [LGL, GWN], ids=["LGL", "GeoWebNews"])
def test_geo_resolution_on_a_few_gold_articles_beats_half(corpus: Path) -> None:
    scores = evaluate_geo(corpus, mode="resolution", limit=25)
    assert scores.n > 20
    assert scores.acc161 > 0.5, scores.to_dict()


def test_geo_score_errors_matches_definitions() -> None:
    acc, mean, median, auc = score_errors([0.0, 100.0, 200.0, 20039.0])
    assert acc == 0.5
    assert mean == pytest.approx(5084.75)
    assert median == pytest.approx(150.0)
    assert 0.0 < auc < 1.0
    assert score_errors([0.0, 0.0])[3] == 0.0
