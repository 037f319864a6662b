"""PETRARCH/TABARI import, YAML export and `dict check`."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lanner.actors import (
    ActorLexicon,
    check_dictionary,
    import_petrarch,
    load_lexicon,
    phrase_tokens,
    write_dictionary,
)
from lanner.actors.petrarch import parse_petrarch
from lanner.errors import LannerError, LannerWarning

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PETRARCH = SHARED / "data" / "petrarch"

needs_shared = pytest.mark.skipif(not PETRARCH.is_dir(), reason="../shared/data/petrarch is absent")


def coded(text: str, kind: str = "actors") -> tuple[ActorLexicon, list[LannerWarning]]:
    entries, warnings = parse_petrarch(text, "snippet.txt", kind)
    return ActorLexicon(entries=list(entries)), warnings


def code_of(lexicon: ActorLexicon, text: str, date: str | None = None) -> str | None:
    matches = lexicon.find(phrase_tokens(text), date)
    return matches[0].entries[0].code if matches else None


ACTORS = """\
<!-- a comment block
     over two lines [XXX] -->
KINGDOM_OF_ELBONIA_ [ELB]  # trailing comment
+ELBONIA
+ELBONIAN
ELBONIAN_ARMY [ELBMIL]
; a TABARI-style comment line
MUDVILLE
	[ELBGOV]
GENERAL_BOB
+BOB_THE_GENERAL
	[ELBMIL <050101]
	[ELBGOV 20050102-20091231]
	[ELBELI]
