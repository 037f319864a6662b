"""A small deterministic coder double for the store's tests, and tests that it behaves.

The store only needs *some* coder; this one understands one sentence shape so that store
tests can say exactly which events a document should give:

    "<Actor> [troops|police] [did not] <verb> <Actor> [troops|police] [in <Place>] [on <date>]."

Dates are YYYY-MM-DD, YYYY-MM or YYYY; without one the event takes the publication date.
A document containing "UNREADABLE" is rejected with a coded error, as a real coder might.
"""

from __future__ import annotations

import hashlib
import random
import re
import time
from dataclasses import dataclass, field

import pytest

from lanner.errors import LannerError, LannerWarning
from lanner.records import ActorRef, Document, EventRecord, Location, Span

COUNTRIES = {
    "Russia": "RUS",
    "Ukraine": "UKR",
    "China": "CHN",
    "Tajikistan": "TJK",
    "Kyrgyzstan": "KGZ",
    "Niger": "NER",
    "Chad": "TCD",
    "France": "FRA",
}
IGOS = {"NATO": "NATO", "SCO": "SCO"}
SECTORS = {"troops": "MIL", "police": "COP", "rebels": "REB"}
# verb -> (CAMEO code, quad class, Goldstein, PLOVER event)
VERBS = {
    "attacked": ("190", 4, -10.0, "ASSAULT"),
    "shelled": ("195", 4, -10.0, "ASSAULT"),
    "bombed": ("195", 4, -10.0, "ASSAULT"),
    "accused": ("112", 3, -2.0, "ACCUSE"),
    "criticised": ("111", 3, -2.0, "ACCUSE"),
    "threatened": ("130", 3, -4.4, "THREATEN"),
    "met": ("040", 1, 1.0, "CONSULT"),
    "praised": ("051", 1, 3.4, "COOPERATE"),
    "aided": ("070", 2, 7.0, "AID"),
}
PLACES = {
    "Kharkiv": (49.9935, 36.2304),
    "Chuhuiv": (49.8353, 36.6880),  # about 35 km from Kharkiv
    "Kyiv": (50.4501, 30.5234),  # about 410 km from Kharkiv
    "Bishkek": (42.8746, 74.5698),
    "Dushanbe": (38.5598, 68.7870),
}
CODER_VERSION = "fake-1"

_ACTOR = r"(?P<{n}>[A-Z][A-Za-z]+)(?: (?P<{n}_sec>troops|police|rebels))?"
SENTENCE = re.compile(
    _ACTOR.format(n="src")
    + r" (?P<neg>did not )?(?P<verb>[a-z]+) "
    + _ACTOR.format(n="tgt")
    + r"(?: in (?P<place>[A-Z][a-z]+))?(?: on (?P<date>\d{4}(?:-\d{2}){0,2}))?\."
)


@dataclass
class FakeCodedDocument:
    document: Document
    events: list[EventRecord]
    warnings: list[LannerWarning] = field(default_factory=list)


def _actor(name: str, sector: str | None, start: int, end: int) -> ActorRef | None:
    if name in COUNTRIES:
        country, igo = COUNTRIES[name], None
    elif name in IGOS:
        country, igo = None, IGOS[name]
    else:
        return None
    sec = SECTORS.get(sector or "", "GOV" if country else None)
    code = (country or igo or "") + (sec or "")
    return ActorRef(
        text=name, code=code, country=country, sector=sec, igo=igo, start=start, end=end
    )


def fake_code_document(
    doc: Document, *, version: str = CODER_VERSION, shift: int = 0
) -> FakeCodedDocument:
    """Code ``doc`` with the sentence pattern above. ``shift`` alters codes (a "new coder")."""
    if "UNREADABLE" in doc.text:
        raise LannerError("E111", path=doc.path or doc.id)
    events: list[EventRecord] = []
    for index, sentence in enumerate(re.finditer(r"[^.]+\.", doc.text)):
        text = sentence.group().strip()
        offset = sentence.start() + (len(sentence.group()) - len(sentence.group().lstrip()))
        match = SENTENCE.fullmatch(text) if len(text) < 300 else None  # the pattern is short
        if not match or match["verb"] not in VERBS:
            continue
        src = _actor(
            match["src"], match["src_sec"], offset + match.start("src"), offset + match.end("src")
        )
        tgt = _actor(
            match["tgt"], match["tgt_sec"], offset + match.start("tgt"), offset + match.end("tgt")
        )
        if src is None or tgt is None:
            continue
        cameo, quad, goldstein, plover = VERBS[match["verb"]]
        if shift:
            cameo = cameo[:2] + str((int(cameo[2:] or "0") + shift) % 10)
        day = match["date"] or doc.published
        precision = {10: "day", 7: "month", 4: "year"}.get(len(day)) if day else None
        place = match["place"]
        location = (
            Location(place, place, tgt.country, None, *PLACES[place], None, "city")
            if place in PLACES
            else None
        )
        record_id = hashlib.sha1(f"{doc.id}:{index}".encode()).hexdigest()[:12]
        events.append(
            EventRecord(
                id=record_id,
                doc_id=doc.id,
                group_id=record_id,
                source=src,
                target=tgt,
                cameo=cameo,
                cameo_root=cameo[:2],
                quad_class=quad,
                goldstein=goldstein,
                plover_event=plover,
                plover_mode=None,
                plover_context="military" if quad == 4 else None,
                factuality="negated" if match["neg"] else "asserted",
                date=day,
                date_precision=precision,  # type: ignore[arg-type]
                location=location,
                sentence_index=index,
                sentence=Span(text, offset, offset + len(text)),
                trigger=Span(
                    match["verb"], offset + match.start("verb"), offset + match.end("verb")
                ),
                confidence=0.9,
                explanation=[f"pattern: {match['verb']}"],
                coder_version=version,
            )
        )
    return FakeCodedDocument(doc, events)


