"""Where an event happened: a table of sentences and the place each event must get.

Each row gives a text, the trigger word (the n-th occurrence), the CAMEO code, the source and
target (word in the text, country, sector), the place name expected and its precision. The
rules are those of docs/coding-conventions.md section 8 and issue 14: the place governed by
the trigger; the dateline for the report's own events; not the place where something was
said unless the event is the statement; not the destination of a planned visit.
"""

from __future__ import annotations

import re

import pytest

from lanner.events.arguments import ActorMention
from lanner.events.patterns import EventPattern
from lanner.events.placing import EventPlacer
from lanner.events.triggers import Trigger
from lanner.ingest.documents import find_dateline
from lanner.nlp import get_nlp
from lanner.records import ActorRef, Document, Location

Actor = tuple[str, str | None, str | None]  # word in the text, ISO3, sector

CASES: list[tuple[str, str, str, Actor | None, Actor | None, str, str]] = [
    # the place governed by the trigger: in, near, outside, at
    (
        "Tajik troops fired on Kyrgyz border guards near Isfara on Saturday.",
        "fired",
        "190",
        ("Tajik", "TJK", "MIL"),
        ("Kyrgyz", "KGZ", "COP"),
        "Isfara",
        "city",
    ),
    (
        "Gunmen attacked a police post outside Khujand on Monday.",
        "attacked",
        "190",
        ("Gunmen", None, None),
        ("police", None, "COP"),
        "Khujand",
        "city",
    ),
    (
        "Kyrgyz and Tajik guards exchanged fire in Batken province overnight.",
        "exchanged",
        "190",
        ("Kyrgyz", "KGZ", "COP"),
        ("Tajik", "TJK", "COP"),
        "Batken",
        "admin1",
    ),
    (
        "Pakistani forces shelled villages along the Afghan border on Sunday.",
        "shelled",
        "190",
        ("Pakistani", "PAK", "MIL"),
        ("villages", "AFG", "CVL"),
        "AFG-PAK border",
        "border",
    ),
    # a place in the subject's phrase: where an action happened, not where a speaker sits
    (
        "Police in Tehran arrested two French citizens.",
        "arrested",
        "173",
        ("Police", "IRN", "COP"),
        ("French", "FRA", "CVL"),
        "Tehran",
        "city",
    ),
    (
        "Officials in Kabul accused Pakistan of harbouring militants.",
        "accused",
        "112",
        ("Officials", "AFG", "GOV"),
        ("Pakistan", "PAK", None),
        "Pakistan",
        "country",
    ),
    # not the place where something was said, unless the event is the statement
    (
        "Russia said in Moscow that its troops had shelled positions near Kharkiv.",
        "shelled",
        "190",
        ("troops", "RUS", "MIL"),
        None,
        "Kharkiv",
        "city",
    ),
    (
        "Russia said in Moscow that its troops had shelled positions near Kharkiv.",
        "said",
        "010",
        ("Russia", "RUS", None),
        None,
        "Moscow",
        "city",
    ),
    (
        "Kazakhstan said that Russia had massed troops near Petropavl.",
        "said",
        "010",
        ("Kazakhstan", "KAZ", None),
        None,
        "Kazakhstan",
        "country",
    ),
    # ... but a charge's own place is in the accusation's clause (conventions, section 8)
    (
        "Kazakhstan accused Russia of massing troops near Petropavl.",
        "accused",
        "112",
        ("Kazakhstan", "KAZ", None),
        ("Russia", "RUS", None),
        "Petropavl",
        "city",
    ),
    # a visit happens at its destination; other events do not
    (
        "The Uzbek president plans to visit Beijing in May.",
        "visit",
        "036",
        ("president", "UZB", "GOV"),
        ("Beijing", "CHN", "GOV"),
        "Beijing",
        "city",
    ),
    (
        "Kazakhstan thanked Kyrgyzstan for its help and said it planned to visit Beijing.",
        "thanked",
        "051",
        ("Kazakhstan", "KAZ", None),
        ("Kyrgyzstan", "KGZ", None),
        "Kyrgyzstan",
        "country",
    ),
    # the dateline, for the report's own events
    (
        "DUSHANBE, May 3 (Lanner) - Tajikistan's foreign ministry protested to Kyrgyzstan on Monday.",
        "protested",
        "111",
        ("Tajikistan", "TJK", "GOV"),
        ("Kyrgyzstan", "KGZ", None),
        "Dushanbe",
        "city",
    ),
    (
        "DUSHANBE, May 3 (Lanner) - Kyrgyzstan protested to Tajikistan on Monday.",
        "protested",
        "111",
        ("Kyrgyzstan", "KGZ", None),
        ("Tajikistan", "TJK", None),
        "Tajikistan",
        "country",
    ),
    # a coordinated clause keeps its own place; a bare one borrows its partner's
    (
        "Armenia and Azerbaijan held talks in Almaty and signed a protocol on the border.",
        "signed",
        "057",
        ("Armenia", "ARM", None),
        ("Azerbaijan", "AZE", None),
        "Almaty",
        "city",
    ),
    (
        "Guyana held air drills in Georgetown, and Venezuela bought patrol boats from France.",
        "held",
        "061",
        ("Guyana", "GUY", None),
        None,
        "Georgetown",
        "city",
    ),
    # anaphoric place words; a located meeting, for the parties its sentence names
    (
        "Clashes broke out in Osh on Monday. The governor declared a curfew in the city.",
        "declared",
        "172",
        ("governor", "KGZ", "GOV"),
        None,
        "Osh",
        "city",
    ),
    (
        "Somali and Ethiopian leaders met for talks in Ankara. Somalia agreed to open its ports.",
        "agreed",
        "030",
        ("Somalia", "SOM", None),
        None,
        "Ankara",
        "city",
    ),
    (
        "EU ministers met in Brussels and adopted sanctions against Russia. Russia rejected them.",
        "rejected",
        "120",
        ("Russia", "RUS", None),
        None,
        "Russia",
        "country",
    ),
    # a named crossing is a point on the border the two sides share
    (
        "Pakistani and Afghan forces traded fire at the Torkham crossing.",
        "traded",
        "190",
        ("Pakistani", "PAK", "MIL"),
        ("Afghan", "AFG", "MIL"),
        "AFG-PAK border",
        "border",
    ),
    # no place said: the target's country, at its centre
    (
        "Uzbekistan criticised Afghanistan over the canal.",
        "criticised",
        "111",
        ("Uzbekistan", "UZB", None),
        ("Afghanistan", "AFG", None),
        "Afghanistan",
        "country",
    ),
]


