"""Event pattern files: every package table loads, user files are checked line by line, use the
package's classes, and a user pattern codes a sentence the package patterns do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from lanner.cli import main
from lanner.errors import LannerError
from lanner.events.cameo import all_codes
from lanner.events.coder import EventCoder
from lanner.events.patterns import (
    GOVERNOR_FAMILIES,
    check_patterns,
    get_patterns,
    load_patterns,
    package_classes,
)
from lanner.events.wordlists import declared, word_lists, word_maps
from lanner.records import Document

# A user file that leans on the package's @MIL_AID class and adds one class of its own.
USER_PATTERNS = """\
classes:
  UAVS: [uav, uavs, unmanned aerial vehicle]
verbs:
  - {lemma: [ferry], obj: "@MIL_AID", target: [prep:to], code: "072"}
  - {lemma: [ferry], obj: "@UAVS", target: [prep:to], code: "072"}
"""


def _write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_events_patterns_package_tables_load() -> None:
    lexicon = get_patterns()
    assert lexicon.verbs and lexicon.nouns and lexicon.victims and lexicon.event_references
    assert set(lexicon.governors) == set(GOVERNOR_FAMILIES)
    patterns = [p for table in (lexicon.verbs, lexicon.nouns) for ps in table.values() for p in ps]
    assert {p.code for p in patterns} <= set(all_codes())
    assert all(p.origin.startswith("patterns.yaml:") for p in patterns)
    assert package_classes()["MIL_AID"]


def test_events_patterns_word_lists_are_all_declared_and_present() -> None:
    # importing the coder declares every list the event modules use
    import lanner.events.coder  # noqa: F401

    lists, maps = declared()
    assert lists == set(word_lists()), "a list is used but missing, or present but unused"
    assert maps == set(word_maps())
    assert all(word_lists().values()) and all(word_maps().values())


@pytest.mark.parametrize(
    ("text", "code", "line", "needle"),
    [
        # the example: a misspelt key used to be ignored
        ('verbs:\n  - {lemma: [arm], taget: [prep:to], code: "072"}\n', "E320", 2, "'taget'"),
        ('verbs:\n  - {lemma: [arm], target: [dobject], code: "072"}\n', "E321", 2, "'dobject'"),
        ('verbs:\n  - {lemma: [arm], source: ["prep:"], code: "072"}\n', "E321", 2, "'prep:'"),
        ('verbs:\n\n  - {lemma: [arm], obj: "@NOPE", code: "072"}\n', "E322", 3, "@NOPE"),
        ('nouns:\n  - {lemma: [airlift], code: "0999"}\n', "E323", 2, "'0999'"),
        ('verbs:\n  - {lemma: [arm], code: "072", reverse: "999"}\n', "E323", 2, "reverse"),
        ('verbs:\n  - {lemma: [arm], code: "072", light: maybe}\n', "E324", 2, "light"),
        ('verbs:\n  - {code: "072"}\n', "E324", 2, "needs a lemma"),
        ("verbs:\n  - {lemma: [arm], mod: [no]}\n", "E324", 2, "quote words"),
        ("verb:\n  - {lemma: [arm]}\n", "E320", 1, "section 'verb'"),
        ("governors:\n  intents: [plan]\n", "E320", 2, "governor family 'intents'"),
        ("victims:\n  MILITARY: [base]\n", "E320", 2, "sector 'MILITARY'"),
        ("verbs: [\n", "E324", 2, "not valid YAML"),
    ],
)
def test_events_patterns_problems_are_coded_with_file_and_line(
    tmp_path: Path, text: str, code: str, line: int, needle: str
) -> None:
    path = _write(tmp_path, text)
    problems = check_patterns(path)
    assert [p.code for p in problems][:1] == [code], problems
    assert problems[0].message.startswith(f"{path}:{line}: "), problems[0].message
    assert needle in problems[0].message
    with pytest.raises(LannerError) as info:
        load_patterns([path])
    assert info.value.code == code


def test_events_patterns_unreadable_file_is_e325(tmp_path: Path) -> None:
    problems = check_patterns(tmp_path / "missing.yaml")
    assert [p.code for p in problems] == ["E325"]


def test_events_patterns_user_file_uses_package_classes(tmp_path: Path) -> None:
    path = _write(tmp_path, USER_PATTERNS)
    assert check_patterns(path) == []
    lexicon = load_patterns([path])
    first, second = lexicon.verbs["ferry"]
    assert ("weapon",) in first.obj and ("uav",) in second.obj
    assert first.origin == f"{path}:4"
    # the package's own patterns are still there, after the user's
    assert lexicon.verbs["deploy"] == get_patterns().verbs["deploy"]


@pytest.mark.parametrize(
    ("sentence", "source", "target", "cameo", "line"),
    [
        ("Russia ferried weapons to Syria on Monday.", "RUS", "SYR", "072", 4),
        ("Iran ferried UAVs to Russia.", "IRN", "RUS", "072", 5),
    ],
)
def test_events_patterns_user_pattern_codes_a_sentence(
    tmp_path: Path, sentence: str, source: str, target: str, cameo: str, line: int
) -> None:
    path = _write(tmp_path, USER_PATTERNS)
    doc = Document(id="d1", text=sentence, published="2024-01-02")
    without = EventCoder(geo=False, coder="rules").code(doc).events
    assert without == [], "the package patterns should not know 'ferry'"
    events = EventCoder(patterns=load_patterns([path]), geo=False, coder="rules").code(doc).events
    assert [(e.source and e.source.code, e.target and e.target.code, e.cameo) for e in events] == [
        (source, target, cameo)
    ]
    assert f"verb pattern {path}:{line}" in " ".join(events[0].explanation)


@pytest.mark.parametrize(
    ("text", "status", "needle"),
    [
        (USER_PATTERNS, 0, "no problems"),
        ('verbs:\n  - {lemma: [arm], taget: [prep:to], code: "072"}\n', 1, "E320: "),
    ],
)
def test_events_patterns_check_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, status: int, needle: str
) -> None:
    path = _write(tmp_path, text)
    assert main(["patterns", "check", str(path)]) == status
    assert needle in capsys.readouterr().out
