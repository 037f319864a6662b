"""Place each event: where it happened, following the coding conventions (section 8).

Toponyms come from ``lanner.geo.geoparse`` once per document. The order of evidence:

1. a place in the event's own clause, governed by a locative preposition ('in', 'near',
   'outside', 'at', ...) or the destination of a visit ('to visit Beijing'); places in the
   phrase of a statement's subject ('officials in Kabul said'), in coordinated clauses
   ('... and signed a deal in Y'), in reported speech under a statement, and in the clause
   of a planned visit under another event are not the event's place;
2. the place of the clause this one is coordinated with ('held talks in Almaty and signed
   a protocol' -> Almaty);
3. an anaphoric place word: 'in the province', 'over the capital', 'the strait', 'at the
   talks' -> the place it points back to;
4. an agreement, pledge or rejection after a located meeting takes the meeting's place; an
   investigation of a located attack takes the attack's place;
5. the dateline city, when the source is at home there;
6. the target's country, else the source's country, at the country's centre.

Country-level answers use the country's centre (``country_location(centre=True)``), the
point event coders use, rather than the gazetteer's conventional point.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from lanner.errors import LannerWarning
from lanner.events.toponym_roles import PLACE_PREPS, attached_as_place, steps_to
from lanner.records import Document, Location

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from lanner.events.arguments import ActorMention
    from lanner.events.triggers import Trigger
    from lanner.geo import Toponym

__all__ = ["EventPlacer"]

log = logging.getLogger(__name__)

_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
_RANK = {"point": 0, "city": 1, "border": 1, "admin1": 2, "region": 3, "country": 4}
# Dependents whose words describe an actor or another clause, not where the event happened.
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_OTHER_CLAUSE_DEPS = frozenset({"conj", "parataxis"})
_SPEECH_DEPS = frozenset({"ccomp", "xcomp", "advcl"})
# CAMEO 01-02 statements and appeals, 10-13 demands, disapproval, rejection, threats: said about
# something else, so a place inside what was said is not where the statement was made.
_STATEMENT_ROOTS = frozenset({"01", "02", "10", "11", "12", "13"})
# Agreements, pledges, rejections and talks made at a located meeting take its place.
_MEETING_ROOTS = frozenset({"03", "04", "05", "06", "08", "12"})
_MEETING_WORDS = frozenset(
    {"talks", "talk", "meeting", "summit", "negotiations", "conference", "visit", "session"}
)
_ATTACK_ROOTS = frozenset({"15", "17", "18", "19", "20"})
_ATTACK_WORDS = frozenset(
    {
        "attack",
        "attacks",
        "shooting",
        "incident",
        "raid",
        "strike",
        "strikes",
        "ambush",
        "bombing",
        "blast",
        "explosion",
        "killing",
        "killings",
        "abduction",
        "kidnapping",
        "clash",
        "clashes",
        "fighting",
        "seizure",
        "assault",
        "massacre",
    }
)
# Acts done where the source holds power (CAMEO 084 return or release, 171-174 seize,
# restrict, arrest, expel): without a named place they are in the source's country, not the
# target's.
_AT_SOURCE_CODES = ("084", "171", "172", "173", "174")
_VISIT_LEMMAS = frozenset({"visit", "tour", "travel", "fly", "go", "come"})
# Sending people somewhere: 'send trainers to Tripoli' happens at the destination.
_SEND_LEMMAS = frozenset({"send", "deploy", "dispatch", "station", "post"})
# Verbs that only say an event happened: its place is theirs ('clashes erupted in Osh').
_HAPPENING_LEMMAS = frozenset(
    {"break", "erupt", "occur", "happen", "take", "continue", "resume", "flare", "kill", "wound"}
)
_BORDER_WORDS = frozenset({"border", "frontier", "boundary"})
_CROSSING_WORDS = frozenset({"crossing", "checkpoint"})
# Anaphoric place words ('in the province') -> which earlier place they point back to.
_ANAPHORA: dict[str, tuple[str, ...]] = {
    "province": ("admin1",),
    "region": ("admin1", "region"),
    "state": ("admin1",),
    "oblast": ("admin1",),
    "governorate": ("admin1",),
    "district": ("admin1", "city"),
    "city": ("city",),
    "town": ("city",),
    "village": ("city", "point"),
    "area": ("city", "admin1", "point", "border", "region"),
    "border": ("border",),
    "boundary": ("border",),
    "frontier": ("border",),
    "strait": ("region",),
    "sea": ("region",),
    "gulf": ("region",),
}


class EventPlacer:
    def __init__(
        self, doc: Doc, document: Document, actor_countries: Sequence[str], *, enabled: bool = True
    ):
        self.doc = doc
        self.document = document
        self.enabled = enabled
        self.toponyms: list[Toponym] = []
        self.warnings: list[LannerWarning] = []
        self._dateline: Location | None = None
        self._country_cache: dict[str, Location | None] = {}
        self._capital_cache: dict[str, Location | None] = {}
        self.actor_starts: frozenset[int] = frozenset()
        self.skip_before = 0
        # The last located meeting and attack, with the offset where they were said.
        # (offset said, place, countries named with it), in order
        self._meetings: list[tuple[int, Location, frozenset[str]]] = []
        self._attack: tuple[int, Location] | None = None
        if not enabled:
            return
        from lanner.geo import geoparse, place_location

        try:
            self.toponyms = geoparse(
                doc, actor_countries=actor_countries, dateline=document.dateline
            )
        except Exception as exc:  # noqa: BLE001 - geo must never sink the coding of a document
            # not swallowed: the coded document carries the warning (and the log the trace)
            log.exception("geoparsing failed for %s", document.id)
            self.warnings.append(
                LannerWarning(
                    "W403", {"doc": document.id, "reason": f"{type(exc).__name__}: {exc}"}
                )
            )
            self.toponyms = []
        if document.dateline:
            self._dateline = place_location(
                document.dateline.split(",")[0].strip(), context_countries=actor_countries
            )
        self._meetings = self._meeting_places()

    def _meeting_places(self) -> list[tuple[int, Location, frozenset[str]]]:
        """'talks in Cairo', 'a summit in Seoul', 'held talks in Almaty', 'ministers meeting
        in Vientiane': the located meetings of the report, in order, each with the countries
        its sentence names (its likely participants)."""
        out = []
        for top in self.toponyms:
            if top.location is None:
                continue
            span = self.doc.char_span(top.start, top.end, alignment_mode="expand")
            if (
                span is None
                or span.root.dep_ != "pobj"
                or span.root.head.lower_ not in ("in", "at")
            ):
                continue
            governor = span.root.head.head
            words = {governor.lower_, governor.lemma_.lower()}
            words.update(
                c.lower_ for c in governor.children if c.dep_ in ("dobj", "attr", "nsubjpass")
            )
            if words & _MEETING_WORDS or governor.lemma_.lower() in ("meet", "gather"):
                loc = self._centred(top.location)
                out.append((top.start, loc, self._countries_named(span.root.sent, loc)))
        return out

    def _countries_named(self, sent: Span, place: Location) -> frozenset[str]:
        """Countries a sentence names or calls by adjective, leaving out what is 'against'
        someone ('sanctions against Russia' does not put Russia at the table)."""
        from lanner.geo.gazetteer import get_gazetteer, normalize_name
        from lanner.geo.recognize import country_words

        words = country_words(get_gazetteer())
        found = {place.country} if place.country else set()
        tokens = list(sent)
        for i, tok in enumerate(tokens):
            if any(a.lower_ == "against" for a in tok.ancestors):
                continue
            for size in (3, 2, 1):
                iso3 = words.get(normalize_name(" ".join(t.text for t in tokens[i : i + size])))
                if iso3:
                    found.add(iso3)
                    break
        return frozenset(found)

    def _meeting_before(
        self, offset: int, src: ActorMention | None, tgt: ActorMention | None
    ) -> Location | None:
        """The latest meeting said before ``offset`` that the event's source (else target)
        plausibly attended."""
        party = (src.actor.country if src else None) or (tgt.actor.country if tgt else None)
        for start, loc, parties in reversed(self._meetings):
            if start < offset and (party is None or not parties or party in parties):
                return replace(loc)
        return None

    @property
    def home_country(self) -> str | None:
        return self._dateline.country if self._dateline is not None else None

    def _country(self, iso3: str | None) -> Location | None:
        if not iso3 or not self.enabled:
            return None
        if iso3 not in self._country_cache:
            from lanner.geo import country_location

            self._country_cache[iso3] = country_location(iso3, centre=True)
        loc = self._country_cache[iso3]
        return replace(loc) if loc is not None else None

    def _capital(self, iso3: str | None) -> Location | None:
        if not iso3 or not self.enabled:
            return None
        if iso3 not in self._capital_cache:
            from lanner.geo import place_location
            from lanner.geo.gazetteer import get_gazetteer

            info = get_gazetteer().country_info.get(iso3) or {}
            name = str(info.get("capital") or "").strip()
            loc = place_location(name, context_countries=[iso3]) if name else None
            self._capital_cache[iso3] = loc if loc is not None and loc.country == iso3 else None
        loc = self._capital_cache[iso3]
        return replace(loc) if loc is not None else None

    def _centred(self, loc: Location) -> Location:
        """A country-level place at the country's centre (coding conventions, section 8)."""
        if loc.precision == "country" and loc.country:
            centre = self._country(loc.country)
            if centre is not None:
                centre.text = loc.text
                return centre
        return loc

    def place(
        self,
        trigger: Trigger,
        src: ActorMention | None,
        tgt: ActorMention | None,
        *,
        code: str | None = None,
    ) -> tuple[Location | None, str]:
        """Where the event of ``trigger`` between ``src`` and ``tgt`` happened, and why.

        ``code`` is the event's CAMEO code when the caller has refined it; the trigger
        pattern's code is used otherwise."""
        if not self.enabled:
            return None, "location: geo disabled"
        root = (code or trigger.pattern.code or "")[:2]
        head = trigger.clause_head
        offset = trigger.token.idx
        heads = [head]
        if head.dep_ == "conj" and head.head.pos_ in ("VERB", "AUX"):
            # 'held talks in Almaty ... and signed a protocol': the coordinated clause's place
            heads.append(head.head)
        if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() in _HAPPENING_LEMMAS:
            # 'fighting broke out at the crossing', 'the attack took place in Khujand'
            heads.append(head.head)
        for clause_head in heads:
            found = self._clause_place(trigger, clause_head, src, tgt, root)
            if found is not None:
                top, why = found
                assert top.location is not None
                loc = self._centred(top.location)
                self._remember(trigger, root, loc, offset, src, tgt)
                return loc, why
        for clause_head in heads:
            anaphor = self._anaphoric_place(trigger, clause_head, src, tgt, root)
            if anaphor is not None:
                self._remember(trigger, root, anaphor[0], offset, src, tgt)
                return anaphor
        meeting = self._meeting_before(offset, src, tgt) if root in _MEETING_ROOTS else None
        if meeting is not None:
            return meeting, "location: the meeting's place"
        if (
            self._attack is not None
            and self._attack[0] < offset
            and root not in _STATEMENT_ROOTS  # statements follow the fallback strictly
            and _refers_to_attack(head)
        ):
            return replace(self._attack[1]), "location: the place of the attack it refers to"
        # the dateline city is where the source spoke or acted only if it is the source's home
        source_country = src.actor.country if src is not None else None
        if (
            src is not None
            and source_country is None
            and not src.actor.igo  # 'the EU's envoy' is no local institution
            and (src.actor.sector or "") in _STATE_SECTORS
        ):
            # 'the junta ordered ...' with a dateline: an unnamed state institution is local
            source_country = self._dateline.country if self._dateline is not None else None
        if (
            self._dateline is not None
            and source_country
            and self._dateline.country == source_country
        ):
            return replace(self._dateline), f"location: dateline '{self.document.dateline}'"
        order = ((tgt, "target"), (src, "source"))
        if (code or trigger.pattern.code or "").startswith(_AT_SOURCE_CODES):
            order = ((src, "source"), (tgt, "target"))
        for m, role in order:
            if m is not None and m.actor.country:
                fallback = self._country(m.actor.country)
                if fallback is not None:
                    return fallback, f"location: the {role}'s country ({m.actor.country})"
        if self._dateline is not None:
            # no place and no country known: the report's own place
            return replace(self._dateline), f"location: dateline '{self.document.dateline}'"
        return None, "location: none found"

    # -- the event's own clause -----------------------------------------------------------

    def _clause_place(
        self,
        trigger: Trigger,
        head: Token,
        src: ActorMention | None,
        tgt: ActorMention | None,
        root: str,
    ) -> tuple[Toponym, str] | None:
        clause = _clause_tokens(head, root, trigger)
        if not clause:
            return None
        starts = {t.idx for t in clause}
        actor_spans = [
            (m.actor.start, m.actor.end)
            for m in (src, tgt)
            if m is not None and m.actor.start is not None
        ]
        visit = trigger.token.lemma_.lower() in _VISIT_LEMMAS | _SEND_LEMMAS
        candidates = []
        for top in self.toponyms:
            if top.location is None or top.start < self.skip_before:
                continue  # the dateline says where the story was filed, not where this happened
            span = self.doc.char_span(top.start, top.end, alignment_mode="expand")
            if span is None or span.root.idx not in starts:
                continue
            destination = visit and _is_destination(span.root, trigger.token)
            if (
                any(
                    s is not None and e is not None and s <= top.start and top.end <= e
                    for s, e in actor_spans
                )
                and top.kind != "border"
                and not destination  # 'to visit Beijing': the host is also the place
            ):
                continue
            if (
                top.kind != "border"
                and not destination
                and not attached_as_place(self.doc, top, self.actor_starts)
            ):
                continue
            steps = steps_to(self.doc, top, head)
            rank = _RANK.get(top.location.precision or "country", 5)
            # the place attached closest to the trigger wins; then the most precise
            candidates.append((steps, rank, abs(top.start - trigger.token.idx), top))
        if not candidates:
            return None
        candidates.sort(key=lambda c: (c[0], c[1], c[2]))
        top = candidates[0][3]
        assert top.location is not None  # candidates only hold resolved toponyms
        return top, f"location: '{top.text}' in the event's clause ({top.location.precision})"

    # -- places pointed back to -------------------------------------------------------------

    def _anaphoric_place(
        self,
        trigger: Trigger,
        head: Token,
        src: ActorMention | None,
        tgt: ActorMention | None,
        root: str,
    ) -> tuple[Location, str] | None:
        """'in the province', 'over the capital', 'at the talks': the place pointed back to."""
        for tok in _clause_tokens(head, root, trigger):
            word = tok.lower_
            if tok.dep_ != "pobj" or tok.head.lower_ not in PLACE_PREPS:
                continue
            if word in _CROSSING_WORDS or any(
                c.lower_ in _BORDER_WORDS for c in tok.children if c.dep_ in ("compound", "amod")
            ):
                # 'at the Torkham crossing', 'near the border village of Kokhanabi': a point
                # on the border the two sides share
                border = self._shared_border(src, tgt)
                if border is not None:
                    return border, f"location: '{word}' on the {border.name}"
            if not any(c.lower_ in ("the", "this", "that") for c in tok.children):
                continue
            if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
                continue  # 'the village of Kokhanabi' names its place
            if word == "capital":
                home = self._dateline.country if self._dateline is not None else None
                for iso3 in (home, self._main_country()):
                    loc = self._capital(iso3)
                    if loc is not None:
                        return loc, f"location: 'the capital' = {loc.name}"
                continue
            meeting = self._meeting_before(tok.idx, src, tgt) if word in _MEETING_WORDS else None
            if meeting is not None:
                return meeting, f"location: 'the {word}' = the meeting's place"
            kinds = _ANAPHORA.get(word)
            if kinds is None:
                continue
            earlier = [
                t
                for t in self.toponyms
                if t.location is not None
                and t.start < tok.idx
                and t.start >= self.skip_before
                and t.start not in self.actor_starts
                and ((t.location.precision or "") in kinds or word in t.text.lower().split())
            ]
            if earlier:
                top = earlier[-1]
                assert top.location is not None
                return self._centred(top.location), f"location: 'the {word}' = '{top.text}'"
            border = self._shared_border(src, tgt) if word in _BORDER_WORDS else None
            if border is not None:
                # 'clashed along the frontier' between two neighbours: their shared border
                return border, f"location: 'the {word}' = the {border.name}"
        return None

    def _shared_border(self, src: ActorMention | None, tgt: ActorMention | None) -> Location | None:
        a = src.actor.country if src else None
        b = tgt.actor.country if tgt else None
        if not a or not b or a == b:
            return None
        from lanner.geo import border_location

        near = [
            (t.location.lat, t.location.lon)
            for t in self.toponyms
            if t.location is not None
            and t.location.precision == "city"
            and t.location.lat is not None
            and t.location.lon is not None
        ]
        return border_location(a, b, near)

    def _main_country(self) -> str | None:
        """The country the document's places name most often (the earliest on a tie)."""
        counts: dict[str, int] = {}
        for top in self.toponyms:
            if top.location is not None and top.location.country:
                counts[top.location.country] = counts.get(top.location.country, 0) + 1
        return max(counts, key=lambda c: counts[c]) if counts else None

    def _remember(
        self,
        trigger: Trigger,
        root: str,
        loc: Location,
        offset: int,
        src: ActorMention | None = None,
        tgt: ActorMention | None = None,
    ) -> None:
        words = {trigger.token.lower_, trigger.token.lemma_.lower()}
        if trigger.obj is not None:
            words.add(trigger.obj.lower_)
        if root in ("04",) or words & _MEETING_WORDS:
            parties = frozenset(m.actor.country for m in (src, tgt) if m and m.actor.country)
            self._meetings.append((offset, loc, parties))
            self._meetings.sort(key=lambda m: m[0])
        if root in _ATTACK_ROOTS or words & _ATTACK_WORDS:
            self._attack = (offset, loc)


