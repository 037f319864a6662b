"""Property tests for the dictionary *files*: any bytes on disk give a lexicon, entries and
warnings, or a coded E2xx error, through the public loaders.

``tests/test_dict_yaml.py`` and ``tests/test_dict_petrarch.py`` feed random text to the
parsers; here random bytes go through ``load_lexicon(dict_files=...)`` and
``import_petrarch``, so decoding (BOMs, Latin-1, NUL bytes) and file handling are covered.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lanner.actors import import_petrarch, load_lexicon
from lanner.errors import LannerError

FRAGMENTS = [
    b"actors:\n", b"agents:\n", b"groups:\n", b"sectors:\n", b"countries:\n", b"  - name: ",
    b"    code: ", b"    aliases: [", b"]\n", b"CHNGOV", b"RUS", b"~GOV", b"&a ", b"*a",
    b"!!python/object:os.system ", b"{", b"}", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\xe9",
    b"\n", b"UNITED_STATES_ [USA]\n", b"+US_\n", b"[USA 940101-]", b"{PLURAL_}", b"!minist!",
    b"#", b"<!--", b"-->", b"\t", b"Beijing",
]  # fmt: skip
file_bytes = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS) | st.binary(max_size=6), max_size=30).map(b"".join),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=file_bytes)
def test_reliability_any_yaml_dictionary_file_loads_or_gives_a_coded_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "user.yaml"
        path.write_bytes(data)
        try:
            lexicon = load_lexicon(dict_files=[str(path)])
        except LannerError as exc:
            assert exc.code in ("E202", "E203", "E204"), exc
            assert str(path) in exc.message
        else:
            assert all(w.code.startswith("W2") for w in lexicon.warnings)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=file_bytes, kind=st.sampled_from(["actors", "agents"]))
def test_reliability_any_petrarch_file_gives_entries_and_warnings(data: bytes, kind: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"dict.{kind}"
        path.write_bytes(data)
        entries, warnings = import_petrarch(str(path), kind)
        assert all(w.code == "W201" for w in warnings)
        assert all(e.phrase and e.code for e in entries)


def test_reliability_yaml_dictionary_cannot_run_python_tags(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "evil.yaml"
    path.write_text(
        f'actors: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8"
    )
    try:
        load_lexicon(dict_files=[str(path)])
    except LannerError as exc:
        assert exc.code.startswith("E2")
    assert not marker.exists()
