"""The package's own actor tables (``lanner/actors/data/*.yaml``), parsed once and cached.

Below both ``build`` (which layers user dictionaries on them) and ``petrarch`` (which checks
imported agent codes against their sectors), so neither imports the other to reach them.
"""

from __future__ import annotations

from importlib import resources

from lanner.actors.loading import ParsedDictionary, parse_yaml_dictionary

__all__ = ["PACKAGE_TABLES", "forget_package_tables", "package_sector_codes", "package_tables"]

# sectors first: the other tables use its codes
PACKAGE_TABLES = ("sectors.yaml", "countries.yaml", "igos.yaml", "groups.yaml", "named.yaml")

_package: list[ParsedDictionary] | None = None


def package_tables() -> list[ParsedDictionary]:
    """The parsed package data tables (cached). Problems in them are bugs: raise the first."""
    global _package
    if _package is None:
        known: set[str] = set()
        parsed = []
        for name in PACKAGE_TABLES:
            text = resources.files("lanner.actors").joinpath("data", name).read_text("utf-8")
            table = parse_yaml_dictionary(text, f"lanner/actors/data/{name}", known)
            if table.errors:
                raise table.errors[0]
            parsed.append(table)
        _package = parsed
    return _package


def package_sector_codes() -> set[str]:
    """Sector codes declared in the package's sectors table."""
    codes: set[str] = set()
    for table in package_tables():
        codes.update(table.sectors)
    return codes


def forget_package_tables() -> None:
    """Drop the cache, so the next call parses the tables again (for the start-up benchmark)."""
    global _package
    _package = None
