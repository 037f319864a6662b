"""Date each event from the expressions in its sentence, its paragraph, or the publication date.

Conventions (docs/coding-conventions.md): the date expression attached closest to the trigger's
clause wins ('On Sept. 26, Beijing announced plans to build' dates the plan to Sept. 26). A
sentence with no date cue takes the latest date of an earlier sentence in the same paragraph,
else the publication date. A vague cue ('in recent years') leaves the date unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, cast

from lanner.dates import DateExpr, find_dates, resolve_date
from lanner.records import DatePrecision

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from lanner.events.triggers import Trigger

__all__ = ["EventDater"]

_MAX_CLIMB = 8
_MAX_DISTANCE = 8
# No event is dated more than this many days after its report (issue 12 item 6): an
# intention's time further out than that is a plan's horizon, not the event's date.
MAX_DAYS_AFTER_REPORT = 183
# "by 2027", "until the end of July", "no later than March": a deadline bounds the event,
# it does not date it.
_DEADLINE = re.compile(
    r"\b(?:by|until|till|no later than|not before|before)\s+(?:the\s+)?"
    r"(?:(?:end|middle|start|beginning|close)\s+of\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
# "after gunmen attacked the embassy", "since the attack": a clause about an earlier event.
_EARLIER = frozenset({"after", "since", "following"})
_DEFINITE = frozenset({"the", "that", "this", "these", "those"})
_FUTURE_AUX = frozenset({"will", "shall", "would", "'ll", "wo", "going"})


class EventDater:
    def __init__(self, text: str, published: str | None, skip_before: int = 0) -> None:
        self.skip_before = skip_before  # the dateline's date is the filing date, not the event's
        self.event_nouns: frozenset[str] = frozenset()
        # 'DUBAI, July 9 (Lanner) -': the filing date is the default date of the story's events
        self.default_date: str | None = published
        if skip_before:
            dated = [
                e
                for e in find_dates(text[:skip_before], published)
                if e.precision == "day" and e.value
            ]
            if dated:
                self.default_date = dated[0].value
        self.text = text
        self.published = published
        self._paragraph_date: tuple[str, str, str] | None = None  # (value, precision, text)
        self._sent: Span | None = None
        self._exprs: list[DateExpr] = []
        self._sentence_dates: list[tuple[str, str, str]] = []

    def _paragraph_break_before(self, start: int) -> bool:
        prev = self._sent_end_char if hasattr(self, "_sent_end_char") else 0
        return "\n" in self.text[prev:start]

    def start_sentence(self, sent: Span) -> None:
        if self._paragraph_break_before(sent.start_char):
            self._paragraph_date = None
        self._sent = sent
        found = find_dates(sent.text, self.published)
        self._exprs = [
            DateExpr(
                e.text,
                e.start + sent.start_char,
                e.end + sent.start_char,
                e.value,
                e.precision,
                e.relative,
                e.direction,
            )
            for e in found
            if e.start + sent.start_char >= self.skip_before
        ]
        self._sentence_dates = []

    def end_sentence(self) -> None:
        if self._exprs:
            last = self._exprs[-1]
            # only a day carries over to the next sentences ('On Tuesday, X did A. It also did B.');
            # a background year or a vague cue does not date what follows
            if last.precision == "day":
                self._paragraph_date = (last.value or "", last.precision or "", last.text)
            elif last.value is None:
                self._paragraph_date = ("", "", last.text)
        if self._sent is not None:
            # spaCy keeps the blank line after a paragraph inside the sentence: measure the gap
            # from the last word so the next sentence sees the paragraph break
            words = [t for t in self._sent if not t.is_space]
            self._sent_end_char = words[-1].idx + len(words[-1]) if words else self._sent.end_char

    def _token_at(self, char: int) -> Token | None:
        sent = self._sent
        if sent is None:
            return None
        for tok in sent:
            if tok.idx <= char < tok.idx + len(tok):
                return tok
        return None

    def _distance(self, expr: DateExpr, chain: list[Token]) -> int:
        """Dependency steps from the date expression up to the trigger's chain of governors."""
        tok = self._token_at(expr.start)
        chain_ids = {t.i: n for n, t in enumerate(chain)}
        steps = 0
        while tok is not None and steps < _MAX_CLIMB:
            if tok.i in chain_ids:
                total = steps + chain_ids[tok.i]
                return total if total <= _MAX_DISTANCE else 100
            if tok.head == tok:
                break
            # 'condemned Tuesday's raid': a date inside a noun phrase dates that noun's event
            if tok.dep_ in ("poss", "compound", "nmod", "amod") and tok.head.pos_ == "NOUN":
                steps += 2
            elif tok.head.pos_ == "NOUN" and tok.head.lemma_.lower() in self.event_nouns:
                steps += 3  # 'a strike on Feb. 9' dates the strike, not the verb above it
            tok = tok.head
            steps += 1
        return 100

    def _is_deadline(self, expr: DateExpr) -> bool:
        return bool(_DEADLINE.search(self.text[max(0, expr.start - 40) : expr.start]))

    def _states_future(self, expr: DateExpr) -> bool:
        """Whether the clause the expression belongs to speaks of the future.

        "will hold exercises in October", "agreed to hold exercises in September": the verb
        governing the expression has a future auxiliary or is an infinitive. "offered ... in
        January", "signed in Beijing in February": a past verb, so a past date.
        """
        if expr.direction > 0:
            return True  # "next year", "tomorrow"
        tok = self._token_at(expr.start)
        steps = 0
        while tok is not None and steps < _MAX_CLIMB:
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
                for child in tok.children:
                    if child.dep_ in ("aux", "auxpass") and (
                        child.lower_ in _FUTURE_AUX or child.tag_ == "TO"
                    ):
                        return True
                return False
            if tok.head == tok:
                break
            tok = tok.head
            steps += 1
        return False

    def date_for(
        self, trigger: Trigger, factuality: str
    ) -> tuple[str | None, str | None, str | None, str]:
        """(date, precision, expression text, explanation) for one event.

        Never after the report for an asserted event, never more than
        :data:`MAX_DAYS_AFTER_REPORT` days after it for any event: such a date falls back to
        the report's default date, and the explanation says why.
        """
        value, precision, text, why = self._date_for(trigger, factuality)
        limit = _report_limit(self.published, factuality)
        if value is not None and limit is not None and value[:10] > limit:
            fallback = self.default_date
            reason = (
                "asserted, after the report"
                if factuality == "asserted"
                else (f"more than {MAX_DAYS_AFTER_REPORT} days after the report")
            )
            return (
                fallback,
                "day" if fallback else None,
                text,
                f"{why}; {reason}: dated to the report instead",
            )
        return value, precision, text, why

    def _date_for(
        self, trigger: Trigger, factuality: str
    ) -> tuple[str | None, str | None, str | None, str]:
        tok = trigger.token
        chain = [tok]
        cur = trigger.clause_head
        if cur != tok:
            chain.append(cur)
        while cur.head != cur and len(chain) < _MAX_CLIMB and cur.dep_ != "relcl":
            cur = cur.head
            chain.append(cur)
        candidates = [e for e in self._exprs if not self._is_deadline(e)]
        if candidates:
            ranked = sorted(
                candidates, key=lambda e: (self._distance(e, chain), abs(e.start - tok.idx))
            )
            best = ranked[0]
            if self._distance(best, chain) < 100:
                if best.value is None:
                    return None, None, best.text, f"date: vague expression '{best.text}'"
                if (
                    factuality == "intended"
                    and best.relative
                    and best.direction <= 0
                    and self._states_future(best)
                ):
                    # 'agreed to begin talks by February': an intention looks forward in time
                    value, precision = resolve_date(best.text, self.published, tense=+1)
                    if value:
                        return (
                            value,
                            precision,
                            best.text,
                            f"date: '{best.text}' (future) -> {value}",
                        )
                return best.value, best.precision, best.text, f"date: '{best.text}' -> {best.value}"
        if factuality == "asserted" and _refers_back(trigger.token):
            return None, None, None, "date: a reference to an earlier event with no date of its own"
        if self._paragraph_date is not None:
            value, carried_precision, text = self._paragraph_date
            if not value:
                return (
                    None,
                    None,
                    text,
                    f"date: vague, carried from '{text}' earlier in the paragraph",
                )
            return (
                value,
                cast(DatePrecision, carried_precision),
                text,
                f"date: carried from '{text}' earlier in the paragraph",
            )
        if self.default_date and factuality in ("asserted", "intended"):
            source = "dateline" if self.default_date != self.published else "publication"
            return self.default_date, "day", None, f"date: {source} date (no date in the sentence)"
        return None, None, None, "date: unknown (no date in the text and no publication date)"


def _report_limit(published: str | None, factuality: str) -> str | None:
    """The last date (ISO) an event of a report published on ``published`` may carry."""
    if not published:
        return None
    try:
        day = dt.date.fromisoformat(published[:10])
    except ValueError:
        return None
    if factuality == "asserted":
        return day.isoformat()
    return (day + dt.timedelta(days=MAX_DAYS_AFTER_REPORT)).isoformat()


def _refers_back(tok: Token) -> bool:
    """Whether the trigger names an earlier event rather than the report's news.

    "the attack on the embassy", "the embassy attack" (a definite event noun), or a verb
    in a clause introduced by after/since/following ("three weeks after gunmen attacked
    the embassy"). Such a mention is the earlier event again: it gets no date of its own.
    """
    if tok.pos_ == "NOUN":
        return any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children)
    if tok.pos_ != "VERB":
        return False
    if any(c.dep_ in ("mark", "prep") and c.lower_ in _EARLIER for c in tok.children):
        return True
    head = tok.head
    return tok.dep_ == "pcomp" and head.lower_ in _EARLIER
