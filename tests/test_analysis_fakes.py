"""A scripted coder for the analysis and API tests, and tests that it behaves.

Analyses need stores whose events are known exactly. A test lists, per document, the
sentences and the event each one carries (:class:`Ev`); :func:`build_store` writes the
document text from those sentences, ingests it through ``Store.ingest`` with a coder that
returns exactly those events (offsets computed from the text), and checks that the store
kept one event per spec (no same-event merges), so expectations can be computed from the
specs themselves.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from lanner.errors import LannerWarning
from lanner.events import cameo as cameo_code
from lanner.records import ActorRef, Document, EventRecord, Location, Span, content_id
from lanner.store import Store

COUNTRIES = {"CHN", "RUS", "TJK", "KGZ", "AFG", "USA", "UKR", "FRA", "NER", "TCD", "IND", "PAK"}
IGOS = {"NATO", "SCO", "CSTO", "UN"}
# name -> (country, admin1, lat, lon)
PLACES = {
    "Dushanbe": ("TJK", "Dushanbe", 38.5598, 68.7870),
    "Vahdat": ("TJK", "RRS", 38.5563, 69.0135),  # about 20 km from Dushanbe
    "Khorog": ("TJK", "GBAO", 37.4897, 71.5530),  # about 260 km from Dushanbe
    "Murghab": ("TJK", "GBAO", 38.1700, 73.9650),
    "Bishkek": ("KGZ", "Chuy", 42.8746, 74.5698),
    "Kabul": ("AFG", "Kabul", 34.5553, 69.2075),
    "Kharkiv": ("UKR", "Kharkiv", 49.9935, 36.2304),
    "Kyiv": ("UKR", "Kyiv", 50.4501, 30.5234),
    "Niamey": ("NER", "Niamey", 13.5116, 2.1254),
    "Ndjamena": ("TCD", "Ndjamena", 12.1348, 15.0557),
}
CODER_VERSION = "analysis-fake-1"


@dataclass(frozen=True)
class Ev:
    """One sentence and the event it carries (``src``/``tgt`` are actor codes)."""

    sentence: str
    src: str
    tgt: str
    cameo: str
    date: str | None = None
    factuality: str = "asserted"
    place: str | None = None
    trigger: str | None = None  # a word of the sentence; default: its second word


@dataclass
class Doc:
    events: list[Ev]
    published: str | None = "2024-03-01"
    title: str | None = None
    extra: str = ""  # text after the event sentences
    source: str | None = None


@dataclass
class FakeCoded:
    document: Document
    events: list[EventRecord]
    warnings: list[LannerWarning] = field(default_factory=list)


def actor(code: str, start: int, end: int, text: str) -> ActorRef:
    if code[:3] in COUNTRIES:
        return ActorRef(
            text, code, country=code[:3], sector=code[3:6] or None, start=start, end=end
        )
    igo = next((i for i in IGOS if code.startswith(i)), code)
    return ActorRef(text, code, igo=igo, sector=code[len(igo) :] or None, start=start, end=end)


def doc_text(doc: Doc) -> str:
    return " ".join(ev.sentence for ev in doc.events) + (" " + doc.extra if doc.extra else "")


class ScriptedCoder:
    """Returns the scripted events of each registered document text."""

    coder_version = CODER_VERSION

    def __init__(self) -> None:
        self.scripts: dict[str, list[Ev]] = {}

    def __call__(self, document: Document) -> FakeCoded:
        records: list[EventRecord] = []
        cursor = 0
        for index, ev in enumerate(self.scripts.get(document.text, [])):
            start = document.text.index(ev.sentence, cursor)
            cursor = start + len(ev.sentence)
            words = ev.sentence.split()
            trigger = ev.trigger or words[1]
            t_start = document.text.index(trigger, start)
            first = words[0]
            info = cameo_code(ev.cameo)
            loc = None
            if ev.place:
                country, admin1, lat, lon = PLACES[ev.place]
                loc = Location(ev.place, ev.place, country, admin1, lat, lon, None, "city")
            rid = hashlib.sha1(f"{document.id}:{index}".encode()).hexdigest()[:12]
            records.append(
                EventRecord(
                    id=rid,
                    doc_id=document.id,
                    group_id=rid,
                    source=actor(ev.src, start, start + len(first), first),
                    target=actor(ev.tgt, start, start + len(first), words[-1].strip(".")),
                    cameo=ev.cameo,
                    cameo_root=ev.cameo[:2],
                    quad_class=info.quad_class,
                    goldstein=info.goldstein,
                    plover_event=info.plover_event,
                    plover_mode=None,
                    plover_context=None,
                    factuality=ev.factuality,  # type: ignore[arg-type]
                    date=ev.date or document.published,
                    date_precision="day" if (ev.date or document.published) else None,
                    location=loc,
                    sentence_index=index,
                    sentence=Span(ev.sentence, start, start + len(ev.sentence)),
                    trigger=Span(trigger, t_start, t_start + len(trigger)),
                    confidence=0.9,
                    coder_version=CODER_VERSION,
                )
            )
        return FakeCoded(document, records)


def build_store(path: Path, docs: list[Doc]) -> str:
    """Ingest ``docs`` into a new store at ``path``; returns the path as a string."""
    coder = ScriptedCoder()
    documents = []
    for i, doc in enumerate(docs):
        text = doc_text(doc)
        coder.scripts[text] = doc.events
        documents.append(
            Document(
                id=content_id(text),
                text=text,
                title=doc.title or f"Report {i}",
                published=doc.published,
                source=doc.source or f"outlet{i}",
                path=f"doc{i}.txt",
            )
        )
    with Store(path, coder=coder) as store:
        store.ingest(documents, progress=False)
        stored = store.counts()["events"]
    expected = sum(len(d.events) for d in docs)
    assert stored == expected, f"the store merged scripted events ({stored} of {expected} kept)"
    return str(path)


def open_store(path: str) -> Store:
    return Store(path, read_only=True)


# -- tests of the double itself --------------------------------------------------------------


def test_analysis_fakes_offsets_point_at_sentence_and_trigger(tmp_path: Path) -> None:
    evs = [
        Ev(
            "China offered aid to Tajikistan.",
            "CHNGOV",
            "TJKGOV",
            "073",
            "2024-01-05",
            trigger="offered",
        ),
        Ev("Russia attacked Ukraine.", "RUSMIL", "UKRMIL", "190", "2024-01-09", place="Kharkiv"),
    ]
    path = build_store(tmp_path / "s.duckdb", [Doc(evs, extra="Nothing else happened.")])
    with open_store(path) as store:
        rows = store.con.execute(
            "SELECT d.text, m.sentence_start, m.sentence_end, m.trigger_start, m.trigger_end, m.trigger_text "
            "FROM mentions m JOIN documents d ON d.id = m.doc_id ORDER BY m.sentence_index"
        ).fetchall()
    assert len(rows) == len(evs)
    for (text, s0, s1, t0, t1, trig), ev in zip(rows, evs, strict=True):
        assert text[s0:s1] == ev.sentence
        assert text[t0:t1] == trig == (ev.trigger or ev.sentence.split()[1])


def test_analysis_fakes_refuse_merged_scripts(tmp_path: Path) -> None:
    same = Ev("Russia attacked Ukraine.", "RUSMIL", "UKRMIL", "190", "2024-01-09")
    with pytest.raises(AssertionError, match="merged"):
        build_store(tmp_path / "s.duckdb", [Doc([same]), Doc([same], extra="Another outlet.")])