OLD_KING [ELB 990101-011231] [ELBREB >020101]
RIVER_DELTA [---]
"""


@pytest.mark.parametrize(
    ("text", "date", "code"),
    [
        ("Elbonia", None, "ELB"),
        ("the Elbonian army", None, "ELBMIL"),
        ("kingdom of Elbonia", None, "ELB"),
        ("Mudville said", None, "ELBGOV"),
        # date-restricted codes apply within their period only
        ("General Bob", "2004-06-01", "ELBMIL"),
        ("Bob the General", "2007-06-01", "ELBGOV"),
        # outside every dated code, the undated one is the default
        ("General Bob", "2012-06-01", "ELBELI"),
        ("Old King", "2000-06-01", "ELB"),
        ("Old King", "2001-12-31", "ELB"),
        ("Old King", "2002-01-02", "ELBREB"),
        ("Old King", "1998-12-31", None),  # no undated code: nothing outside the periods
        ("river delta", None, "---"),  # the null code: recognised, not an actor
    ],
)
def test_dict_petrarch_actor_snippet_codes(text: str, date: str | None, code: str | None) -> None:
    lexicon, warnings = coded(ACTORS)
    assert warnings == []
    assert code_of(lexicon, text, date) == code


def test_dict_petrarch_comment_blocks_are_not_entries() -> None:
    lexicon, _ = coded(ACTORS)
    assert code_of(lexicon, "a comment block") is None
    assert all(e.code != "XXX" for e in lexicon.entries)


def test_dict_petrarch_actor_codes_split_into_country_and_sector() -> None:
    lexicon, _ = coded("CALENARDHON_GUARD [CALGOV]\nALLIANCE [IGOUNO]\n")
    (guard,) = lexicon.lookup(("calenardhon", "guard"))
    assert (guard.kind, guard.country, guard.sector) == ("named", "CAL", "GOV")
    (alliance,) = lexicon.lookup(("alliance",))
    assert (alliance.kind, alliance.country, alliance.igo) == ("igo", None, "UNO")


def test_dict_petrarch_synonym_before_any_entry_is_reported() -> None:
    _, warnings = coded("+ORPHAN_SYNONYM\nGOOD [ELB]\n")
    assert [(w.fields["line"], "before any entry" in w.message) for w in warnings] == [(1, True)]


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("LORIEN [ELR/GAL]", "cannot read code block"),
        ("ENTRY [ELB 991340-000101]", "invalid period"),
        ("ENTRY [ELB >991399]", "invalid date"),
        ("ENTRY [ELB", "unbalanced"),
        ("ENTRY_WITHOUT_CODE", "has no code"),
        ("ENTRY [ELB] trailing words", "text after a code"),
        ("WIZARD [+++]", "not an actor code"),
    ],
)
def test_dict_petrarch_unreadable_actor_lines_are_reported_with_line(
    line: str, fragment: str
) -> None:
    _, warnings = coded(f"GOOD [ELB]\n{line}\n")
    assert warnings, line
    assert warnings[0].code == "W201"
    assert warnings[0].fields["line"] == 2
    assert fragment in warnings[0].message


AGENTS = """\
!PERSON! = MAN, MEN, WOMAN
BORDER_GUARD [~COP]
ARMED_FORCES {} [~MIL]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]
CONGRESS!PERSON! [~LEG]
RELIEF_GROUP [NGO~]
GUNMAN {GUNMEN} [~UAF]
FOREIGN_MINISTER [~GOVFRM]
"""


@pytest.mark.parametrize(
    ("text", "code", "kind"),
    [
        ("border guard", "COP", "sector"),
        ("border guards", "COP", "sector"),  # regular plural generated
        ("armed forces", "MIL", "sector"),
        ("attorneys general", "JUD", "sector"),
        ("congressman", "LEG", "sector"),
        ("congresswoman", "LEG", "sector"),
        ("relief groups", "NGO", "sector"),
        ("gunmen", "UAF", "attacker"),
        ("foreign ministers", "GOVFRM", "sector"),
    ],
)
def test_dict_petrarch_agent_snippet_codes(text: str, code: str, kind: str) -> None:
    lexicon, warnings = coded(AGENTS, "agents")
    assert warnings == []
    (match,) = lexicon.find(phrase_tokens(text))
    entry = match.entries[0]
    assert (entry.code, entry.kind, entry.sector) == (code, kind, code[:3])


def test_dict_petrarch_empty_braces_mean_no_plural() -> None:
    lexicon, _ = coded(AGENTS, "agents")
    assert lexicon.lookup(("armed", "forceses")) == ()
    assert lexicon.lookup(("attorney", "generals")) == ()


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("NOUN [~ENV}", "unbalanced"),
        ("NOUN", "needs one noun"),
        ("NOUN [GOV]", "needs one '~'"),
        ("NOUN!UNKNOWN! [~GOV]", "unknown substitution set"),
        ("NOUN {PLURAL [~GOV]", "plural braces"),
    ],
)
def test_dict_petrarch_unreadable_agent_lines_are_reported(line: str, fragment: str) -> None:
    _, warnings = coded(f"GOOD [~GOV]\n{line}\n", "agents")
    assert [w.fields["line"] for w in warnings] == [2]
    assert fragment in warnings[0].message


def test_dict_petrarch_unknown_kind_is_e203() -> None:
    with pytest.raises(LannerError) as info:
        parse_petrarch("X [Y]", "f.txt", "verbs")
    assert info.value.code == "E203"


petrarch_text = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.from_regex(r"[A-Z_+!{}~<>\[\] 0-9\-#;]{0,40}", fullmatch=True),
        st.builds(lambda w, c: f"{w} [{c}]", st.text(max_size=15), st.text(max_size=20)),
    ),
    max_size=12,
).map("\n".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(petrarch_text, st.sampled_from(["actors", "agents"]))
def test_dict_petrarch_arbitrary_text_gives_entries_or_warnings_never_exceptions(
    text: str, kind: str
) -> None:
    entries, warnings = parse_petrarch(text, "fuzz.txt", kind)
    assert all(w.code == "W201" and isinstance(w.fields["line"], int) for w in warnings)
    assert all(e.phrase and e.code for e in entries)


def test_dict_write_dictionary_round_trips_imported_entries(tmp_path: Path) -> None:
    actors, _ = parse_petrarch(ACTORS, "a.txt", "actors")
    agents, _ = parse_petrarch(AGENTS, "b.txt", "agents")
    out = tmp_path / "imported.yaml"
    write_dictionary(actors + agents, out)
    lexicon = load_lexicon(dict_files=[str(out)])
    for phrase, date in [
        ("general bob", "2004-06-01"),
        ("general bob", "2012-01-01"),
        ("old king", "2003-01-01"),
    ]:
        before = [
            (e.code, e.valid_from, e.valid_to) for e in actors if " ".join(e.phrase) == phrase
        ]
        after = [(e.code, e.valid_from, e.valid_to) for e in lexicon.lookup(tuple(phrase.split()))]
        assert sorted(before) == sorted(after)
        assert code_of(ActorLexicon(entries=list(actors)), phrase, date) == code_of(
            lexicon, phrase, date
        )
    assert code_of(lexicon, "congressmen") == "LEG"
    assert code_of(lexicon, "gunmen") == "UAF"


def test_dict_check_reports_conflicts_shadowing_and_overrides(tmp_path: Path) -> None:
    text = """\
actors:
  - {name: Blue Squad, country: TJK, sector: MIL}
  - {name: Blue Squad, country: TJK, sector: COP}
  - {name: Blue, country: TJK}
  - {name: Dushanbe, country: TJK, sector: COP}
  - {name: Red Squad, roles: [{country: KGZ, sector: MIL, to: 2010-01-01}, {country: KGZ, sector: COP, from: 2010-01-02}]}
