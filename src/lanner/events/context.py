"""Discourse memory for one document: who was mentioned, and which offers were made.

Resolves pronouns and anaphoric phrases ('it', 'its', 'they', 'the group') to the actor they
refer back to, finds the recipient of an offer whose target is only implied by the previous
sentence, and remembers proposals so that a later rejection is directed at the proposer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lanner.events.wordlists import WordList
from lanner.records import ActorRef

__all__ = ["Mention", "DiscourseContext"]

_NON_STATE_SECTORS = WordList("non_state_sectors")


@dataclass
class Mention:
    sentence: int
    token: int
    actor: ActorRef
    is_subject: bool
    is_place: bool = False  # 'in Dushanbe', 'on the Tajikistan-Afghanistan border'


@dataclass
class Proposal:
    sentence: int
    source: ActorRef
    code: str  # the embedded action's own code, e.g. 074 for an offer of troops


@dataclass
class PastEvent:
    sentence: int
    source: ActorRef | None
    target: ActorRef | None
    root: str
    lemma: str


@dataclass
class DiscourseContext:
    mentions: list[Mention] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    events: list[PastEvent] = field(default_factory=list)
    home_country: str | None = None  # the dateline's country, if any

    def add_event(self, event: PastEvent) -> None:
        self.events.append(event)

    def referenced_event_source(
        self, sentence: int, lemma: str, exclude: set[str]
    ) -> ActorRef | None:
        """Who carried out 'the launch' / 'the seizure': the source of the latest earlier event,
        preferring one whose trigger has the same lemma, and never the current source."""
        recent = [
            e
            for e in self.events
            if e.source is not None
            and e.sentence >= sentence - 4
            and (e.source.country or e.source.igo) not in exclude
        ]
        for e in reversed(recent):
            if e.lemma == lemma:
                return e.source
        conflict = [e for e in recent if e.root >= "09" and e.root not in ("09",)]
        return conflict[-1].source if conflict else None

    def group_of_size(self, sentence: int, n: int) -> list[str]:
        """The states taking part in the latest event (all dyads of one trigger) numbering n."""
        seen: dict[tuple[int, str], list[str]] = {}
        for e in self.events:
            if e.sentence < sentence - 6 or e.sentence > sentence:
                continue
            key = (e.sentence, e.lemma)
            group = seen.setdefault(key, [])
            for a in (e.source, e.target):
                if a is not None and a.country and a.country not in group:
                    group.append(a.country)
        for _key, group in sorted(seen.items(), reverse=True):
            if len(group) == n:
                return group
        # otherwise the last n distinct states mentioned
        recent: list[str] = []
        for m in reversed(self.mentions):
            if m.sentence < sentence - 3:
                break
            if m.actor.country and m.actor.country not in recent and m.sentence < sentence:
                recent.append(m.actor.country)
            if len(recent) == n:
                return recent
        return []

    def aggressor_of(self, sentence: int, victim: set[str]) -> ActorRef | None:
        """For a response with no named target: who last acted against the responder."""
        for e in reversed(self.events):
            if e.sentence < sentence - 4:
                break
            if (
                e.source is not None
                and e.target is not None
                and e.root >= "11"
                and (e.target.country in victim)
                and e.source.country not in victim
            ):
                return e.source
        return None

    def recent_country(self, sentence: int, token: int, exclude: str | None = None) -> str | None:
        """The state most recently in focus (subjects first): the owner of 'the ministry'."""
        for prefer_subject in (True, False):
            for m in reversed(self.mentions):
                if m.sentence < sentence - 2:
                    break
                if (m.sentence, m.token) >= (sentence, token) or not m.actor.country:
                    continue
                if m.actor.country == exclude:
                    continue
                if m.is_subject or not prefer_subject:
                    return m.actor.country
        return self.home_country

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)

    def antecedent(
        self, sentence: int, token: int, *, plural: bool, group_like: bool
    ) -> ActorRef | None:
        """The actor a pronoun or 'the group' at (sentence, token) most plausibly refers to.

        Prefers subjects, then any mention, searching back through this and the previous two
        sentences. 'The group' prefers non-state actors and organisations; 'it' prefers states,
        IGOs and organisations; 'they' accepts anything.
        """
        candidates = [
            m
            for m in self.mentions
            if (m.sentence < sentence or (m.sentence == sentence and m.token < token))
            and m.sentence >= sentence - 2
        ]
        if not candidates:
            return None

        def fits(m: Mention) -> bool:
            if group_like:
                return m.actor.igo is not None or (m.actor.sector or "") in _NON_STATE_SECTORS
            if not plural:
                return m.actor.country is not None or m.actor.igo is not None
            return True

        for prefer_subject in (True, False):
            for m in reversed(candidates):
                if fits(m) and (m.is_subject or not prefer_subject):
                    return m.actor
        return None

    def other_country(self, sentence: int, exclude: set[str], token: int) -> ActorRef | None:
        """The implied recipient of an offer: a state named earlier in the sentence, else the
        dateline's country, else the last state of the previous sentences."""
        same = [
            m
            for m in self.mentions
            if m.sentence == sentence
            and m.actor.country
            and m.actor.country not in exclude
            and not m.is_place
            and m.token < token
        ]
        if same:
            return min(same, key=lambda m: abs(m.token - token)).actor
        if self.home_country and self.home_country not in exclude:
            return ActorRef(
                text=self.home_country, code=self.home_country, country=self.home_country
            )
        for back in (1, 2):
            prev = [
                m
                for m in self.mentions
                if m.sentence == sentence - back
                and m.actor.country
                and m.actor.country not in exclude
                and not m.is_place
            ]
            if prev:
                return prev[-1].actor
        return None

    def add_proposal(self, sentence: int, source: ActorRef, code: str) -> None:
        self.proposals.append(Proposal(sentence, source, code))

    def last_proposal(self, sentence: int, exclude: set[str]) -> Proposal | None:
        for p in reversed(self.proposals):
            if p.sentence >= sentence - 2 and (p.source.country or p.source.igo) not in exclude:
                return p
        return None
