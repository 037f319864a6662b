"""Argument rules that hold across phrasings: a preposition slot looks past a phrase that
names no actor, a recipient subject makes the giver the source, and people a state acts on
at home are its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from lanner.errors import LannerError
from lanner.events.coder import EventCoder
from lanner.events.patterns import load_patterns
from lanner.records import Document


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder(coder="rules", geo=False)


def dyads(coder: EventCoder, text: str) -> list[tuple[str | None, str | None, str]]:
    events = coder.code(Document(id="t", text=text, published="2024-06-12")).events
    return [
        (e.source.code if e.source else None, e.target.code if e.target else None, e.cameo)
        for e in events
    ]


@pytest.mark.parametrize(
    ("text", "dyad"),
    [
        # the verb's own 'on Monday' comes first and names no actor
        ("Washington imposed sanctions on Iran on Monday.", ("USAGOV", "IRN", "163")),
        ("The EU imposed new sanctions on Belarus on Friday.", ("IGOEUREEC", "BLR", "163")),
    ],
)
def test_a_preposition_slot_looks_past_a_phrase_with_no_actor(
    coder: EventCoder, text: str, dyad: tuple[str, str, str]
) -> None:
    assert dyad in dyads(coder, text)


@pytest.mark.parametrize(
    ("text", "source", "target", "root"),
    [
        ("Tajikistan received weapons from China on Monday.", "CHN", "TJK", "07"),
        ("Egypt secured a $3 billion loan from the IMF.", "IGOBUSIMF", "EGY", "07"),
    ],
)
def test_the_giver_is_the_source_when_the_subject_received(
    coder: EventCoder, text: str, source: str, target: str, root: str
) -> None:
    found = dyads(coder, text)
    assert any(s == source and t == target and c.startswith(root) for s, t, c in found), found
    assert not any(s == target and t == source for s, t, _ in found), found


def test_recipient_subject_must_be_true_or_false(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        'verbs:\n  - {lemma: [get], recipient_subject: maybe, target: [prep:from], code: "070"}\n',
        encoding="utf-8",
    )
    with pytest.raises(LannerError) as info:
        load_patterns([path])
    assert info.value.code == "E324"


@pytest.mark.parametrize(
    ("text", "dyad"),
    [
        ("Belarus released a jailed opposition leader on Friday.", ("BLR", "BLROPP")),
        ("Iran freed two journalists on Sunday.", ("IRN", "IRNMED")),
    ],
)
def test_people_a_state_acts_on_at_home_are_its_own(
    coder: EventCoder, text: str, dyad: tuple[str, str]
) -> None:
    assert dyad in [(s, t) for s, t, _ in dyads(coder, text)]


def test_under_force_the_people_attacked_get_no_country_from_the_attacker(
    coder: EventCoder,
) -> None:
    found = dyads(coder, "Russian forces shelled civilians fleeing the fighting.")
    assert found, found
    assert all(t != "RUSCVL" for _, t, _ in found), found


def test_an_ngo_named_without_a_country_keeps_none(coder: EventCoder) -> None:
    text = "Human Rights Watch accused the Burkinabe army of killing civilians near Djibo."
    found = dyads(coder, text)
    assert ("NGO", "BFAMIL") in [(s, t) for s, t, _ in found], found


@pytest.mark.parametrize(
    ("text", "unwanted", "wanted"),
    [
        # a meeting place is no party to the meeting
        (
            "EU foreign ministers meeting in Brussels adopted sanctions against Russia.",
            "BELGOV",
            None,
        ),
        # but the destination of a journey is the host
        ("The Iraqi president arrived in Tehran on Tuesday.", None, ("IRQGOV", "IRNGOV")),
    ],
)
def test_a_capital_after_a_preposition_of_place_is_a_place(
    coder: EventCoder, text: str, unwanted: str | None, wanted: tuple[str, str] | None
) -> None:
    found = dyads(coder, text)
    if unwanted:
        assert all(unwanted not in (s, t) for s, t, _ in found), found
    if wanted:
        assert wanted in [(s, t) for s, t, _ in found], found


def test_two_branches_of_one_state_face_each_other_at_home(coder: EventCoder) -> None:
    found = dyads(
        coder, "Pakistan's Senate called on the government to seek a loan from Saudi Arabia."
    )
    assert ("PAKLEG", "PAKGOV") in [(s, t) for s, t, _ in found], found


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Russia launched no attacks on Kyiv overnight.", "attacks"),
        ("Kenyan police made no arrests of Somali nationals.", "arrests"),
        ("Serbian troops fired no shots at Kosovo police during the standoff.", "fired"),
    ],
)
def test_an_act_with_no_is_negated(coder: EventCoder, text: str, word: str) -> None:
    events = coder.code(Document(id="n", text=text, published="2024-06-12")).events
    hits = [e for e in events if e.trigger.text == word]
    assert hits, [(e.trigger.text, e.factuality) for e in events]
    assert all(e.factuality == "negated" for e in hits), [
        (e.trigger.text, e.factuality) for e in hits
    ]
