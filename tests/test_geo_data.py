"""Every geo table loads, and its entries are consistent with each other."""

from __future__ import annotations

from importlib import resources

import yaml

from lanner.geo.gazetteer import (
    ADMIN1,
    COUNTRY,
    REGION,
    cache_dir,
    get_gazetteer,
    normalize_name,
)

DATA = resources.files("lanner.geo").joinpath("data")


def test_geo_every_table_loads() -> None:
    for name in ("countries.tsv", "us_states.tsv", "us_counties.tsv"):
        lines = DATA.joinpath(name).read_text(encoding="utf-8").splitlines()
        width = len(lines[0].split("\t"))
        assert len(lines) > 50, name
        assert all(len(line.split("\t")) == width for line in lines[1:]), name
    for name in ("regions.yaml", "aliases.yaml"):
        assert yaml.safe_load(DATA.joinpath(name).read_text(encoding="utf-8")), name


def test_geo_region_members_and_aliases_are_known_countries() -> None:
    gaz = get_gazetteer()
    regions = yaml.safe_load(DATA.joinpath("regions.yaml").read_text(encoding="utf-8"))
    for region in regions["regions"]:
        unknown = set(region["members"]) - set(gaz.country_row)
        assert not unknown, (region["name"], unknown)
    aliases = yaml.safe_load(DATA.joinpath("aliases.yaml").read_text(encoding="utf-8"))
    assert set(aliases["countries"]) <= set(gaz.country_row) | {"XKX"}
    assert all(normalize_name(adj) in gaz.demonyms for adj in aliases["demonyms"])


def test_geo_gazetteer_covers_all_feature_kinds() -> None:
    gaz = get_gazetteer()
    kinds = set(gaz.kinds)
    assert {COUNTRY, ADMIN1, REGION} <= kinds
    assert len(gaz.country_row) > 200
    assert len(gaz) > 100_000


def test_geo_cache_dir_honours_env(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LANNER_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path


def test_geo_normalize_name_ignores_case_dots_and_accents() -> None:
    assert normalize_name("U.S.") == normalize_name("us")
    assert normalize_name("São Paulo") == "sao paulo"
    assert normalize_name("the Hague") == "hague"


def test_geo_public_api_is_complete() -> None:
    import lanner.geo as geo

    assert all(hasattr(geo, name) for name in geo.__all__)
    own = {
        n
        for n in dir(geo)
        if not n.startswith("_")
        and callable(getattr(geo, n))
        and getattr(getattr(geo, n), "__module__", "") == "lanner.geo"
    }
    assert own <= set(geo.__all__)
