"""De-duplication: near-duplicate documents (SimHash) and the same-event rule.

Two questions are answered here, both without the database so they can be tested alone:

* Is this document a copy of one already stored (one wire story carried by several
  outlets)? :func:`minhash` signatures over word 3-shingles, found through LSH bands and
  compared by estimated Jaccard similarity.
* Is this event record the same real-world event as one already stored?
  :func:`same_event` applies the rules written down in ``docs/store.md``.
* Is it a later report's reference back to a stored event ("the attack on the embassy",
  "three weeks after gunmen attacked the embassy")? The coder gives such a mention no
  date of its own (``lanner.events.timing``); :func:`refers_to` lets it join the one
  dated event of its bucket near its place, so it becomes a new mention of that event,
  which keeps its own date, instead of a new event on the report's date.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from lanner.geo.distance import haversine_km

__all__ = [
    "MAX_PLACE_KM",
    "MAX_REFERENCE_KM",
    "NEAR_DUPLICATE_JACCARD",
    "EventKey",
    "MinHashIndex",
    "best_match",
    "codes_compatible",
    "dates_compatible",
    "haversine_km",
    "jaccard_estimate",
    "minhash",
    "places_compatible",
    "refers_to",
    "same_event",
]

# Two documents whose word 3-shingle sets have a Jaccard similarity of at least this are
# near-duplicates. Copies of one wire story (new headline or credit line, an edited or
# dropped sentence) score 0.6-0.95; separate reports of the same event share facts but
# few three-word runs and score under 0.2 (see tests/test_store_dedup.py).
NEAR_DUPLICATE_JACCARD = 0.5
# Texts with fewer shingles than this carry too little signal; only exact duplicates (the
# same content hash) are caught for them.
MIN_SHINGLES = 8
SHINGLE_WORDS = 3
# MinHash signature length and its LSH banding: 32 bands of 2 rows make a pair with
# Jaccard 0.5 a candidate with probability 1 - (1 - 0.5**2)**32 > 0.9999, while unrelated
# texts (Jaccard near 0.02) collide in under 2% of pairs and are then rejected.
NUM_HASHES = 64
BANDS = 32
_ROWS = NUM_HASHES // BANDS
_PRIME = 4294967311  # the first prime above 2**32: universal hashing of 32-bit shingle hashes
# Two mentions of one event may be placed this far apart (e.g. a town and the nearby
# provincial capital that another outlet names instead).
MAX_PLACE_KM = 50.0
# A back-reference often names the country or region rather than the town ("the attack on
# the Chinese embassy in neighbouring Kyrgyzstan"): its place may be this far from the event's.
MAX_REFERENCE_KM = 300.0

_WORD = re.compile(r"\w+", re.UNICODE)


def _shingles(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


@functools.cache
def _coefficients() -> tuple[Any, Any]:
    import numpy as np

    # Fixed, derived from a seed string, so signatures are the same in every run and store.
    seed = b"".join(
        hashlib.blake2b(f"lanner-minhash-v1-{i}".encode(), digest_size=64).digest()
        for i in range(8 * NUM_HASHES // 64)
    )
    raw = np.frombuffer(seed, dtype="<u4")[: 2 * NUM_HASHES].astype(np.uint64)
    return (raw[:NUM_HASHES] % (1 << 31)) | 1, raw[NUM_HASHES:]


def minhash(text: str) -> bytes | None:
    """The MinHash signature of ``text``'s word 3-shingles (64 x 32-bit values, as bytes).

    ``None`` when the text is too short to compare reliably.
    """
    shingles = _shingles(text)
    if len(shingles) < MIN_SHINGLES:
        return None
    import numpy as np  # a spaCy dependency; vectorised, ~100x a Python loop

    hashes = np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest(), "little")
            for s in shingles
        ),
        dtype=np.uint64,
        count=len(shingles),
    )
    a, b = _coefficients()
    # a < 2**31 and h < 2**32, so a*h + b stays below 2**64: no overflow in uint64.
    signature = ((hashes[:, None] * a[None, :] + b[None, :]) % _PRIME).min(axis=0)
    return bytes((signature & 0xFFFFFFFF).astype("<u4").tobytes())


def jaccard_estimate(a: bytes, b: bytes) -> float:
    """The share of equal MinHash values: an unbiased estimate of the Jaccard similarity."""
    import numpy as np

    return float(np.mean(np.frombuffer(a, dtype="<u4") == np.frombuffer(b, dtype="<u4")))


class MinHashIndex:
    """Finds stored documents whose MinHash similarity to a new one reaches the threshold.

    Locality-sensitive hashing: a signature is cut into bands, and only documents sharing
    at least one whole band are compared.
    """

    def __init__(self, threshold: float = NEAR_DUPLICATE_JACCARD) -> None:
        self.threshold = threshold
        self._bands: list[dict[bytes, list[str]]] = [{} for _ in range(BANDS)]
        self._signatures: dict[str, bytes] = {}

    @staticmethod
    def _band_keys(signature: bytes) -> list[bytes]:
        width = 4 * _ROWS
        return [signature[i * width : (i + 1) * width] for i in range(BANDS)]

    def add(self, doc_id: str, signature: bytes) -> None:
        self._signatures[doc_id] = signature
        for bucket, key in zip(self._bands, self._band_keys(signature), strict=True):
            bucket.setdefault(key, []).append(doc_id)

    def nearest(self, signature: bytes) -> tuple[str, float] | None:
        """The most similar stored document at or above the threshold, as ``(doc_id, jaccard)``.

        Ties go to the smallest document id, so the answer does not depend on insertion order.
        """
        candidates: set[str] = set()
        for bucket, key in zip(self._bands, self._band_keys(signature), strict=True):
            candidates.update(bucket.get(key, ()))
        best: tuple[float, str] | None = None
        for doc_id in sorted(candidates):
            similarity = jaccard_estimate(signature, self._signatures[doc_id])
            if similarity >= self.threshold and (best is None or similarity > best[0]):
                best = (similarity, doc_id)
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


def refers_to(reference: EventKey, event: EventKey) -> bool:
    """An undated asserted mention that may name ``event`` again (see the module doc)."""
    return (
        reference.date is None
        and event.date is not None
        and reference.factuality == "asserted"
        and reference.dyad == event.dyad
        and reference.factuality == event.factuality
        and codes_compatible(reference.cameo, event.cameo)
        and places_compatible(
            (reference.lat, reference.lon), (event.lat, event.lon), MAX_REFERENCE_KM
        )
    )


def best_match(key: EventKey, candidates: Iterable[tuple[str, EventKey]]) -> str | None:
    """The id of the matching candidate with the smallest id (order-independent), if any.

    An undated mention with no undated match joins the dated event it refers to when
    exactly one candidate fits (:func:`refers_to`); with several, it stays its own event.
    """
    pool = list(candidates)
    matches = [event_id for event_id, other in pool if same_event(key, other)]
    if matches:
        return min(matches)
    referred = [event_id for event_id, other in pool if refers_to(key, other)]
    return referred[0] if len(referred) == 1 else None
