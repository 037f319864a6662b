"""Load the event pattern lexicon (``data/patterns.yaml``) into lookup tables.

A pattern ties a verb or event-noun lemma, plus optional conditions on its object and
clause, to a CAMEO code and says where the target is found. The lexicon is data: adding a
verb never needs a code change. Each compiled pattern remembers its line in the file, so the
coder can say which rule produced an event.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from lanner.errors import LannerError
from lanner.events.cameo import all_codes

__all__ = ["EventPattern", "PatternLexicon", "get_patterns", "load_patterns"]

DEFAULT_VERB_TARGETS = ("dobj", "dative")


@dataclass(frozen=True)
class EventPattern:
    kind: str  # "verb" | "noun"
    lemmas: tuple[str, ...]
    code: str
    obj: tuple[tuple[str, ...], ...] = ()  # phrases (as lemma tuples); any must occur in the object
    obj_required: bool = False
    with_words: tuple[str, ...] = ()
    mod: tuple[str, ...] = ()
    target: tuple[str, ...] = DEFAULT_VERB_TARGETS
    source: tuple[str, ...] = ()
    symmetric: bool = False
    light: bool = False
    needs_actor: bool = False
    source_sectors: tuple[str, ...] = ()
    reverse: str | None = None  # 'A hosted B' is also B -> A 042 (make a visit)
    untargeted: str | None = None  # 'fired a missile into the sea' with no target: 150
    origin: str = ""

    @property
    def specificity(self) -> int:
        return (2 if self.obj else 0) + (1 if self.with_words else 0) + (2 if self.mod else 0)


@dataclass
class PatternLexicon:
    verbs: dict[str, list[EventPattern]] = field(default_factory=dict)
    nouns: dict[str, list[EventPattern]] = field(default_factory=dict)
    governors: dict[str, frozenset[str]] = field(default_factory=dict)
    # multiword noun lemmas ("air strike") indexed by their last word
    noun_phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    # object nouns standing for their owners ('an army base' -> MIL), by last word
    victims: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    event_references: frozenset[str] = frozenset()

    def governor_family(self, lemma: str, family: str) -> bool:
        return lemma in self.governors.get(family, frozenset())


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    # YAML 1.1 reads a bare `on`/`no` as a boolean: patterns must quote such words
    raise LannerError(
        "E202", path="patterns", line="?", reason=f"expected a word or list, got {value!r}"
    )


def _phrases(
    values: Iterable[str], classes: dict[str, list[str]], origin: str
) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for value in values:
        if value.startswith("@"):
            if value[1:] not in classes:
                raise LannerError("E202", path=origin, line="?", reason=f"unknown class {value}")
            out.extend(tuple(p.lower().split()) for p in classes[value[1:]])
        else:
            out.append(tuple(value.lower().split()))
    return out


def _compile(
    kind: str, raw: dict[str, Any], classes: dict[str, list[str]], origin: str
) -> EventPattern:
    code = str(raw.get("code", ""))
    if code not in all_codes():
        raise LannerError("E202", path=origin, line="", reason=f"unknown CAMEO code {code!r}")
    obj_values = raw.get("obj")
    target = tuple(_as_list(raw.get("target"))) or (DEFAULT_VERB_TARGETS if kind == "verb" else ())
    return EventPattern(
        kind=kind,
        lemmas=tuple(v.lower() for v in _as_list(raw.get("lemma"))),
        code=code,
        obj=tuple(_phrases(_as_list(obj_values), classes, origin)),
        obj_required=obj_values is not None,
        with_words=tuple(_as_list(raw.get("with"))),
        mod=tuple(v.lower() for v in _as_list(raw.get("mod"))),
        target=target,
        source=tuple(_as_list(raw.get("source"))),
        symmetric=bool(raw.get("symmetric", False)),
        light=bool(raw.get("light", False)),
        needs_actor=bool(raw.get("needs_actor", False)),
        source_sectors=tuple(_as_list(raw.get("source_sectors"))),
        reverse=str(raw["reverse"]) if raw.get("reverse") else None,
        untargeted=str(raw["untargeted"]) if raw.get("untargeted") else None,
        origin=origin,
    )


def _line_numbers(text: str, section: str) -> list[int]:
    """Line numbers of the list items in a top-level section, for provenance."""
    lines = text.splitlines()
    out: list[int] = []
    inside = False
    for i, line in enumerate(lines, start=1):
        if not line.startswith(" ") and line.strip():
            inside = line.startswith(f"{section}:")
            continue
        if inside and line.lstrip().startswith("- "):
            out.append(i)
    return out


def load_patterns(paths: Sequence[str | Path] = ()) -> PatternLexicon:
    """The package lexicon plus any user pattern files (same schema), later files first."""
    sources: list[tuple[str, str]] = [
        ("patterns.yaml", files("lanner.events").joinpath("data/patterns.yaml").read_text("utf-8"))
    ]
    for p in paths:
        try:
            sources.insert(0, (str(p), Path(p).read_text("utf-8")))
        except OSError as exc:
            raise LannerError("E203", path=str(p), reason=str(exc)) from exc
    lex = PatternLexicon()
    governors: dict[str, set[str]] = {}
    for name, text in sources:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise LannerError("E203", path=name, reason=str(exc)) from exc
        classes = {k: _as_list(v) for k, v in (data.get("classes") or {}).items()}
        for kind, section in (("verb", "verbs"), ("noun", "nouns")):
            lines = _line_numbers(text, section)
            for i, raw in enumerate(data.get(section) or []):
                origin = f"{name}:{lines[i] if i < len(lines) else '?'}"
                pattern = _compile(kind, raw, classes, origin)
                table = lex.verbs if kind == "verb" else lex.nouns
                for lemma in pattern.lemmas:
                    table.setdefault(lemma, []).append(pattern)
                    words = tuple(lemma.split())
                    if kind == "noun" and len(words) > 1:
                        lex.noun_phrases.setdefault(words[-1], []).append(words)
        for family, lemmas in (data.get("governors") or {}).items():
            governors.setdefault(family, set()).update(_as_list(lemmas))
        for sector, nouns in (data.get("victims") or {}).items():
            for noun in _as_list(nouns):
                words = tuple(noun.lower().split())
                lex.victims.setdefault(words[-1], []).append((words, str(sector)))
        lex.event_references = lex.event_references | frozenset(
            w.lower() for w in _as_list(data.get("event_references"))
        )
    for table in (lex.verbs, lex.nouns):
        for lemma, patterns in table.items():
            # stable sort: specific patterns first, file order within equal specificity
            table[lemma] = sorted(patterns, key=lambda p: -p.specificity)
    lex.governors = {k: frozenset(v) for k, v in governors.items()}
    return lex


@functools.cache
def get_patterns() -> PatternLexicon:
    return load_patterns()
