"""Resolution of place names in context: ambiguous names, countries, capitals, regions."""

from __future__ import annotations

import pytest

from lanner.geo import country_location, place_location, resolve
from lanner.geo.resolver import haversine_km


def _resolve_in(text: str, name: str, occurrence: int = 0) -> object:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(name, start + 1)
    return resolve(text, [(start, start + len(name))])[0]


def _spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        out.append((start, start + len(name)))
        pos = start + len(name)
    return out


# (text, all place names in order, the name checked, expected ISO3, expected precision)
CONTEXT_CASES = [
    ("Georgia's leaders met in Tbilisi.", ["Georgia", "Tbilisi"], "Georgia", "GEO", "country"),
    (
        "Storms hit Atlanta and Savannah, the worst in Georgia for years.",
        ["Atlanta", "Savannah", "Georgia"],
        "Georgia",
        "USA",
        "admin1",
    ),
    (
        "Police in Paris, Texas, said the suspect fled toward Dallas.",
        ["Paris", "Texas", "Dallas"],
        "Paris",
        "USA",
        "city",
    ),
    ("The summit in Paris ended without a deal.", ["Paris"], "Paris", "FRA", "city"),
    (
        "The council of Alexandria, La., met in Pineville near Rapides Parish.",
        ["Alexandria", "Pineville", "Rapides Parish"],
        "Alexandria",
        "USA",
        "city",
    ),
    ("Ferries left Alexandria for Cairo.", ["Alexandria", "Cairo"], "Alexandria", "EGY", "city"),
    (
        "Fighting near Bishkek and Osh worried Kyrgyzstan's neighbours.",
        ["Bishkek", "Osh", "Kyrgyzstan"],
        "Osh",
        "KGZ",
        "city",
    ),
]


@pytest.mark.parametrize(("text", "names", "name", "iso3", "precision"), CONTEXT_CASES)
def test_geo_resolve_ambiguous_name_follows_document_context(
    text: str, names: list[str], name: str, iso3: str, precision: str
) -> None:
    locs = resolve(text, _spans(text, names))
    loc = locs[names.index(name)]
    assert loc is not None, f"{name!r} unresolved in {text!r}"
    assert (loc.country, loc.precision) == (iso3, precision), f"{name!r} in {text!r} -> {loc}"


# Well-known coordinates (lat, lon) of capitals; a resolution within 50 km is right.
CAPITALS = [
    ("Bishkek", "KGZ", (42.87, 74.59)),
    ("Dushanbe", "TJK", (38.54, 68.78)),
    ("Ashgabat", "TKM", (37.95, 58.38)),
    ("Kabul", "AFG", (34.53, 69.17)),
    ("Tbilisi", "GEO", (41.69, 44.83)),
    ("Nairobi", "KEN", (-1.29, 36.82)),
    ("Canberra", "AUS", (-35.28, 149.13)),
]


@pytest.mark.parametrize(("name", "iso3", "point"), CAPITALS)
def test_geo_capital_resolves_to_the_capital_city(
    name: str, iso3: str, point: tuple[float, float]
) -> None:
    loc = place_location(name)
    assert loc is not None and loc.country == iso3 and loc.precision == "city"
    assert loc.lat is not None and loc.lon is not None
    assert haversine_km(loc.lat, loc.lon, *point) < 50


COUNTRY_NAMES = [
    ("U.S.", "USA"),
    ("US", "USA"),
    ("United States", "USA"),
    ("America", "USA"),
    ("Britain", "GBR"),
    ("UK", "GBR"),
    ("Turkmenistan", "TKM"),
    ("Tajikistan", "TJK"),
    ("China", "CHN"),
    ("Jordan", "JOR"),
    ("Lebanon", "LBN"),
    ("Ivory Coast", "CIV"),
    ("North Korea", "PRK"),
    ("the Netherlands", "NLD"),
]


@pytest.mark.parametrize(("name", "iso3"), COUNTRY_NAMES)
def test_geo_country_name_resolves_to_the_country_not_a_town(name: str, iso3: str) -> None:
    loc = place_location(name)
    assert loc is not None
    assert (loc.country, loc.precision) == (iso3, "country")


