"""Which extractor ``lanner watch`` uses: the project's HTML reader against trafilatura.

Six article pages written for this comparison (no page from elsewhere), each a different
newsroom layout: ``<article>`` with a sidebar, a ``div.story-body`` inside a portal's
furniture, a table layout, paragraphs split by inline ads and "read more" boxes, a live
blog with comments, and a page whose cookie banner and newsletter box are longer than the
story. The gold text is the story's paragraphs. Each extractor is scored on word-level
precision and recall against the gold (bags of lower-cased words), and timed.

    python -m lanner.ingest.extract_bench
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

__all__ = ["PAGES", "compare_extractors"]

_STORY = [
    [
        "Russian forces shelled the outskirts of Kharkiv overnight, regional officials said on "
        "Tuesday.",
        "The governor said two people were wounded and a power station was damaged.",
        "Ukraine's air force said it shot down eleven drones over the region.",
    ],
    [
        "China and Tajikistan signed an agreement on border security in Dushanbe on Monday.",
        "The deal covers joint patrols along the mountainous frontier with Afghanistan.",
        "Officials in Beijing described the talks as constructive.",
    ],
    [
        "Niger's military government expelled the French ambassador, the foreign ministry "
        "announced.",
        "France said it did not recognise the authority of the coup leaders.",
    ],
    [
        "Protesters gathered outside parliament in Bishkek to demand the release of detained "
        "journalists.",
        "Police dispersed the crowd after several hours, witnesses said.",
        "Kyrgyzstan's interior ministry said twelve people were detained.",
    ],
    [
        "Chad and Sudan agreed to reopen their shared border to trade, a government spokesman "
        "said.",
        "The crossing at Adre had been closed for three months.",
    ],
    [
        "India and Pakistan held talks on water sharing under the Indus Waters Treaty.",
        "Both delegations said the meeting in Lahore had been useful.",
        "A further round is planned for next year.",
    ],
]
_NAV = (
    "<nav><ul><li>Home</li><li>World</li><li>Business</li><li>Sport</li><li>Opinion</li></ul></nav>"
)
_FOOT = "<footer><p>Copyright 2024 Example Media Group. All rights reserved.</p><p>Terms | Privacy | Contact us</p></footer>"


def _p(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


PAGES: list[tuple[str, str]] = [
    (
        "article-with-sidebar",
        f"<html><head><title>Shelling near Kharkiv</title></head><body>{_NAV}"
        f"<main><article><h1>Shelling near Kharkiv</h1><p class='byline'>By Staff Reporter</p>"
        f"{_p(_STORY[0])}</article><aside><h3>Most read</h3><ul><li>Ten best beaches in "
        f"Europe this summer</li><li>Markets rally as inflation cools</li></ul></aside></main>"
        f"{_FOOT}</body></html>",
    ),
    (
        "portal-story-body",
        f"<html><head><title>Border deal</title></head><body>{_NAV}<div id='header'>"
        f"<div class='ticker'>Breaking: markets open higher</div></div><div class='content'>"
        f"<div class='story-body'><h1>China and Tajikistan sign border deal</h1>"
        f"{_p(_STORY[1])}</div><div class='related'><h4>Related stories</h4><a>China "
        f"opens new trade route</a><a>Tajikistan floods kill five</a></div></div>{_FOOT}"
        f"</body></html>",
    ),
    (
        "table-layout",
        "<html><head><title>Ambassador expelled</title></head><body><table><tr><td "
        "class='menu'>News<br>Archive<br>Weather<br>Classifieds</td><td class='main'>"
        f"<h2>Ambassador expelled</h2>{_p(_STORY[2])}</td><td class='ads'>Advertisement: "
        "Buy cheap flights to Paris now</td></tr></table></body></html>",
    ),
    (
        "inline-ads-and-read-more",
        f"<html><head><title>Bishkek protest</title></head><body>{_NAV}<article><h1>Protest "
        f"in Bishkek</h1><p>{_STORY[3][0]}</p><div class='ad'>Advertisement</div><div "
        f"class='read-more'>Read more: Kyrgyz election results</div><p>{_STORY[3][1]}</p>"
        f"<p>{_STORY[3][2]}</p><div class='share'>Share on Facebook Share on X</div>"
        f"</article>{_FOOT}</body></html>",
    ),
    (
        "live-blog-with-comments",
        f"<html><head><title>Border reopens</title></head><body>{_NAV}<div class='post'>"
        f"<h1>Chad and Sudan reopen border</h1>{_p(_STORY[4])}</div><section "
        "class='comments'><h3>42 comments</h3><div class='comment'>This is great news "
        "for traders in the east, finally.</div><div class='comment'>I do not believe a "
        "word of this government announcement.</div></section>"
        f"{_FOOT}</body></html>",
    ),
    (
        "cookie-and-newsletter",
        "<html><head><title>Indus talks</title></head><body><div id='cookie-banner'>We "
        "use cookies to improve your experience, personalise content and ads, provide "
        "social media features and analyse our traffic. By clicking accept you agree to "
        "the storing of cookies on your device. Manage preferences.</div>"
        f"{_NAV}<article><h1>Indus talks</h1>{_p(_STORY[5])}</article><div "
        "class='newsletter'>Sign up for our morning briefing: the news you need to start "
        "your day, delivered to your inbox every weekday at six. Enter your email "
        f"address.</div>{_FOOT}</body></html>",
    ),
]


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[a-z0-9']+", text.lower()))


def _project(markup: str) -> str:
    from lanner.ingest.html import parse_html

    return parse_html(markup).text


def _trafilatura(markup: str) -> str:
    import trafilatura

    return trafilatura.extract(markup, include_comments=False, favor_precision=False) or ""


def _score(extract: Callable[[str], str]) -> dict[str, Any]:
    precision, recall, seconds = [], [], []
    for (_, markup), story in zip(PAGES, _STORY, strict=True):
        gold = _words(" ".join(story))
        start = time.perf_counter()
        got = _words(extract(markup))
        seconds.append(time.perf_counter() - start)
        common = sum((gold & got).values())
        precision.append(common / max(1, sum(got.values())))
        recall.append(common / max(1, sum(gold.values())))
    p, r = statistics.fmean(precision), statistics.fmean(recall)
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "ms_per_page": round(1000 * statistics.fmean(seconds), 2),
    }


def compare_extractors() -> dict[str, Any]:
    """Word-level precision/recall/F1 and time per page of each extractor on :data:`PAGES`."""
    out: dict[str, Any] = {"pages": len(PAGES), "project_html_reader": _score(_project)}
    try:
        out["trafilatura"] = _score(_trafilatura)
    except ImportError:
        out["trafilatura"] = {"skipped": "trafilatura is not installed"}
    return out


if __name__ == "__main__":
    print(json.dumps(compare_extractors(), indent=2))
