"""The config file: declared settings, relative paths, coded errors, and it reaches the coder."""

from __future__ import annotations

from pathlib import Path

import pytest

from lanner.errors import LannerError
from lanner.records import Document
from lanner.settings import SETTINGS, load_config


def test_settings_defaults_without_a_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("LANNER_CONFIG", raising=False)
    config = load_config()
    assert config == {s.name: s.default for s in SETTINGS}


def test_settings_list_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "conf" / "lanner.yaml"
    cfg.parent.mkdir()
    cfg.write_text("dict: mine.yaml\ndb: x.duckdb\n", encoding="utf-8")
    config = load_config(cfg)
    assert config["dict"] == [str(cfg.parent / "mine.yaml")]
    assert config["db"] == "x.duckdb"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("dictionary: a.yaml\n", "unknown setting"),
        ("dict: {a: 1}\n", "must be a file name"),
        ("- a\n- b\n", "mapping"),
        ("dict: [\n", "cannot read"),
    ],
)
def test_settings_bad_config_gives_a_coded_error(tmp_path: Path, text: str, fragment: str) -> None:
    cfg = tmp_path / "lanner.yaml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(LannerError) as info:
        load_config(cfg)
    assert info.value.code in ("E202", "E203")
    assert fragment in info.value.message


def test_settings_config_dictionary_reaches_the_coder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lanner.pipeline import make_coder

    (tmp_path / "militias.yaml").write_text(
        "actors:\n  - name: Northern Shield Brigade\n    code: NGAREB\n    country: NGA\n    sector: REB\n",
        encoding="utf-8",
    )
    (tmp_path / "lanner.yaml").write_text("dict: [militias.yaml]\ngeo: false\n", encoding="utf-8")
    monkeypatch.setenv("LANNER_CONFIG", str(tmp_path / "lanner.yaml"))
    coder = make_coder()
    events = coder.code(
        Document(
            id="d",
            text="The Northern Shield Brigade attacked Cameroonian soldiers.",
            published="2024-01-01",
        )
    ).events
    assert any(e.source and e.source.code == "NGAREB" for e in events), [
        e.to_dict() for e in events
    ]
