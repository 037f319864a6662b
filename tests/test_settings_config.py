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
    ("text", "code", "fragment"),
    [
        ("dictionary: a.yaml\n", "E608", "unknown setting"),
        ("dict: {a: 1}\n", "E608", "must be a file name"),
        ("feeds: {a: 1}\n", "E608", "list of strings"),
        ("- a\n- b\n", "E608", "mapping"),
        ("dict: [\n", "E607", "cannot read"),
        ("published: '2024-02-30'\n", "E109", "2024-02-30"),
        ("published: 2024-02-30\n", "E607", "day is out of range"),
    ],
)
def test_settings_bad_config_gives_a_coded_error(
    tmp_path: Path, text: str, code: str, fragment: str
) -> None:
    cfg = tmp_path / "lanner.yaml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(LannerError) as info:
        load_config(cfg)
    assert info.value.code == code
    assert fragment in info.value.message


def test_settings_feeds_are_urls_not_paths(tmp_path: Path) -> None:
    cfg = tmp_path / "lanner.yaml"
    cfg.write_text("feeds: [https://example.org/a.rss]\n", encoding="utf-8")
    assert load_config(cfg)["feeds"] == ["https://example.org/a.rss"]


def test_settings_every_setting_names_commands_that_exist() -> None:
    from lanner.cli import build_parser

    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    for setting in SETTINGS:
        assert setting.commands and set(setting.commands) <= commands, setting.name


@pytest.mark.parametrize(
    ("argv_db", "expected"),
    [(None, "from-config.duckdb"), ("given.duckdb", "given.duckdb")],
)
def test_settings_config_db_and_published_reach_lanner_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv_db: str | None, expected: str
) -> None:
    import lanner.cli.store as store_cli
    from lanner.cli import main
    from lanner.store import Store
    from test_store_fakes import fake_code_document

    class FakeCoder:
        def code(self, doc: Document) -> object:
            return fake_code_document(doc)

        def code_many(self, docs: list[Document]) -> list[object]:
            return [fake_code_document(d) for d in docs]

    monkeypatch.setattr(store_cli, "_make_coder", lambda args: FakeCoder())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("LANNER_CONFIG", raising=False)
    (tmp_path / "lanner.yaml").write_text(
        "db: from-config.duckdb\npublished: 2021-06-15\n", encoding="utf-8"
    )
    (tmp_path / "a.txt").write_text("Russia troops shelled Ukraine troops in Kharkiv.\n")
    argv = ["ingest", "a.txt", "--quiet", *(["--db", argv_db] if argv_db else [])]
    assert main(argv) == 0
    assert sorted(p.name for p in tmp_path.glob("*.duckdb")) == [expected]
    with Store(tmp_path / expected, read_only=True) as store:
        events, _ = store.query_events(limit=10)
    dates = {str(e["date"]) for e in events}
    assert dates == {"2021-06-15"}, "the undated document takes the config's publication date"


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
