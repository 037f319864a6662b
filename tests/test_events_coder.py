"""The event coder on sentences written for these tests: one row per linguistic phenomenon.

Each row: text, publication date, then the events that must be present as
(source country/IGO, target country/IGO, CAMEO root, factuality). A row also lists dyads that
must NOT be coded. Failure messages show the sentence and every event the coder produced.
"""

from __future__ import annotations

import pytest

from lanner.events import code_text
from lanner.records import EventRecord

PUB = "2024-05-10"


def _key(ev: EventRecord) -> tuple[str | None, str | None, str, str]:
    src = (ev.source.country or ev.source.igo) if ev.source else None
    tgt = (ev.target.country or ev.target.igo) if ev.target else None
    return (src, tgt, ev.cameo_root, ev.factuality)


def _show(events: list[EventRecord]) -> str:
    return "\n".join(
        f"  {_key(e)} {e.cameo} trigger={e.trigger.text!r} explanation={e.explanation}"
        for e in events
    )


CASES = [
    # active voice, direct object
    (
        "Chinese troops attacked Indian soldiers in the Galwan valley on Monday.",
        [("CHN", "IND", "19", "asserted")],
        [],
    ),
    # passive voice with agent
    (
        "An Indian army post was shelled by Pakistani forces overnight.",
        [("PAK", "IND", "19", "asserted")],
        [("IND", "PAK", "19")],
    ),
    # capital as metonym for the government, and a named recipient
    (
        "Moscow condemned Warsaw's decision to expel two diplomats.",
        [("RUS", "POL", "11", "asserted")],
        [],
    ),
    # compound source on a symmetric verb: both directions
    (
        "Egypt and Sudan signed a water-sharing agreement on Tuesday.",
        [("EGY", "SDN", "05", "asserted"), ("SDN", "EGY", "05", "asserted")],
        [],
    ),
    # several targets: one dyad each
    (
        "Japan founded a maritime security forum with Vietnam, Indonesia and Malaysia.",
        [
            ("JPN", "VNM", "05", "asserted"),
            ("JPN", "IDN", "05", "asserted"),
            ("JPN", "MYS", "05", "asserted"),
        ],
        [],
    ),
    # offer embedded under an intent verb -> CAMEO 03, intended
    (
        "Turkey offered to send peacekeepers to Azerbaijan.",
        [("TUR", "AZE", "03", "intended")],
        [("TUR", "AZE", "07")],
    ),
    # pledge of military aid
    (
        "Germany pledged more air defence systems to Ukraine.",
        [("DEU", "UKR", "03", "intended")],
        [],
    ),
    # appeal directed at the object of 'urge'
    (
        "The European Union urged Serbia to withdraw its troops from the border.",
        [("EU", "SRB", "02", "asserted")],
        [("SRB", None, "08")],
    ),
    # reported speech: the reported act is the event, not the saying
    (
        "Officials said Iranian forces had seized a British tanker.",
        [("IRN", "GBR", "17", "asserted")],
        [],
    ),
    # speculation is not asserted
    (
        "Analysts said Russia could attack Moldova next year.",
        [],
        [("RUS", "MDA", "19", "asserted")],
    ),
    # explicit negation
    (
        "Kenya did not send troops to Haiti.",
        [],
        [("KEN", "HTI", "07", "asserted"), ("KEN", "HTI", "15", "asserted")],
    ),
    # rejection directed at the proposer
    (
        "Ethiopia proposed talks with Egypt. Cairo rejected the proposal.",
        [("EGY", "ETH", "12", "asserted")],
        [],
    ),
    # pronoun referring back to an actor
    (
        "Brazil criticised Venezuela on Monday. It also recalled its ambassador from Caracas.",
        [("BRA", "VEN", "11", "asserted"), ("BRA", "VEN", "16", "asserted")],
        [],
    ),
    # event named by a noun, with an unknown attacker
    (
        "The March 3 bombing of the French embassy in Niamey killed two guards.",
        [(None, "FRA", "18", "asserted")],
        [],
    ),
    # sale of weapons to a named buyer
    ("South Korea sold 48 howitzers to Poland.", [("KOR", "POL", "06", "asserted")], []),
    # arrest of foreign nationals
    ("Police in Tehran arrested two French citizens.", [("IRN", "FRA", "17", "asserted")], []),
    # threat
    (
        "North Korea threatened South Korea with military action.",
        [("PRK", "KOR", "13", "asserted")],
        [],
    ),
    # a sentence with no dyadic event
    ("The weather in Geneva was mild this week.", [], []),
]


@pytest.mark.parametrize(("text", "expected", "forbidden"), CASES, ids=[c[0][:40] for c in CASES])
def test_coder_codes_sentence(text: str, expected: list[tuple], forbidden: list[tuple]) -> None:
    events = code_text(text, published=PUB).events
    keys = {_key(e) for e in events}
    for want in expected:
        assert want in keys, f"\n{text}\nmissing {want}; coded:\n{_show(events)}"
    for bad in forbidden:
        hits = [k for k in keys if k[: len(bad)] == bad]
        assert not hits, f"\n{text}\nmust not code {bad}; coded:\n{_show(events)}"


def test_coder_records_provenance_offsets() -> None:
    text = "Preamble sentence here. Chinese troops attacked Indian soldiers on Monday."
    doc = code_text(text, published=PUB)
    ev = next(e for e in doc.events if e.cameo_root == "19")
    assert text[ev.sentence.start : ev.sentence.end] == ev.sentence.text
    assert text[ev.trigger.start : ev.trigger.end] == ev.trigger.text == "attacked"
    assert ev.explanation, "every event explains why it was coded"


def test_coder_resolves_relative_date_against_publication() -> None:
    ev = code_text(
        "Chinese troops attacked Indian soldiers on Monday.", published="2024-05-10"
    ).events[0]
    assert (ev.date, ev.date_precision) == ("2024-05-06", "day")


def test_coder_without_publication_date_leaves_relative_dates_unresolved() -> None:
    ev = code_text("Chinese troops attacked Indian soldiers on Monday.", published=None).events[0]
    assert ev.date is None


def test_coder_event_record_has_fixed_fields() -> None:
    ev = code_text("Chinese troops attacked Indian soldiers.", published=PUB).events[0]
    d = ev.to_dict()
    for name in (
        "id",
        "doc_id",
        "group_id",
        "source",
        "target",
        "cameo",
        "cameo_root",
        "quad_class",
        "goldstein",
        "plover",
        "factuality",
        "date",
        "date_precision",
        "location",
        "sentence",
        "trigger",
        "confidence",
    ):
        assert name in d
    assert d["plover"]["event"] == "ASSAULT"
    assert d["quad_class"] == 4
    assert set(d["source"]) >= {"text", "code", "country", "sector", "igo"}


def test_coder_is_deterministic() -> None:
    text = "Egypt and Sudan signed a water-sharing agreement on Tuesday."
    first = [e.to_dict() for e in code_text(text, published=PUB).events]
    second = [e.to_dict() for e in code_text(text, published=PUB).events]
    assert first == second


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "!!!", "a" * 5000])
def test_coder_survives_degenerate_text(text: str) -> None:
    assert code_text(text, published=PUB).events == []
