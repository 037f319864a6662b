"""Factuality and embedding: is the action asserted, intended, hypothetical or negated?

Walks from a trigger up the dependency tree through the verbs and nouns that govern it.
Governors come from the pattern lexicon's ``governors`` table:

* report verbs ('said', 'announced') are transparent: reported speech codes the reported act;
* intent verbs and nouns ('offered to', 'plans to', 'pledged') make a cooperative action an
  expression of intent (CAMEO 03x) and the event ``intended``;
* threat, refusal, appeal and demand verbs re-code the action into CAMEO 13x, 12x, 02x, 10x;
  appeals and demands are directed at the governor's object ('urged Russia to withdraw');
* modals, conditionals and speculative verbs make it ``hypothetical``; negation ``negated``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lanner.events.patterns import PatternLexicon
from lanner.events.wordlists import WordList

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Embedding", "analyse_embedding"]

# A relative clause is not climbed out of: in 'plans to build a post near the village where
# militants killed two guards' the killing is background, not part of the plan.
_CLIMB_DEPS = frozenset(
    {
        "xcomp",
        "ccomp",
        "advcl",
        "acl",
        "dobj",
        "pobj",
        "prep",
        "conj",
        "pcomp",
        "nsubj",
        "attr",
        "appos",
        "npadvmod",
        "oprd",
        "compound",
    }
)
_HYPOTHETICAL_MODALS = WordList("hypothetical_modals")
_FUTURE = WordList("future_auxiliaries")
_CONDITIONAL_MARKS = WordList("conditional_marks")
_MAX_DEPTH = 6
# the dependencies by which a governing verb embeds an action: 'refused to send', 'urged that'
_COMPLEMENT_DEPS = ("xcomp", "ccomp", "dobj")
_ALLEGING = WordList("alleging_verbs")
_INTENT_ADJECTIVES = WordList("intent_adjectives")


@dataclass
class Embedding:
    family: str | None = None  # intent | threat | refusal | appeal | demand
    governor: Token | None = None
    factuality: str = "asserted"
    why: list[str] = field(default_factory=list)


def _modal_of(tok: Token) -> str | None:
    for child in tok.children:
        if child.dep_ == "aux" and child.tag_ == "MD":
            return child.lower_
        if child.dep_ == "aux" and child.lower_ == "going":
            return "will"
    return None


def _negated(tok: Token) -> bool:
    """'did not attack'; 'made no arrests' (a noun with 'no'); 'fired no shots' (a verb whose
    object has 'no')."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    nouns = [tok] if tok.pos_ in ("NOUN", "PROPN") else []
    nouns += [c for c in tok.children if c.dep_ == "dobj"] if tok.pos_ == "VERB" else []
    return any(d.dep_ == "det" and d.lower_ == "no" for n in nouns for d in n.children)


def _report_governor(trigger: Token, lex: PatternLexicon) -> Token | None:
    tok = trigger
    for _ in range(_MAX_DEPTH):
        if tok.head == tok:
            return None
        tok = tok.head
        if tok.lemma_.lower() in lex.governors.get("report", ()):
            return tok
    return None


