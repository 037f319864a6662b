"""The records that pass between pipeline stages: a :class:`Document` in, :class:`EventRecord` out.

The JSON field names of :meth:`EventRecord.to_dict` are fixed (see ``docs/schema.md``):
other tools and our own evaluation read them.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from lanner.errors import LannerWarning

__all__ = [
    "ActorRef",
    "Document",
    "EventRecord",
    "Factuality",
    "Location",
    "Span",
    "content_id",
]

Factuality = Literal["asserted", "intended", "hypothetical", "negated"]
DatePrecision = Literal["day", "month", "year"]
PlacePrecision = Literal["point", "city", "admin1", "border", "region", "country"]


def content_id(text: str) -> str:
    """The id of a document's text: the first 16 hex digits of SHA-256 of its NFC text."""
    import unicodedata

    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()[:16]


@dataclass
class Document:
    """One report to code. ``text`` is exactly what offsets in events refer to."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    source: str | None = None
    path: str | None = None
    language: str = "en"
    dateline: str | None = None
    warnings: list[LannerWarning] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return content_id(self.text)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["warnings"] = [w.to_dict() for w in self.warnings]
        return out


@dataclass
class ActorRef:
    """A coded actor: CAMEO-style ``code`` plus its parts as separate fields."""

    text: str
    code: str
    country: str | None = None  # ISO 3166-1 alpha-3
    sector: str | None = None  # GOV, MIL, COP, REB, ...
    igo: str | None = None  # UN, EU, NATO, SCO, ...
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "igo": self.igo,
        }


@dataclass
class Location:
    text: str | None
    name: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    precision: PlacePrecision | None
    geometry: dict[str, Any] | None = None  # GeoJSON, e.g. a border LineString

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "geonameid": self.geonameid,
            "precision": self.precision,
        }
        if self.geometry is not None:
            out["geometry"] = self.geometry
        return out


@dataclass
class Span:
    text: str
    start: int
    end: int


@dataclass
class EventRecord:
    id: str
    doc_id: str
    group_id: str
    source: ActorRef | None
    target: ActorRef | None
    cameo: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover_event: str | None
    plover_mode: str | None
    plover_context: str | None
    factuality: Factuality
    date: str | None
    date_precision: DatePrecision | None
    location: Location | None
    sentence_index: int
    sentence: Span
    trigger: Span
    confidence: float
    explanation: list[str] = field(default_factory=list)
    date_text: str | None = None
    coder_version: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "group_id": self.group_id,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover": {
                "event": self.plover_event,
                "mode": self.plover_mode,
                "context": self.plover_context,
            },
            "factuality": self.factuality,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_text": self.date_text,
            "location": self.location.to_dict() if self.location else None,
            "sentence": {
                "index": self.sentence_index,
                "text": self.sentence.text,
                "start": self.sentence.start,
                "end": self.sentence.end,
            },
            "trigger": {
                "text": self.trigger.text,
                "start": self.trigger.start,
                "end": self.trigger.end,
            },
            "confidence": self.confidence,
            "explanation": list(self.explanation),
            "coder_version": self.coder_version,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EventRecord:
        def actor(a: dict[str, Any] | None) -> ActorRef | None:
            if not a:
                return None
            return ActorRef(
                text=a.get("text") or "",
                code=a.get("code") or "",
                country=a.get("country"),
                sector=a.get("sector"),
                igo=a.get("igo"),
            )

        loc = d.get("location")
        plover = d.get("plover") or {}
        sent = d.get("sentence") or {}
        trig = d.get("trigger") or {}
        return cls(
            id=d["id"],
            doc_id=d["doc_id"],
            group_id=d.get("group_id") or d["id"],
            source=actor(d.get("source")),
            target=actor(d.get("target")),
            cameo=d["cameo"],
            cameo_root=d.get("cameo_root") or d["cameo"][:2],
            quad_class=int(d["quad_class"]),
            goldstein=float(d["goldstein"]),
            plover_event=plover.get("event"),
            plover_mode=plover.get("mode"),
            plover_context=plover.get("context"),
            factuality=d.get("factuality", "asserted"),
            date=d.get("date"),
            date_precision=d.get("date_precision"),
            location=Location(
                text=loc.get("text"),
                name=loc.get("name"),
                country=loc.get("country"),
                admin1=loc.get("admin1"),
                lat=loc.get("lat"),
                lon=loc.get("lon"),
                geonameid=loc.get("geonameid"),
                precision=loc.get("precision"),
                geometry=loc.get("geometry"),
            )
            if loc
            else None,
            sentence_index=int(sent.get("index", 0)),
            sentence=Span(sent.get("text", ""), int(sent.get("start", 0)), int(sent.get("end", 0))),
            trigger=Span(trig.get("text", ""), int(trig.get("start", 0)), int(trig.get("end", 0))),
            confidence=float(d.get("confidence", 0.0)),
            explanation=list(d.get("explanation") or []),
            date_text=d.get("date_text"),
            coder_version=d.get("coder_version"),
        )
