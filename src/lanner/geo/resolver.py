"""Toponym resolution: pick one gazetteer feature per place name, using the whole document.

Each candidate gets a prior (log population for places; fixed strengths for countries,
first-level units, counties and regions; a penalty when only an alternate name matched) and
then context evidence from the *other* names in the same text:

* countries and first-level units the other names most likely refer to,
* closeness to the other names' most likely places,
* an explicit qualifier right after the name ('Alexandria, La.', 'Paris, Texas'),
* countries the caller knows about (actors' countries, the dateline).

All mentions of one name in a document get the same reading ("one sense per discourse").
Resolution runs twice: the first pass gives the context the second pass scores against.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from lanner.geo.distance import haversine_km
from lanner.geo.gazetteer import (
    ADMIN1,
    ADMIN2,
    CITY,
    CONTINENT,
    COUNTRY,
    REGION,
    US_STATE_ABBREV,
    Gazetteer,
    normalize_name,
)
from lanner.geo.words import WordSet
from lanner.records import Location, PlacePrecision

__all__ = ["MAX_NAMES", "NameResolver", "haversine_km", "location_for_row"]

MAX_NAMES = 2000  # names per call; beyond this the rest are ignored with W402

# Priors on a log10(population) scale: a city of 1M scores 6.
PRIOR_COUNTRY = 9.0
PRIOR_REGION = 8.0
PRIOR_CONTINENT = 8.5
PRIOR_US_STATE = 6.5  # above any US city; "New York" alone is the state, "Washington" DC
PRIOR_ADMIN1 = 5.0
PRIOR_WELL_KNOWN_UNIT = 8.0  # England, Scotland, Quebec, Punjab: aliases.yaml well_known
PRIOR_COUNTY_NAMED = 6.5  # 'Polk County' said in full
PRIOR_COUNTY_BARE = 3.2
ALT_NAME_PENALTY = 1.2
BIG_CITY_FOR_ADMIN1 = 100_000
CAPITAL_BONUS = 1.2

CTX_COUNTRY = 1.8
CTX_COUNTRY_MAIN = 1.0
CTX_ADMIN1 = 2.0
CTX_EXPLICIT_COUNTRY = 3.0
QUALIFIER_BONUS = 8.0
NEAR_BONUS = ((40.0, 2.5), (150.0, 1.6), (400.0, 0.8))  # largest first
MAX_CONTEXT_BONUS = CTX_COUNTRY + CTX_COUNTRY_MAIN + CTX_ADMIN1 + NEAR_BONUS[0][1]
PRIOR_CACHE_SIZE = 50_000
COHERENCE_BONUS = 1.0
COHERENCE_MAX_READINGS = 60

PRECISION: dict[int, PlacePrecision] = {
    CITY: "city",
    ADMIN2: "admin1",
    ADMIN1: "admin1",
    COUNTRY: "country",
    REGION: "region",
    CONTINENT: "region",
}

# 'Paris, Texas', 'Alexandria, La.' and 'Vorukh in Batken', 'a village in Sughd province'
_QUALIFIER = re.compile(
    r"(?:\s*,\s*|\s+in\s+(?:the\s+)?)((?:[A-Z][\w.'’]*\.?)(?:\s+[A-Z][\w.'’]*\.?){0,2})"
)


# Words that say what kind of place something is, never which place (data/words.yaml).
GENERIC_WORDS = WordSet("generic")
UNIT_WORDS = WordSet("unit")
STREET_WORDS = WordSet("street")


def location_for_row(gaz: Gazetteer, row: int, text: str | None) -> Location:
    kind = gaz.kinds[row]
    country = gaz.countries[row] or None
    admin1 = None
    if kind in (CITY, ADMIN2) and country:
        a1 = gaz.admin1_row.get((country, gaz.admin1[row]))
        admin1 = gaz.names[a1] if a1 is not None else None
    elif kind == ADMIN1:
        admin1 = gaz.names[row]
    geometry = None
    if kind in (REGION, CONTINENT) and row in gaz.region_bbox:
        w, s, e, n = gaz.region_bbox[row]
        geometry = {
            "type": "Polygon",
            "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]],
            "members": list(gaz.region_members.get(row, ())),
        }
    return Location(
        text=text,
        name=gaz.names[row],
        country=country,
        admin1=admin1,
        lat=gaz.lats[row],
        lon=gaz.lons[row],
        geonameid=gaz.ids[row] or None,
        precision=PRECISION[kind],
        geometry=geometry,
    )


@dataclass
class _Name:
    key: str
    surface: str
    rows: list[int]
    qualifiers: list[tuple[str, str]]  # (ISO3, admin1 code or "")


class NameResolver:
    """Resolves the place names of one document against a gazetteer."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self._capitals: set[tuple[str, str]] = {
            (iso3, normalize_name(info["capital"]))
            for iso3, info in gaz.country_info.items()
            if info["capital"]
        }
        self._prior_cache: dict[str, list[tuple[float, int]]] = {}
        # names read through a part of them ('Brands Hatch' -> 'Hatch'): kept only when the
        # document supports the reading, since venues are named after far-away places
        self._part_names: set[str] = set()
        self._candidate_cache: dict[str, list[int]] = {}

    # -- candidates ----------------------------------------------------------------------

    def candidates(self, surface: str) -> list[int]:
        """Gazetteer rows the name can mean, after the rules below; cached per name."""
        key = normalize_name(surface)
        if key.endswith("'s"):
            key = key[:-2]
        hit = self._candidate_cache.get(key)
        if hit is None:
            hit = self._candidates(key)
            if len(self._candidate_cache) > PRIOR_CACHE_SIZE:
                self._candidate_cache.clear()
            self._candidate_cache[key] = hit
        return hit

    def _candidates(self, key: str) -> list[int]:
        rows = self._direct_candidates(key)
        if rows or " " not in key:
            return rows
        # 'Port of Los Angeles', 'South Los Angeles', 'Readington Township', 'Manila
        # Cathedral': a name the gazetteer lacks is usually inside the place its non-generic
        # words name. Streets are named after places elsewhere, so they are left alone.
        words = key.split()
        if any(w in STREET_WORDS for w in words):
            return []
        # 'Helmand province', 'Donetsk region': the unit, not the city of the same name.
        if words[-1] in UNIT_WORDS and len(words) > 1:
            units = [
                r
                for r in self._direct_candidates(" ".join(words[:-1]))
                if self.gaz.kinds[r] in (ADMIN1, ADMIN2)
            ]
            if units:
                return units
        # English puts the head noun last ('Central Asian states', 'Kabul province'), so
        # the leading words are tried first, then any inner run of words.
        parts = [words[:size] for size in range(len(words) - 1, 0, -1)]
        parts += [
            words[i : i + size]
            for size in range(len(words) - 1, 0, -1)
            for i in range(1, len(words) - size + 1)
        ]
        for part in parts:
            if all(w in GENERIC_WORDS for w in part) or (
                part[0] != words[0] and part[0] in GENERIC_WORDS
            ):
                continue
            joined = " ".join(part)
            rows = [
                r
                for r in self._direct_candidates(joined)
                if self.gaz.kinds[r] != CITY
                or (self.gaz.populations[r] >= 1000 and self.gaz.primary_key(r) == joined)
            ]
            if rows:
                self._part_names.add(key)
                return rows
        return []

    def _direct_candidates(self, key: str) -> list[int]:
        gaz = self.gaz
        rows: Sequence[int] = gaz.rows(key)
        demonym = gaz.demonyms.get(key)
        if demonym is None and key.endswith("s"):
            demonym = gaz.demonyms.get(key[:-1])
        if demonym is not None:  # 'Canadian' is Canada, not Canadian, Texas
            return [demonym]
        if not rows:
            return []
        rows = list(rows)
        kinds = [gaz.kinds[r] for r in rows]
        # A country's name never means a town or building that shares it ('China, Texas');
        # it may still mean a first-level unit ('Georgia' the US state).
        if COUNTRY in kinds:
            return [r for r in rows if gaz.kinds[r] >= ADMIN1]
        # A well-known unit's name (a US state, 'England') does not mean a small town named
        # after it ('Florida, N.Y.'); big cities stay ('New York', 'Washington').
        if any(self._well_known_unit(r, key) for r in rows):
            rows = [
                r for r in rows if gaz.kinds[r] != CITY or gaz.populations[r] >= BIG_CITY_FOR_ADMIN1
            ]
        # A bare county name ('Avoyelles') yields to a big place of that very name
        # ('Washington' is not Washington County).
        if any(
            gaz.kinds[r] != ADMIN2
            and gaz.primary_key(r) == key
            and (gaz.kinds[r] != CITY or gaz.populations[r] >= BIG_CITY_FOR_ADMIN1)
            for r in rows
        ):
            rows = [r for r in rows if gaz.kinds[r] != ADMIN2 or gaz.primary_key(r) == key]
        # Names that are some place's main name beat alternate names of other places.
        primary = {r for r in rows if gaz.kinds[r] != CITY or gaz.primary_key(r) == key}
        if primary and len(primary) < len(rows):
            strong = max(gaz.populations[r] for r in primary)
            rows = [r for r in rows if r in primary or gaz.populations[r] > 20 * strong + 100_000]
        return rows

    def _well_known_unit(self, row: int, key: str) -> bool:
        gaz = self.gaz
        if gaz.kinds[row] != ADMIN1:
            return False
        return (gaz.countries[row] == "USA" or row in gaz.well_known) and gaz.primary_key(
            row
        ) == key

    def prior(self, row: int, key: str) -> float:
        gaz = self.gaz
        kind = gaz.kinds[row]
        if kind == COUNTRY:
            return PRIOR_COUNTRY
        if kind == CONTINENT:
            return PRIOR_CONTINENT
        if kind == REGION:
            return PRIOR_REGION
        if kind == ADMIN1:
            if row in gaz.well_known:
                return PRIOR_WELL_KNOWN_UNIT
            score = PRIOR_US_STATE if gaz.countries[row] == "USA" else PRIOR_ADMIN1
            # 'Nelson' for 'Nelson Region': a shortened name is weaker evidence.
            return score if gaz.primary_key(row) == key else score - ALT_NAME_PENALTY
        if kind == ADMIN2:
            named = key.endswith(
                (" county", " parish", " borough", " district", " raion", " rayon", " agency")
            )
            return PRIOR_COUNTY_NAMED if named else PRIOR_COUNTY_BARE
        score = math.log10(gaz.populations[row] + 100)
        if gaz.primary_key(row) != key:
            score -= ALT_NAME_PENALTY
        if (gaz.countries[row], key) in self._capitals:
            score += CAPITAL_BONUS
        return score

    def qualifiers(self, text: str, end: int) -> list[tuple[str, str]]:
        """'Alexandria, La.' -> [('USA', 'LA')]; 'Paris, France' -> [('FRA', '')]."""
        m = _QUALIFIER.match(text, end, min(len(text), end + 40))
        if not m:
            return []
        gaz = self.gaz
        out: list[tuple[str, str]] = []
        words = m.group(1).split()
        for n in range(len(words), 0, -1):
            phrase = " ".join(words[:n])
            key = normalize_name(phrase)
            code = US_STATE_ABBREV.get(key.replace(" ", ""))
            if code and (n > 1 or phrase.endswith(".") or len(key) == 2):
                out.append(("USA", code))
            for row in gaz.rows(key):
                if gaz.kinds[row] == COUNTRY:
                    out.append((gaz.countries[row], ""))
                elif gaz.kinds[row] == ADMIN1:
                    out.append((gaz.countries[row], gaz.admin1[row]))
            if out:
                return out
        return out

    # -- resolution ----------------------------------------------------------------------

    def resolve_names(
        self,
        text: str,
        spans: Sequence[tuple[int, int]],
        context_countries: Sequence[str] = (),
        *,
        unknown_to_focus: bool = False,
    ) -> list[int | None]:
        """The chosen gazetteer row for each span (None when the name is unknown).

        With ``unknown_to_focus``, a name the gazetteer lacks ('Frenchmen Street', 'Barclays
        Center') gets the document's focus city: the city its other names mention most.
        """
        names: dict[str, _Name] = {}
        span_keys: list[str | None] = []
        for start, end in spans:
            surface = text[start:end].strip()
            key = normalize_name(surface)
            if not key:
                span_keys.append(None)
                continue
            span_keys.append(key)
            entry = names.get(key)
            if entry is None:
                entry = names[key] = _Name(key, surface, self.candidates(surface), [])
            entry.qualifiers.extend(self.qualifiers(text, end))
        explicit = {c for c in context_countries if c}
        cells = self._candidate_cells(names)
        choice = {k: self._best(n, explicit, None) for k, n in names.items()}
        for _ in range(2):
            ctx = self._context(choice)
            ctx.cells = cells
            choice = {k: self._best(n, explicit, ctx) for k, n in names.items()}
        final = self._context(choice)
        for k, name in names.items():
            row = choice.get(k)
            if (
                row is not None
                and name.key in self._part_names
                and not self._supported(k, row, final, explicit)
            ):
                choice[k] = None
        if unknown_to_focus and any(row is None for row in choice.values()):
            focus = self._focus_city(span_keys, choice)
            if focus is not None:
                choice = {k: focus if row is None else row for k, row in choice.items()}
        return [choice.get(k) if k is not None else None for k in span_keys]

    def _supported(self, key: str, row: int, ctx: _Context, explicit: set[str]) -> bool:
        """A part-name reading is kept when it lies in the caller's or the document's main
        country, or within 400 km of another name's place."""
        gaz = self.gaz
        country = gaz.countries[row]
        if country and (country in explicit or country == ctx.main):
            return True
        if gaz.kinds[row] not in (CITY, ADMIN2):
            return gaz.kinds[row] >= COUNTRY
        return _nearest_km(gaz.lats[row], gaz.lons[row], key, ctx.points) <= NEAR_BONUS[-1][0]

    def _focus_city(
        self, span_keys: Sequence[str | None], choice: dict[str, int | None]
    ) -> int | None:
        """The city (or county) mentioned most often, the earliest on a tie (reports name
        their main place first); else likewise the first-level unit; else None."""
        for kinds in ((CITY, ADMIN2), (ADMIN1,)):
            counts: Counter[int] = Counter()
            first: dict[int, int] = {}
            for i, key in enumerate(span_keys):
                row = choice.get(key) if key is not None else None
                if row is not None and self.gaz.kinds[row] in kinds:
                    counts[row] += 1
                    first.setdefault(row, i)
            if counts:
                return max(counts, key=lambda row: (counts[row], -first[row]))
        return None

    def _candidate_cells(self, names: dict[str, _Name]) -> dict[tuple[int, int], set[str]]:
        """Grid cells (about 55 km) holding any candidate of each name with few readings.

        'Paris and Henry County': Paris, Tennessee lies in Henry County, Tennessee, so the
        two readings support each other even before either is chosen."""
        gaz = self.gaz
        cells: dict[tuple[int, int], set[str]] = {}
        for key, name in names.items():
            if len(name.rows) > COHERENCE_MAX_READINGS:
                continue
            for row in name.rows:
                if gaz.kinds[row] in (CITY, ADMIN2):
                    cell = (int(gaz.lats[row] * 2 // 1), int(gaz.lons[row] * 2 // 1))
                    cells.setdefault(cell, set()).add(key)
        return cells

    def _context(self, choice: dict[str, int | None]) -> _Context:
        gaz = self.gaz
        ctx = _Context()
        for key, row in choice.items():
            if row is None:
                continue
            weight = 2 if gaz.kinds[row] in (COUNTRY, ADMIN1) else 1
            country = gaz.countries[row]
            if country:
                ctx.countries[country] += weight
                ctx.by_name_country[key] = (country, weight)
            if gaz.kinds[row] in (CITY, ADMIN2, ADMIN1) and country and gaz.admin1[row]:
                ctx.admin1[(country, gaz.admin1[row])] += 1
                ctx.by_name_admin1[key] = (country, gaz.admin1[row])
            if gaz.kinds[row] in (CITY, ADMIN2):
                ctx.points[key] = (gaz.lats[row], gaz.lons[row])
        ctx.main = ctx.countries.most_common(1)[0][0] if ctx.countries else None
        return ctx

    def _ranked(self, key: str, rows: list[int]) -> list[tuple[float, int]]:
        """(prior, row) pairs, best prior first; cached per name across documents."""
        hit = self._prior_cache.get(key)
        if hit is None:
            hit = sorted(((self.prior(r, key), r) for r in rows), reverse=True)
            if len(self._prior_cache) > PRIOR_CACHE_SIZE:
                self._prior_cache.clear()
            self._prior_cache[key] = hit
        return hit

    def _best(self, name: _Name, explicit: set[str], ctx: _Context | None) -> int | None:
        if not name.rows:
            return None
        gaz = self.gaz
        best_row, best_score = None, -1e9
        quals = name.qualifiers
        max_bonus = (
            (CTX_EXPLICIT_COUNTRY if explicit else 0.0)
            + (QUALIFIER_BONUS if quals else 0.0)
            + (MAX_CONTEXT_BONUS if ctx is not None else 0.0)
        )
        for prior, row in self._ranked(name.key, name.rows):
            # Candidates come best prior first, so once even every bonus cannot lift a
            # candidate past the leader, none of the rest can either.
            if prior + max_bonus <= best_score:
                break
            score = prior
            country = gaz.countries[row]
            if country in explicit:
                score += CTX_EXPLICIT_COUNTRY
            if quals and any(
                country == qc
                and (not qa or qa == gaz.admin1[row] or row == gaz.admin1_row.get((qc, qa)))
                for qc, qa in quals
            ):
                score += QUALIFIER_BONUS
            if ctx is not None:
                score += self._context_score(name.key, row, ctx)
                if score + NEAR_BONUS[0][1] > best_score:
                    score += self._near_score(name.key, row, ctx)
            if score > best_score:
                best_row, best_score = row, score
        return best_row

    def _context_score(self, key: str, row: int, ctx: _Context) -> float:
        gaz = self.gaz
        score = 0.0
        country = gaz.countries[row]
        if country:
            own_country, own_weight = ctx.by_name_country.get(key, ("", 0))
            own = own_weight if own_country == country else 0
            votes = ctx.countries.get(country, 0) - own
            if votes > 0:
                score += CTX_COUNTRY
                if country == ctx.main:
                    score += CTX_COUNTRY_MAIN
        kind = gaz.kinds[row]
        if kind in (CITY, ADMIN2, ADMIN1) and country and gaz.admin1[row]:
            a1 = (country, gaz.admin1[row])
            own = 1 if ctx.by_name_admin1.get(key) == a1 else 0
            if ctx.admin1.get(a1, 0) - own > 0:
                score += CTX_ADMIN1
        return score

    def _near_score(self, key: str, row: int, ctx: _Context) -> float:
        gaz = self.gaz
        if gaz.kinds[row] not in (CITY, ADMIN2) or not (ctx.points or ctx.cells):
            return 0.0
        state = gaz.admin1_row.get((gaz.countries[row], gaz.admin1[row]))
        if state is not None and gaz.primary_key(state) == key:
            # 'New York' the city: nearby places fit the state of the same name just as
            # well, so closeness is no evidence for the city.
            return 0.0
        nearest = _nearest_km(gaz.lats[row], gaz.lons[row], key, ctx.points)
        for radius, bonus in NEAR_BONUS:
            if nearest <= radius:
                return bonus
        cy, cx = int(gaz.lats[row] * 2 // 1), int(gaz.lons[row] * 2 // 1)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                others = ctx.cells.get((cy + dy, cx + dx))
                if others and (len(others) > 1 or key not in others):
                    return COHERENCE_BONUS
        return 0.0


def _nearest_km(lat: float, lon: float, key: str, points: dict[str, tuple[float, float]]) -> float:
    """Distance to the nearest other name's point, approximated (equirectangular) because
    only the bands of NEAR_BONUS matter; points more than 4 degrees of latitude away are
    skipped without computing anything."""
    best = 1e9
    coslat = math.cos(math.radians(lat))
    for other, (plat, plon) in points.items():
        dlat = plat - lat
        if other == key or dlat > 4.0 or dlat < -4.0:
            continue
        dlon = (plon - lon + 180.0) % 360.0 - 180.0
        d = 111.195 * math.sqrt(dlat * dlat + (dlon * coslat) ** 2)
        if d < best:
            best = d
    return best


class _Context:
    def __init__(self) -> None:
        self.countries: Counter[str] = Counter()
        self.admin1: Counter[tuple[str, str]] = Counter()
        self.points: dict[str, tuple[float, float]] = {}
        self.by_name_country: dict[str, tuple[str, int]] = {}
        self.by_name_admin1: dict[str, tuple[str, str]] = {}
        self.main: str | None = None
        self.cells: dict[tuple[int, int], set[str]] = {}
