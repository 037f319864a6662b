"""Training examples for the learned coder, from the sources the model card lists.

Every source becomes the same record, an ``Example``: a text, the character spans of its
triggers with their CAMEO codes, the spans of each trigger's source and target actors, and
optional sentence-level labels. A source that does not give spans (the CAMEO codebook's
examples, NGEC's synthetic stories) trains only the sentence-level heads: its token labels are
masked out, never guessed.

Sources (see docs/model.md for licences):
* ``corpus/train/*.jsonl``: the team's annotated sentences (spans given);
* ``corpus/gold/dev``: the team's dev articles (trigger words given; actor spans are found
  with the actor lexicon, matching the gold actor's country or organisation);
* the CAMEO codebook's example sentences (sentence root only);
* the NGEC synthetic stories (PLOVER event type of the story's lead only).

The test split and the PLOVER gold standard are never read here.
"""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lanner.actors.lexicon import ActorEntry
from lanner.errors import LannerError
from lanner.eval.gold import GoldActor

__all__ = [
    "ArgSpan",
    "Example",
    "TriggerSpan",
    "build_examples",
    "held_out_indices",
    "team_examples",
    "gold_examples",
    "codebook_examples",
    "ngec_examples",
]

ROLES = ("source", "target")
Mention = tuple[int, int, ActorEntry]


@dataclass(frozen=True)
class TriggerSpan:
    start: int
    end: int
    code: str


@dataclass(frozen=True)
class ArgSpan:
    trigger: int  # index into Example.triggers
    role: str  # "source" | "target"
    start: int
    end: int


@dataclass
class Example:
    text: str
    origin: str
    triggers: list[TriggerSpan] = field(default_factory=list)
    args: list[ArgSpan] = field(default_factory=list)
    tokens_labelled: bool = True  # False: token heads are masked (no spans in the source)
    roots: frozenset[str] | None = None  # sentence-level CAMEO roots; None = unknown
    plover: str | None = None  # sentence-level PLOVER event; None = unknown


def _find(text: str, span: str, start: object) -> int:
    if isinstance(start, int) and text[start : start + len(span)] == span:
        return start
    return text.find(span)


def _event_spans(
    text: str, events: list[dict[str, object]], origin: str
) -> tuple[list[TriggerSpan], list[ArgSpan]]:
    triggers: list[TriggerSpan] = []
    args: list[ArgSpan] = []
    for ev in events:
        trig = str(ev["trigger"])
        t0 = _find(text, trig, ev.get("trigger_start"))
        if t0 < 0:
            raise LannerError("E310", where=origin, what=f"trigger {trig!r}")
        span = TriggerSpan(t0, t0 + len(trig), str(ev["cameo"]))
        # several events on one trigger (both directions of a signing) share its span
        if span not in triggers:
            triggers.append(span)
        ti = triggers.index(span)
        for role in ROLES:
            value = ev.get(role)
            if not isinstance(value, str) or not value:
                continue
            a0 = _find(text, value, ev.get(f"{role}_start"))
            if a0 < 0:
                raise LannerError("E310", where=origin, what=f"{role} {value!r}")
            arg = ArgSpan(ti, role, a0, a0 + len(value))
            if arg not in args:
                args.append(arg)
    return triggers, args


