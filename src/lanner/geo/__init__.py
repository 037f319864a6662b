"""The geo stage: find place names in a report and resolve them to places, borders and regions.

Public API (nothing is loaded at import; the gazetteer loads on first call, once per process)::

    geoparse(doc, actor_countries=(), dateline=None) -> list[Toponym]
    resolve(text, spans, context_countries=()) -> list[Location | None]
    country_location(iso3) -> Location | None
    border_location(a_iso3, b_iso3, near=()) -> Location | None
    place_location(name, context_countries=()) -> Location | None
    geoparse_text(text, ...) -> list[Toponym]      # runs spaCy for you

Precision levels: ``point``, ``city``, ``admin1`` (also US counties), ``border``, ``region``,
``country``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lanner.errors import LannerWarning
from lanner.records import Location

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "Toponym",
    "border_location",
    "country_location",
    "geoparse",
    "geoparse_text",
    "last_warnings",
    "place_location",
    "resolve",
]

_warnings: list[LannerWarning] = []


@dataclass
class Toponym:
    """A place name in a document and what it resolved to."""

    text: str
    start: int  # character offsets in the document text
    end: int
    kind: str  # "place" | "border" | "region" | "country"
    location: Location | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "location": self.location.to_dict() if self.location else None,
        }


def last_warnings() -> list[LannerWarning]:
    """Warnings (W4xx) from the most recent call in this process."""
    return list(_warnings)


_resolvers: list[Any] = []


def _resolver() -> Any:
    from lanner.geo.gazetteer import get_gazetteer
    from lanner.geo.resolver import NameResolver

    if not _resolvers:  # one per process; building it costs a pass over the capitals
        _resolvers.append(NameResolver(get_gazetteer()))
    return _resolvers[0]


def resolve(
    text: str,
    spans: Sequence[tuple[int, int]],
    *,
    context_countries: Sequence[str] = (),
    unknown_to_focus: bool = False,
) -> list[Location | None]:
    """Resolve the place names at ``spans`` of ``text`` together, in document context.

    Unknown names give ``None`` (and a W401 warning); more than ``MAX_NAMES`` spans are cut
    with a W402 warning. Never raises for bad input.
    """
    from lanner.geo.resolver import MAX_NAMES, location_for_row

    _warnings.clear()
    if not text or not spans:
        return [None] * len(spans or ())
    clean: list[tuple[int, int]] = []
    for span in spans:
        try:
            s, e = int(span[0]), int(span[1])
        except (TypeError, ValueError, IndexError):
            s, e = 0, 0
        clean.append((max(0, s), max(0, min(e, len(text)))))
    if len(clean) > MAX_NAMES:
        _warnings.append(LannerWarning("W402", {"count": len(clean), "limit": MAX_NAMES}))
    resolver = _resolver()
    rows = resolver.resolve_names(
        text,
        clean[:MAX_NAMES],
        [c.upper() for c in context_countries if c],
        unknown_to_focus=unknown_to_focus,
    )
    out: list[Location | None] = []
    for (s, e), row in zip(clean, rows, strict=False):
        if row is None:
            if e > s:
                _warnings.append(LannerWarning("W401", {"name": text[s:e]}))
            out.append(None)
        else:
            out.append(location_for_row(resolver.gaz, row, text[s:e]))
    out.extend([None] * (len(clean) - len(out)))
    return out


def place_location(name: str, *, context_countries: Sequence[str] = ()) -> Location | None:
    """Resolve one place name on its own (priors plus any context countries)."""
    if not name or not name.strip():
        return None
    return resolve(name, [(0, len(name))], context_countries=context_countries)[0]


def country_location(iso3: str, *, centre: bool = False) -> Location | None:
    """A country's representative point, precision ``country``; None for an unknown code.

    The point is the gazetteer's (GeoNames' convention); with ``centre`` it is the centre of
    the box around the country's main parts, where an event 'in the country' is put."""
    from lanner.geo.gazetteer import get_gazetteer
    from lanner.geo.resolver import location_for_row

    gaz = get_gazetteer()
    code = (iso3 or "").upper()
    if len(code) == 2:
        code = gaz.iso2_to_iso3.get(code, code)
    row = gaz.country_row.get(code)
    if row is None:
        return None
    loc = location_for_row(gaz, row, None)
    if centre:
        loc.lat, loc.lon = gaz.country_info[code]["centre"]
    return loc


