"""Names next to codes, from the actor lexicon (issue 13: no bare codes in the dashboard)."""

from __future__ import annotations

import pytest

from lanner.analysis.names import code_name

CASES = [
    ("TJK", "Tajikistan"),
    ("CHNINS", "China · insurgents"),
    ("KGZCOP", "Kyrgyzstan · police"),
    ("TJKMILREB", "Tajikistan · military · rebels"),
    ("EU", "European Union"),
    ("IGOUNO", "United Nations"),
    ("UAF", "unidentified armed force"),
    ("ZZZ", None),
    ("CHNXYZ", None),  # an unknown sector: no half-made name
    ("", None),
]


@pytest.mark.parametrize(("code", "name"), CASES)
def test_analysis_names_code_name(code: str, name: str | None) -> None:
    assert code_name(code) == name