def _clause_tokens(head: Token, root: str = "", trigger: Trigger | None = None) -> list[Token]:
    """The tokens of the event's own clause: the head's subtree without coordinated clauses,
    a planned visit under another event, and, for statements, the subject's phrase and what
    was said."""
    banned: set[int] = set()
    for child in head.children:
        if not _other_clause(child, root, trigger):
            continue
        banned.update(t.i for t in child.subtree)
        if child.dep_ in _SUBJECT_DEPS:
            # 'ASEAN ministers, meeting in Vientiane, urged ...': where the speakers were
            for verb in child.subtree:
                if verb.tag_ in ("VBG", "VBN") and verb.dep_ in ("acl", "appos", "advcl", "relcl"):
                    banned.difference_update(t.i for t in verb.subtree)
    return [t for t in head.subtree if t.i not in banned]


def _other_clause(child: Token, root: str, trigger: Trigger | None) -> bool:
    statement = root in _STATEMENT_ROOTS
    if child.dep_ in _SUBJECT_DEPS:
        # 'the force in southern Lebanon urged ...' names where the speaker is based;
        # 'Police in Tehran arrested ...' is where the arrest happened
        return statement
    if child.dep_ in _OTHER_CLAUSE_DEPS:
        return child.pos_ in ("VERB", "AUX")
    if child.dep_ in _SPEECH_DEPS and statement:
        return True

    return child.dep_ in ("xcomp", "ccomp") and _is_planned_visit(child, trigger)


def _is_planned_visit(tok: Token, trigger: Trigger | None) -> bool:
    """'... planned to visit Beijing' under another event: the visit's destination is not
    where the governing event happened."""
    if trigger is not None and tok.i == trigger.token.i:
        return False
    return tok.lemma_.lower() in _VISIT_LEMMAS


def _is_destination(tok: Token, verb: Token) -> bool:
    """'visit Beijing', 'travel to Beijing': the toponym is where the visit takes place."""
    cur = tok
    for _ in range(4):
        if cur.head == verb:
            return cur.dep_ in ("dobj", "prep", "pobj", "npadvmod")
        if cur.dep_ == "pobj" and cur.head.lower_ not in ("to", "in", "at"):
            return False
        if cur.head == cur:
            return False
        cur = cur.head
    return False


def _refers_to_attack(head: Token) -> bool:
    """'an investigation into Sunday's attack', 'denied any role in the rocket fire'."""
    return any(t.lower_ in _ATTACK_WORDS and t.i != head.i for t in head.subtree)
