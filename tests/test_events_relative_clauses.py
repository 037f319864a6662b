"""An event in a relative clause keeps its own modality: the matrix clause's plan, offer or
threat does not govern it (issue 13: 'China announced plans ... where militants killed ...')."""

from __future__ import annotations

import pytest

from lanner.events.coder import EventCoder
from lanner.records import Document

CASES = [
    (
        "Ghana announced plans to open a clinic in the district where gunmen killed three "
        "police officers last year.",
        "18",
    ),
    (
        "Kenya pledged to send engineers to the town where al-Shabaab fighters attacked a "
        "police station in May.",
        "19",
    ),
]


@pytest.mark.parametrize(("text", "root"), CASES)
def test_relative_clause_event_is_not_an_intent_or_threat(text: str, root: str) -> None:
    doc = Document(id="r", text=text, published="2024-06-12")
    events = EventCoder(coder="rules", geo=False).code(doc).events
    embedded = [e for e in events if e.trigger.text in ("killed", "attacked")]
    assert embedded, [(e.trigger.text, e.cameo) for e in events]
    for e in embedded:
        assert e.cameo[:2] == root
        assert e.factuality != "intended"