"""
    path = tmp_path / "user.yaml"
    path.write_text(text, encoding="utf-8")
    problems = check_dictionary(str(path))
    by_code: dict[str, list[str]] = {}
    for p in problems:
        by_code.setdefault(p.code, []).append(str(p))
    assert len(by_code["W202"]) == 1 and "'blue squad'" in by_code["W202"][0]
    assert any("'blue' is shadowed by the longer phrase 'blue squad'" in m for m in by_code["W203"])
    assert any("'dushanbe' overrides the package entry coded TJKGOV" in m for m in by_code["W204"])
    assert not any("red squad" in m for m in by_code["W202"])  # consecutive roles do not conflict
    assert all(re.search(r"user\.yaml:\d+", m) for msgs in by_code.values() for m in msgs)


def test_dict_check_reports_errors_instead_of_raising(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("actors:\n  - {name: X, sector: NOPE}\n", encoding="utf-8")
    assert [p.code for p in check_dictionary(str(path)) if isinstance(p, LannerError)] == ["E204"]
    assert [p.code for p in check_dictionary(str(tmp_path / "absent.yaml"))] == ["E203"]


# --- the shared PETRARCH dictionaries -----------------------------------------------------

SHARED_FILES = [
    ("PETR.Validate.actors.txt", "actors"),
    ("PETR.Validate.agents.txt", "agents"),
    ("Phoenix.Countries.actors.txt", "actors"),
    ("Phoenix.International.actors.txt", "actors"),
    ("Phoenix.MilNonState.actors.txt", "actors"),
    ("Phoenix.agents.txt", "agents"),
]


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize(("name", "kind"), SHARED_FILES)
def test_dict_petrarch_shared_files_import_with_every_skipped_line_reported(
    name: str, kind: str
) -> None:
    path = PETRARCH / name
    entries, warnings = import_petrarch(str(path), kind)
    assert len(entries) > 0
    # every content line either produced an entry or is covered by a warning
    lines_with_entries = {int(e.origin.rpartition(":")[2]) for e in entries}
    warned = {int(w.fields["line"]) for w in warnings}
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    in_comment = False
    for number, raw in enumerate(text, 1):
        line = raw
        if in_comment or re.search(r"<!\s*--", line):
            in_comment = "-->" not in line
            continue
        line = line.split("#", 1)[0].strip()
        is_name_line = line and not line.startswith(("[", ";", "!")) and "=" not in line
        if is_name_line:
            assert number in lines_with_entries or number in warned, f"{name}:{number}: {raw!r}"


@needs_shared
@pytest.mark.shared
def test_dict_petrarch_validation_file_codes_date_restricted_actor() -> None:
    entries, _ = import_petrarch(str(PETRARCH / "PETR.Validate.actors.txt"), "actors")
    lexicon = ActorLexicon(entries=list(entries))
    assert code_of(lexicon, "Sam Gamgee", "2010-01-10") == "ORCHOB"  # first listed wins
    assert code_of(lexicon, "Sam Gamgee", "2011-06-01") == "HOBMIL"
    assert code_of(lexicon, "Sam Gamgee", "2014-06-01") == "HOBELI"
    assert code_of(lexicon, "Hamfast Gamgee", "2010-01-01") == "HOB"


@needs_shared
@pytest.mark.shared
def test_dict_petrarch_phoenix_countries_load_into_a_lexicon() -> None:
    start = time.perf_counter()
    lexicon = load_lexicon(petrarch_actors=[str(PETRARCH / "Phoenix.Countries.actors.txt")])
    elapsed = time.perf_counter() - start
    print(f"Phoenix.Countries.actors.txt: {len(lexicon.entries)} entries in {elapsed:.2f} s")
    assert code_of(lexicon, "Afghanistan") == "AFG"
    assert lexicon.warnings and all(w.code == "W201" for w in lexicon.warnings)


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize("name", ["PETR.Validate.actors.txt", "Phoenix.agents.txt"])
def test_dict_check_shared_files_gives_coded_warnings(name: str) -> None:
    problems = check_dictionary(str(PETRARCH / name))
    assert problems
    assert {p.code for p in problems} <= {"W201", "W202", "W203", "W204"}


def test_dict_commands_import_then_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lanner.cli.actors import dict_check, dict_import

    source = tmp_path / "small.actors.txt"
    source.write_text(ACTORS + "BROKEN [ELB\n", encoding="utf-8")
    out = tmp_path / "small.yaml"
    assert dict_import(str(source), str(out)) == 0
    captured = capsys.readouterr()
    assert "W201" in captured.err and "small.actors.txt:17" in captured.err
    assert dict_check(str(out)) == 0
    assert dict_import(str(tmp_path / "absent.txt"), str(out)) == 1
    assert "E203" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - {name: X, sector: NOPE}\n", encoding="utf-8")
    assert dict_check(str(bad)) == 1
    assert "E204" in capsys.readouterr().out
