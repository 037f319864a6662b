"""Load the event pattern lexicon (``data/patterns.yaml``) into lookup tables.

A pattern ties a verb or event-noun lemma, plus optional conditions on its object and
clause, to a CAMEO code and says where the target is found. The lexicon is data: adding a
verb never needs a code change. Each compiled pattern remembers its line in the file, so the
coder can say which rule produced an event.

Pattern files are checked as strictly as actor dictionaries: an unknown section, key, slot,
class or CAMEO code is a coded error (E320-E325) with the file and line, never silently
ignored. User files see the package's classes (``@MIL_AID``) next to their own. The schema and
worked examples are in ``docs/patterns.md``; ``lanner patterns check FILE`` lists every problem.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from lanner.errors import LannerError
from lanner.events.cameo import all_codes

__all__ = [
    "EventPattern",
    "GOVERNOR_FAMILIES",
    "PATTERN_KEYS",
    "PatternLexicon",
    "SLOTS",
    "check_patterns",
    "get_patterns",
    "load_patterns",
    "package_classes",
]

DEFAULT_VERB_TARGETS = ("dobj", "dative")

# Top-level sections of a pattern file, and the keys a verb or noun pattern may have.
SECTIONS = ("classes", "verbs", "nouns", "governors", "victims", "event_references")
PATTERN_KEYS = (
    "lemma",
    "code",
    "obj",
    "with",
    "mod",
    "target",
    "source",
    "symmetric",
    "light",
    "needs_actor",
    "source_sectors",
    "reverse",
    "untargeted",
    "recipient_subject",
)
# Where an argument is found (lanner.events.dyads reads these); prep:WORD names any preposition.
SLOTS = (
    "dobj",
    "dative",
    "prep:WORD",
    "behalf",
    "poss",
    "obj_owner",
    "clause_subj",
    "clause_obj",
    "proposer",
)
_NAMED_SLOTS = frozenset(s for s in SLOTS if s != "prep:WORD")
# The families of governing verbs that the factuality and trigger stages ask for.
GOVERNOR_FAMILIES = (
    "intent",
    "intent_nouns",
    "threat",
    "refusal",
    "appeal",
    "demand",
    "report",
    "hypothetical",
    "negation",
    "denial",
)
_FLAGS = ("symmetric", "light", "needs_actor", "recipient_subject")
_PACKAGE_FILE = "patterns.yaml"


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
    recipient_subject: bool = False  # 'Serbia received jets from France' is FRA -> SRB
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


@dataclass
class _PatternFile:
    """One file read and checked: its sections as plain values, and every problem found."""

    name: str
    classes: dict[str, list[str]] = field(default_factory=dict)
    patterns: list[tuple[str, dict[str, Any], int]] = field(default_factory=list)
    governors: dict[str, list[str]] = field(default_factory=dict)
    victims: dict[str, list[str]] = field(default_factory=dict)
    event_references: list[str] = field(default_factory=list)
    problems: list[LannerError] = field(default_factory=list)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _Reader:
    """Walks the composed YAML of one pattern file, keeping each node's line for messages."""

    def __init__(self, name: str, inherited: Mapping[str, list[str]], sectors: frozenset[str]):
        self.out = _PatternFile(name)
        self.inherited = inherited
        self.sectors = sectors
        self.loader: yaml.SafeLoader | None = None

    def fail(self, code: str, node: yaml.Node | int, **fields: Any) -> None:
        line = node if isinstance(node, int) else _line(node)
        self.out.problems.append(LannerError(code, path=self.out.name, line=line, **fields))

    def value(self, node: yaml.Node) -> Any:
        assert self.loader is not None
        return self.loader.construct_object(node, deep=True)  # type: ignore[no-untyped-call]

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.fail("E324", node, reason=f"{what} must be a mapping")
            return []
        return [(str(k.value), k, v) for k, v in node.value]

    def words(self, node: yaml.Node, what: str) -> list[str]:
        """A word or a list of words; YAML 1.1 reads a bare on/no/yes as a boolean."""
        value = self.value(node)
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            self.fail(
                "E324",
                node,
                reason=f"{what}: expected a word or a list of words, got {value!r}"
                " (quote words such as on, no, yes)",
            )
            return []
        return [str(v) for v in items]

    def read(self, text: str) -> _PatternFile:
        self.loader = yaml.SafeLoader(text)
        try:
            root = self.loader.get_single_node()  # type: ignore[no-untyped-call]
            if root is not None:
                self.sections(root)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = int(mark.line) + 1 if mark is not None else 1
            self.fail("E324", line, reason=f"not valid YAML: {getattr(exc, 'problem', exc)}")
        finally:
            self.loader.dispose()  # type: ignore[no-untyped-call]
        return self.out

    def sections(self, root: yaml.Node) -> None:
        pairs = self.mapping(root, "a pattern file")
        # classes first: patterns anywhere in the file may use them
        for name, key, node in sorted(pairs, key=lambda p: p[0] != "classes"):
            if name == "classes":
                for cls, _, words in self.mapping(node, "classes"):
                    self.out.classes[cls] = self.words(words, f"class {cls}")
            elif name in ("verbs", "nouns"):
                self.pattern_list(name[:-1], node)
            elif name == "governors":
                for family, fkey, words in self.mapping(node, "governors"):
                    if family not in GOVERNOR_FAMILIES:
                        self.fail(
                            "E320",
                            fkey,
                            what="governor family",
                            key=family,
                            known=", ".join(GOVERNOR_FAMILIES),
                        )
                        continue
                    self.out.governors.setdefault(family, []).extend(self.words(words, family))
            elif name == "victims":
                for sector, skey, words in self.mapping(node, "victims"):
                    if self.sectors and sector not in self.sectors:
                        self.fail(
                            "E320",
                            skey,
                            what="sector",
                            key=sector,
                            known=", ".join(sorted(self.sectors)),
                        )
                        continue
                    self.out.victims.setdefault(sector, []).extend(self.words(words, sector))
            elif name == "event_references":
                self.out.event_references.extend(self.words(node, name))
            else:
                self.fail("E320", key, what="section", key=name, known=", ".join(SECTIONS))

    def pattern_list(self, kind: str, node: yaml.Node) -> None:
        if not isinstance(node, yaml.SequenceNode):
            self.fail("E324", node, reason=f"{kind}s must be a list of patterns")
            return
        for item in node.value:
            before = len(self.out.problems)
            raw = self.pattern(kind, item)
            if raw is not None and len(self.out.problems) == before:
                self.out.patterns.append((kind, raw, _line(item)))

    def pattern(self, kind: str, item: yaml.Node) -> dict[str, Any] | None:
        raw: dict[str, Any] = {}
        for key, knode, vnode in self.mapping(item, f"a {kind} pattern"):
            if key not in PATTERN_KEYS:
                self.fail(
                    "E320",
                    knode,
                    what=f"{kind} pattern key",
                    key=key,
                    known=", ".join(PATTERN_KEYS),
                )
            elif key in _FLAGS:
                raw[key] = self.value(vnode)
                if not isinstance(raw[key], bool):
                    self.fail("E324", vnode, reason=f"{key} must be true or false")
            elif key in ("code", "reverse", "untargeted"):
                raw[key] = str(self.value(vnode))
                if raw[key] not in all_codes():
                    self.fail("E323", vnode, cameo=raw[key], field=key)
            elif key in ("target", "source"):
                raw[key] = self.words(vnode, key)
                for slot in raw[key]:
                    if slot not in _NAMED_SLOTS and not (slot.startswith("prep:") and slot[5:]):
                        self.fail("E321", vnode, field=key, slot=slot, known=", ".join(SLOTS))
            elif key == "obj":
                raw[key] = self.words(vnode, key)
                known = self.out.classes.keys() | self.inherited.keys()
                for value in raw[key]:
                    if value.startswith("@") and value[1:] not in known:
                        self.fail("E322", vnode, name=value)
            else:
                raw[key] = self.words(vnode, key)
        if raw and not raw.get("lemma"):
            self.fail("E324", item, reason=f"a {kind} pattern needs a lemma")
        if raw and "code" not in raw:
            self.fail("E324", item, reason=f"a {kind} pattern needs a code")
        return raw or None


