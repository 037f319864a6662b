"""The event coder: a Document in, dyadic CAMEO/PLOVER EventRecords out.

Each sentence goes through explicit stages over one ``CandidateEvent`` (``events.candidate``):

1. trigger and event-type proposers (``events.proposers``): the pattern table, the model;
2. factuality (``events.recording.assess_factuality``);
3. argument strategies in order (``events.roles``);
4. CAMEO conventions, one named function each (``events.conventions``);
5. dyads, 6. date and place, 7. the records (``events.recording``).

Proposers and argument strategies are injected, so the rule coder, the learned model and
their hybrid are the same pipeline with different parts (``coder="rules"|"model"|"hybrid"``).
Every record carries the sentence and trigger offsets, a calibrated confidence when the model
ran, and an explanation: the rules, lexicon lines and model scores behind each field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lanner.errors import LannerError, LannerWarning
from lanner.events.arguments import SUBJECT_DEPS, SentenceActors
from lanner.events.assembly import dateline_end, dedupe
from lanner.events.candidate import (
    ArgumentStrategy,
    CandidateEvent,
    SentenceEnv,
    TriggerProposer,
)
from lanner.events.context import DiscourseContext, Mention
from lanner.events.conventions import CONVENTIONS, CONVENTIONS_BEFORE_FALLBACKS, Convention
from lanner.events.learned import SentenceScores, get_model
from lanner.events.patterns import PatternLexicon, get_patterns
from lanner.events.placing import EventPlacer
from lanner.events.proposers import ModelProposer, PatternProposer, token_event
from lanner.events.recording import (
    CODER_VERSION,
    assess_factuality,
    plan_dyads,
    to_records,
)
from lanner.events.roles import (
    ARGUMENT_STRATEGIES,
    TARGET_FALLBACKS,
)
from lanner.events.timing import EventDater
from lanner.events.wordlists import WordList
from lanner.records import Document, EventRecord, content_id

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from lanner.actors import ActorLexicon

__all__ = [
    "CODERS",
    "CODER_VERSION",
    "CodedDocument",
    "EventCoder",
    "code_document",
    "code_documents",
    "code_text",
    "default_coder_name",
]

CODERS = ("rules", "model", "hybrid")
# The coder `lanner code` uses unless told otherwise: the best of the three on the dev split
# (docs/model.md has the figures).
DEFAULT_CODER = "hybrid"
# Chosen on the dev split (docs/model.md); None keeps every rule trigger.
RULE_VETO: float | None = None
_PLACE_PREPS = frozenset(
    {"in", "at", "near", "on", "along", "across", "inside", "outside", "within", "throughout"}
)


def default_coder_name() -> str:
    return DEFAULT_CODER


@dataclass
class CodedDocument:
    document: Document
    events: list[EventRecord]
    warnings: list[LannerWarning] = field(default_factory=list)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.events]


def _proposers_for(coder: str) -> list[TriggerProposer]:
    if coder == "rules":
        return [PatternProposer()]
    if coder == "model":
        return [ModelProposer()]
    if coder == "hybrid":
        return [PatternProposer(), ModelProposer()]
    raise LannerError("E313", coder=coder)


class EventCoder:
    """Holds the loaded lexicons and the coder's parts; reuse one coder for many documents."""

    def __init__(
        self,
        *,
        lexicon: ActorLexicon | None = None,
        patterns: PatternLexicon | None = None,
        nlp: Language | None = None,
        geo: bool = True,
        coder: str = DEFAULT_CODER,
        proposers: Sequence[TriggerProposer] | None = None,
        argument_strategies: Sequence[ArgumentStrategy] | None = None,
        target_fallbacks: Sequence[ArgumentStrategy] | None = None,
        conventions: Sequence[Convention] | None = None,
    ) -> None:
        self._lexicon = lexicon
        self._patterns = patterns
        self._nlp = nlp
        self.use_geo = geo
        self.name = coder
        self.proposers = list(proposers) if proposers is not None else _proposers_for(coder)
        self.argument_strategies = list(argument_strategies or ARGUMENT_STRATEGIES)
        self.target_fallbacks = list(target_fallbacks or TARGET_FALLBACKS)
        self.conventions_before = list(CONVENTIONS_BEFORE_FALLBACKS)
        self.conventions = list(conventions or CONVENTIONS)
        self.uses_model = any(isinstance(p, ModelProposer) for p in self.proposers)
        # hybrid: a rule trigger the model finds this unlikely is dropped (None: never)
        self.rule_veto: float | None = RULE_VETO if coder == "hybrid" else None

    @property
    def lexicon(self) -> ActorLexicon:
        if self._lexicon is None:
            from lanner.actors import get_lexicon

            self._lexicon = get_lexicon()
        return self._lexicon

    @property
    def patterns(self) -> PatternLexicon:
        if self._patterns is None:
            self._patterns = get_patterns()
        return self._patterns

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from lanner.nlp import get_nlp

            self._nlp = get_nlp()
        return self._nlp

    # -- public entry points -------------------------------------------------------------
    def code(self, document: Document) -> CodedDocument:
        return self._code_parsed(document, self.nlp(document.text))

    def code_many(
        self, documents: Iterable[Document], batch_size: int = 16
    ) -> Iterator[CodedDocument]:
        docs = list(documents) if not isinstance(documents, list) else documents
        texts = (d.text for d in docs)
        for document, parsed in zip(docs, self.nlp.pipe(texts, batch_size=batch_size), strict=True):
            yield self._code_parsed(document, parsed)

    # -- the work ----------------------------------------------------------------------------
    def _sentence_actors(
        self, document: Document, doc: Doc, filed_until: int
    ) -> list[SentenceActors]:
        out = []
        for sent in doc.sents:
            matches = self.lexicon.find_words([t.text for t in sent], date=document.published)
            # 'PORT MORESBY, Sept. 18 -' is no actor
            matches = [m for m in matches if doc[sent.start + m.start].idx >= filed_until]
            places = [m for m in matches if _capital_as_place(sent[m.start : m.end], m.entries)]
            out.append(
                SentenceActors(
                    sent,
                    [
                        (sent.start + m.start, sent.start + m.end, m.entries)
                        for m in matches
                        if m not in places
                    ],
                    [c for m in places if (c := m.entries[0].country)],
                )
            )
        return out

    def _scores(
        self, sentences: list[Span], actors: list[SentenceActors]
    ) -> list[SentenceScores | None]:
        """The model's outputs for sentences that name at least one actor (the others cannot
        hold a dyad of their own)."""
        if not self.uses_model:
            return [None] * len(sentences)
        wanted = [i for i, sa in enumerate(actors) if sa.by_token]
        # one sentence per run: int8 activations are quantised per run, so a batch would make
        # a sentence's scores depend on its neighbours
        scored = get_model().score([sentences[i].text for i in wanted], batch_size=1)
        out: list[SentenceScores | None] = [None] * len(sentences)
        for i, s in zip(wanted, scored, strict=True):
            out[i] = s
        return out

    def _code_parsed(self, document: Document, doc: Doc) -> CodedDocument:
        warnings = list(document.warnings)
        published = document.published
        sentences = list(doc.sents)
        filed_until = dateline_end(document.text)
        sentence_actors = self._sentence_actors(document, doc, filed_until)
        scores = self._scores(sentences, sentence_actors)
        actor_countries = sorted(
            {
                e.country
                for sa in sentence_actors
                for _, _, es in sa.entries_in(list(sa.sent))
                for e in es[:1]
                if e.country
            }
            | {c for sa in sentence_actors for c in sa.place_countries}
        )
        placer = EventPlacer(doc, document, actor_countries, enabled=self.use_geo)
        placer.actor_starts = frozenset(
            doc[start].idx
            for sa in sentence_actors
            for start, _end, _e in set(sa.by_token.values())
        )
        ctx = DiscourseContext()
        ctx.home_country = placer.home_country
        placer.skip_before = filed_until
        dater = EventDater(document.text, published, skip_before=filed_until)
        dater.event_nouns = frozenset(self.patterns.nouns) | self.patterns.event_references
        events: list[EventRecord] = []
        for si, sent in enumerate(sentences):
            env = SentenceEnv(
                document,
                si,
                sent,
                sentence_actors[si],
                ctx,
                dater,
                placer,
                self.patterns,
                scores[si],
            )
            dater.start_sentence(sent)
            _remember_mentions(env)
            tagged: list[tuple[EventRecord, str]] = []
            for cand, stand_ins in self._propose(env):
                records = [] if cand.dropped else self.code_candidate(cand, env)
                for other in stand_ins if not records else ():
                    records = self.code_candidate(other, env)
                    if records:
                        cand = other
                        break
                tagged.extend((r, cand.origin) for r in records)
            events.extend(dedupe(_merge_origins(tagged)))
            dater.end_sentence()
        return CodedDocument(document, events, warnings + placer.warnings)

    def _propose(self, env: SentenceEnv) -> list[tuple[CandidateEvent, list[CandidateEvent]]]:
        """Stage 1 for every proposer. A later proposer's candidate on a token an earlier one
        already holds (its trigger, light verb or object) is the same event: it is kept as that
        candidate's stand-in, coded only if the earlier reading yields no event."""
        out: list[tuple[CandidateEvent, list[CandidateEvent]]] = []
        held: dict[int, int] = {}
        for proposer in self.proposers:
            for cand in proposer.propose(env):
                same = held.get(cand.token.i)
                if same is not None:
                    out[same][1].append(cand)
                    continue
                out.append((cand, []))
                trig = cand.trigger
                for tok in (trig.token, trig.light_verb, trig.obj):
                    if tok is not None:
                        held.setdefault(tok.i, len(out) - 1)
        if env.scores is not None:
            for cand, _ in out:
                if cand.trigger_probability is None:
                    prob, _, _ = token_event(
                        env.scores, cand.token, env.sent.start_char, with_code=False
                    )
                    cand.trigger_probability = prob
                    if self.rule_veto is not None and prob < self.rule_veto:
                        cand.drop(f"the model gives the rule trigger P(event)={prob:.2f}")
        return out

    def code_candidate(self, cand: CandidateEvent, env: SentenceEnv) -> list[EventRecord]:
        """Stages 2-7 for one candidate."""
        assess_factuality(cand, env)
        for strategy in self.argument_strategies:
            if strategy.apply(cand, env):
                break
        for convention in self.conventions_before:
            convention(cand, env)
        if cand.dropped:
            return []
        for fallback in self.target_fallbacks:
            fallback.apply(cand, env)
        for convention in self.conventions:
            convention(cand, env)
        if cand.dropped:
            return []
        planned = plan_dyads(cand)
        if not planned:
            return []
        return to_records(cand, planned, env)


