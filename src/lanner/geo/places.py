"""The gazetteer's data model: feature kinds, the column-wise table and its name index.

``lanner.geo.gazetteer`` builds and caches a ``Gazetteer``; the resolver reads it.
"""

from __future__ import annotations

import unicodedata
from array import array
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ADMIN1",
    "ADMIN2",
    "CITY",
    "CONTINENT",
    "COUNTRY",
    "REGION",
    "US_STATE_ABBREV",
    "Gazetteer",
    "is_latin",
    "normalize_name",
]

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


def is_latin(text: str) -> bool:
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
    admin1: list[str] = field(default_factory=list)  # GeoNames admin-1 code (US: state code)
    populations: array[int] = field(default_factory=lambda: array("q"))
    kinds: array[int] = field(default_factory=lambda: array("b"))
    index: dict[str, int] = field(default_factory=dict)
    multi: list[tuple[int, ...]] = field(default_factory=list)
    country_row: dict[str, int] = field(default_factory=dict)  # ISO3 -> row
    iso2_to_iso3: dict[str, str] = field(default_factory=dict)
    country_info: dict[str, dict[str, Any]] = field(default_factory=dict)
    admin1_row: dict[tuple[str, str], int] = field(default_factory=dict)  # (ISO3, code) -> row
    # (ISO3, ISO 3166-2 code) -> row
    iso_admin1: dict[tuple[str, str], int] = field(default_factory=dict)
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