def team_examples(folder: Path) -> Iterator[Example]:
    """The team-written training corpus (docs/train-format.md)."""
    for path in sorted(folder.glob("*.jsonl")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            obj = json.loads(line)
            origin = f"{path.name}:{no}"
            events = obj.get("events") or []
            triggers, args = _event_spans(obj["text"], events, origin)
            yield Example(
                text=obj["text"],
                origin=origin,
                triggers=triggers,
                args=args,
                roots=frozenset(t.code[:2] for t in triggers),
            )


def gold_examples(folder: Path) -> Iterator[Example]:
    """Dev-split gold articles, one example per sentence (unannotated sentences: no event)."""
    from lanner.actors import get_lexicon
    from lanner.eval.gold import load_gold
    from lanner.nlp import get_nlp

    nlp, lexicon = get_nlp(), get_lexicon()
    for gold in load_gold([folder], split="dev"):
        doc = nlp(gold.text)
        for sent in doc.sents:
            text = sent.text
            golds = [ev for ev in gold.events if ev.sentence.strip() in text or text in ev.sentence]
            mentions: list[Mention] = []
            for m in lexicon.find_words([t.text for t in sent], date=gold.published):
                span = sent[m.start : m.end]
                start = span.start_char - sent.start_char
                mentions.append((start, start + len(span.text), m.entries[0]))
            triggers: list[TriggerSpan] = []
            args: list[ArgSpan] = []
            for ev in golds:
                if not ev.trigger or not ev.cameo or text.find(ev.trigger) < 0:
                    continue
                t0 = text.find(ev.trigger)
                trig = TriggerSpan(t0, t0 + len(ev.trigger), ev.cameo)
                if trig not in triggers:
                    triggers.append(trig)
                ti = triggers.index(trig)
                for role, actor in (("source", ev.source), ("target", ev.target)):
                    best = _closest_mention(mentions, actor, t0) if actor else None
                    if best is not None and ArgSpan(ti, role, *best) not in args:
                        args.append(ArgSpan(ti, role, *best))
            yield Example(
                text=text,
                origin=f"{gold.id}",
                triggers=triggers,
                args=args,
                roots=frozenset(t.code[:2] for t in triggers),
            )


def _closest_mention(
    mentions: list[Mention], actor: GoldActor, anchor: int
) -> tuple[int, int] | None:
    """The lexicon mention naming the gold actor's country or organisation, nearest the trigger."""
    hits = [
        (abs(s - anchor), s, e)
        for s, e, entry in mentions
        if (actor.country and (entry.country == actor.country or actor.country in entry.members))
        or (actor.igo and entry.igo == actor.igo)
    ]
    if not hits:
        return None
    _, s, e = min(hits)
    return s, e


def codebook_examples(path: Path) -> Iterator[Example]:
    """The CAMEO codebook's example sentences: sentence-level root labels only."""
    with path.open(encoding="latin-1", newline="") as fh:
        for row in csv.DictReader(fh):
            text = (row.get("example") or "").split(" Note:")[0].strip()
            code = (row.get("code") or "").strip()
            if len(text) < 20 or not code:
                continue
            yield Example(
                text=text,
                origin=f"cameo:{code}",
                tokens_labelled=False,
                roots=frozenset({code[:2]}),
            )


def ngec_examples(folder: Path, limit: int | None = None, seed: int = 13) -> Iterator[Example]:
    """NGEC synthetic stories: the lead (first two sentences) with the story's PLOVER type."""
    csv.field_size_limit(1 << 24)
    rows: list[dict[str, str]] = []
    for zpath in sorted(folder.glob("gpt_synthetic_events_*.csv.zip")):
        with zipfile.ZipFile(zpath) as zf:
            for name in zf.namelist():
                if name.endswith(".csv"):
                    with zf.open(name) as raw:
                        rows.extend(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
    rng = random.Random(seed)
    rng.shuffle(rows)
    for i, row in enumerate(rows[:limit] if limit else rows):
        text = " ".join((row.get("text") or "").split())
        lead = ". ".join(text.split(". ")[:2])
        if len(lead) < 20:
            continue
        yield Example(
            text=lead[:320],
            origin=f"ngec:{i}",
            tokens_labelled=False,
            plover=(row.get("label") or "").strip() or None,
        )


def build_examples(
    project: Path,
    shared: Path | None,
    *,
    ngec_limit: int | None = None,
    include_gold: bool = True,
) -> list[Example]:
    """All training examples, in a fixed order (shuffling is the trainer's, with its seed)."""
    out: list[Example] = list(team_examples(project / "corpus" / "train"))
    if include_gold and (project / "corpus" / "gold" / "dev").is_dir():
        out.extend(gold_examples(project / "corpus" / "gold" / "dev"))
    if shared is not None:
        codebook = shared / "data" / "cameo" / "cameo-codes.csv"
        if codebook.is_file():
            out.extend(codebook_examples(codebook))
        ngec = shared / "data" / "ngec"
        if ngec.is_dir():
            out.extend(ngec_examples(ngec, limit=ngec_limit))
    return out


def iter_texts(examples: Iterable[Example]) -> Iterator[str]:
    for ex in examples:
        yield ex.text


def held_out_indices(
    examples: Sequence[Example], rng: random.Random, share: float = 0.1
) -> set[int]:
    """The team-corpus examples held out for validation and calibration: a ``share`` of them,
    drawn with ``rng`` (``lanner train`` passes its seeded generator; scripts that re-create the
    split pass ``random.Random(seed)`` with the same seed)."""
    team = [i for i, ex in enumerate(examples) if ex.origin.startswith("tr")]
    rng.shuffle(team)
    return set(team[: int(len(team) * share)])
