"""Coding with the PETRARCH validation suite's own dictionaries loaded (issue 8 bar).

The suite's fictional states only exist in its dictionaries, so these sentences are coded
correctly only if the imported actor and agent entries reach the coder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lanner.actors import load_lexicon
from lanner.events import EventCoder
from lanner.records import Document

PETRARCH = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "petrarch"
ACTORS = PETRARCH / "PETR.Validate.actors.txt"
AGENTS = PETRARCH / "PETR.Validate.agents.txt"

pytestmark = pytest.mark.skipif(not ACTORS.exists(), reason="needs ../shared/data/petrarch")


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder(
        lexicon=load_lexicon(petrarch_actors=[str(ACTORS)], petrarch_agents=[str(AGENTS)]),
        geo=False,
    )


@pytest.mark.parametrize(
    ("text", "source", "target", "root"),
    [
        (
            "The Calenardhon government condemned an attack by Osgiliath soldiers.",
            "CALGOV",
            "OSGMIL",
            "11",
        ),
    ],
)
def test_petrarch_dictionaries_code_fictional_states(
    coder: EventCoder, text: str, source: str, target: str, root: str
) -> None:
    events = coder.code(Document(id="t", text=text, published="2024-01-01")).events
    got = [(e.source and e.source.code, e.target and e.target.code, e.cameo_root) for e in events]
    assert (source, target, root) in got, got


def test_petrarch_actors_unknown_without_the_dictionary() -> None:
    plain = EventCoder(geo=False)
    events = plain.code(
        Document(
            id="t", text="The Calenardhon government condemned Osgiliath.", published="2024-01-01"
        )
    ).events
    assert not any(e.source and e.source.code == "CALGOV" for e in events)
