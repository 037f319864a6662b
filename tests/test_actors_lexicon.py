"""The default actor lexicon: package tables, phrase matching, dates, countries and groups."""

from __future__ import annotations

from importlib import resources

import pytest

from lanner.actors import (
    ActorEntry,
    ActorLexicon,
    bench_lexicon,
    get_lexicon,
    load_lexicon,
    phrase_tokens,
)
from lanner.actors.build import PACKAGE_TABLES, package_tables
from lanner.actors.loading import parse_yaml_dictionary


@pytest.fixture(scope="module")
def lexicon() -> ActorLexicon:
    return get_lexicon()


def codes(lexicon: ActorLexicon, text: str, date: str | None = None) -> list[tuple[str, str, str]]:
    tokens = phrase_tokens(text)
    return [
        (" ".join(tokens[m.start : m.end]), m.entries[0].kind, m.entries[0].code)
        for m in lexicon.find(tokens, date)
    ]


@pytest.mark.parametrize("table", PACKAGE_TABLES)
def test_actors_every_package_table_loads_without_problems(table: str) -> None:
    text = resources.files("lanner.actors").joinpath("data", table).read_text("utf-8")
    known: set[str] = set()
    if table != "sectors.yaml":
        sectors = (
            resources.files("lanner.actors").joinpath("data", "sectors.yaml").read_text("utf-8")
        )
        parse_yaml_dictionary(sectors, "sectors.yaml", known)
    parsed = parse_yaml_dictionary(text, table, known)
    assert parsed.problems == []
    assert parsed.entries or parsed.sectors


def test_actors_countries_table_covers_every_iso_state(lexicon: ActorLexicon) -> None:
    assert len(lexicon.countries) >= 245
    for iso3 in (
        "CHN",
        "TJK",
        "KGZ",
        "UZB",
        "TKM",
        "KAZ",
        "AFG",
        "PAK",
        "USA",
        "GBR",
        "COD",
        "CIV",
    ):
        info = lexicon.country(iso3)
        assert info is not None and info.iso2 and info.name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chinese border guards",
            [("chinese", "adjective", "CHN"), ("border guards", "sector", "COP")],
        ),
        ("Tajik troops", [("tajik", "adjective", "TJK"), ("troops", "sector", "MIL")]),
        ("Beijing said", [("beijing", "capital", "CHNGOV")]),
        ("Washington warned", [("washington", "capital", "USAGOV")]),
        (
            "officials in Dushanbe",
            [("officials", "sector", "GOV"), ("dushanbe", "capital", "TJKGOV")],
        ),
        (
            "the United States and the U.S.",
            [("united states", "state", "USA"), ("u.s.", "state", "USA")],
        ),
        ("United States of America", [("united states of america", "state", "USA")]),
        ("Britain and the UK", [("britain", "state", "GBR"), ("uk", "state", "GBR")]),
        ("Ivory Coast", [("ivory coast", "state", "CIV")]),
        ("Côte d'Ivoire", [("côte d'ivoire", "state", "CIV")]),
        ("Côte d’Ivoire", [("côte d’ivoire", "state", "CIV")]),
        ("Burma", [("burma", "state", "MMR")]),
        (
            "North Korea and South Korea",
            [("north korea", "state", "PRK"), ("south korea", "state", "KOR")],
        ),
        ("DRC", [("drc", "state", "COD")]),
        (
            "Nigerien and Nigerian",
            [("nigerien", "adjective", "NER"), ("nigerian", "adjective", "NGA")],
        ),
        ("Kyiv and Kiev", [("kyiv", "capital", "UKRGOV"), ("kiev", "capital", "UKRGOV")]),
        (
            "Astana or Nur-Sultan",
            [("astana", "capital", "KAZGOV"), ("nur - sultan", "capital", "KAZGOV")],
        ),
        ("Afghans", [("afghans", "demonym", "AFG")]),
        ("gunmen", [("gunmen", "attacker", "UAF")]),
        ("a suicide bomber", [("suicide bomber", "attacker", "UAF")]),
        ("the defence ministry", [("defence ministry", "sector", "GOV")]),
        ("heads of state", [("heads of state", "sector", "GOV")]),
        ("refugees", [("refugees", "sector", "REF")]),
        ("protesters", [("protesters", "sector", "CVL")]),
        ("militants", [("militants", "sector", "INS")]),
        (
            "the Shanghai Cooperation Organization",
            [("shanghai cooperation organization", "igo", "IGOCASSCO")],
        ),
        ("the U.N. Security Council", [("u.n. security council", "igo", "IGOUNO")]),
        ("Central Asian states", [("central asian states", "group", "CAS")]),
        ("the Islamic State group", [("islamic state group", "named", "IMGINSISI")]),
        ("al-Shabaab", [("al - shabaab", "named", "SOMINS")]),
        ("ETIM", [("etim", "named", "CHNINS")]),
        ("Wagner Group", [("wagner group", "named", "RUSMIL")]),
    ],
)
def test_actors_find_codes_phrases(
    lexicon: ActorLexicon, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert codes(lexicon, text) == expected


def test_actors_find_prefers_the_longest_phrase(lexicon: ActorLexicon) -> None:
    # "united states" must not stop at "united" and "states of america" must not split off
    tokens = ["the", "united", "states", "of", "america", "said"]
    (match,) = lexicon.find(tokens)
    assert (match.start, match.end) == (1, 5)


def test_actors_find_matches_do_not_overlap(lexicon: ActorLexicon) -> None:
    matches = lexicon.find(
        phrase_tokens("Chinese border guards met Tajik border guards in Dushanbe")
    )
    spans = [(m.start, m.end) for m in matches]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert len(spans) == 5


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        ("Xi Jinping", "2015-06-01", [("xi jinping", "named", "CHNGOV")]),
        ("Xi Jinping", "2005-06-01", []),
        ("the Taliban", "2020-06-01", [("taliban", "named", "AFGINS")]),
        ("the Taliban", "2021-08-15", [("taliban", "named", "AFGGOV")]),
        ("Joe Biden", "2025-06-01", []),
        ("Donald Trump", "2019-01-01", [("donald trump", "named", "USAGOV")]),
        ("Donald Trump", "2022-01-01", []),
        ("Donald Trump", "2025-02-01", [("donald trump", "named", "USAGOV")]),
        ("Rapid Support Forces", "2020-01-01", [("rapid support forces", "named", "SDNMIL")]),
        ("Rapid Support Forces", "2023-05-01", [("rapid support forces", "named", "SDNREB")]),
    ],
)
def test_actors_find_drops_entries_outside_their_period(
    lexicon: ActorLexicon, text: str, date: str, expected: list[tuple[str, str, str]]
) -> None:
    assert codes(lexicon, text, date) == expected


