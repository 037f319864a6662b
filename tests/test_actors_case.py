"""Letter case as evidence: cased aliases (``US``, ``WHO``) match only as written, and a
one-word proper name written in lower case ("the west bank", "turkey") is the common word."""

from __future__ import annotations

from pathlib import Path

import pytest

from lanner.actors import ActorLexicon, get_lexicon, load_lexicon
from lanner.errors import LannerError
from lanner.events.coder import EventCoder
from lanner.records import Document


@pytest.fixture(scope="module")
def lexicon() -> ActorLexicon:
    return get_lexicon()


def found(lexicon: ActorLexicon, words: list[str]) -> list[tuple[str, str]]:
    return [
        (" ".join(words[m.start : m.end]), m.entries[0].code) for m in lexicon.find_words(words)
    ]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["The", "US", "imposed", "sanctions"], [("US", "USA")]),
        (["Let", "us", "talk", "to", "Iran"], [("Iran", "IRN")]),
        (["WHO", "officials", "arrived"], [("WHO", "IGOUNOHLH"), ("officials", "GOV")]),
        (["Those", "who", "fled", "Sudan"], [("Sudan", "SDN")]),
        (["IS", "fighters", "attacked"], [("IS", "IMGINSISI"), ("fighters", "INS")]),
        (["It", "is", "calm"], []),
        (["The", "CAR", "army"], [("CAR", "CAF"), ("army", "MIL")]),
    ],
)
def test_cased_alias_matches_only_as_written(
    lexicon: ActorLexicon, words: list[str], expected: list[tuple[str, str]]
) -> None:
    assert found(lexicon, words) == expected


def test_cased_aliases_are_off_in_text_mostly_in_capitals(lexicon: ActorLexicon) -> None:
    # a shouted headline has no case to go by: 'IS' here is the verb
    assert found(lexicon, ["CHINA", "IS", "READY"]) == [("CHINA", "CHN")]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["Troops", "left", "the", "west", "bank"], [("Troops", "MIL"), ("bank", "BUS")]),
        (["Sanctions", "by", "the", "West"], [("West", "WST")]),
        (["They", "ate", "turkey", "in", "Ankara"], [("Ankara", "TURGOV")]),
        (["Turkey", "protested"], [("Turkey", "TUR")]),
        # sector nouns are lower case anyway
        (["Chinese", "troops", "arrived"], [("Chinese", "CHN"), ("troops", "MIL")]),
    ],
)
def test_one_word_name_in_lower_case_is_the_common_word(
    lexicon: ActorLexicon, words: list[str], expected: list[tuple[str, str]]
) -> None:
    assert found(lexicon, words) == expected


def test_all_lower_case_text_keeps_every_match(lexicon: ActorLexicon) -> None:
    # no capitals anywhere: case tells nothing, so 'turkey' is still the state
    assert found(lexicon, ["turkey", "closed", "its", "border"]) == [("turkey", "TUR")]


def test_user_dictionary_can_declare_a_cased_alias(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "actors:\n  - {name: Alliance Party of Example, cased: [AND], country: KGZ, sector: PTY}\n",
        encoding="utf-8",
    )
    lexicon = load_lexicon(dict_files=[path])
    assert found(lexicon, ["AND", "members", "marched"])[0] == ("AND", "KGZPTY")
    assert found(lexicon, ["Bishkek", "and", "Moscow"]) == [
        ("Bishkek", "KGZGOV"),
        ("Moscow", "RUSGOV"),
    ]


@pytest.mark.parametrize("alias", ["Two Words", "lower", "A-B"])
def test_a_cased_alias_must_be_one_capitalised_word(tmp_path: Path, alias: str) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(f"actors:\n  - name: X Front\n    cased: [{alias}]\n    country: KGZ\n")
    with pytest.raises(LannerError) as info:
        load_lexicon(dict_files=[path])
    assert info.value.code == "E202"
    assert info.value.fields.get("line") == 3


def test_us_in_capitals_is_an_actor_in_coded_text() -> None:
    doc = Document(
        id="us", text="The US imposed new sanctions on Iran on Monday.", published="2024-06-12"
    )
    events = EventCoder(coder="rules", geo=False).code(doc).events
    assert any(
        e.source and e.source.country == "USA" and e.target and e.target.country == "IRN"
        for e in events
    ), [(e.source, e.target, e.cameo) for e in events]
