"""User YAML dictionaries: the schema, coded errors with file:line, layering over the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lanner.actors import load_lexicon, phrase_tokens
from lanner.actors.build import package_sector_codes
from lanner.actors.loading import parse_yaml_dictionary
from lanner.errors import LannerError, LannerWarning


def write(tmp_path: Path, text: str, name: str = "user.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def first_code(lexicon, text: str, date: str | None = None) -> str | None:  # type: ignore[no-untyped-def]
    matches = lexicon.find(phrase_tokens(text), date)
    return matches[0].entries[0].code if matches else None


USER_DICT = """\
sectors:
  - {code: WLD, description: wildlife rangers}
agents:
  - sector: WLD
    nouns: [park ranger]
  - sector: COP
    plural: none
    nouns: [militsiya]
actors:
  - name: Islamic Movement of Turkestan
    aliases: [IMT]
    country: UZB
    sector: INS
  - name: Jane Example
    roles:
      - {country: TJK, sector: GOV, from: 2020-01-01, to: 2022-12-31}
  - name: Example Party
    code: KGZPTY
    roles:
      - {code: KGZGOV, from: 2021-01-01}
groups:
  - name: Ferghana Valley states
    aliases: [Fergana Valley countries]
    code: FRG
    members: [KGZ, TJK, UZB]
"""


def test_dict_user_file_adds_actors_agents_groups_and_sectors(tmp_path: Path) -> None:
    lexicon = load_lexicon(dict_files=[write(tmp_path, USER_DICT)])
    assert first_code(lexicon, "IMT fighters") == "UZBINS"
    assert first_code(lexicon, "park rangers") == "WLD"
    assert first_code(lexicon, "militsiya") == "COP"
    assert lexicon.group_members("Fergana Valley countries") == ("KGZ", "TJK", "UZB")
    assert lexicon.group_members("FRG") == ("KGZ", "TJK", "UZB")
    # package entries are still there
    assert first_code(lexicon, "Beijing") == "CHNGOV"


@pytest.mark.parametrize(
    ("text", "date", "code"),
    [
        ("Jane Example", "2021-06-01", "TJKGOV"),
        ("Jane Example", "2019-06-01", None),
        ("Jane Example", "2023-01-01", None),
        # the undated code applies outside the dated role (PETRARCH's default rule)
        ("Example Party", "2020-06-01", "KGZPTY"),
        ("Example Party", "2021-06-01", "KGZGOV"),
    ],
)
def test_dict_roles_code_the_actor_only_within_their_period(
    tmp_path: Path, text: str, date: str, code: str | None
) -> None:
    lexicon = load_lexicon(dict_files=[write(tmp_path, USER_DICT)])
    assert first_code(lexicon, text, date) == code


def test_dict_user_entry_overrides_the_package_entry_for_that_phrase(tmp_path: Path) -> None:
    path = write(tmp_path, "actors:\n  - {name: Washington, country: USA}\n")
    lexicon = load_lexicon(dict_files=[path])
    (match,) = lexicon.find(["washington"])
    assert [e.code for e in match.entries] == ["USA"]
    assert match.entries[0].origin == f"{path}:2"


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("actors:\n  - {name: X, sector: ZZZ}\n", "E204", 2),
        ("actors:\n  - {aliases: [X], country: CHN}\n", "E202", 2),
        ("actors:\n  - name: X\n", "E202", 2),
        ("actors:\n  - {name: X, country: CHINA}\n", "E202", 2),
        ("actors:\n  - {name: X, country: CHN, from: 2020-13-01}\n", "E202", 2),
        ("actors:\n  - {name: X, country: CHN, from: 2021-01-01, to: 2020-01-01}\n", "E202", 2),
        ("actors:\n  - {name: X, kind: person, country: CHN}\n", "E202", 2),
        ("agents:\n  - {nouns: [ranger]}\n", "E202", 2),
        ("agents:\n  - {sector: GOV, nouns: [a], plural: maybe}\n", "E202", 2),
        ("groups:\n  - {name: G}\n", "E202", 2),
        ("countries:\n  - {iso3: XYZ}\n", "E202", 2),
        ("actors: [\n", "E202", 2),
        ("- just a list\n", "E202", 1),
        ("actors:\n\n  - name: X\n    code: 'bad code!'\n", "E202", 4),
    ],
)
def test_dict_bad_entries_give_coded_errors_with_line(
    tmp_path: Path, text: str, code: str, line: int
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(LannerError) as info:
        load_lexicon(dict_files=[path])
    assert info.value.code == code
    assert info.value.fields.get("line") == line
    assert info.value.fields["path"] == path


def test_dict_missing_file_is_e203(tmp_path: Path) -> None:
    with pytest.raises(LannerError) as info:
        load_lexicon(dict_files=[str(tmp_path / "absent.yaml")])
    assert info.value.code == "E203"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("actors:\n  - {name: X, country: CHN, colour: red}\n", "unknown key"),
        ("people:\n  - {name: X}\n", "unknown section"),
        ("", "empty"),
    ],
)
def test_dict_unknown_keys_and_sections_are_warnings(
    tmp_path: Path, text: str, reason: str
) -> None:
    lexicon = load_lexicon(dict_files=[write(tmp_path, text)])
    assert any(w.code == "W201" and reason in w.message for w in lexicon.warnings)


yaml_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200) | st.builds(
    lambda key, name, extra: f"{key}:\n  - name: {name}\n    {extra}\n",
    st.sampled_from(["actors", "agents", "groups", "countries", "sectors", "other"]),
    st.text(max_size=20),
    st.text(max_size=30),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_text)
def test_dict_arbitrary_text_gives_entries_or_coded_problems_never_exceptions(text: str) -> None:
    parsed = parse_yaml_dictionary(text, "fuzz.yaml", set(package_sector_codes()))
    for problem in parsed.problems:
        assert isinstance(problem, LannerError | LannerWarning)
        assert problem.code[:2] in ("E2", "W2")
    for entry in parsed.entries:
        assert entry.phrase and all(entry.phrase)
