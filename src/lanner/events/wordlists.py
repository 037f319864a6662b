"""The event stage's closed word lists, package data in ``data/words.yaml``.

Modules declare the lists they use as module constants (``_CLAIMS = WordList("claims")``);
the file is read on the first membership test, once per process, so importing the coder costs
nothing. A list named here but missing from the file fails on first use and in the test that
loads every table.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Set
from importlib.resources import files
from typing import Any

import yaml

__all__ = ["WordList", "WordMap", "declared", "word_lists", "word_maps"]

_DECLARED_LISTS: set[str] = set()
_DECLARED_MAPS: set[str] = set()


@functools.cache
def _load() -> tuple[dict[str, frozenset[str]], dict[str, dict[str, int]]]:
    text = files("lanner.events").joinpath("data/words.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text) or {}
    lists = {
        str(name): frozenset(str(w) for w in words)
        for name, words in (data.get("lists") or {}).items()
    }
    maps = {
        str(name): {str(k): int(v) for k, v in table.items()}
        for name, table in (data.get("numbers") or {}).items()
    }
    return lists, maps


def word_lists() -> dict[str, frozenset[str]]:
    """Every list in ``data/words.yaml`` by name."""
    return dict(_load()[0])


def word_maps() -> dict[str, dict[str, int]]:
    """Every word -> number table in ``data/words.yaml`` by name."""
    return dict(_load()[1])


def declared() -> tuple[frozenset[str], frozenset[str]]:
    """Names of the lists and tables that modules have declared (for the table test)."""
    return frozenset(_DECLARED_LISTS), frozenset(_DECLARED_MAPS)


class WordList(Set[str]):
    """A named list of ``data/words.yaml``, read lazily; behaves as a frozenset of words."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name
        _DECLARED_LISTS.add(name)

    def words(self) -> frozenset[str]:
        return _load()[0][self.name]

    def __contains__(self, word: object) -> bool:
        return word in self.words()

    def __iter__(self) -> Iterator[str]:
        return iter(self.words())

    def __len__(self) -> int:
        return len(self.words())

    def __repr__(self) -> str:
        return f"WordList({self.name!r})"


class WordMap(Mapping[str, int]):
    """A named word -> number table of ``data/words.yaml``, read lazily."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name
        _DECLARED_MAPS.add(name)

    def table(self) -> dict[str, int]:
        return _load()[1][self.name]

    def __getitem__(self, word: str) -> int:
        return self.table()[word]

    def __iter__(self) -> Iterator[str]:
        return iter(self.table())

    def __len__(self) -> int:
        return len(self.table())

    def __repr__(self) -> str:
        return f"WordMap({self.name!r})"
