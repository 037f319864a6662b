"""A failure inside the geo service is not swallowed: the document is still coded, and the
coded document carries a W403 warning that names the document and the failure."""

from __future__ import annotations

import pytest

import lanner.geo
from lanner.events.coder import EventCoder
from lanner.records import Document


def test_geoparse_failure_becomes_a_warning_on_the_coded_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object, **_kwargs: object) -> list[object]:
        raise RuntimeError("gazetteer file truncated")

    monkeypatch.setattr(lanner.geo, "geoparse", broken)
    doc = Document(
        id="geo-fail",
        text="Ghana recalled its ambassador from Togo on Monday over a border dispute.",
        published="2024-06-12",
    )
    coded = EventCoder(coder="rules").code(doc)
    assert coded.events, "the events are still coded"
    codes = [w.code for w in coded.warnings]
    assert codes == ["W403"]
    assert "geo-fail" in coded.warnings[0].message
    assert "gazetteer file truncated" in coded.warnings[0].message