def test_geo_us_never_resolves_to_canada_even_in_canadian_context() -> None:
    text = "Ottawa and Toronto officials said the U.S. would reply."
    loc = _resolve_in(text, "U.S.")
    assert getattr(loc, "country", None) == "USA"


def test_geo_washington_alone_is_the_capital_not_the_state() -> None:
    loc = place_location("Washington")
    assert loc is not None and loc.precision == "city"
    assert loc.admin1 == "District of Columbia"


@pytest.mark.parametrize(
    ("name", "members"),
    [
        ("Central Asia", {"KAZ", "KGZ", "TJK", "TKM", "UZB"}),
        ("the Sahel", {"MLI", "NER", "BFA"}),
        ("Horn of Africa", {"ETH", "SOM", "ERI", "DJI"}),
        ("the Caucasus", {"GEO", "ARM", "AZE"}),
        ("the Balkans", {"SRB", "BIH", "ALB"}),
        ("the Levant", {"SYR", "LBN", "JOR"}),
    ],
)
def test_geo_named_region_has_region_precision_and_members(name: str, members: set[str]) -> None:
    loc = place_location(name)
    assert loc is not None and loc.precision == "region", loc
    assert loc.geometry is not None
    assert members <= set(loc.geometry["members"])


@pytest.mark.parametrize(
    ("adjective", "iso3"), [("Tajik", "TJK"), ("Canadian", "CAN"), ("Afghan", "AFG")]
)
def test_geo_demonym_resolves_to_its_country(adjective: str, iso3: str) -> None:
    loc = place_location(adjective)
    assert loc is not None and loc.country == iso3


def test_geo_country_location_gives_a_point_inside_the_country_box() -> None:
    loc = country_location("TJK")
    assert loc is not None and loc.precision == "country"
    assert loc.lat is not None and loc.lon is not None
    assert 36.6 < loc.lat < 41.1 and 67.3 < loc.lon < 75.2


def test_geo_same_name_gets_same_reading_throughout_a_document() -> None:
    text = "Portland police said. Later, Portland officials met in Salem, Oregon."
    locs = resolve(text, _spans(text, ["Portland", "Portland", "Salem", "Oregon"]))
    assert locs[0] is not None and locs[1] is not None
    assert (locs[0].lat, locs[0].lon) == (locs[1].lat, locs[1].lon)
    assert locs[0].admin1 == "Oregon"


def test_geo_names_that_fit_together_resolve_together() -> None:
    # Paris, Tennessee is the seat of Henry County, Tennessee.
    text = "Residents of Paris and Henry County will vote on the school levy."
    paris, county = resolve(text, _spans(text, ["Paris", "Henry County"]))
    assert paris is not None and county is not None
    assert (paris.country, paris.admin1) == ("USA", "Tennessee")
    assert county.admin1 == "Tennessee"


def test_geo_unknown_name_falls_back_to_the_focus_city_only_when_asked() -> None:
    text = "Crowds filled Zqxvwplk Plaza in Lyon. Lyon police said Lyon stayed calm."
    spans = _spans(text, ["Zqxvwplk Plaza", "Lyon", "Lyon", "Lyon"])
    assert resolve(text, spans)[0] is None
    plaza = resolve(text, spans, unknown_to_focus=True)[0]
    assert plaza is not None and plaza.name == "Lyon" and plaza.country == "FRA"


def test_geo_facility_name_resolves_to_the_place_it_names() -> None:
    loc = place_location("Port of Los Angeles")
    assert loc is not None and loc.name == "Los Angeles" and loc.country == "USA"


@pytest.mark.parametrize(
    ("name", "iso3"),
    [("Helmand province", "AFG"), ("Kabul province", "AFG"), ("Batken region", "KGZ")],
)
def test_geo_named_province_is_the_unit_not_its_capital(name: str, iso3: str) -> None:
    loc = place_location(name)
    assert loc is not None and (loc.country, loc.precision) == (iso3, "admin1")