def _phrases(values: Iterable[str], classes: Mapping[str, list[str]]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for value in values:
        if value.startswith("@"):
            out.extend(tuple(p.lower().split()) for p in classes[value[1:]])
        else:
            out.append(tuple(value.lower().split()))
    return out


def _compile(
    kind: str, raw: dict[str, Any], classes: Mapping[str, list[str]], origin: str
) -> EventPattern:
    """A checked pattern (see :class:`_Reader`) as an :class:`EventPattern`."""
    target = tuple(raw.get("target") or ()) or (DEFAULT_VERB_TARGETS if kind == "verb" else ())
    return EventPattern(
        kind=kind,
        lemmas=tuple(v.lower() for v in raw["lemma"]),
        code=raw["code"],
        obj=tuple(_phrases(raw.get("obj") or (), classes)),
        obj_required="obj" in raw,
        with_words=tuple(raw.get("with") or ()),
        mod=tuple(v.lower() for v in raw.get("mod") or ()),
        target=target,
        source=tuple(raw.get("source") or ()),
        symmetric=bool(raw.get("symmetric", False)),
        light=bool(raw.get("light", False)),
        needs_actor=bool(raw.get("needs_actor", False)),
        recipient_subject=bool(raw.get("recipient_subject", False)),
        source_sectors=tuple(raw.get("source_sectors") or ()),
        reverse=raw.get("reverse") or None,
        untargeted=raw.get("untargeted") or None,
        origin=origin,
    )


def _sector_codes() -> frozenset[str]:
    from lanner.actors.package import package_sector_codes

    return frozenset(package_sector_codes())


@functools.cache
def _package_file() -> _PatternFile:
    text = files("lanner.events").joinpath("data", _PACKAGE_FILE).read_text("utf-8")
    return _Reader(_PACKAGE_FILE, {}, _sector_codes()).read(text)


def package_classes() -> dict[str, list[str]]:
    """The package's phrase classes (``MIL_AID``, ``TALKS`` ...), usable in any pattern file."""
    return dict(_package_file().classes)


def _read_user_file(path: str | Path) -> _PatternFile:
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        out = _PatternFile(str(path))
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        out.problems.append(LannerError("E325", path=str(path), reason=reason))
        return out
    return _Reader(str(path), package_classes(), _sector_codes()).read(text)


def check_patterns(path: str | Path) -> list[LannerError]:
    """Every problem in a user pattern file, each with its line; [] when it is sound."""
    return _read_user_file(path).problems


def load_patterns(paths: Sequence[str | Path] = ()) -> PatternLexicon:
    """The package lexicon plus any user pattern files (same schema), later files first.

    Raises the first problem of the first file that has one (E320-E325).
    """
    package = _package_file()
    sources = [_read_user_file(p) for p in reversed(paths)] + [package]
    for source in sources:
        if source.problems:
            raise source.problems[0]
    lex = PatternLexicon()
    governors: dict[str, set[str]] = {}
    for source in sources:
        classes = {**package.classes, **source.classes}
        for kind, raw, line in source.patterns:
            pattern = _compile(kind, raw, classes, f"{source.name}:{line}")
            table = lex.verbs if kind == "verb" else lex.nouns
            for lemma in pattern.lemmas:
                table.setdefault(lemma, []).append(pattern)
                words = tuple(lemma.split())
                if kind == "noun" and len(words) > 1:
                    lex.noun_phrases.setdefault(words[-1], []).append(words)
        for family, lemmas in source.governors.items():
            governors.setdefault(family, set()).update(lemmas)
        for sector, nouns in source.victims.items():
            for noun in nouns:
                words = tuple(noun.lower().split())
                lex.victims.setdefault(words[-1], []).append((words, sector))
        lex.event_references = lex.event_references | frozenset(
            w.lower() for w in source.event_references
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
