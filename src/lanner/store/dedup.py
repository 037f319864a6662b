"""De-duplication: near-duplicate documents (SimHash) and the same-event rule.

Two questions are answered here, both without the database so they can be tested alone:

* Is this document a copy of one already stored (one wire story carried by several
  outlets)? :func:`simhash` over word 3-shingles, compared by Hamming distance.
* Is this event record the same real-world event as one already stored?
  :func:`same_event` applies the rules written down in ``docs/store.md``.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "MAX_PLACE_KM",
    "NEAR_DUPLICATE_BITS",
    "EventKey",
    "SimHashIndex",
    "codes_compatible",
    "dates_compatible",
    "hamming",
    "haversine_km",
    "places_compatible",
    "same_event",
    "simhash",
]

# Documents whose 64-bit SimHashes differ in at most this many bits are near-duplicates.
# Manku et al. (2007) found 3 bits right for web pages; wire copies with a new headline,
# dateline or one edited sentence stay well inside it (see tests/test_store_dedup.py).
NEAR_DUPLICATE_BITS = 3
# Texts shorter than this many shingles carry too little signal for SimHash; only exact
# duplicates (the same content hash) are caught for them.
MIN_SHINGLES = 8
SHINGLE_WORDS = 3
# Two mentions of one event may be placed this far apart (e.g. a town and the nearby
# provincial capital that another outlet names instead).
MAX_PLACE_KM = 50.0

_WORD = re.compile(r"\w+", re.UNICODE)


def _shingles(text: str) -> list[str]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return []
    return [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]


def simhash(text: str) -> int | None:
    """The 64-bit SimHash of ``text``'s word 3-shingles, as a signed 64-bit integer.

    ``None`` when the text is too short to compare reliably. Signed so that DuckDB can
    keep it in a BIGINT column.
    """
    shingles = set(_shingles(text))
    if len(shingles) < MIN_SHINGLES:
        return None
    weights = [0] * 64
    for shingle in shingles:
        h = int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if (h >> bit) & 1 else -1
    value = 0
    for bit, weight in enumerate(weights):
        if weight > 0:
            value |= 1 << bit
    return value - (1 << 64) if value >= 1 << 63 else value


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit SimHashes (signed or unsigned)."""
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


class SimHashIndex:
    """Finds stored SimHashes within :data:`NEAR_DUPLICATE_BITS` of a new one.

    The 64 bits are cut into ``NEAR_DUPLICATE_BITS + 1`` bands: two hashes differing in at
    most that many bits agree on at least one whole band (pigeonhole), so only documents
    sharing a band need a Hamming check.
    """

    def __init__(self, max_bits: int = NEAR_DUPLICATE_BITS) -> None:
        self.max_bits = max_bits
        self._bands = max_bits + 1
        self._width = math.ceil(64 / self._bands)
        self._buckets: list[dict[int, list[tuple[str, int]]]] = [{} for _ in range(self._bands)]

    def _band_values(self, value: int) -> list[int]:
        unsigned = value & ((1 << 64) - 1)
        mask = (1 << self._width) - 1
        return [(unsigned >> (i * self._width)) & mask for i in range(self._bands)]

    def add(self, doc_id: str, value: int) -> None:
        for bucket, band in zip(self._buckets, self._band_values(value), strict=True):
            bucket.setdefault(band, []).append((doc_id, value))

    def nearest(self, value: int) -> tuple[str, int] | None:
        """The closest stored document within the bit limit, as ``(doc_id, distance)``.

        Ties go to the smallest document id, so the answer does not depend on insertion order.
        """
        best: tuple[int, str] | None = None
        for bucket, band in zip(self._buckets, self._band_values(value), strict=True):
            for doc_id, other in bucket.get(band, ()):
                distance = hamming(value, other)
                if distance <= self.max_bits and (best is None or (distance, doc_id) < best):
                    best = (distance, doc_id)
        return None if best is None else (best[1], best[0])


@dataclass(frozen=True)
class EventKey:
    """What the same-event rule looks at, for a stored event or a new event record."""

    dyad: tuple[str | None, ...]  # source country, sector, IGO, target country, sector, IGO
    cameo: str
    factuality: str
    date: date | None
    date_precision: str | None
    lat: float | None
    lon: float | None

    @property
    def bucket(self) -> tuple[object, ...]:
        """Events can only match within one bucket: same dyad, CAMEO root and factuality."""
        return (*self.dyad, self.cameo[:2], self.factuality)


def codes_compatible(a: str, b: str) -> bool:
    """Same CAMEO root (first two digits), or one code a prefix of the other."""
    return a[:2] == b[:2] or a.startswith(b) or b.startswith(a)


_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def dates_compatible(a: date | None, pa: str | None, b: date | None, pb: str | None) -> bool:
    """Equal at the coarser precision, or within one day when both are day-precise.

    Two undated mentions are compatible; a dated and an undated one are not, since nothing
    ties them together in time.
    """
    if a is None or b is None:
        return a is None and b is None
    coarse = min(_PRECISION_RANK.get(pa or "day", 2), _PRECISION_RANK.get(pb or "day", 2))
    if coarse == 0:
        return a.year == b.year
    if coarse == 1:
        return (a.year, a.month) == (b.year, b.month)
    return abs(a - b) <= timedelta(days=1)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def places_compatible(
    a: tuple[float | None, float | None],
    b: tuple[float | None, float | None],
    max_km: float = MAX_PLACE_KM,
) -> bool:
    """Within ``max_km`` of each other, or either place unknown."""
    if a[0] is None or a[1] is None or b[0] is None or b[1] is None:
        return True
    return haversine_km(a[0], a[1], b[0], b[1]) <= max_km


def same_event(a: EventKey, b: EventKey) -> bool:
    """The same-event rule of ``docs/store.md``."""
    return (
        a.dyad == b.dyad
        and a.factuality == b.factuality
        and codes_compatible(a.cameo, b.cameo)
        and dates_compatible(a.date, a.date_precision, b.date, b.date_precision)
        and places_compatible((a.lat, a.lon), (b.lat, b.lon))
    )


def best_match(key: EventKey, candidates: Iterable[tuple[str, EventKey]]) -> str | None:
    """The id of the matching candidate with the smallest id (order-independent), if any."""
    matches = [event_id for event_id, other in candidates if same_event(key, other)]
    return min(matches) if matches else None
