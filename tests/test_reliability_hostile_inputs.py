"""Hostile inputs that random fuzzing rarely builds: entity tricks, nesting bombs, alias
bombs, and long repetitive text. Each must end in a coded failure or a bounded result.

Inputs that crashed an atheris harness (``fuzz/``) are added to ``CRASHERS`` as regression
cases, with the harness that found them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lanner.actors.build import package_sector_codes
from lanner.actors.loading import parse_yaml_dictionary
from lanner.actors.petrarch import parse_petrarch
from lanner.dates import find_dates, resolve_date
from lanner.errors import LannerError, LannerWarning
from lanner.ingest import InputFailure, read_documents
from lanner.records import Document

SECRET = "lanner-secret-7f3a9c"


def read_one(tmp_path: Path, name: str, data: bytes) -> list[Document | InputFailure]:
    path = tmp_path / name
    path.write_bytes(data)
    results = list(read_documents([str(path)]))
    for result in results:
        if isinstance(result, InputFailure):
            assert result.code[:2] in ("E1", "W1") and "unexpected" not in str(result), result
    return results


def texts(results: list[Document | InputFailure]) -> str:
    return " ".join(r.text + " " + (r.title or "") for r in results if isinstance(r, Document))


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "template"),
    [
        (
            "feed.rss",
            '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file://{path}">]>\n'
            "<rss><channel><item><title>Talks &x;</title><description>Russia met Ukraine "
            "in Istanbul. &x; Talks go on.</description></item></channel></rss>",
        ),
        (
            "feed.atom",
            '<?xml version="1.0"?>\n<!DOCTYPE f [<!ENTITY % p SYSTEM "file://{path}"> %p;]>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title>'
            "<content>China met Kazakhstan in Astana on Monday.</content></entry></feed>",
        ),
        (
            "page.html",
            '<!DOCTYPE html [<!ENTITY x SYSTEM "file://{path}">]><html><body><p>Russia met '
            "Ukraine in Istanbul on Monday. &x; Talks go on for a second day.</p></body></html>",
        ),
        (
            "page.xhtml",
            '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file://{path}">]>'
            '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Russia met Ukraine in '
            "Istanbul on Monday. &x; Talks go on.</p></body></html>",
        ),
    ],
)
def test_reliability_external_entities_never_read_local_files(
    tmp_path: Path, secret_file: Path, name: str, template: str
) -> None:
    data = template.replace("{path}", str(secret_file)).encode()
    results = read_one(tmp_path, name, data)
    assert results
    assert SECRET not in texts(results)
    assert all(SECRET not in str(r) for r in results if isinstance(r, InputFailure))


def _billion_laughs(root: bytes) -> bytes:
    entities = b'<!ENTITY l0 "lol lol lol lol lol lol lol lol lol lol">'
    for i in range(1, 10):
        entities += b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10)
    return b'<?xml version="1.0"?>\n<!DOCTYPE r [' + entities + b"]>\n" + root


@pytest.mark.parametrize(
    ("name", "root"),
    [
        ("bomb.rss", b"<rss><channel><item><title>t</title><description>&l9;</description>"
                     b"</item></channel></rss>"),
        ("bomb.xml", b"<rss><channel><item><title>&l9;</title></item></channel></rss>"),
        ("bomb.html", b"<html><body><p>&l9;</p></body></html>"),
    ],
)  # fmt: skip
def test_reliability_entity_expansion_bombs_are_refused_or_bounded(
    tmp_path: Path, name: str, root: bytes
) -> None:
    results = read_one(tmp_path, name, _billion_laughs(root))
    assert results
    assert len(texts(results)) < 1_000_000  # 10^9 "lol"s were asked for


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("deep.html", b"<div>" * 100_000 + b"Russia met Ukraine in Istanbul." + b"</div>" * 100_000),
        ("deep.rss", b"<rss><channel><item><description>" + b"<b>" * 50_000 + b"x"
                     + b"</b>" * 50_000 + b"</description></item></channel></rss>"),
        ("deep.jsonl", b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"),
        ("deepobj.jsonl", b'{"text": "Russia met Ukraine.", "x": ' + b'{"a":' * 50_000 + b"1"
                          + b"}" * 50_000 + b"}\n"),
        ("cols.csv", b",".join(b"c%d" % i for i in range(100_000)) + b"\ntext\n"),
        ("quotes.csv", b'text\n' + b'"' * 200_000 + b"\n"),
        ("nul.csv", b"text\nRussia met\x00 Ukraine.\n"),
        ("cr.txt", b"Russia met Ukraine in Istanbul.\r" * 20_000),
        ("bidi.txt", "\u202eRussia met Ukraine in Istanbul.\u202c\u200b".encode() * 500),
    ],
)  # fmt: skip
def test_reliability_nesting_and_shape_bombs_give_coded_results(
    tmp_path: Path, name: str, data: bytes
) -> None:
    assert read_one(tmp_path, name, data)


def test_reliability_json_nesting_bomb_is_e117(tmp_path: Path) -> None:
    [result] = read_one(tmp_path, "deep.jsonl", b'{"text": ' + b"[" * 5_000 + b"]" * 5_000 + b"}")
    assert isinstance(result, InputFailure) and result.code == "E117"


def _yaml_alias_bomb(use: str) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n" + use


@pytest.mark.parametrize(
    "use",
    [
        "actors:\n  - name: *a8\n    code: CHN\n",
        "actors:\n  - name: Foo Front\n    code: TJKREB\n    aliases: *a8\n",
        "agents:\n  - name: *a8\n    code: GOV\n",
        "actors: *a8\n",
    ],
)
def test_reliability_yaml_alias_bomb_is_bounded(use: str) -> None:
    parsed = parse_yaml_dictionary(_yaml_alias_bomb(use), "bomb.yaml", set(package_sector_codes()))
    assert len(parsed.entries) < 100_000  # 10^9 aliases were asked for
    for problem in parsed.problems:
        assert isinstance(problem, LannerError | LannerWarning) and problem.code[:2] in ("E2", "W2")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A" * 200_000 + " [USA]\n", "actors"),
        ("FOO_ {" + "BAR_ " * 20_000 + "} [~GOV]\n", "agents"),
        ("+X_\n" * 50_000, "actors"),
        ("[" * 100_000 + "\n", "actors"),
        ("X_ [USA " + "1" * 100_000 + "]\n", "actors"),
    ],
)
def test_reliability_petrarch_long_lines_give_entries_or_warnings(text: str, kind: str) -> None:
    entries, warnings = parse_petrarch(text, "long.actors", kind)
    assert all(w.code == "W201" for w in warnings)
    assert all(e.phrase and e.code for e in entries)


@pytest.mark.parametrize(
    "unit",
    ["2024-", "1/2/", "January February ", "two weeks ago ", "last last ", "1" * 9 + " ", "Sept. "],
)
def test_reliability_dates_on_long_repetitive_text_stay_in_the_text(unit: str) -> None:
    text = unit * 20_000
    found = find_dates(text, "2024-03-05")
    assert all(0 <= d.start < d.end <= len(text) for d in found)
    value, precision = resolve_date(text[:20_000], "2024-03-05")
    assert (value is None) == (precision is None)


# Inputs that crashed a harness in fuzz/ are kept as seeds in fuzz/corpus/<target>/ and
# replayed here the way the harness feeds them (first byte picks the parser).
FUZZ_CORPUS = Path(__file__).resolve().parents[1] / "fuzz" / "corpus"
DICTIONARY_CRASHERS = sorted((FUZZ_CORPUS / "dictionaries").glob("crash-*"))


@pytest.mark.parametrize("path", DICTIONARY_CRASHERS, ids=lambda p: p.name)
def test_reliability_dictionary_inputs_that_crashed_the_harness_now_parse(path: Path) -> None:
    data = path.read_bytes()
    kind = "actors" if data[0] % 2 == 0 else "agents"
    entries, warnings = parse_petrarch(data[1:].decode("utf-8", "replace"), path.name, kind)
    assert all(w.code == "W201" for w in warnings)
    assert all(e.phrase and e.code for e in entries)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # found by fuzz/fuzz_dictionaries.py: a set naming itself recursed until Python gave up
        ("!m! = A!m!\nFOO_!m! [~GOV]\n", "nests over"),
        ("!a! = X!b!\n!b! = Y!a!\nFOO_!a! [~GOV]\n", "nests over"),
        ("!s! = A,B,C,D,E,F,G,H,I,J\nX_!s!_!s!_!s!_!s!_!s! [~GOV]\n", "over 1000 forms"),
    ],
)
def test_reliability_petrarch_substitution_sets_are_bounded(text: str, reason: str) -> None:
    entries, warnings = parse_petrarch(text, "sets.agents", "agents")
    assert any(reason in w.message for w in warnings), [str(w) for w in warnings]
    assert len(entries) <= 2 * 1000  # a noun and its plural, each at most 1000 forms
