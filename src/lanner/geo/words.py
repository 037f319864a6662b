"""The geo stage's closed word lists, package data in ``data/words.yaml``.

``WordSet("generic")`` is a read-only set whose words are read on the first membership test,
once per process, so importing the resolver reads nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Set
from importlib.resources import files

import yaml

__all__ = ["WordSet", "word_sets"]


@functools.cache
def word_sets() -> dict[str, frozenset[str]]:
    """Every list in ``data/words.yaml`` by name."""
    text = files("lanner.geo").joinpath("data/words.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    return {str(k): frozenset(str(w) for w in v) for k, v in data.items()}


class WordSet(Set[str]):
    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def words(self) -> frozenset[str]:
        return word_sets()[self.name]

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def __iter__(self) -> Iterator[str]:
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)
