"""Speed of the date stage, for ``lanner bench``.

Reports calls per second on a dense 200-word passage, a typical 200-word
paragraph and a sentence and, as a baseline measured in the same run, a plain
regex word split of the typical paragraph, so the ratio stays comparable across
machines.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from lanner.dates.finder import find_dates, resolve_date

__all__ = ["BENCH_PASSAGE", "BENCH_SENTENCE", "TYPICAL_PASSAGE", "bench_dates"]

# Written for this benchmark: 200 words crowded with the date forms news copy mixes.
BENCH_PASSAGE = (
    "Officials in the capital said on Tuesday that the border talks, first proposed "
    "in early August and postponed twice since February, would resume next week after "
    "a delegation returns from the region. The announcement came two days after a "
    "convoy was attacked near the northern crossing, the third such incident this "
    "month and the most serious since the Aug. 30 bombing that killed 14 people. "
    "Ministers met on Sept. 26 to review the security plan agreed last year, which "
    "calls for joint patrols along 400 kilometres of mountain road and a shared "
    "intelligence centre to open by March 2017. In recent years the two governments "
    "have traded accusations over smuggling, and relations have long been strained by "
    "a dispute over water rights dating to 1998. Opposition leaders said yesterday "
    "that the plan had been drafted without consulting local councils and called for "
    "a parliamentary hearing before the end of the year. A spokesman for the interior "
    "ministry declined to comment, but a senior official, speaking on condition of "
    "anonymity, said funding for the patrols had been approved three weeks ago and "
    "that the first units would deploy before winter. Analysts expect further "
    "agreements in the coming months as both sides prepare for elections scheduled "
    "for 26 October 2017."
)
# Written for this benchmark too: a 200-word paragraph with a single date, which
# is what most news paragraphs look like, and one sentence.
TYPICAL_PASSAGE = (
    "The government said it would review the proposal after talks with opposition parties, "
    "which have demanded changes to the electoral law before any vote is held. Officials from "
    "both sides met in the capital to discuss the timetable, but no agreement was reached and "
    "the talks were adjourned. A spokesman for the ministry said on Monday that the government "
    "remained open to dialogue and would present a revised draft to parliament. Opposition "
    "leaders said they would boycott the session unless their main demands were met, including "
    "an independent commission to oversee the count and guarantees of access to state media "
    "during the campaign. Western diplomats urged both sides to show restraint and warned that "
    "further delays could undermine confidence in the process. Protesters gathered outside the "
    "parliament building for a third time, chanting slogans and waving flags, while police kept "
    "watch from a distance. No arrests were reported. The dispute has stalled legislation on the "
    "budget and on reforms requested by international lenders, who have made further loans "
    "conditional on progress. Analysts said the standoff could continue unless mediators found "
    "a compromise acceptable to the main parties and the president."
)
BENCH_SENTENCE = "A spokesman for the ministry said on Monday that talks would resume."
_PUBLISHED = "2016-09-29"
_WORDS = re.compile(r"\w+")


def _rate(call: Callable[[], object], n: int) -> float:
    began = time.perf_counter()
    for _ in range(n):
        call()
    elapsed = time.perf_counter() - began
    return n / elapsed if elapsed > 0 else float("inf")


def bench_dates(n: int = 2000) -> dict[str, float]:
    """Calls per second of :func:`find_dates` and :func:`resolve_date`.

    ``find_dates_dense_per_s``: the 200-word passage with 16 date expressions;
    ``find_dates_typical_per_s``: a 200-word paragraph with one;
    ``find_dates_sentence_per_s``: one 12-word sentence; ``resolve_date_per_s``:
    "last Tuesday". ``baseline_word_split_per_s`` is a regex word split of
    the typical paragraph in the same run, and ``typical_vs_baseline`` how many
    such word splits one ``find_dates`` call on it costs (lower is better).
    """
    n = max(1, n)
    find_dates(BENCH_PASSAGE, _PUBLISHED)  # compile the patterns outside the timing
    dense = _rate(lambda: find_dates(BENCH_PASSAGE, _PUBLISHED), n)
    typical = _rate(lambda: find_dates(TYPICAL_PASSAGE, _PUBLISHED), n)
    sentence = _rate(lambda: find_dates(BENCH_SENTENCE, _PUBLISHED), n)
    resolves = _rate(lambda: resolve_date("last Tuesday", _PUBLISHED), n)
    baseline = _rate(lambda: _WORDS.findall(TYPICAL_PASSAGE), n)
    return {
        "find_dates_dense_per_s": dense,
        "find_dates_typical_per_s": typical,
        "find_dates_sentence_per_s": sentence,
        "resolve_date_per_s": resolves,
        "baseline_word_split_per_s": baseline,
        "typical_vs_baseline": baseline / typical,
        "find_dates_typical_us": 1e6 / typical,
        "find_dates_dense_us": 1e6 / dense,
    }
