"""Assemble the actor lexicon: package tables first, then user and PETRARCH dictionaries.

Each dictionary file is a layer. A phrase defined in a later layer replaces that phrase's
entries from earlier layers (a user's "Washington" overrides the default capital reading);
within one layer, all entries for a phrase are kept in file order.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from lanner.actors.lexicon import ActorEntry, ActorLexicon, phrase_tokens
from lanner.actors.loading import parse_yaml_dictionary, read_text
from lanner.actors.package import (
    PACKAGE_TABLES,
    forget_package_tables,
    package_sector_codes,
    package_tables,
)
from lanner.actors.petrarch import import_petrarch
from lanner.errors import LannerError, LannerWarning

__all__ = [
    "PACKAGE_TABLES",
    "bench_lexicon",
    "get_lexicon",
    "load_lexicon",
    "package_sector_codes",
    "package_tables",
]

_lock = threading.Lock()
_default: ActorLexicon | None = None


def load_lexicon(
    dict_files: Sequence[str] = (),
    petrarch_actors: Sequence[str] = (),
    petrarch_agents: Sequence[str] = (),
) -> ActorLexicon:
    """The package lexicon plus user YAML dictionaries and PETRARCH/TABARI dictionaries.

    Raises the first :class:`LannerError` (E202/E203/E204) found in a user file; warnings
    are kept in ``lexicon.warnings``.
    """
    layers: list[tuple[list[ActorEntry], list[tuple[tuple[str, ...], str, str]]]] = []
    lexicon = ActorLexicon(entries=[])
    known = package_sector_codes()
    for table in package_tables():
        layers.append((table.entries, table.surfaces))
        lexicon.countries.update(table.countries)
        lexicon.groups.update(table.groups)
    if not layers:  # pragma: no cover - package tables always exist
        raise LannerError("E203", path="lanner/actors/data", reason="no package tables")
    # all package tables form one layer: "Chinese" is both an adjective and a demonym
    merged_default = [e for entries, _ in layers for e in entries]
    default_surfaces = [s for _, surfaces in layers for s in surfaces]
    layers = [(merged_default, default_surfaces)]

    for path in dict_files:
        table = parse_yaml_dictionary(read_text(path), str(path), known)
        if table.errors:
            raise table.errors[0]
        lexicon.warnings.extend(p for p in table.problems if isinstance(p, LannerWarning))
        layers.append((table.entries, table.surfaces))
        lexicon.countries.update(table.countries)
        lexicon.groups.update(table.groups)
    for kind, paths in (("actors", petrarch_actors), ("agents", petrarch_agents)):
        for path in paths:
            entries, warnings = import_petrarch(path, kind)
            lexicon.warnings.extend(warnings)
            layers.append((entries, []))

    lexicon.add(_merge_layers([entries for entries, _ in layers]))
    for _, surfaces in layers:
        for phrase, surface, kind in surfaces:
            lexicon.remember_surface(phrase, surface, kind)
    return lexicon


def _merge_layers(layers: list[list[ActorEntry]]) -> list[ActorEntry]:
    merged: list[ActorEntry] = list(layers[0]) if layers else []
    for layer in layers[1:]:
        replaced = {e.phrase for e in layer}
        merged = [e for e in merged if e.phrase not in replaced]
        merged.extend(layer)
    return merged


def get_lexicon() -> ActorLexicon:
    """The package default lexicon, built on first use and cached for the process."""
    global _default
    with _lock:
        if _default is None:
            _default = load_lexicon()
        return _default


_BENCH_SENTENCE = (
    "Chinese border guards and Tajik troops held joint drills near Dushanbe on Tuesday , "
    "the Shanghai Cooperation Organization said , as the United States and NATO warned "
    "Central Asian states about militants of the Islamic State crossing from Afghanistan ."
)


def bench_lexicon(calls: int = 20000, petrarch_actors: Sequence[str] = ()) -> dict[str, float]:
    """Seconds to build the default lexicon from package data, and ``find()`` calls per second.

    With ``petrarch_actors`` (e.g. Phoenix.Countries.actors.txt) it also reports the extra
    seconds a lexicon with those dictionaries takes to build (the start-up cost of ``--dict``).
    """
    forget_package_tables()  # measure a cold parse of the tables, not the cache
    start = time.perf_counter()
    lexicon = load_lexicon()
    load_seconds = time.perf_counter() - start
    tokens = list(phrase_tokens(_BENCH_SENTENCE))
    start = time.perf_counter()
    for _ in range(calls):
        lexicon.find(tokens, "2024-05-01")
    elapsed = time.perf_counter() - start
    figures = {
        "load_seconds": load_seconds,
        "entries": float(len(lexicon.entries)),
        "find_calls_per_second": calls / elapsed if elapsed else float("inf"),
        "tokens_per_call": float(len(tokens)),
    }
    if petrarch_actors:
        start = time.perf_counter()
        extended = load_lexicon(petrarch_actors=petrarch_actors)
        figures["petrarch_load_seconds"] = time.perf_counter() - start
        figures["petrarch_entries"] = float(len(extended.entries) - len(lexicon.entries))
    return figures