def _remember_mentions(env: SentenceEnv) -> None:
    """Record the sentence's actor mentions for pronouns and 'the group' in later sentences."""
    sa, sent, ctx = env.actors, env.sent, env.ctx
    seen_heads: set[int] = set()
    for start, _end, _entries in sorted(set(sa.by_token.values()), key=lambda v: v[0]):
        tok = sent.doc[start]
        head = tok
        while head.dep_ in ("compound", "amod", "poss", "det", "nmod") and head.head != head:
            head = head.head
        if head.i in seen_heads:
            continue
        seen_heads.add(head.i)
        is_place = (
            head.dep_ == "pobj" and head.head.lower_ in _PLACE_PREPS and head.lower_ != "behalf"
        )
        for mention in sa.actors_of(head) or sa.actors_of(tok):
            ctx.add(
                Mention(
                    env.index,
                    head.i,
                    mention.actor,
                    is_subject=head.dep_ in SUBJECT_DEPS,
                    is_place=is_place,
                )
            )


def _side(actor: Any) -> str | None:
    return None if actor is None else (actor.country or actor.igo or actor.code)


def _merge_origins(tagged: list[tuple[EventRecord, str]]) -> list[EventRecord]:
    """A model event that restates a rule event of the sentence (same dyad, same root) is the
    same event: keep the rules' record, which says which pattern produced it."""
    rules = {
        (_side(r.source), _side(r.target), r.cameo_root)
        for r, origin in tagged
        if origin == "rules"
    }
    return [
        r
        for r, origin in tagged
        if origin == "rules" or (_side(r.source), _side(r.target), r.cameo_root) not in rules
    ]


