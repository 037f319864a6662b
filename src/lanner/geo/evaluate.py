"""Geoparsing evaluation on gold corpora (LGL / TR-News XML and GeoWebNews XML).

Metrics follow Gritta et al. (2018, 2019): accuracy within 161 km (100 miles), mean and
median error in km, and the AUC of the sorted log-error curve (0 is perfect, 1 is every
answer on the far side of the Earth). An unresolved gold toponym counts as the maximum error.

Two modes:

* ``resolution``: the gold spans are given; only resolution is scored;
* ``end_to_end``: Lanner finds the toponyms itself; recognition precision/recall/F1 are
  scored on exact spans, and resolution on the gold toponyms it found.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lanner.errors import LannerError
from lanner.geo.distance import haversine_km

__all__ = [
    "GoldArticle",
    "GoldToponym",
    "GeoScores",
    "evaluate_geo",
    "read_geo_gold",
    "score_errors",
]

MAX_ERROR_KM = 20039.0  # half the Earth's circumference
ACC_RADIUS_KM = 161.0


@dataclass
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    geonameid: int | None = None


@dataclass
class GoldArticle:
    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


@dataclass
class GeoScores:
    corpus: str
    mode: str
    n: int
    acc161: float
    mean_km: float
    median_km: float
    auc: float
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in vars(self).items()}


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def read_geo_gold(path: str | Path) -> list[GoldArticle]:
    """Read an LGL/TR-News (``<gaztag>``) or GeoWebNews (``<latitude>``) XML corpus."""
    from lxml import etree

    path = Path(path)
    try:
        tree = etree.parse(str(path), etree.XMLParser(huge_tree=True, resolve_entities=False))
    except (OSError, etree.XMLSyntaxError) as exc:
        raise LannerError("E402", path=str(path), reason=str(exc)) from exc
    articles = []
    for i, art in enumerate(tree.iter("article")):
        text = art.findtext("text") or ""
        doc_id = art.get("docid") or art.get("file") or str(i)
        gold = GoldArticle(doc_id, text)
        for tp in art.iter("toponym"):
            start, end = int(tp.findtext("start") or 0), int(tp.findtext("end") or 0)
            if tp.find("gaztag") is not None:  # LGL / TR-News
                g = tp.find("gaztag")
                lat, lon = _float(g.findtext("lat")), _float(g.findtext("lon"))
                gid = g.get("geonameid")
            else:  # GeoWebNews
                lat, lon = _float(tp.findtext("latitude")), _float(tp.findtext("longitude"))
                gid = tp.findtext("geonamesID")
            gold.toponyms.append(
                GoldToponym(
                    start,
                    end,
                    text[start:end],
                    lat,
                    lon,
                    int(gid) if gid and gid.isdigit() else None,
                )
            )
        articles.append(gold)
    if not articles:
        raise LannerError("E402", path=str(path), reason="no <article> elements")
    return articles


def score_errors(errors: Sequence[float]) -> tuple[float, float, float, float]:
    """(acc@161, mean km, median km, AUC) for a list of error distances."""
    if not errors:
        return 0.0, 0.0, 0.0, 0.0
    acc = sum(e <= ACC_RADIUS_KM for e in errors) / len(errors)
    logs = sorted(math.log(e + 1) for e in errors)
    if len(logs) > 1:
        area = sum((a + b) / 2 for a, b in zip(logs, logs[1:], strict=False))
        auc = area / ((len(logs) - 1) * math.log(MAX_ERROR_KM))
    else:
        auc = logs[0] / math.log(MAX_ERROR_KM)
    return acc, statistics.fmean(errors), statistics.median(errors), auc


def _errors(
    article: GoldArticle, wanted: list[GoldToponym], locs: Sequence[Any]
) -> Iterator[float]:
    for tp, loc in zip(wanted, locs, strict=True):
        if loc is None or loc.lat is None or loc.lon is None or tp.lat is None or tp.lon is None:
            yield MAX_ERROR_KM
        else:
            yield haversine_km(tp.lat, tp.lon, loc.lat, loc.lon)
    _ = article


def evaluate_geo(
    path: str | Path, *, mode: str = "resolution", limit: int | None = None
) -> GeoScores:
    """Score Lanner on a gold corpus; ``mode`` is ``resolution`` or ``end_to_end``."""
    from lanner.geo import geoparse, resolve

    articles = read_geo_gold(path)[:limit]
    errors: list[float] = []
    tp_count = fp_count = fn_count = 0
    nlp = None
    if mode == "end_to_end":
        from lanner.geo.recognize import default_nlp

        nlp = default_nlp()
    for art in articles:
        wanted = [t for t in art.toponyms if t.lat is not None]
        if mode == "resolution":
            locs = resolve(art.text, [(t.start, t.end) for t in wanted], unknown_to_focus=True)
            errors.extend(_errors(art, wanted, locs))
            continue
        assert nlp is not None
        found = geoparse(nlp(art.text))
        found_spans = {(t.start, t.end): t for t in found}
        gold_spans = {(t.start, t.end) for t in art.toponyms}
        tp_count += len(gold_spans & found_spans.keys())
        fp_count += len(found_spans.keys() - gold_spans)
        fn_count += len(gold_spans - found_spans.keys())
        hits = [t for t in wanted if (t.start, t.end) in found_spans]
        errors.extend(_errors(art, hits, [found_spans[(t.start, t.end)].location for t in hits]))
    acc, mean, median, auc = score_errors(errors)
    scores = GeoScores(
        Path(path).parent.name or str(path), mode, len(errors), acc, mean, median, auc
    )
    if mode == "end_to_end":
        p = tp_count / (tp_count + fp_count) if tp_count + fp_count else 0.0
        r = tp_count / (tp_count + fn_count) if tp_count + fn_count else 0.0
        scores.precision, scores.recall = p, r
        scores.f1 = 2 * p * r / (p + r) if p + r else 0.0
    return scores
