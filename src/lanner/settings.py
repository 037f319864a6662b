"""Settings, declared once as data: the config file, the CLI defaults and the docs read this list.

A config file is YAML with these keys (all optional). Lanner reads, in order, the file named by
``$LANNER_CONFIG``, else ``./lanner.yaml``, else ``~/.config/lanner/config.yaml``; command-line
options override it, and list settings (dictionaries) are added to, not replaced::

    dict: [dictionaries/militias.yaml, dictionaries/ministers.yaml]
    petrarch_actors: [Phoenix.Countries.actors.txt]
    db: events.duckdb
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from lanner.errors import LannerError

__all__ = ["SETTINGS", "Setting", "config_path", "load_config"]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    is_list: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("dict", [], "Lanner YAML dictionaries added to the package lexicon", is_list=True),
    Setting("petrarch_actors", [], "PETRARCH/TABARI actor dictionaries", is_list=True),
    Setting("petrarch_agents", [], "PETRARCH/TABARI agent dictionaries", is_list=True),
    Setting(
        "patterns",
        [],
        "extra event pattern files (schema of events/data/patterns.yaml)",
        is_list=True,
    ),
    Setting("db", "lanner.duckdb", "the embedded store"),
    Setting("feeds", [], "RSS/Atom feed URLs that lanner watch follows", is_list=True),
    Setting("published", None, "publication date for documents that have none (YYYY-MM-DD)"),
    Setting("geo", True, "geoparse event locations"),
    Setting("coder", None, "the event coder: rules, model or hybrid (default: the best on the dev split)"),
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
    except (OSError, yaml.YAMLError) as exc:
        raise LannerError("E203", path=str(file), reason=str(exc)) from None
    if not isinstance(data, dict):
        raise LannerError(
            "E202", path=str(file), line=1, reason="the config file must be a mapping of settings"
        )
    for key, value in data.items():
        setting = _BY_NAME.get(str(key))
        if setting is None:
            raise LannerError(
                "E202",
                path=str(file),
                line="?",
                reason=f"unknown setting {key!r} (known: {', '.join(_BY_NAME)})",
            )
        if setting.is_list:
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
                raise LannerError(
                    "E202",
                    path=str(file),
                    line="?",
                    reason=f"{key} must be a file name or a list of them",
                )
            values[setting.name] = [
                v if "://" in v else str((file.parent / v) if not Path(v).is_absolute() else v)
                for v in items
            ]
        else:
            values[setting.name] = value
    return values