_default: dict[str, EventCoder] = {}


def _coder(name: str | None = None) -> EventCoder:
    key = name or DEFAULT_CODER
    if key not in _default:
        _default[key] = EventCoder(coder=key)
    return _default[key]


def code_document(document: Document, coder: str | None = None) -> CodedDocument:
    """Code one document with the default lexicons and the process-wide spaCy pipeline."""
    return _coder(coder).code(document)


def code_documents(
    documents: Iterable[Document], batch_size: int = 16, coder: str | None = None
) -> Iterator[CodedDocument]:
    """Code many documents, batching the spaCy pass."""
    return _coder(coder).code_many(documents, batch_size=batch_size)


def code_text(
    text: str, *, published: str | None = None, doc_id: str | None = None, coder: str | None = None
) -> CodedDocument:
    return code_document(
        Document(id=doc_id or content_id(text), text=text, published=published), coder=coder
    )


_LOCATIVE_PREPOSITIONS = WordList("locative_prepositions")
_ARRIVAL_VERBS = WordList("arrival_verbs")


def _capital_as_place(span: Span, entries: Sequence[Any]) -> bool:
    """'ministers meeting in Brussels', 'the embassy in Kabul': a capital after a preposition
    of place is where something happened, not the government it stands for elsewhere (but
    'arrived in Tehran' is a visit to Iran's government)."""
    if any(entry.kind != "capital" for entry in entries):
        return False
    head = span.root
    prep = head.head
    if head.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in _LOCATIVE_PREPOSITIONS:
        return False
    # 'arrived in Tehran': the destination of a journey is the host it stands for
    return prep.head.lemma_.lower() not in _ARRIVAL_VERBS