def border_location(
    a_iso3: str, b_iso3: str, near: Sequence[tuple[float, float]] = ()
) -> Location | None:
    """The a-b boundary, precision ``border``: the point nearest ``near`` (lat, lon) points,
    else halfway along the line; the line is in ``geometry``. None if they share no border."""
    from lanner.geo.borders import locate_border

    if not a_iso3 or not b_iso3:
        return None
    return locate_border(a_iso3, b_iso3, near)


def _kind(loc: Location | None) -> str:
    if loc is None:
        return "place"
    return {"country": "country", "region": "region", "border": "border"}.get(
        loc.precision or "", "place"
    )


def _dateline_country(dateline: str | None) -> str | None:
    """'ATLANTA, Georgia' -> USA: the parts are resolved together, the first one counts."""
    if not dateline or not dateline.strip():
        return None
    spans, pos = [], 0
    for part in dateline.split(","):
        stripped = part.strip()
        if stripped:
            start = dateline.index(stripped, pos)
            spans.append((start, start + len(stripped)))
        pos += len(part) + 1
    for loc in resolve(dateline, spans):
        if loc is not None and loc.country:
            return loc.country
    return None


def geoparse(
    doc: Doc, *, actor_countries: Sequence[str] = (), dateline: str | None = None
) -> list[Toponym]:
    """Find and resolve the toponyms of a spaCy ``Doc`` (offsets are into ``doc.text``)."""
    from lanner.geo.borders import find_border_mentions, locate_border
    from lanner.geo.gazetteer import get_gazetteer
    from lanner.geo.recognize import country_words, find_toponym_spans

    gaz = get_gazetteer()
    text = doc.text
    if not text.strip():
        return []
    context = [c.upper() for c in actor_countries if c]
    home = _dateline_country(dateline)
    if home:
        context.append(home)
    borders = find_border_mentions(text, country_words(gaz))
    spans = [
        (s, e)
        for s, e in find_toponym_spans(doc, gaz)
        if not any(s < b.end and b.start < e for b in borders)
    ]
    locs = resolve(text, spans, context_countries=context)
    # A name the gazetteer cannot resolve is far more often a misread person, firm or
    # product ('Titan', 'United Way') than a place, so it is not reported.
    toponyms = [
        Toponym(text[s:e], s, e, _kind(loc), loc)
        for (s, e), loc in zip(spans, locs, strict=True)
        if loc is not None
    ]
    if borders:
        counts = Counter(t.location.country for t in toponyms if t.location and t.location.country)
        counts.update({c: 2 for c in context})
        near = [
            (t.location.lat, t.location.lon)
            for t in toponyms
            if t.location
            and t.location.precision == "city"
            and t.location.lat is not None
            and t.location.lon is not None
        ]
        for bm in borders:
            other = bm.a
            if other is None:
                ranked = [c for c, _ in counts.most_common() if c != bm.b]
                other = ranked[0] if ranked else None
            loc = locate_border(other, bm.b, near) if other else None
            if loc is None and bm.a is None:
                continue  # 'the Afghan border' with no known other side is not a place
            if loc is not None:
                loc.text = text[bm.start : bm.end]
            toponyms.append(Toponym(text[bm.start : bm.end], bm.start, bm.end, "border", loc))
        toponyms.sort(key=lambda t: t.start)
    return toponyms


def geoparse_text(
    text: str, *, actor_countries: Sequence[str] = (), dateline: str | None = None
) -> list[Toponym]:
    """Run Lanner's spaCy pipeline on ``text`` and geoparse it."""
    from lanner.geo.recognize import default_nlp

    if not text or not text.strip():
        return []
    return geoparse(default_nlp()(text), actor_countries=actor_countries, dateline=dateline)
