"""Stories: documents and their events grouped into threads that evolve over time.

Documents are taken in publication order (then store order) and each joins the open story
it is most similar to, or starts a new one. Similarity of a document to a story is

    0.6 x cosine(TF-IDF of the document, story centroid)
  + 0.25 x overlap(the document's dyads, the story's dyads)
  + 0.15 x overlap(the document's places, the story's places)

where overlap(A, B) = |A & B| / min(|A|, |B|) (0 when either is empty) and dyads are
unordered pairs of event actors (countries, else actor codes). A story is open to a
document published at most ``max_gap_days`` after the story's latest document, and a
document joins it when the similarity reaches ``threshold``. A near-duplicate document
(the store's ``duplicate_of``) joins its original's story directly. The result is a
deterministic function of the stored documents and the parameters, so a story's id (a
hash of its first document's id) finds the same story again.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from datetime import date
from typing import Any

import duckdb

from lanner.analysis.common import check_int, check_range, fetch_dicts, iso

__all__ = ["find_stories", "story_detail", "tfidf_vectors"]

_TOKEN = re.compile(r"[a-z][a-z'-]{2,}")
_STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "that",
        "with",
        "from",
        "this",
        "have",
        "has",
        "had",
        "was",
        "were",
        "are",
        "been",
        "being",
        "its",
        "their",
        "they",
        "them",
        "his",
        "her",
        "him",
        "she",
        "you",
        "your",
        "our",
        "not",
        "but",
        "also",
        "than",
        "then",
        "there",
        "here",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "while",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "must",
        "can",
        "said",
        "says",
        "say",
        "told",
        "after",
        "before",
        "over",
        "under",
        "into",
        "onto",
        "about",
        "against",
        "between",
        "during",
        "without",
        "within",
        "upon",
        "more",
        "most",
        "some",
        "such",
        "only",
        "other",
        "very",
        "just",
        "into",
        "out",
        "off",
        "per",
        "one",
        "two",
        "three",
        "four",
        "five",
        "new",
        "last",
        "first",
        "year",
        "years",
        "week",
        "weeks",
        "day",
        "days",
        "month",
        "months",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "these",
        "those",
        "all",
        "any",
        "each",
        "both",
        "few",
        "many",
        "much",
        "own",
        "same",
        "so",
        "too",
        "yet",
        "nor",
        "because",
        "until",
        "since",
        "among",
        "being",
    ]
)
_TERMS_PER_DOC = 60
_TEXT_CHARS = 8000


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text[:_TEXT_CHARS].lower()) if t not in _STOPWORDS]


def tfidf_vectors(texts: list[str]) -> list[dict[str, float]]:
    """L2-normalised TF-IDF vectors (smoothed idf), each cut to its strongest terms."""
    counts = [Counter(_tokens(t)) for t in texts]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(texts)
    vectors: list[dict[str, float]] = []
    for c in counts:
        total = sum(c.values()) or 1
        weights = {t: (k / total) * (math.log((1 + n) / (1 + df[t])) + 1) for t, k in c.items()}
        top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:_TERMS_PER_DOC]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        vectors.append({t: w / norm for t, w in top})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    norm = math.sqrt(sum(w * w for w in b.values())) or 1.0
    return dot / norm  # a is unit length


def _overlap(a: set[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    return sum(1 for x in a if x in b) / min(len(a), len(b))


def _load(
    con: duckdb.DuckDBPyConnection, start: date | None, end: date | None, limit: int
) -> tuple[list[dict[str, Any]], dict[str, dict[str, set[str]]]]:
    where, params = ["TRUE"], []
    if start:
        where.append("published >= ?")
        params.append(start)
    if end:
        where.append("published <= ?")
        params.append(end)
    docs = fetch_dicts(
        con,
        f"""
        SELECT * FROM (
            SELECT id, seq, title, published, text, duplicate_of FROM documents
            WHERE {" AND ".join(where)}
            ORDER BY published DESC NULLS LAST, seq DESC LIMIT ?
        ) ORDER BY published NULLS LAST, seq
        """,
        [*params, limit],
    )
    features: dict[str, dict[str, set[str]]] = {
        d["id"]: {"dyads": set(), "places": set(), "events": set()} for d in docs
    }
    if docs:
        rows = fetch_dicts(
            con,
            """
            SELECT m.doc_id, e.id, coalesce(e.source_country, e.source_code) AS a,
                   coalesce(e.target_country, e.target_code) AS b, e.location_name
            FROM mentions m JOIN events e ON e.id = m.event_id
            WHERE list_contains(?, m.doc_id)
            """,
            [[d["id"] for d in docs]],
        )
        for row in rows:
            f = features[row["doc_id"]]
            f["events"].add(row["id"])
            if row["a"] and row["b"]:
                f["dyads"].add("-".join(sorted((row["a"], row["b"]))))
            if row["location_name"]:
                f["places"].add(row["location_name"])
    return docs, features


def _cluster(
    docs: list[dict[str, Any]],
    features: dict[str, dict[str, set[str]]],
    threshold: float,
    max_gap_days: int,
) -> list[dict[str, Any]]:
    vectors = tfidf_vectors([(d["title"] or "") + "\n" + d["text"] for d in docs])
    stories: list[dict[str, Any]] = []
    story_of: dict[str, dict[str, Any]] = {}
    for doc, vector in zip(docs, vectors, strict=True):
        f = features[doc["id"]]
        day: date | None = doc["published"]
        chosen = story_of.get(doc["duplicate_of"] or "")
        if chosen is None:
            best = 0.0
            for story in stories:
                last: date | None = story["last"]
                if day and last and (day - last).days > max_gap_days:
                    continue
                sim = (
                    0.6 * _cosine(vector, story["centroid"])
                    + 0.25 * _overlap(f["dyads"], story["dyads"])
                    + 0.15 * _overlap(f["places"], story["places"])
                )
                if sim >= threshold and sim > best:
                    best, chosen = sim, story
        if chosen is None:
            chosen = {
                "docs": [],
                "centroid": {},
                "dyads": Counter(),
                "places": Counter(),
                "events": set(),
                "first": day,
                "last": day,
            }
            stories.append(chosen)
        chosen["docs"].append(doc)
        for term, weight in vector.items():
            chosen["centroid"][term] = chosen["centroid"].get(term, 0.0) + weight
        chosen["dyads"].update(f["dyads"])
        chosen["places"].update(f["places"])
        chosen["events"] |= f["events"]
        if day:
            chosen["first"] = min(chosen["first"] or day, day)
            chosen["last"] = max(chosen["last"] or day, day)
        story_of[doc["id"]] = chosen
    return stories


def _summary(story: dict[str, Any]) -> dict[str, Any]:
    first = story["docs"][0]
    terms = sorted(story["centroid"].items(), key=lambda kv: (-kv[1], kv[0]))[:6]
    return {
        "id": hashlib.sha256(first["id"].encode()).hexdigest()[:12],
        "title": first["title"] or " ".join(t for t, _ in terms[:4]),
        "terms": [t for t, _ in terms],
        "start": iso(story["first"]),
        "end": iso(story["last"]),
        "documents": len(story["docs"]),
        "events": len(story["events"]),
        "dyads": [k for k, _ in sorted(story["dyads"].items(), key=lambda kv: (-kv[1], kv[0]))[:5]],
        "places": [
            k for k, _ in sorted(story["places"].items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        ],
    }


def _stories(
    con: duckdb.DuckDBPyConnection,
    date_from: str | date | None,
    date_to: str | date | None,
    threshold: float,
    max_gap_days: int,
    max_documents: int,
) -> list[dict[str, Any]]:
    start, end = check_range(date_from, date_to)
    check_int("max_gap_days", max_gap_days, 0, 3650)
    check_int("max_documents", max_documents, 1, 20_000)
    if not 0.0 < threshold <= 1.0:
        from lanner.errors import LannerError

        raise LannerError(
            "E601", name="threshold", value=threshold, reason="expected 0 < threshold <= 1"
        )
    docs, features = _load(con, start, end, max_documents)
    return _cluster(docs, features, threshold, max_gap_days)


def find_stories(
    con: duckdb.DuckDBPyConnection,
    *,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    threshold: float = 0.3,
    max_gap_days: int = 14,
    max_documents: int = 2000,
    min_documents: int = 1,
) -> list[dict[str, Any]]:
    """Story summaries, biggest first; only the latest ``max_documents`` documents are read."""
    stories = _stories(con, date_from, date_to, threshold, max_gap_days, max_documents)
    out = [_summary(s) for s in stories if len(s["docs"]) >= min_documents]
    out.sort(key=lambda s: (-s["documents"], -s["events"], s["start"] or "", s["id"]))
    return out


def story_detail(
    con: duckdb.DuckDBPyConnection,
    story_id: str,
    *,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    threshold: float = 0.3,
    max_gap_days: int = 14,
    max_documents: int = 2000,
) -> dict[str, Any] | None:
    """One story with its documents and a timeline of its events in date order."""
    for story in _stories(con, date_from, date_to, threshold, max_gap_days, max_documents):
        summary = _summary(story)
        if summary["id"] != story_id:
            continue
        doc_ids = [d["id"] for d in story["docs"]]
        timeline = fetch_dicts(
            con,
            """
            SELECT e.id AS event_id, e.date, e.cameo, e.quad_class, e.goldstein, e.factuality,
                   e.source_code, e.target_code, e.location_name, m.doc_id, m.trigger_text,
                   substring(d.text, m.sentence_start + 1, m.sentence_end - m.sentence_start)
                       AS sentence
            FROM mentions m JOIN events e ON e.id = m.event_id JOIN documents d ON d.id = m.doc_id
            WHERE list_contains(?, m.doc_id)
            ORDER BY e.date NULLS LAST, d.seq, m.sentence_index, m.id
            """,
            [doc_ids],
        )
        for row in timeline:
            row["date"] = iso(row["date"])
        summary["documents_list"] = [
            {"id": d["id"], "title": d["title"], "published": iso(d["published"])}
            for d in story["docs"]
        ]
        summary["timeline"] = timeline
        return summary
    return None
