"""A later report's reference back to a stored event is a new mention of it (issue 13)."""

from __future__ import annotations

from datetime import date

import pytest

from lanner.store.dedup import EventKey, best_match

DYAD = (None, "UAF", None, "CHN", "GOV", None)
BISHKEK = (42.87, 74.59)
KYRGYZSTAN = (41.0, 75.0)  # the country's centre, about 210 km away
KABUL = (34.53, 69.17)


def key(
    when: date | None, place: tuple[float, float] | None, cameo: str = "190", dyad: tuple = DYAD
) -> EventKey:
    lat, lon = place if place else (None, None)
    return EventKey(dyad, cameo, "asserted", when, "day" if when else None, lat, lon)


ATTACK = key(date(2025, 6, 11), BISHKEK)

# (the new mention, the stored events, the one it joins or None)
CASES = [
    ("undated reference, same city", key(None, BISHKEK), [("a", ATTACK)], "a"),
    ("undated reference, country named", key(None, KYRGYZSTAN), [("a", ATTACK)], "a"),
    ("undated reference, no place", key(None, None), [("a", ATTACK)], "a"),
    ("undated reference, another country", key(None, KABUL), [("a", ATTACK)], None),
    ("undated, other CAMEO root", key(None, BISHKEK, "120"), [("a", ATTACK)], None),
    (
        "undated reference, two candidate attacks",
        key(None, BISHKEK),
        [("a", ATTACK), ("b", key(date(2025, 7, 30), BISHKEK))],
        None,
    ),
    ("dated on its own report day", key(date(2025, 7, 3), BISHKEK), [("a", ATTACK)], None),
]


@pytest.mark.parametrize(
    ("name", "mention", "stored", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_store_dedup_reference_joins_the_event_it_names(
    name: str, mention: EventKey, stored: list[tuple[str, EventKey]], expected: str | None
) -> None:
    assert best_match(mention, stored) == expected, name