def test_actors_out_of_period_long_phrase_does_not_block_shorter_one() -> None:
    lex = ActorLexicon(
        entries=[
            ActorEntry(("new", "york"), "named", "USA"),
            ActorEntry(("new", "york", "mayor"), "named", "USAGOV", valid_to="2000-01-01"),
        ]
    )
    (match,) = lex.find(["new", "york", "mayor"], "2020-01-01")
    assert (match.start, match.end, match.entries[0].code) == (0, 2, "USA")


def test_actors_group_members_by_name_alias_and_code(lexicon: ActorLexicon) -> None:
    central_asia = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
    assert lexicon.group_members("Central Asia") == central_asia
    assert lexicon.group_members("Central Asian republics") == central_asia
    assert lexicon.group_members("CAS") == central_asia
    assert "TJK" in lexicon.group_members("SCO")
    assert "CHN" in lexicon.group_members("Shanghai Cooperation Organization")
    assert lexicon.group_members("no such group") == ()


def test_actors_entity_ruler_phrases_keep_case_and_label(lexicon: ActorLexicon) -> None:
    phrases = dict(lexicon.phrases_for_entity_ruler())
    assert phrases["Dushanbe"] == "GPE"
    assert phrases["Tajik"] == "NORP"
    assert phrases["Shanghai Cooperation Organization"] == "ORG"
    assert phrases["Central Asia"] == "LOC"
    assert "Xi Jinping" not in phrases  # people are not ORG/GPE


def test_actors_lexicon_is_cached_and_fresh_loads_are_separate() -> None:
    assert get_lexicon() is get_lexicon()
    assert load_lexicon() is not get_lexicon()


def test_actors_phrase_tokens_agree_with_spacy_on_package_phrases(lexicon: ActorLexicon) -> None:
    spacy = pytest.importorskip("spacy")
    tokenizer = spacy.blank("en").tokenizer
    surfaces = {surface for table in package_tables() for _, surface, _ in table.surfaces}
    mismatches = [
        (s, phrase_tokens(s), tuple(t.lower_ for t in tokenizer(s)))
        for s in sorted(surfaces)
        if phrase_tokens(s) != tuple(t.lower_ for t in tokenizer(s))
    ]
    assert mismatches == []


def test_actors_bench_reports_load_time_and_speed() -> None:
    figures = bench_lexicon(calls=50)
    assert figures["load_seconds"] > 0
    assert figures["find_calls_per_second"] > 0
    assert figures["entries"] > 1000


def test_actors_public_api_is_complete() -> None:
    import lanner.actors as actors

    public = {name for name in dir(actors) if not name.startswith("_")}
    modules = {"build", "check", "codes", "lexicon", "loading", "package", "petrarch"}
    assert set(actors.__all__) == public - modules
    for name in actors.__all__:
        assert getattr(actors, name) is not None


@pytest.mark.parametrize("name", ["Jordan", "Chad", "Georgia", "Niger", "Turkey", "Guinea"])
def test_actors_ambiguous_state_names_match_but_are_not_ruler_entities(
    lexicon: ActorLexicon, name: str
) -> None:
    assert lexicon.find([name.lower()])[0].entries[0].kind == "state"
    assert name not in dict(lexicon.phrases_for_entity_ruler())


def test_actors_package_tables_do_not_contradict_each_other() -> None:
    from lanner.actors.check import check_entries

    entries = [e for table in package_tables() for e in table.entries]
    conflicts = [str(w) for w in check_entries(entries) if w.code == "W202"]
    assert conflicts == []