fake_code_document.coder_version = CODER_VERSION  # type: ignore[attr-defined]


class SlowFakeCoder:
    """The fake coder taking ``delay`` seconds per document, for the kill-and-rerun test."""

    coder_version = CODER_VERSION

    def __init__(self, delay: float) -> None:
        self.delay = delay

    def __call__(self, doc: Document) -> FakeCodedDocument:
        time.sleep(self.delay)
        return fake_code_document(doc)


def make_doc(
    text: str,
    *,
    published: str | None = "2024-03-02",
    source: str | None = None,
    url: str | None = None,
    path: str | None = None,
    title: str | None = None,
) -> Document:
    from lanner.records import content_id

    return Document(
        id=content_id(text),
        text=text,
        published=published,
        source=source,
        url=url,
        path=path,
        title=title,
    )


_VOCABULARY = [
    "officials",
    "residents",
    "market",
    "station",
    "radio",
    "ministry",
    "schools",
    "trams",
    "weather",
    "harvest",
    "prices",
    "bridge",
    "council",
    "budget",
    "river",
    "festival",
    "hospital",
    "airport",
    "teachers",
    "farmers",
    "drivers",
    "roads",
    "museum",
    "theatre",
    "factory",
    "port",
    "exports",
    "rain",
    "winter",
    "summer",
    "election",
    "committee",
    "court",
    "bank",
    "village",
    "district",
    "province",
    "capital",
    "border",
    "valley",
    "mountain",
    "coast",
    "island",
    "forest",
    "desert",
]


def _filler(i: int) -> str:
    rng = random.Random(i)
    return " ".join(rng.choice(_VOCABULARY) for _ in range(40)).capitalize() + "."


def make_corpus(n: int) -> list[Document]:
    """``n`` deterministic documents: overlapping events, wire copies and bad ones.

    Every fourth document is a copy of the one before with a credit line added (a near
    duplicate); every eleventh is rejected by the coder.
    """
    names = list(COUNTRIES)
    verbs = list(VERBS)
    places = list(PLACES)
    docs: list[Document] = []
    for i in range(n):
        if i % 4 == 3 and docs:
            text = docs[-1].text.removeprefix("UNREADABLE ") + " Distributed by a wire service."
            docs.append(make_doc(text, source=f"outlet{i % 5}", path=f"doc{i}.txt"))
            continue
        a, b = names[i % len(names)], names[(i * 3 + 1) % len(names)]
        if a == b:
            b = names[(i + 2) % len(names)]
        verb = verbs[(i // 2) % len(verbs)]
        day = f"2024-03-{1 + (i // 3) % 9:02d}"
        text = (
            f"{a} {verb} {b} in {places[i % len(places)]} on {day}. {_filler(i)} "
            f"{b} accused {a} on {day}. Report number {i // 4} of the series."
        )
        if i % 11 == 10:
            text = "UNREADABLE " + text
        docs.append(make_doc(text, source=f"outlet{i % 5}", path=f"doc{i}.txt"))
    return docs


# -- tests of the double itself ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Russia attacked Ukraine in Kharkiv on 2024-03-01.",
            ("RUSGOV", "UKRGOV", "190", "2024-03-01", "asserted"),
        ),
        (
            "Russia troops shelled Ukraine troops.",
            ("RUSMIL", "UKRMIL", "195", "2024-03-02", "asserted"),
        ),
        ("China did not attack Tajikistan.", None),  # "attack" is not a listed verb form
        (
            "China did not threatened Tajikistan on 2024-02.",
            ("CHNGOV", "TJKGOV", "130", "2024-02", "negated"),
        ),
        ("NATO criticised Russia on 2023.", ("NATO", "RUSGOV", "111", "2023", "asserted")),
        ("Atlantis attacked Russia.", None),
    ],
)
def test_store_fake_coder_reads_its_sentence_pattern(
    sentence: str, expected: tuple[str, ...] | None
) -> None:
    coded = fake_code_document(make_doc(sentence))
    if expected is None:
        assert coded.events == []
        return
    (event,) = coded.events
    assert event.source is not None and event.target is not None
    got = (event.source.code, event.target.code, event.cameo, event.date, event.factuality)
    assert got == expected
    assert sentence[event.trigger.start : event.trigger.end] == event.trigger.text


def test_store_fake_coder_rejects_unreadable_documents() -> None:
    with pytest.raises(LannerError) as info:
        fake_code_document(make_doc("UNREADABLE Russia attacked Ukraine."))
    assert info.value.code == "E111"
