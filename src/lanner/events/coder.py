"""The event coder: a Document in, dyadic CAMEO/PLOVER EventRecords out.

For each sentence: find triggers (``triggers``), decide how they are embedded (``factuality``),
find source and target actors (``dyads``), then date the event (``lanner.dates``) and place it
(``lanner.geo``). Every record carries the sentence and trigger offsets and an explanation: the
rules and lexicon lines that produced each field.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lanner.errors import LannerWarning
from lanner.events.arguments import SUBJECT_DEPS, ActorMention, SentenceActors
from lanner.events.assembly import (
    VIOLENT_ROOTS,
    actors,
    alleged,
    dateline_end,
    dedupe,
    fill_country,
    historical,
    pair_dyads,
    reflexive,
)
from lanner.events.cameo import cameo, embed_code
from lanner.events.context import DiscourseContext, Mention, PastEvent
from lanner.events.dyads import find_arguments
from lanner.events.factuality import analyse_embedding
from lanner.events.inference import clone_actor, implied_recipient
from lanner.events.patterns import PatternLexicon, get_patterns
from lanner.events.placing import EventPlacer
from lanner.events.timing import EventDater
from lanner.events.triggers import Trigger, find_triggers
from lanner.records import ActorRef, Document, EventRecord, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

    from lanner.actors import ActorLexicon

__all__ = [
    "CodedDocument",
    "EventCoder",
    "code_document",
    "code_documents",
    "code_text",
    "CODER_VERSION",
]

log = logging.getLogger(__name__)

CODER_VERSION = "lanner-coder/0.1"
_VIOLENT_ROOTS = VIOLENT_ROOTS
# Nouns embedded as objects of these verbs are reported events, not new ones.
_PLACE_PREPS = frozenset(
    {"in", "at", "near", "on", "along", "across", "inside", "outside", "within", "throughout"}
)
_NOUN_EMBEDDING_DEPS = frozenset({"dobj", "nsubjpass", "attr", "appos", "conj", "xcomp"})


@dataclass
class CodedDocument:
    document: Document
    events: list[EventRecord]
    warnings: list[LannerWarning] = field(default_factory=list)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.events]


def _stable_id(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


class EventCoder:
    """Holds the loaded lexicons; reuse one coder for many documents."""

    def __init__(
        self,
        *,
        lexicon: ActorLexicon | None = None,
        patterns: PatternLexicon | None = None,
        nlp: Language | None = None,
        geo: bool = True,
    ) -> None:
        self._lexicon = lexicon
        self._patterns = patterns
        self._nlp = nlp
        self.use_geo = geo

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
    def _code_parsed(self, document: Document, doc: Doc) -> CodedDocument:
        warnings = list(document.warnings)
        published = document.published
        sentences = list(doc.sents)
        lex = self.lexicon
        sentence_actors: list[SentenceActors] = []
        ctx = DiscourseContext()
        filed_until = dateline_end(document.text)
        for sent in sentences:
            matches = lex.find([t.lower_ for t in sent], date=published)
            sa = SentenceActors(
                sent,
                [
                    (sent.start + m.start, sent.start + m.end, m.entries)
                    for m in matches
                    if doc[sent.start + m.start].idx
                    >= filed_until  # 'PORT MORESBY, Sept. 18 -' is no actor
                ],
            )
            sentence_actors.append(sa)
        actor_countries = sorted(
            {
                e.country
                for sa in sentence_actors
                for _, _, es in sa.entries_in(list(sa.sent))
                for e in es[:1]
                if e.country
            }
        )
        placer = EventPlacer(doc, document, actor_countries, enabled=self.use_geo)
        placer.actor_starts = frozenset(
            doc[start].idx
            for sa in sentence_actors
            for start, _end, _e in set(sa.by_token.values())
        )
        ctx.home_country = placer.home_country
        placer.skip_before = filed_until
        dater = EventDater(document.text, published, skip_before=filed_until)
        dater.event_nouns = self._event_nouns()
        events: list[EventRecord] = []
        for si, sent in enumerate(sentences):
            sa = sentence_actors[si]
            dater.start_sentence(sent)
            self._remember_mentions(si, sent, sa, ctx)
            triggers = self._select_triggers(list(find_triggers(sent, self.patterns)))
            sentence_events: list[EventRecord] = []
            for trigger in triggers:
                sentence_events.extend(
                    self._events_for(trigger, document, si, sent, sa, ctx, dater, placer)
                )
            events.extend(dedupe(sentence_events))
            dater.end_sentence()
        return CodedDocument(document, events, warnings)

    @staticmethod
    def _is_tally(tok: Token, is_noun: bool, sources: list[ActorMention]) -> bool:
        if is_noun:
            return (
                not sources
                and tok.tag_ in ("NNS", "NNPS")
                and any(
                    c.dep_ in ("nummod", "amod", "quantmod")
                    and (c.like_num or c.lower_ in ("dozens", "hundreds", "scores"))
                    for c in tok.children
                )
            )
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children)
        since = any(c.dep_ == "prep" and c.lower_ == "since" for c in tok.children)
        return perfect and since

    def _event_nouns(self) -> frozenset[str]:
        if not hasattr(self, "_event_noun_cache"):
            self._event_noun_cache = frozenset(self.patterns.nouns) | self.patterns.event_references
        return self._event_noun_cache

    def _select_triggers(self, triggers: list[Trigger]) -> list[Trigger]:
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
                and trig.pattern.code[:2] in _VIOLENT_ROOTS
                and head_trig.pattern.code[:2] in _VIOLENT_ROOTS
            ):
                head_trig.consequence = tok
                continue
            # 'offered to send troops': 'offer' governs 'send'; the embedded action is the event
            governs = any(
                self.patterns.governor_family(tok.lemma_.lower(), f)
                for f in ("intent", "appeal", "demand", "threat", "refusal", "report")
            )
            if (
                governs
                and any(
                    c.i in by_token and (c.dep_ == "xcomp" or (c.dep_ == "ccomp" and c.i > tok.i))
                    for c in tok.children
                )
                or any(
                    # 'agreed to begin negotiations': the embedded light verb's noun is the event
                    c.dep_ == "xcomp"
                    and any(t.light_verb is not None and t.light_verb.i == c.i for t in triggers)
                    for c in tok.children
                )
            ):
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
            # 'to patrol the border' as the purpose of sending troops: not a separate event
            if (
                tok.dep_ in ("xcomp", "advcl")
                and tok.head.i in by_token
                and tok.head.pos_ == "VERB"
                and any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children)
                and not any(
                    self.patterns.governor_family(tok.head.lemma_.lower(), f)
                    for f in ("intent", "appeal", "demand", "threat", "refusal")
                )
            ):
                continue
            keep.append(trig)
        return keep

    def _remember_mentions(
        self, si: int, sent: Any, sa: SentenceActors, ctx: DiscourseContext
    ) -> None:
        seen_heads: set[int] = set()
        for start, _end, _entries in sorted({v for v in sa.by_token.values()}, key=lambda v: v[0]):
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
                        si,
                        head.i,
                        mention.actor,
                        is_subject=head.dep_ in SUBJECT_DEPS,
                        is_place=is_place,
                    )
                )

    def _events_for(
        self,
        trigger: Trigger,
        document: Document,
        si: int,
        sent: Any,
        sa: SentenceActors,
        ctx: DiscourseContext,
        dater: EventDater,
        placer: EventPlacer,
    ) -> list[EventRecord]:
        tok = trigger.token
        pattern = trigger.pattern
        is_noun = tok.pos_ in ("NOUN", "PROPN")
        base_code = pattern.code
        why = [
            f"trigger '{tok.text}' matched {pattern.kind} pattern {pattern.origin} -> {base_code}"
        ]
        if is_noun and tok.dep_ not in _NOUN_EMBEDDING_DEPS and trigger.light_verb is None:
            # a noun event in an adjunct ('in the wake of an Aug. 30 attack') is presupposed:
            # the modals of the clause around it do not apply
            factuality = (
                "negated"
                if any(c.lower_ == "no" and c.dep_ == "det" for c in tok.children)
                else "hypothetical"
                if alleged(tok)
                else "asserted"
            )
            family = None
            governor = None
        else:
            # a noun object climbs through its verb ('proposed talks' is an intent to meet)
            emb = analyse_embedding(tok if is_noun else (trigger.light_verb or tok), self.patterns)
            factuality, family, governor = emb.factuality, emb.family, emb.governor
            why.extend(emb.why)
        if family is None and factuality == "intended":
            family = "intent"
        if base_code.startswith("03") and factuality == "asserted":
            # CAMEO 03: an offer or pledge is an expression of intent; the act is still to come
            factuality = "intended"
        code = base_code
        if family is not None:
            embedded = embed_code(base_code, family)
            if embedded is not None and not (family == "intent" and base_code.startswith("03")):
                code = embedded
        args = find_arguments(trigger, sa, ctx, si)
        why.extend(args.why)
        sources, targets = args.sources, args.targets
        # appeals and demands are by the governor's subject to the governor's object
        if family == "demand_must" and governor is not None:
            gov_args = find_arguments(Trigger(governor, pattern), sa, ctx, si)
            if gov_args.sources and sources:
                targets, sources = sources, gov_args.sources
                why.append(
                    f"demand by the subject of '{governor.text}' on the subject of '{tok.text}'"
                )
            family = "demand"
        if family in ("appeal", "demand") and governor is not None:
            gov_args = find_arguments(Trigger(governor, pattern), sa, ctx, si)
            if gov_args.sources:
                addressees = [
                    m
                    for c in governor.children
                    if c.dep_ in ("dobj", "obj")
                    for m in actors(c, sa, ctx, si)
                ]
                addressees += [
                    m
                    for c in governor.children
                    if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                    for g in c.children
                    for m in actors(g, sa, ctx, si)
                ]
                targets = addressees or sources or targets
                sources = gov_args.sources
                why.append(f"{family} by the subject of '{governor.text}' to its addressee")
        if args.proposal_code and base_code == "120":
            # CAMEO 12x: rejecting an offer of troops is refusing that cooperation (1224)
            code = embed_code(args.proposal_code, "refusal") or code
            why.append(f"rejects a proposal coded {args.proposal_code} -> {code}")
        root = code[:2]
        extra_hosted: list[tuple[ActorMention, ActorMention]] = []
        if args.pairwise:
            sources = []
            for host in args.host:
                # 'Egypt hosted talks between A and B': Egypt hosts each party (CAMEO 043);
                # 'Erdogan mediated talks between A and B': a mediator (CAMEO 045)
                extra_hosted.extend((host, t) for t in targets)
        elif not sources and root not in _VIOLENT_ROOTS:
            return []
        if (
            not is_noun
            and args.has_subject
            and not args.subject_is_actor
            and family not in ("appeal", "demand")
        ):
            # 'security imperatives clash with those of Russia': the subject is not an actor
            return []
        if pattern.needs_actor and not sources and not targets:
            return []
        implied_ok = code.startswith("03") or (root == "07" and pattern.obj_required)
        if not targets and implied_ok and sources and not args.pairwise:
            implied = implied_recipient(tok, sources, ctx, si)
            if implied is not None:
                targets = [implied]
                why.append(implied.why[0])
        if (
            pattern.source_sectors
            and sources
            and not any((m.actor.sector or "") in pattern.source_sectors for m in sources)
        ):
            alt = [
                p
                for p in self.patterns.verbs.get(tok.lemma_.lower(), [])
                if p is not pattern and not p.source_sectors
            ]
            if alt:
                embedded_alt = embed_code(alt[0].code, family) if family else None
                code = embedded_alt or alt[0].code
        if not targets and sources and (root >= "09" or code == "016"):
            # a response with no named target is aimed at whoever last acted against the source
            aggressor = ctx.aggressor_of(si, {m.actor.country for m in sources if m.actor.country})
            if aggressor is not None and (root in ("11", "12", "13", "15", "16") or code == "016"):
                targets = [
                    ActorMention(
                        clone_actor(aggressor),
                        tok.i,
                        [f"target: the earlier aggressor {aggressor.code}"],
                        inferred=True,
                    )
                ]
                why.append(
                    f"target: the actor that last acted against the source ({aggressor.code})"
                )
        if (
            not targets
            and sources
            and root in ("14", "08", "17")
            and len(sources) == 1
            and not sources[0].actor.country
        ):
            loc, _ = placer.place(trigger, sources[0], None)
            fill_country(sources[0], loc, ctx, si, None)
        if not targets and sources and root in ("14", "08", "17") and len(sources) == 1:
            # CAMEO convention: protest with no named target is aimed at the government;
            # a curfew, emergency or ban imposed or eased with no target concerns the population
            src_actor = sources[0].actor
            if (
                src_actor.country
                and root == "14"
                and (src_actor.sector or "") not in ("GOV", "MIL", "COP")
            ):
                default = ActorRef(
                    text="", code=src_actor.country + "GOV", country=src_actor.country, sector="GOV"
                )
                targets = [
                    ActorMention(
                        default,
                        tok.i,
                        [f"target: the government of {src_actor.country} (protest default)"],
                        inferred=True,
                    )
                ]
            elif (
                src_actor.country
                and root in ("08", "17")
                and (src_actor.sector or "GOV") in ("GOV", "MIL", "COP")
            ):
                default = ActorRef(
                    text="", code=src_actor.country + "CVL", country=src_actor.country, sector="CVL"
                )
                targets = [
                    ActorMention(
                        default,
                        tok.i,
                        [f"target: the population of {src_actor.country} (domestic default)"],
                        inferred=True,
                    )
                ]
        if not targets and pattern.untargeted and root in _VIOLENT_ROOTS:
            code = pattern.untargeted
            root = code[:2]
            why.append(f"no target: coded as a show of force {code}")
        if (
            not targets
            and not (pattern.symmetric and len(sources) > 1)
            and not args.pairwise
            and not (pattern.untargeted and code == pattern.untargeted)
        ):
            # an event with no one on the receiving end is not a dyad: say nothing rather than
            # guess (a show of force with no target is the one exception, CAMEO 150)
            return []
        if self._is_tally(tok, is_noun, sources):
            # '150 attacks since October', 'has killed thousands since 2009': a tally, not an event
            return []
        if (
            not sources
            and not is_noun
            and targets
            and all((m.actor.sector == "CVL" and not m.actor.country) for m in targets)
        ):
            # 'more than 200 people have been killed': a tally, not a dyadic event
            return []
        if code[:2] in ("02", "03", "10") or family in ("intent", "appeal", "demand"):
            # offers, appeals and demands are proposals another actor may later reject
            for m in sources:
                ctx.add_proposal(si, m.actor, base_code)
        dyads = pair_dyads(sources, targets, pattern.symmetric, args.pairwise)
        if not dyads:
            return []
        planned: list[tuple[ActorMention | None, ActorMention | None, str]] = [
            (s, t, code) for s, t in dyads
        ]
        if pattern.reverse and family is None:
            planned += [
                (t, s, pattern.reverse) for s, t in dyads if s is not None and t is not None
            ]
        host_code = (
            "045"
            if trigger.light_verb is not None
            and trigger.light_verb.lemma_.lower() in ("mediate", "broker")
            else "043"
        )
        planned += [(h, t, host_code) for h, t in extra_hosted]
        if host_code == "043":
            # the parties visit their host (CAMEO 042), as for 'A hosted B'
            planned += [(t, h, "042") for h, t in extra_hosted]
        date, precision, date_text, date_why = dater.date_for(trigger, factuality)
        why.append(date_why)
        if historical(date, precision, document.published) and date_why.startswith("date: '"):
            # 'fought wars over Karabakh in the 1990s and in 2020': background, not news
            return []
        group_id = _stable_id(document.id, si, tok.idx, code)
        records = []
        lemma = tok.lemma_.lower()
        for src, tgt, code in planned:
            info = cameo(code)
            root = code[:2]
            location, loc_why = placer.place(trigger, src, tgt)
            for side, other in ((src, tgt), (tgt, src)):
                if side is not None:
                    fill_country(
                        side,
                        location,
                        ctx,
                        si,
                        other.actor.country if other else None,
                        other.actor.sector if other else None,
                    )
            if src is not None and tgt is not None and reflexive(src.actor, tgt.actor):
                continue  # 'Ethiopia's leader ... giving Ethiopia access': no dyad with itself
            ctx.add_event(
                PastEvent(si, src.actor if src else None, tgt.actor if tgt else None, root, lemma)
            )
            reasons = (
                why
                + [f"source {r}" for r in (src.why if src else [])]
                + [f"target {r}" for r in (tgt.why if tgt else [])]
                + [loc_why]
            )
            confidence = (
                0.9
                - (0.15 if (src and src.inferred) else 0)
                - (0.2 if (tgt and tgt.inferred) else 0)
            )
            confidence -= 0.1 if is_noun else 0
            trig_start = tok.idx
            records.append(
                EventRecord(
                    id=_stable_id(
                        document.id,
                        si,
                        trig_start,
                        src.actor.code if src else "",
                        tgt.actor.code if tgt else "",
                        code,
                    ),
                    doc_id=document.id,
                    group_id=group_id,
                    source=clone_actor(src.actor) if src else None,
                    target=clone_actor(tgt.actor) if tgt else None,
                    cameo=code,
                    cameo_root=root,
                    quad_class=info.quad_class,
                    goldstein=info.goldstein,
                    plover_event=info.plover_event,
                    plover_mode=info.plover_mode,
                    plover_context=info.plover_context,
                    factuality=factuality,  # type: ignore[arg-type]
                    date=date,
                    date_precision=precision,  # type: ignore[arg-type]
                    location=location,
                    sentence_index=si,
                    sentence=Span(sent.text, sent.start_char, sent.end_char),
                    trigger=Span(tok.text, trig_start, trig_start + len(tok.text)),
                    confidence=round(max(confidence, 0.1), 2),
                    explanation=[r for r in reasons if r],
                    date_text=date_text,
                    coder_version=CODER_VERSION,
                )
            )
        return records


_default: EventCoder | None = None


def _coder() -> EventCoder:
    global _default
    if _default is None:
        _default = EventCoder()
    return _default


def code_document(document: Document) -> CodedDocument:
    """Code one document with the default lexicons and the process-wide spaCy pipeline."""
    return _coder().code(document)


def code_documents(documents: Iterable[Document], batch_size: int = 16) -> Iterator[CodedDocument]:
    """Code many documents, batching the spaCy pass."""
    return _coder().code_many(documents, batch_size=batch_size)


def code_text(
    text: str, *, published: str | None = None, doc_id: str | None = None
) -> CodedDocument:
    from lanner.records import content_id

    return code_document(Document(id=doc_id or content_id(text), text=text, published=published))
