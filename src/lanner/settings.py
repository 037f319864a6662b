"""Settings, declared once as data: the config file, the CLI defaults and the docs read this list.

A config file is YAML with these keys (all optional). Lanner reads, in order, the file named by
``$LANNER_CONFIG``, else ``./lanner.yaml``, else ``~/.config/lanner/config.yaml``; command-line
options override it, and list settings (dictionaries) are added to, not replaced::

    dict: [dictionaries/militias.yaml, dictionaries/ministers.yaml]
    petrarch_actors: [Phoenix.Countries.actors.txt]
    db: events.duckdb
    published: 2024-05-10
    feeds: [https://example.org/world.rss]

Each setting names the commands that read it. A command-line setting (``db``, ``published``) is
applied by :func:`apply_config` when the command's option was not given; the coder's settings
(dictionaries, patterns, geo, coder) are read by :func:`lanner.pipeline.make_coder`, which
those commands call. Errors in the file are E607 (unreadable) and E608 (a bad key or value).
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from lanner.errors import LannerError

__all__ = [
    "DEFAULT_STORE_PATH",
    "SETTINGS",
    "Setting",
    "apply_config",
    "config_path",
    "load_config",
]

# The one declaration of the default store file; lanner.store and every --db option use it.
DEFAULT_STORE_PATH = "lanner.duckdb"

_CODING = ("code", "ingest", "watch", "recode")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    commands: tuple[str, ...]
    is_list: bool = False
    paths: bool = True  # list items are files, taken relative to the config file
    option: str | None = None  # the argparse dest a command-line setting fills when not given


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "dict", [], "Lanner YAML dictionaries added to the package lexicon", _CODING, is_list=True
    ),
    Setting("petrarch_actors", [], "PETRARCH/TABARI actor dictionaries", _CODING, is_list=True),
    Setting("petrarch_agents", [], "PETRARCH/TABARI agent dictionaries", _CODING, is_list=True),
    Setting(
        "patterns",
        [],
        "extra event pattern files (docs/patterns.md)",
        _CODING,
        is_list=True,
    ),
    Setting(
        "db",
        DEFAULT_STORE_PATH,
        "the embedded store",
        ("ingest", "watch", "recode", "export", "serve", "demo", "optimize"),
        option="db",
    ),
    Setting(
        "published",
        None,
        "publication date for documents that have none (YYYY-MM-DD)",
        ("code", "ingest"),
        option="published",
    ),
    Setting("geo", True, "geoparse event locations", _CODING),
    Setting(
        "coder",
        None,
        "the event coder: rules, model or hybrid (default: the best on the dev split)",
        _CODING,
    ),
    Setting("feeds", [], "RSS/Atom feed URLs to poll", ("watch",), is_list=True, paths=False),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def config_path() -> Path | None:
    """The config file in effect, if any."""
    env = os.environ.get("LANNER_CONFIG")
    if env:
        return Path(env)
    for candidate in (Path("lanner.yaml"), Path.home() / ".config" / "lanner" / "config.yaml"):
        if candidate.is_file():
            return candidate
    return None


def load_config(path: str | Path | None = None) -> dict[str, Any]:
    """Settings from the config file (defaults for anything it does not set).

    Relative paths in list settings are taken relative to the config file. Unknown keys and
    wrong types are coded errors naming the file and key.
    """
    values = {s.name: (list(s.default) if s.is_list else s.default) for s in SETTINGS}
    file = Path(path) if path is not None else config_path()
    if file is None:
        return values
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except (OSError, ValueError, yaml.YAMLError) as exc:  # ValueError: a YAML date off the calendar
        raise LannerError("E607", path=str(file), reason=str(exc)) from None
    if not isinstance(data, dict):
        raise LannerError("E608", path=str(file), reason="the config file must be a mapping")
    for key, value in data.items():
        setting = _BY_NAME.get(str(key))
        if setting is None:
            known = ", ".join(_BY_NAME)
            raise LannerError(
                "E608", path=str(file), reason=f"unknown setting {key!r} (known: {known})"
            )
        values[setting.name] = _value(setting, value, file)
    return values


def _value(setting: Setting, value: Any, file: Path) -> Any:
    if setting.is_list:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            what = "a file name or a list of them" if setting.paths else "a list of strings"
            raise LannerError("E608", path=str(file), reason=f"{setting.name} must be {what}")
        if not setting.paths:
            return list(items)
        return [str((file.parent / v) if not Path(v).is_absolute() else v) for v in items]
    if setting.name == "published" and value is not None:
        from lanner.dates.iso import check_iso_date

        return check_iso_date(str(value), "published").isoformat()
    return value


def apply_config(args: argparse.Namespace) -> None:
    """Fill the command's options that were not given from the config file (or the default)."""
    command = getattr(args, "command", None)
    wanted = [
        s
        for s in SETTINGS
        if s.option and command in s.commands and getattr(args, s.option, "") is None
    ]
    if not wanted:
        return
    config = load_config()
    for setting in wanted:
        setting_value = config[setting.name]
        if setting_value is not None:
            setattr(args, setting.option or setting.name, setting_value)
