"""Names for codes: "TJK" is Tajikistan, "CHNINS" is China · insurgents.

The dashboard shows a name next to every code. Names come from the actor lexicon's package
data (countries, sectors, IGOs), loaded once. :func:`code_name` names one code;
:func:`store_names` names every code the store holds, for the API's ``/names``.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from typing import Any

import duckdb
import yaml

__all__ = ["code_name", "lexicon_names", "store_names"]


def _load(name: str) -> dict[str, Any]:
    try:
        text = files("lanner.actors").joinpath(f"data/{name}").read_text(encoding="utf-8")
        return yaml.safe_load(text) or {}
    except (OSError, ModuleNotFoundError, yaml.YAMLError):
        return {}


@functools.cache
def lexicon_names() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(countries ISO3 -> name, sectors -> description, IGO codes -> name)."""
    countries = {
        str(c["iso3"]): str(c["name"])
        for c in _load("countries.yaml").get("countries") or []
        if c.get("iso3") and c.get("name")
    }
    sectors = {
        str(s["code"]): str(s["description"])
        for s in _load("sectors.yaml").get("sectors") or []
        if s.get("code") and s.get("description")
    }
    igos: dict[str, str] = {}
    for actor in _load("igos.yaml").get("actors") or []:
        for key in (actor.get("igo"), actor.get("code")):
            if key and actor.get("name"):
                igos.setdefault(str(key), str(actor["name"]))
    return countries, sectors, igos


def code_name(code: str | None) -> str | None:
    """A readable name for an actor code or ISO3 country, or ``None`` when it is unknown.

    A country (TJK), a sector on its own (INS), an IGO (NATO), or a country or IGO followed
    by sector codes of three letters each (CHNINS, TJKMILREB).
    """
    if not code:
        return None
    countries, sectors, igos = lexicon_names()
    if code in countries:
        return countries[code]
    if code in igos:
        return igos[code]
    if code in sectors:
        return sectors[code]
    for head, table in ((code[:3], countries), *((code[:n], igos) for n in (6, 5, 4, 3, 2))):
        if head in table:
            rest = code[len(head) :]
            parts = [sectors.get(rest[i : i + 3]) for i in range(0, len(rest), 3)]
            if rest and all(parts):
                # "police and internal security" -> "police": short enough to sit by a code
                short = [str(p).split(" and ")[0] for p in parts]
                return " · ".join([table[head], *short])
    return None


def store_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every actor code and country in the store that the lexicon can name."""
    rows = con.execute(
        """
        SELECT DISTINCT code FROM (
            SELECT source_code AS code FROM events UNION ALL SELECT target_code FROM events
            UNION ALL SELECT source_country FROM events UNION ALL SELECT target_country FROM events
            UNION ALL SELECT location_country FROM events
            UNION ALL SELECT source_igo FROM events UNION ALL SELECT target_igo FROM events
        ) WHERE code IS NOT NULL
        """
    ).fetchall()
    out = {}
    for (code,) in rows:
        name = code_name(str(code))
        if name:
            out[str(code)] = name
    return dict(sorted(out.items()))
