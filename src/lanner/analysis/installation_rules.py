"""Reading one sentence for installations: kind, owner, place and status cues.

Pure text rules, no store and no NLP model, so each can be tested on its own sentence. The
rules are written up in ``docs/analysis.md`` ("Installations"); :mod:`.installations`
turns what is read here into installations with a status history.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = [
    "KINDS",
    "Reading",
    "country_words",
    "read_sentence",
    "split_sentences",
]

# (kind, pattern). The first pattern that matches at a position names the installation.
_MIL = r"(?:military|air|naval|navy|army|air force|drone|missile|logistics|submarine|forward)"
KINDS: tuple[tuple[str, str], ...] = (
    ("embassy", r"\bembass(?:y|ies)\b"),
    ("consulate", r"\bconsulates?(?:[- ]general)?\b"),
    ("outpost", r"\b(?:border )?outposts?\b"),
    ("border post", r"\bborder (?:posts?|checkpoints?|guard posts?)\b"),
    ("radar station", r"\bradar (?:stations?|sites?|installations?|bases?)\b"),
    (
        "centre",
        r"\b(?:counter-?terrorism|anti-?terrorism|training|military|logistics|intelligence"
        r"|surveillance|security) (?:centre|center)s?\b",
    ),
    ("base", rf"\b(?:{_MIL} bases?|airbases?)\b"),
    ("base", r"\bbases?\b"),  # a bare "base" needs an owner or a place in its phrase
    ("facility", r"\b(?:military|security|defen[cs]e) facilit(?:y|ies)\b"),
)
ANY_KIND = "|".join(pattern for _, pattern in KINDS)

# Status cues. A cue counts when it governs the installation's phrase: directly before it
# ("attacked the Chinese embassy") or as the predicate after it ("the centre opened").
# Order matters: the first status whose cue is found wins.
_CUES: tuple[tuple[str, str], ...] = (
    (
        "attacked",
        r"attack(?:ed|s)?|bomb(?:ed|ing)?|shell(?:ed|ing)|struck|storm(?:ed)?|raid(?:ed)?"
        r"|fired on|damag(?:ed|es)|blast at|explosion at",
    ),
    ("reopened", r"re-?open(?:ed|s|ing)?"),
    ("withdrawn", r"withdr(?:ew|awn|aw) from|pull(?:ed)? out of|abandon(?:ed)?|hand(?:ed)? back"),
    (
        "closed",
        r"clos(?:ed|es|ing|ure of)|shut(?:s|ting)?(?: down)?|dismantl(?:ed|ing)"
        r"|evacuat(?:ed|ing)|vacat(?:ed|ing)|being closed",
    ),
    (
        "under construction",
        r"construction (?:began|begins|started|starts|of|on|work)"
        r"|under construction|being built|work on|broke ground on|building work"
        r"|(?:is|are|was|were|began|started|been) (?:building|constructing)",
    ),
    (
        "opened",
        r"open(?:ed|s)|inaugurat(?:ed|es)|began operat(?:ing|ions)|start(?:ed)? operat\w+"
        r"|handed over|moved into|commission(?:ed)?|(?:was |were |is )?completed|finished|built",
    ),
    (
        "planned",
        r"build|construct|set up|establish|open|announced plans|plans? (?:for|to)"
        r"|(?:was|were) announced"
        r"|agreement (?:on|to|for)|agreed to|ratif(?:y|ied)|approv(?:e|ed)",
    ),
    (
        "operating",
        r"continues? to operate|operat(?:es|ing|e)|hosts?|keeps?|kept|station(?:ed)?"
        r"|based at|troops (?:at|from|in)|reinforc(?:ed|es|ing)|expand(?:ed|s)?|expansion of"
        r"|raised its readiness|guard(?:ed)?",
    ),
)
# Words before a cue that make it a plan, a proposal or a condition, not a fact.
_PLAN_MODAL = re.compile(
    r"\b(?:will|would|shall|plans? to|planned to|intends? to|agreed to|agree to|is to|are to"
    r"|due to(?: be)?|to be|set to|once|until|when|if|announced plans(?: [\w ]{0,20})? to)\s+\S*$"
)
_PROPOSAL = re.compile(r"\b(?:request|proposal|offer|demand|call|asked|proposed|offered)\b")
# Nominal back-references: "the attack on X", "last month's attack", "the embassy attack".
_REFERENCE = re.compile(
    r"\b(?:the|last \w+'s|[A-Z]\w+'s|this|that|after|since|following)\s+(?:\w+\s+)?"
    r"(?:attack|bombing|raid|assault|blast)\b"
)
_ATTRIBUTION = re.compile(
    r"^(?:\s+(?:in|at) (?:the )?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*)?,?\s+(?:also\s+)?"
    r"(?:said|says|told|added|stated|declined|confirmed|denied|announced|noted|warned"
    r"|reported|insisted|urged)\b"
)
_PLACE_AFTER = re.compile(
    r"^\s*(?:,\s*)?(?:on the [\w-]+ border\s+|on the [A-Z][\w-]+ border\s+)?"
    r"(?:for (?:the )?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*\s+)?"
    r"(?:in|near|at|outside|close to)\s+(?:the (?:town|city|village|district) of\s+)?"
    r"(?:the\s+|neighbouring\s+|neighboring\s+)?"
    r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3})"
)
_CAPITALISED = re.compile(r"^[A-Z][\w'’-]+$")
_FILLERS = frozenset(
    [
        "the",
        "a",
        "an",
        "its",
        "their",
        "his",
        "her",
        "new",
        "former",
        "main",
        "old",
        "joint",
        "secret",
        "existing",
        "planned",
        "proposed",
        "large",
        "big",
        "small",
        "first",
        "second",
        "only",
        "military",
        "air",
        "naval",
        "navy",
        "army",
        "force",
        "drone",
        "missile",
        "logistics",
        "training",
        "forward",
        "border",
        "security",
        "radar",
        "counter-terrorism",
        "anti-terrorism",
        "nearby",
        "local",
    ]
)


@dataclass(frozen=True)
class Reading:
    """One installation phrase in a sentence and what the sentence says about it."""

    kind: str
    start: int  # offset of the kind noun in the sentence
    owner: str | None  # ISO3 from the phrase itself (adjective, possessive, "its" + subject)
    owner_rule: str
    places: tuple[str, ...]  # places written after or inside the phrase, after first
    definite: bool  # "the"/"its"/possessive: refers to an installation already known
    plural: bool
    status: str | None  # a status cue that governs the phrase, None when there is none
    cue: str | None
    reference: bool  # a back-reference to an earlier event ("the attack on the embassy")
    cue_offset: int  # where the cue is, to choose the date expression nearest to it


@functools.cache
def country_words() -> dict[str, str]:
    """Lower-cased country names, aliases and adjectives -> ISO3, from the actor lexicon data."""
    from importlib.resources import files

    import yaml

    try:
        text = files("lanner.actors").joinpath("data/countries.yaml").read_text(encoding="utf-8")
        entries = (yaml.safe_load(text) or {}).get("countries") or []
    except (OSError, ModuleNotFoundError, yaml.YAMLError):
        entries = []
    out: dict[str, str] = {}
    for entry in entries:
        iso3 = entry.get("iso3")
        for key in ("name", "aliases", "adjectives", "demonyms"):
            values = entry.get(key) or []
            for value in [values] if isinstance(values, str) else values:
                if isinstance(value, str) and iso3 and len(value) > 2:
                    out.setdefault(value.lower(), iso3)
    return out


@functools.cache
def _country_pattern() -> re.Pattern[str]:
    words = sorted(country_words(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")(?:'s|’s)?(?![\w])")


@functools.cache
def _cue_patterns() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    # before: the cue, then only phrase words up to the noun ("closed its radar station");
    # after: the predicate, at most a few auxiliaries after the phrase ("was closed on")
    out = []
    for status, words in _CUES:
        before = re.compile(rf"\b({words})\b(?:\s+(?:on|at|to|of|from|in|into|for))?\s*$", re.I)
        after = re.compile(rf"^\s*((?:{_AUX}\s+){{0,5}})({words})\b", re.I)
        out.append((status, before, after))
    return tuple(out)


_AUX = (
    r"(?:has|have|had|was|were|is|are|be|been|being|will|would|shall|could|can|may|also|now"
    r"|almost|nearly|formally|finally|again|still|due|to|continues?|continued|not|already)"
)
_AFTER_MODAL = re.compile(r"\b(?:will|would|shall|could|may|due|to be|is to|are to)\b", re.I)
_BEFORE_MODAL = re.compile(
    r"\b(?:will|would|shall|to|plans?|planned|agreed|intends?|due|once|until|if|when)"
    r"\s+(?:[\w-]+\s+){0,3}$",
    re.I,
)
_CONDITION = re.compile(r"\b(?:once|until|unless|if|when)\s+(?:[\w-]+\s+){0,4}$", re.I)
# What may stand between an installation noun and its predicate: its place ("in Kulob",
# "near Ishkashim on the Tajikistan-Afghanistan border") and a parenthetical clause.
_PLACE_TAIL = re.compile(
    r"^(?:\s*,?\s*(?:in|near|at|on|outside|close to|east of|west of|north of|south of)\s+"
    r"(?:the\s+|neighbouring\s+|neighboring\s+)?(?:(?:town|city|village|district) of\s+)?"
    r"[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*)*(?:\s+(?:border|province|region|district))?)*"
)
_PARENTHETICAL = re.compile(r"^\s*,\s*([^,]{1,120}),")


def _after_predicate(sentence: str, noun_end: int) -> tuple[str, str, int]:
    """(predicate text, parenthetical text, offset of the predicate) after the noun."""
    rest = sentence[noun_end:]
    at = noun_end + _PLACE_TAIL.match(rest).end()  # type: ignore[union-attr]
    aside = ""
    m = _PARENTHETICAL.match(sentence[at:])
    if m:
        aside = m.group(1)
        at += m.end()
    return sentence[at:], aside, at


def _status(sentence: str, phrase_start: int, noun_end: int) -> tuple[str | None, str | None, int]:
    """The status cue governing the phrase, checked before it first, then after it."""
    lead = sentence[max(0, phrase_start - 60) : phrase_start]
    for status, before_pat, _ in _cue_patterns():
        m = before_pat.search(lead)
        if m:
            offset = max(0, phrase_start - 60) + m.start()
            context = sentence[max(0, offset - 60) : offset]
            modal = bool(_BEFORE_MODAL.search(context))
            return _modal(status, m.group(1), modal, context), m.group(1), offset
    predicate, aside, at = _after_predicate(sentence, noun_end)
    for status, _, after_pat in _cue_patterns():
        m2 = after_pat.match(predicate)
        if m2:
            modal = bool(_AFTER_MODAL.search(m2.group(1))) or bool(_CONDITION.search(lead))
            return _modal(status, m2.group(2), modal, lead), m2.group(2), at + m2.start(2)
    for status, _, after_pat in _cue_patterns():
        m3 = re.search(rf"\b(?:which|that)\s+(?:[\w-]+\s+)?{after_pat.pattern[2:]}", aside, re.I)
        if m3 and status == "operating":
            return status, m3.group(0), at
    return None, None, phrase_start


def _modal(status: str, cue: str, modal: bool, context: str) -> str | None:
    """A cue under "will", "agreed to", "once" ... is a plan; under a request or offer, nothing."""
    if _PROPOSAL.search(context[-50:]):
        return None  # a proposal or request is not a plan of the owner
    if status == "operating" or not modal:
        # "agreed to expand the base": whatever is planned, the base itself exists
        return status
    return "planned" if status in ("opened", "planned", "under construction") else None


_ABBREVIATION = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|No|Gen|Col|Lt"
    r"|Sgt|Rep|Sen|Gov|Inc|Co|Corp|[A-Z])\.$"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: ends at . ! ? before a capital, a quote or a new line."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"[.!?][\"”’']?(?=\s+[A-Z\"“(]|\s*\n|\s*$)|\n\s*\n", text):
        end = m.end()
        before = text[max(start, end - 6) : end]
        if _ABBREVIATION.search(before) and not text[end : end + 3].startswith("\n"):
            continue  # "Jan. 9", "U.S." and "Mr." do not end a sentence
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _phrase_start(sentence: str, noun_start: int) -> tuple[int, list[str]]:
    """Where the noun phrase ending at ``noun_start`` begins, and its words before the noun."""
    words = list(re.finditer(r"[\w'’-]+", sentence[:noun_start]))
    taken: list[re.Match[str]] = []
    for w in reversed(words):
        low = w.group(0).lower()
        bare = re.sub(r"(?:'s|’s)$", "", low)
        is_filler = (
            low in _FILLERS or bare in country_words() or re.match(r"^\d+(?:st|nd|rd|th)?$", low)
        )
        is_funded = re.match(r"^[\w]+-(?:funded|built|run|owned|backed|led|operated)$", low)
        if is_filler or is_funded or _CAPITALISED.match(w.group(0)):
            taken.append(w)
            if len(taken) >= 5:
                break
            continue
        break
    if not taken:
        return noun_start, []
    return taken[-1].start(), [w.group(0) for w in reversed(taken)]


def _owner_in_phrase(words: list[str]) -> str | None:
    for word in reversed(words):
        low = re.sub(r"(?:'s|’s)$", "", word.lower())
        low = re.sub(r"-(?:funded|built|run|owned|backed|led|operated)$", "", low)
        if low in country_words():
            return country_words()[low]
    return None


def _subject_before(sentence: str, at: int) -> str | None:
    """The first country named before ``at`` in the sentence: the actor of its main clause."""
    m = _country_pattern().search(sentence[:at].lower())
    return country_words()[m.group(1)] if m else None


def read_sentence(sentence: str) -> list[Reading]:
    """Every installation phrase of ``sentence`` with the owner, place and status it states."""
    out: list[Reading] = []
    lowered = sentence.lower()
    taken: list[tuple[int, int]] = []
    for kind, pattern in KINDS:
        for m in re.finditer(pattern, lowered):
            if any(a <= m.start() < b for a, b in taken):
                continue
            reading = _read_phrase(
                sentence, kind, m.start(), m.end(), bare=pattern == r"\bbases?\b"
            )
            taken.append((m.start(), m.end()))
            if reading is not None:
                out.append(reading)
    return sorted(out, key=lambda r: r.start)


def _read_phrase(sentence: str, kind: str, start: int, end: int, *, bare: bool) -> Reading | None:
    if _ATTRIBUTION.match(sentence[end:]):
        return None  # "the embassy said": a source of a statement, not news about it
    if re.match(r"^\s*(?:agreement|deal|treaty)\b", sentence[end:], re.I):
        start_noun = start  # "the outpost agreement": about the installation all the same
    else:
        start_noun = start
    phrase_at, words = _phrase_start(sentence, start_noun)
    owner = _owner_in_phrase(words)
    rule = "phrase" if owner else ""
    lower_words = [w.lower() for w in words]
    if owner is None and any(w in ("its", "their") for w in lower_words):
        owner, rule = _subject_before(sentence, phrase_at), "its: subject of the clause"
    places: list[str] = []
    m = _PLACE_AFTER.match(sentence[end:])
    if m:
        places.append(m.group(1))
    caps = [w for w in words if _CAPITALISED.match(w) and "-" not in w]
    caps = [w for w in caps if w.lower() not in country_words() and w.lower() not in _FILLERS]
    if caps:
        places.append(" ".join(caps))
    if bare and owner is None and not places and "its" not in lower_words:
        return None  # "customer base", "a base of support"
    definite = bool(lower_words) and (
        lower_words[0] in ("the", "its", "their") or words[0].endswith(("'s", "’s"))
    )
    noun = sentence[start:end].strip().lower()
    plural = noun.endswith("s") and not noun.endswith("ss")
    status, cue, cue_at = _status(sentence, phrase_at, end)
    if not places and cue_at > end:
        # "the centre opened in Dushanbe": the place follows the predicate
        m = _PLACE_AFTER.match(re.sub(r"^\S+", "", sentence[cue_at:]))
        if m:
            places.append(m.group(1))
    before = sentence[max(0, phrase_at - 40) : phrase_at]
    after = sentence[end : end + 12]
    reference = bool(
        status == "attacked"
        and (
            _REFERENCE.search(before + sentence[phrase_at:end] + after)
            or re.search(r"\b(?:after|since|following)\b[^,.]*$", before)
        )
    )
    if owner is None and not definite and status in ("planned", "opened", "under construction"):
        owner, rule = _subject_before(sentence, phrase_at), "builder: subject of the clause"
    return Reading(
        kind=kind,
        start=start,
        owner=owner,
        owner_rule=rule or "none",
        places=tuple(places),
        definite=definite,
        plural=plural and not owner,
        status=status,
        cue=cue,
        reference=reference,
        cue_offset=cue_at,
    )
