"""Dating an event from its sentence: past offers stay past, deadlines are not dates, and no
event lands far after its report (issue 12 item 6, issue 13)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from lanner.events.timing import EventDater

PUBLISHED = "2025-05-29"


@dataclass
class _Trigger:
    """What :meth:`EventDater.date_for` reads of a trigger: its token and clause head."""

    token: object

    @property
    def clause_head(self) -> object:
        return self.token


# (sentence, trigger word, factuality, expected date) for a report published on PUBLISHED.
CASES = [
    # a past-tense offer with an explicit past time is dated in the past
    (
        "Russia offered Tajikistan air defence batteries in January.",
        "offered",
        "intended",
        "2025-01",
    ),
    ("The offer, made in February, has not been taken up.", "offer", "intended", "2025-02"),
    ("The deal was signed in Beijing in April.", "signed", "asserted", "2025-04"),
    # a stated future time dates an intention forward
    ("China and Tajikistan will hold exercises in October.", "hold", "intended", "2025-10"),
    ("Kyrgyzstan agreed to hold exercises in September.", "hold", "intended", "2025-09"),
    # a deadline is not the event's date: the report's date is
    ("China pledged to finish a road by 2027.", "pledged", "intended", PUBLISHED),
    ("The outpost is due to be finished by the end of July.", "finished", "intended", PUBLISHED),
    # an asserted event is never after its report
    ("Troops arrived in the town on Tuesday.", "arrived", "asserted", "2025-05-27"),
    # a plan's horizon further than the limit is not its date
    ("Russia will open a base in 2027.", "open", "intended", PUBLISHED),
]


@pytest.mark.parametrize(("sentence", "word", "factuality", "expected"), CASES)
def test_dates_event_timing_table(sentence: str, word: str, factuality: str, expected: str) -> None:
    from lanner.nlp import get_nlp

    doc = get_nlp()(sentence)
    dater = EventDater(sentence, PUBLISHED)
    dater.start_sentence(next(iter(doc.sents)))
    token = next(t for t in doc if t.text == word)
    value, _, _, why = dater.date_for(_Trigger(token), factuality)  # type: ignore[arg-type]
    assert value == expected, (sentence, why)
    if value is not None and factuality == "asserted":
        assert value[:10] <= PUBLISHED
