"""International borders: find 'the X-Y border' phrases and place them on the shared boundary.

The boundary lines are the arcs two countries share in Natural Earth's 1:50m TopoJSON
(``data/borders.json``, built by ``scripts/build_geo_data.py``). An event on a border gets
the boundary point nearest the document's other places, or else the point halfway along the
line; the line itself is kept as GeoJSON geometry.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from lanner.geo.distance import haversine_km
from lanner.records import Location

__all__ = ["BorderMention", "border_line", "find_border_mentions", "locate_border"]

_lock = threading.Lock()
_lines: dict[str, list[list[list[float]]]] | None = None

# A country word: a capitalised name of one to three words ('Afghanistan', 'North Korea',
# "Afghan", 'U.S.'). Which of them are countries is decided by the gazetteer.
_WORD = r"(?:[A-Z][\w.'’]*)(?:\s+[A-Z][\w.'’]*){0,2}"
# 'border guards', 'border security' are actors or policies, not places on the border.
_NOT_PLACE = r"(?!\s+(?:security|guards?|police|forces?|troops|services?|agenc\w+|control|polic\w+|dispute|officials?|patrols?))"
_PAIR = re.compile(
    rf"\b(?P<a>{_WORD})\s*[-–—/]\s*(?P<b>{_WORD})\s+(?P<kw>border|frontier|boundary)\b{_NOT_PLACE}"
)
_BETWEEN = re.compile(
    rf"\b(?P<kw>border|frontier|boundary)\s+between\s+(?P<a>{_WORD})\s+and\s+(?P<b>{_WORD})"
)
# Up to three lower-case words between an owner's 's and the noun: "Tajikistan's long and
# mountainous border with Afghanistan".
_ADJ = r"(?:[a-z][\w,-]*\s+){0,3}"
_WITH = re.compile(
    rf"(?:\b(?P<a>{_WORD})(?:(?:'s|’s)\s+{_ADJ}|\s+))?(?P<kw>border|frontier|boundary)\s+with\s+(?P<b>{_WORD})"
)
_SINGLE = re.compile(rf"\b(?P<b>{_WORD})\s+(?P<kw>border|frontier)\b{_NOT_PLACE}")


@dataclass
class BorderMention:
    start: int
    end: int
    a: str | None  # ISO3 of one side; None when it comes from the document's main country
    b: str  # ISO3 of the other side


def _borders() -> dict[str, list[list[list[float]]]]:
    global _lines
    with _lock:
        if _lines is None:
            raw = resources.files("lanner.geo").joinpath("data").joinpath("borders.json")
            _lines = json.loads(raw.read_text(encoding="utf-8"))["borders"]
        return _lines


def border_line(a_iso3: str, b_iso3: str) -> list[list[list[float]]]:
    """The boundary between two countries as a list of [lon, lat] lines ([] if none)."""
    key = "-".join(sorted((a_iso3.upper(), b_iso3.upper())))
    return _borders().get(key, [])


def _halfway(lines: list[list[list[float]]]) -> tuple[float, float]:
    segments = []
    total = 0.0
    for line in lines:
        for p, q in zip(line, line[1:], strict=False):
            d = haversine_km(p[1], p[0], q[1], q[0])
            segments.append((p, q, d))
            total += d
    if not segments:
        p = lines[0][0]
        return p[1], p[0]
    walked = 0.0
    for p, q, d in segments:
        if walked + d >= total / 2 and d > 0:
            f = (total / 2 - walked) / d
            return p[1] + f * (q[1] - p[1]), p[0] + f * (q[0] - p[0])
        walked += d
    p = segments[-1][1]
    return p[1], p[0]


def locate_border(
    a_iso3: str, b_iso3: str, near: Sequence[tuple[float, float]] = ()
) -> Location | None:
    """A ``border``-precision Location on the a-b boundary (None if they share none)."""
    lines = border_line(a_iso3, b_iso3)
    if not lines:
        return None
    if near:
        best = min(
            ((pt[1], pt[0]) for line in lines for pt in line),
            key=lambda ll: min(haversine_km(ll[0], ll[1], n[0], n[1]) for n in near),
        )
        lat, lon = best
    else:
        lat, lon = _halfway(lines)
    a, b = sorted((a_iso3.upper(), b_iso3.upper()))
    geometry = (
        {"type": "LineString", "coordinates": lines[0]}
        if len(lines) == 1
        else {"type": "MultiLineString", "coordinates": lines}
    )
    return Location(
        text=None,
        name=f"{a}-{b} border",
        country=None,
        admin1=None,
        lat=round(lat, 5),
        lon=round(lon, 5),
        geonameid=None,
        precision="border",
        geometry=geometry,
    )


def find_border_mentions(text: str, country_of: dict[str, str]) -> list[BorderMention]:
    """Border phrases in ``text``; ``country_of`` maps a normalized country word to ISO3.

    'the Tajikistan-Afghanistan border', 'the border between Mali and Niger', "Turkey's border
    with Syria", 'the border with Pakistan' (other side left open), 'the Afghan border'.
    """
    from lanner.geo.gazetteer import normalize_name

    def iso(word: str | None) -> str | None:
        if not word:
            return None
        words = re.sub(r"['’]s$", "", word).split()
        # Trim trailing words until the rest is a country ('Syria Monday' -> 'Syria').
        for n in range(len(words), 0, -1):
            hit = country_of.get(normalize_name(" ".join(words[:n])))
            if hit:
                return hit
        return None

    found: list[BorderMention] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], a: str | None, b: str | None, *, start: int | None = None) -> None:
        if b is None or a == b:
            return
        s = m.start() if start is None else start
        e = m.end()
        if any(s < te and ts < e for ts, te in taken):
            return
        taken.append((s, e))
        found.append(BorderMention(s, e, a, b))

    for m in _PAIR.finditer(text):
        a, b = iso(m.group("a")), iso(m.group("b"))
        if a and b:
            add(m, a, b)
    for m in _BETWEEN.finditer(text):
        a, b = iso(m.group("a")), iso(m.group("b"))
        if a and b:
            add(m, a, b)
    for m in _WITH.finditer(text):
        a = iso(m.group("a"))
        add(m, a, iso(m.group("b")), start=m.start() if a else m.start("kw"))
    for m in _SINGLE.finditer(text):
        add(m, None, iso(m.group("b")))
    found.sort(key=lambda bm: bm.start)
    return found
