"""The record that flows through the coder's stages, and the interfaces of its proposers.

The coder works sentence by sentence in explicit stages over one ``CandidateEvent``:

1. propose triggers and event types (``TriggerProposer``: the pattern table, the model);
2. factuality (``lanner.events.factuality``);
3. arguments, as an ordered list of named strategies (``ArgumentStrategy``);
4. CAMEO conventions, one named function each (``lanner.events.conventions``);
5. dyads; 6. date and place; 7. the record (``lanner.events.recording``).

Each stage reads and refines the candidate and adds a line to ``why``, so every record can
say which rule or model output produced each field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from lanner.events.arguments import ActorMention, SentenceActors
from lanner.events.context import DiscourseContext
from lanner.events.triggers import Trigger

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from lanner.events.learned import SentenceScores
    from lanner.events.patterns import PatternLexicon
    from lanner.events.placing import EventPlacer
    from lanner.events.timing import EventDater
    from lanner.records import Document

__all__ = ["ArgumentStrategy", "CandidateEvent", "SentenceEnv", "TriggerProposer"]


@dataclass
class SentenceEnv:
    """What every stage may read while coding one sentence."""

    document: Document
    index: int  # sentence number in the document
    sent: Span
    actors: SentenceActors
    ctx: DiscourseContext
    dater: EventDater
    placer: EventPlacer
    patterns: PatternLexicon
    scores: SentenceScores | None = None  # the learned model's outputs, when it runs
    # the sentence's actor phrases with their tokens, found once (lanner.events.roles)
    mentions: list[tuple[ActorMention, list[Token]]] | None = None


@dataclass
class CandidateEvent:
    """One proposed event on its way to becoming records (one per dyad)."""

    trigger: Trigger
    origin: str  # "rules" or "model"
    code: str  # the code so far; conventions refine it
    why: list[str] = field(default_factory=list)
    factuality: str = "asserted"
    family: str | None = None  # the governor's family: intent, appeal, demand, threat, ...
    governor: Token | None = None
    sources: list[ActorMention] = field(default_factory=list)
    targets: list[ActorMention] = field(default_factory=list)
    hosts: list[ActorMention] = field(default_factory=list)  # hosts or mediators of talks
    pairwise: bool = False  # 'talks between A and B'
    has_subject: bool = False
    subject_is_actor: bool = False
    proposal_code: str | None = None  # the proposal a rejection answers
    arguments_by: str | None = None  # the strategy that found the arguments
    trigger_probability: float | None = None  # the model's calibrated P(event of this root)
    argument_probability: float | None = None  # the model's P for the chosen arguments
    dropped: str | None = None  # why the candidate yields no event

    @property
    def token(self) -> Token:
        return self.trigger.token

    @property
    def base_code(self) -> str:
        return self.trigger.pattern.code

    @property
    def is_noun(self) -> bool:
        return self.trigger.token.pos_ in ("NOUN", "PROPN")

    @property
    def root(self) -> str:
        return self.code[:2]

    def drop(self, reason: str) -> None:
        if self.dropped is None:
            self.dropped = reason


class TriggerProposer(Protocol):
    """Stage 1: find the sentence's event triggers and their CAMEO codes."""

    name: str

    def propose(self, env: SentenceEnv) -> list[CandidateEvent]: ...


class ArgumentStrategy(Protocol):
    """Stage 3: one way of finding a candidate's source and target actors.

    Strategies run in order; each may fill or change the arguments and returns True when the
    candidate's arguments are settled, so that later strategies are skipped.
    """

    name: str

    def apply(self, cand: CandidateEvent, env: SentenceEnv) -> bool: ...