def _mention(text: str, actor: Actor | None) -> ActorMention | None:
    if actor is None:
        return None
    word, country, sector = actor
    start = text.index(word)
    ref = ActorRef(word, country or "", country, sector, None, start, start + len(word))
    return ActorMention(ref, 0)


def _place(text: str, trigger: str, code: str, src: Actor | None, tgt: Actor | None) -> Location:
    doc = get_nlp()(text)
    document = Document(
        id="t",
        text=text,
        title=None,
        published="2025-05-03",
        source="test",
        path=None,
        dateline=find_dateline(text),
    )
    countries = [a[1] for a in (src, tgt) if a and a[1]]
    placer = EventPlacer(doc, document, countries)
    dash = re.search(r"\) - ", text)
    placer.skip_before = dash.end() if dash else 0
    token = next(t for t in doc if t.text == trigger)
    kind = "verb" if token.pos_ in ("VERB", "AUX") else "noun"
    pattern = EventPattern(kind=kind, lemmas=(token.lemma_,), code=code)
    loc, why = placer.place(Trigger(token, pattern), _mention(text, src), _mention(text, tgt))
    assert loc is not None, f"{text}\n  {trigger}: no place ({why})"
    return loc


def _name(loc: Location) -> str:
    return loc.name or ""


@pytest.mark.parametrize(
    ("text", "trigger", "code", "src", "tgt", "name", "precision"),
    CASES,
    ids=[f"{c[1]}:{c[0][:40]}" for c in CASES],
)
def test_events_placing_table(
    text: str,
    trigger: str,
    code: str,
    src: Actor | None,
    tgt: Actor | None,
    name: str,
    precision: str,
) -> None:
    loc = _place(text, trigger, code, src, tgt)
    assert (_name(loc), loc.precision) == (name, precision), f"{text}\n  {trigger}: {loc}"


def test_events_placing_country_events_use_the_country_centre() -> None:
    """A country-level event sits at the country's centre, not at the gazetteer's
    conventional point (which for Afghanistan lies far to the west)."""
    from lanner.geo import country_location
    from lanner.geo.resolver import haversine_km

    loc = _place(
        "Uzbekistan criticised Afghanistan over the canal.",
        "criticised",
        "111",
        ("Uzbekistan", "UZB", None),
        ("Afghanistan", "AFG", None),
    )
    centre = country_location("AFG", centre=True)
    point = country_location("AFG")
    assert centre is not None and point is not None
    assert loc.lat is not None and loc.lon is not None
    assert (loc.lat, loc.lon) == (centre.lat, centre.lon)
    assert haversine_km(loc.lat, loc.lon, point.lat or 0.0, point.lon or 0.0) > 50


def test_events_placing_disabled_gives_no_place() -> None:
    text = "Tajik troops fired on Kyrgyz border guards near Isfara."
    doc = get_nlp()(text)
    document = Document(
        id="t", text=text, title=None, published=None, source="test", path=None, dateline=None
    )
    placer = EventPlacer(doc, document, [], enabled=False)
    token = next(t for t in doc if t.text == "fired")
    loc, why = placer.place(
        Trigger(token, EventPattern(kind="verb", lemmas=("fire",), code="190")), None, None
    )
    assert loc is None and "disabled" in why