def analyse_embedding(trigger: Token, lex: PatternLexicon) -> Embedding:
    emb = Embedding()
    governors = lex.governors
    hypothetical = False
    negated = _negated(trigger)
    intended = False
    under_report = False
    modal = _modal_of(trigger)
    tok = trigger
    depth = 0
    while tok.head != tok and depth < _MAX_DEPTH and tok.dep_ in _CLIMB_DEPS:
        dep = tok.dep_
        gov = tok.head
        depth += 1
        lemma = gov.lemma_.lower()
        if dep == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in tok.children
        ):
            hypothetical = True
            emb.why.append(f"conditional clause ('{tok.text}' under 'if/unless')")
        if dep == "conj":
            tok = gov
            continue
        if gov.pos_ in ("VERB", "AUX"):
            if emb.family is None and lemma in governors.get("threat", ()):
                emb.family, emb.governor = "threat", gov
            elif (
                emb.family is None
                and lemma in governors.get("refusal", ())
                and dep in _COMPLEMENT_DEPS
            ):
                emb.family, emb.governor = "refusal", gov
            elif (
                emb.family is None
                and lemma in governors.get("appeal", ())
                and dep in (*_COMPLEMENT_DEPS, "pobj", "pcomp")
            ):
                emb.family, emb.governor = "appeal", gov
            elif (
                emb.family is None
                and lemma in governors.get("demand", ())
                and dep in _COMPLEMENT_DEPS
            ):
                emb.family, emb.governor = "demand", gov
            elif lemma in governors.get("intent", ()) and dep in _COMPLEMENT_DEPS:
                intended = True
                if emb.family is None:
                    emb.family, emb.governor = "intent", gov
            elif lemma in governors.get("denial", ()) and dep in (*_COMPLEMENT_DEPS, "pcomp"):
                negated = True
                emb.why.append(f"denied by '{gov.text}'")
            elif lemma in governors.get("hypothetical", ()):
                hypothetical = True
                emb.why.append(f"speculative governor '{gov.text}'")
            elif lemma in governors.get("report", ()):
                under_report = True
            gm = _modal_of(gov)
            # 'would cover armed attacks': the verb's modal governs its noun object too
            if (
                gm
                and modal is None
                and (dep in ("xcomp", "conj") or (depth == 1 and trigger.pos_ == "NOUN"))
            ):
                modal = gm
            if lemma in _ALLEGING and dep in ("prep", "pcomp", "pobj", "ccomp", "xcomp", "advcl"):
                # 'accused Armenian forces of firing': the accused act is alleged, not asserted
                hypothetical = True
                emb.why.append(f"alleged in an accusation ('{gov.text}')")
            if _negated(gov) and dep in ("xcomp", "ccomp") and emb.family not in ("refusal",):
                negated = True
        elif (
            gov.pos_ == "ADJ" and lemma in _INTENT_ADJECTIVES and dep in ("xcomp", "prep", "advcl")
        ):
            intended = True  # 'ready to host', 'willing to mediate'
            if emb.family is None:
                emb.family, emb.governor = "intent", gov
        elif gov.pos_ in ("NOUN", "PROPN"):
            if lemma in governors.get("intent_nouns", ()) or gov.lower_ in governors.get(
                "intent_nouns", ()
            ):
                intended = True
                if emb.family is None:
                    emb.family, emb.governor = "intent", gov
            elif lemma in governors.get("hypothetical", ()):
                hypothetical = True
        tok = gov
    return _settle(
        emb,
        trigger,
        lex,
        modal,
        hypothetical=hypothetical,
        intended=intended,
        negated=negated,
        under_report=under_report,
    )


def _settle(
    emb: Embedding,
    trigger: Token,
    lex: PatternLexicon,
    modal: str | None,
    *,
    hypothetical: bool,
    intended: bool,
    negated: bool,
    under_report: bool,
) -> Embedding:
    """The factuality from what the climb found: the modal decides last, negation first."""
    if modal == "must" and under_report and emb.family is None:
        # 'Japan said Pyongyang must stop its tests': a demand by the speaker (CAMEO 10)
        emb.family, emb.governor = "demand_must", _report_governor(trigger, lex)
        emb.why.append("'must' in reported speech: a demand by the speaker")
    elif modal == "must":
        hypothetical = True
    elif modal in _HYPOTHETICAL_MODALS:
        hypothetical = True
        emb.why.append(f"modal '{modal}'")
    elif modal == "would":
        if under_report:
            intended = True
            emb.why.append("'would' in reported speech: a stated intention")
        else:
            hypothetical = True
            emb.why.append("modal 'would'")
    elif modal in _FUTURE:
        intended = True
        emb.why.append(f"future '{modal}'")
    if negated and emb.family != "refusal":
        emb.factuality = "negated"
    elif hypothetical:
        emb.factuality = "hypothetical"
    elif intended or emb.family == "intent":
        emb.factuality = "intended"
    if emb.family and emb.governor is not None:
        emb.why.append(f"embedded under {emb.family} '{emb.governor.text}'")
    return emb
