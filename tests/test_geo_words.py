"""The geo stage's word lists load from package data, and the resolver reads them."""

from __future__ import annotations

from lanner.geo import resolver
from lanner.geo.words import WordSet, word_sets


def test_geo_word_lists_load_lowercase_and_non_empty() -> None:
    lists = word_sets()
    assert set(lists) == {"generic", "unit", "street"}
    for name, words in lists.items():
        assert words, name
        assert all(w == w.lower() and w.strip() == w for w in words), name


def test_geo_resolver_reads_its_word_lists_from_data() -> None:
    assert "province" in resolver.UNIT_WORDS and "avenue" in resolver.STREET_WORDS
    assert "paris" not in resolver.GENERIC_WORDS
    assert len(WordSet("street")) == len(word_sets()["street"])
