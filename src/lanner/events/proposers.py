"""Stage 1, trigger and event-type proposers: the pattern table and the learned model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lanner.events.assembly import VIOLENT_ROOTS
from lanner.events.candidate import CandidateEvent, SentenceEnv
from lanner.events.patterns import EventPattern, PatternLexicon
from lanner.events.triggers import Trigger, find_triggers

if TYPE_CHECKING:
    from spacy.tokens import Token

    from lanner.events.learned import SentenceScores

__all__ = ["ModelProposer", "PatternProposer", "MODEL_TRIGGER_THRESHOLD"]

# The calibrated probability above which the model's trigger becomes a candidate; chosen on
# the held-out share of the training corpus and the dev split (docs/model.md).
MODEL_TRIGGER_THRESHOLD = 0.7
# Events are verbs and event nouns ('attacked', 'talks'); the model's weight on a modal, an
# adjective or a name ('would', 'ballistic') belongs to the verb or noun it goes with.
TRIGGER_POS = frozenset({"VERB", "NOUN"})
# Coding conventions section 1: meeting, negotiating, signing, agreeing, cooperating, truces
# and clashes are coded in both directions.
SYMMETRIC_ROOTS = frozenset({"03", "05", "06"})
SYMMETRIC_CODES = frozenset({"040", "041", "044", "046", "0871", "087", "190", "193"})


def is_symmetric(code: str) -> bool:
    return code[:2] in SYMMETRIC_ROOTS or code in SYMMETRIC_CODES


class PatternProposer:
    """Triggers from the pattern table (``events/data/patterns.yaml``)."""

    name = "patterns"

    def propose(self, env: SentenceEnv) -> list[CandidateEvent]:
        triggers = select_triggers(list(find_triggers(env.sent, env.patterns)), env.patterns)
        return [
            CandidateEvent(
                trigger=t,
                origin="rules",
                code=t.pattern.code,
                why=[
                    f"trigger '{t.token.text}' matched {t.pattern.kind} pattern "
                    f"{t.pattern.origin} -> {t.pattern.code}"
                ],
            )
            for t in triggers
        ]


def select_triggers(triggers: list[Trigger], patterns: PatternLexicon) -> list[Trigger]:
    """Drop triggers that only govern or restate another trigger in the same clause."""
    by_token = {t.token.i: t for t in triggers}
    keep: list[Trigger] = []
    for trig in triggers:
        tok = trig.token
        head_trig = by_token.get(tok.head.i)
        # 'struck villages, killing 15 people': the participle is the strike's consequence
        if (
            head_trig is not None
            and tok.tag_ == "VBG"
            and tok.dep_ in ("advcl", "xcomp", "conj")
            and trig.pattern.code[:2] in VIOLENT_ROOTS
            and head_trig.pattern.code[:2] in VIOLENT_ROOTS
        ):
            head_trig.consequence = tok
            continue
        if _governs_other(trig, triggers, by_token, patterns):
            continue
        # 'held talks' / 'signed an agreement': the noun restates the verb's event
        if (
            tok.pos_ in ("NOUN", "PROPN")
            and tok.head.i in by_token
            and by_token[tok.head.i].obj == tok
        ):
            continue
        # 'ministers meeting in Brussels adopted ...': a participle describing the subject
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and trig.pattern.code[:2] == "04":
            continue
        if _purpose_clause(tok, by_token, patterns):
            continue
        keep.append(trig)
    return keep


def _governs_other(
    trig: Trigger, triggers: list[Trigger], by_token: dict[int, Trigger], patterns: PatternLexicon
) -> bool:
    """'offered to send troops': 'offer' governs 'send'; the embedded action is the event."""
    tok = trig.token
    governs = any(
        patterns.governor_family(tok.lemma_.lower(), f)
        for f in ("intent", "appeal", "demand", "threat", "refusal", "report")
    )
    if governs and any(
        c.i in by_token and (c.dep_ == "xcomp" or (c.dep_ == "ccomp" and c.i > tok.i))
        for c in tok.children
    ):
        return True
    # 'agreed to begin negotiations': the embedded light verb's noun is the event
    return any(
        c.dep_ == "xcomp"
        and any(t.light_verb is not None and t.light_verb.i == c.i for t in triggers)
        for c in tok.children
    )


def _purpose_clause(tok: Token, by_token: dict[int, Trigger], patterns: PatternLexicon) -> bool:
    """'to patrol the border' as the purpose of sending troops: not a separate event."""
    return (
        tok.dep_ in ("xcomp", "advcl")
        and tok.head.i in by_token
        and tok.head.pos_ == "VERB"
        and any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children)
        and not any(
            patterns.governor_family(tok.head.lemma_.lower(), f)
            for f in ("intent", "appeal", "demand", "threat", "refusal")
        )
    )


class ModelProposer:
    """Triggers from the learned model: tokens whose calibrated event probability is high.

    The code is the model's most probable CAMEO code within the most probable root. A run of
    adjacent flagged tokens ('air strike') is one trigger, at its most probable token.
    """

    name = "model"

    def __init__(self, threshold: float = MODEL_TRIGGER_THRESHOLD) -> None:
        self.threshold = threshold

    def propose(self, env: SentenceEnv) -> list[CandidateEvent]:
        scores = env.scores
        if scores is None:
            return []
        found: list[tuple[float, Token, str, float]] = []
        for tok in env.sent:
            if tok.pos_ not in TRIGGER_POS:
                continue
            prob, _, _ = token_event(scores, tok, env.sent.start_char, with_code=False)
            if prob >= self.threshold:
                _, code, code_prob = token_event(scores, tok, env.sent.start_char)
                found.append((prob, tok, code, code_prob))
        out: list[CandidateEvent] = []
        for prob, tok, code, code_prob in _best_per_clause(_best_of_runs(found)):
            pattern = EventPattern(
                kind="noun" if tok.pos_ in ("NOUN", "PROPN") else "verb",
                lemmas=(tok.lemma_.lower(),),
                code=code,
                symmetric=is_symmetric(code),
                origin="model",
            )
            out.append(
                CandidateEvent(
                    trigger=Trigger(tok, pattern),
                    origin="model",
                    code=code,
                    why=[
                        f"trigger '{tok.text}' proposed by the model: P(event)={prob:.2f}, "
                        f"code {code} (P={code_prob:.2f})"
                    ],
                    trigger_probability=prob,
                )
            )
        return out


def token_event(
    scores: SentenceScores, tok: Token, sent_start: int, with_code: bool = True
) -> tuple[float, str, float]:
    """The model's event probability at a token, its best code, and that code's probability."""
    start = tok.idx - sent_start
    pieces = scores.pieces(start, start + len(tok.text))
    if not pieces:
        return 0.0, "", 0.0
    p = pieces[0]
    trig = scores.trigger[p]
    prob = float(1.0 - trig[0])
    if not with_code:
        return prob, "", 0.0
    root = f"{int(trig[1:].argmax()) + 1:02d}"
    code, code_prob = scores.best_code(p, root)
    return prob, code, code_prob


def _best_of_runs(
    found: list[tuple[float, Token, str, float]],
) -> list[tuple[float, Token, str, float]]:
    out: list[tuple[float, Token, str, float]] = []
    for item in sorted(found, key=lambda f: f[1].i):
        if out and item[1].i == out[-1][1].i + 1 and item[2][:2] == out[-1][2][:2]:
            if item[0] > out[-1][0]:
                out[-1] = item
            continue
        out.append(item)
    return out


def _clause_of(tok: Token) -> int:
    """The verb heading the token's clause (a noun's governing verb; a verb's own index)."""
    cur = tok
    for _ in range(4):
        if cur.pos_ in ("VERB", "AUX") or cur.head == cur:
            return cur.i
        cur = cur.head
    return cur.i


def _best_per_clause(
    found: list[tuple[float, Token, str, float]],
) -> list[tuple[float, Token, str, float]]:
    """One model trigger per clause and root: 'fired a ballistic missile' is one launch."""
    best: dict[tuple[int, str], tuple[float, Token, str, float]] = {}
    for item in found:
        key = (_clause_of(item[1]), item[2][:2])
        if key not in best or item[0] > best[key][0]:
            best[key] = item
    return sorted(best.values(), key=lambda f: f[1].i)
