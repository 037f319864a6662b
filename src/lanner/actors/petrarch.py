"""Import PETRARCH/TABARI actor and agent dictionaries, and write Lanner YAML dictionaries.

Supported actor-file syntax (see docs/dictionaries.md for the full list):

* ``NAME_WITH_UNDERSCORES [CODE]`` - a main entry; words joined by ``_`` or spaces; a trailing
  ``_`` (TABARI's "stop" marker) is dropped, stems are matched as whole words.
* ``+SYNONYM`` lines add phrases to the entry above.
* code blocks on the entry line or on indented lines below it: ``[CODE]``,
  ``[CODE >YYMMDD]`` (from), ``[CODE <YYMMDD]`` (until), ``[CODE YYMMDD-YYMMDD]``; dates have
  6 or 8 digits, two-digit years below 30 are 20xx. Several blocks may share one line.
  Dated codes apply within their period (bounds inclusive); the first undated code applies
  outside all of them. ``[---]`` is the null code: the phrase is recognised but is no actor.
* comments: ``#`` to end of line, lines starting with ``;``, and ``<!-- ... -->`` blocks
  (also the ``<! -- ... -->`` variant), which may span lines.

Agent files: ``NOUN [~CODE]`` (sector after a country) or ``[CODE~]`` (before it), explicit
plurals ``NOUN {PLURAL ...} [~CODE]`` (``{}``: no plural; otherwise the regular plural is
generated), and substitution sets ``!PERSON! = MAN, MEN, ...`` expanded inside nouns.

Anything else is reported as W201 with its line number; nothing is dropped silently.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from lanner.actors.codes import default_periods, noun_plural, split_cameo_code
from lanner.actors.lexicon import ActorEntry, phrase_tokens
from lanner.actors.loading import read_text
from lanner.errors import LannerError, LannerWarning

__all__ = ["NULL_CODE", "import_petrarch", "parse_petrarch", "write_dictionary"]

NULL_CODE = "---"
_BLOCK = re.compile(r"\[([^\[\]]*)\]")
_CODE = re.compile(
    r"^\s*(?P<code>[A-Za-z0-9~]+|---|\+\+\+)\s*"
    r"(?:(?P<op>[<>])\s*(?P<d1>\d{6}|\d{8})|(?P<lo>\d{6}|\d{8})\s*-\s*(?P<hi>\d{6}|\d{8}))?\s*$"
)
_SUBSTITUTION = re.compile(r"^\s*(![A-Za-z0-9_]+!)\s*=\s*(.+)$")
# Bounds on !SET! expansion in agent files (see _Importer.expand).
_MAX_SUBSTITUTION_DEPTH = 8
_MAX_EXPANSIONS = 1000


@dataclass
class _Record:
    """One main entry while it is being read: its phrases and its code blocks."""

    line: int
    phrases: list[tuple[str, int]] = field(default_factory=list)
    codes: list[tuple[str, str | None, str | None, int]] = field(default_factory=list)


class _Importer:
    def __init__(self, path: str, kind: str, sectors: set[str]) -> None:
        self.path = path
        self.kind = kind
        self.sectors = sectors
        self.entries: list[ActorEntry] = []
        self.warnings: list[LannerWarning] = []
        self.substitutions: dict[str, list[str]] = {}
        self.reported: set[tuple[int, str]] = set()
        self.code_parts: dict[str, tuple[str | None, str | None, str | None]] = {}

    def warn(self, line: int, reason: str) -> None:
        self.warnings.append(
            LannerWarning("W201", {"path": self.path, "line": line, "reason": reason})
        )

    # -- lines --------------------------------------------------------------------------
    def content_lines(self, text: str) -> Iterable[tuple[int, str]]:
        """Lines with comments removed, numbered from 1."""
        in_comment = False
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw
            if in_comment:
                if "-->" not in line:
                    continue
                line = line.split("-->", 1)[1]
                in_comment = False
            while "<!" in line:
                start = _comment_start(line)
                if start < 0:
                    break
                end = line.find("-->", start)
                if end < 0:
                    line, in_comment = line[:start], True
                    break
                line = line[:start] + line[end + 3 :]
            line = line.split("#", 1)[0].rstrip()
            if line.lstrip().startswith(";") or not line.strip():
                continue
            yield number, line

    def parse_code(self, block: str, line: int) -> tuple[str, str | None, str | None] | None:
        m = _CODE.match(block)
        if m is None:
            self.warn(line, f"cannot read code block [{block.strip()}]")
            return None
        code = m["code"].upper()
        if code == "+++" or "~" in code:
            self.warn(line, f"code [{block.strip()}] is not an actor code; entry skipped")
            return None
        lo = hi = None
        if m["op"]:
            bound = _petrarch_date(m["d1"])
            if bound is None:
                self.warn(line, f"invalid date {m['d1']!r} in [{block.strip()}]")
                return None
            lo, hi = (bound, None) if m["op"] == ">" else (None, bound)
        elif m["lo"]:
            lo, hi = _petrarch_date(m["lo"]), _petrarch_date(m["hi"])
            if lo is None or hi is None or lo > hi:
                self.warn(line, f"invalid period in [{block.strip()}]")
                return None
        return code, lo, hi

    def split_blocks(self, line: str, number: int) -> tuple[str, list[str]] | None:
        """(text before the first block, code blocks); None when brackets do not balance."""
        if "[" not in line and "]" not in line:
            return line, []
        head = line.split("[", 1)[0]
        blocks = _BLOCK.findall(line)
        rest = _BLOCK.sub("", line[len(head) :]).strip()
        if rest or line.count("[") != line.count("]"):
            self.warn(
                number, f"cannot read {line.strip()!r}: unbalanced brackets or text after a code"
            )
            return None
        return head, blocks

    # -- actors -------------------------------------------------------------------------
    def read_actors(self, text: str) -> None:
        record: _Record | None = None
        for number, line in self.content_lines(text):
            parts = self.split_blocks(line, number)
            if parts is None:
                continue
            head, blocks = parts
            stripped = head.strip()
            if stripped.startswith("+") or (line[:1] in " \t" and not stripped and blocks):
                if record is None:
                    self.warn(number, "synonym or code block before any entry")
                    continue
            elif stripped:
                if line[:1] in " \t":
                    self.warn(
                        number, f"indented text {stripped!r} is neither a synonym nor a code block"
                    )
                    continue
                self.finish(record)
                record = _Record(number)
            if record is None:
                continue
            if stripped:
                record.phrases.append((stripped.lstrip("+").strip(), number))
            for block in blocks:
                code = self.parse_code(block, number)
                if code is not None:
                    record.codes.append((*code, number))
        self.finish(record)

    def finish(self, record: _Record | None) -> None:
        if record is None:
            return
        if not record.codes:
            main = record.phrases[0][0]
            self.warn(record.line, f"entry {main!r} has no code")
            for synonym, line in record.phrases[1:]:
                self.warn(line, f"synonym {synonym!r} of {main!r} has no code")
            return
        dated = [c for c in record.codes if c[1] or c[2]]
        undated = [c for c in record.codes if not (c[1] or c[2])]
        if len(undated) > 1:
            self.warn(undated[1][3], f"more than one undated code; {undated[0][0]} is the default")
        periods = list(dated)
        if undated:
            for lo, hi in default_periods([(c[1], c[2]) for c in dated]):
                periods.append((undated[0][0], lo, hi, undated[0][3]))
        for phrase_text, phrase_line in record.phrases:
            phrase = _phrase(phrase_text)
            if not phrase:
                self.warn(phrase_line, f"entry {phrase_text!r} has no words")
                continue
            for code, lo, hi, _ in periods:
                self.entries.append(self.actor_entry(phrase, code, lo, hi, phrase_line))

    def actor_entry(
        self, phrase: tuple[str, ...], code: str, lo: str | None, hi: str | None, line: int
    ) -> ActorEntry:
        parts = self.code_parts.get(code)
        if parts is None:
            parts = (
                (None, None, None) if code == NULL_CODE else split_cameo_code(code, self.sectors)
            )
            self.code_parts[code] = parts
        country, sector, igo = parts
        return ActorEntry(
            phrase=phrase,
            kind="igo" if code.startswith("IGO") else "named",
            code=code,
            country=country,
            sector=sector,
            igo=igo,
            valid_from=lo,
            valid_to=hi,
            origin=f"{self.path}:{line}",
        )

    # -- agents -------------------------------------------------------------------------
    def read_agents(self, text: str) -> None:
        for number, line in self.content_lines(text):
            sub = _SUBSTITUTION.match(line)
            if sub:
                self.substitutions[sub[1].upper()] = [
                    w.strip().upper() for w in sub[2].split(",") if w.strip()
                ]
                continue
            parts = self.split_blocks(line, number)
            if parts is None:
                continue
            head, blocks = parts
            if len(blocks) != 1 or not head.strip():
                self.warn(number, f"an agent line needs one noun and one [~CODE]: {line.strip()!r}")
                continue
            noun, plurals = _braces(head)
            if noun is None:
                self.warn(number, f"cannot read plural braces in {head.strip()!r}")
                continue
            block = blocks[0].strip()
            if block.count("~") != 1:
                self.warn(number, f"agent code [{block}] needs one '~' (e.g. [~GOV] or [NGO~])")
                continue
            code = block.replace("~", "").strip().upper()
            if not code.isalnum():
                self.warn(number, f"cannot read agent code [{block}]")
                continue
            forms = [noun] + (
                plurals if plurals is not None else [noun_plural(noun.replace("_", " "))]
            )
            for form in forms:
                for expanded in self.expand(form, number):
                    phrase = _phrase(expanded)
                    if phrase:
                        self.entries.append(
                            ActorEntry(
                                phrase=phrase,
                                kind="attacker" if code.startswith("UAF") else "sector",
                                code=code,
                                sector=code[:3],
                                origin=f"{self.path}:{number}",
                            )
                        )

    def expand(self, form: str, line: int, depth: int = 0) -> list[str]:
        """Replace ``!SET!`` markers by each member of the substitution set.

        Bounded: a set whose members name the set again would recurse for ever, and
        many markers multiply (10 sets of 10 give 10^10 forms). Real files nest two
        deep and give at most 16 forms.
        """
        m = re.search(r"![A-Za-z0-9_]+!", form)
        if m is None:
            return [form]
        members = self.substitutions.get(m[0].upper())
        if members is None or depth >= _MAX_SUBSTITUTION_DEPTH:
            if (line, m[0]) not in self.reported:  # once, not once per plural form
                self.reported.add((line, m[0]))
                self.warn(
                    line,
                    f"unknown substitution set {m[0]}"
                    if members is None
                    else f"substitution set {m[0]} nests over {_MAX_SUBSTITUTION_DEPTH} deep"
                    " (does a set name itself?)",
                )
            return []
        out: list[str] = []
        for member in members:
            out.extend(self.expand(form[: m.start()] + member + form[m.end() :], line, depth + 1))
            if len(out) > _MAX_EXPANSIONS:
                if (line, "") not in self.reported:
                    self.reported.add((line, ""))
                    self.warn(
                        line, f"substitution sets give over {_MAX_EXPANSIONS} forms; rest skipped"
                    )
                return out[:_MAX_EXPANSIONS]
        return out


def _phrase(text: str) -> tuple[str, ...]:
    """Tokens of a dictionary phrase. PETRARCH files are in capitals; they are lowercased
    before tokenizing so that "GT._BRIT" splits like "Gt. Brit" in running text would."""
    return phrase_tokens(text.replace("_", " ").lower())


def _comment_start(line: str) -> int:
    """Index of an HTML-style comment opener (``<!--`` or ``<! --``), or -1."""
    m = re.search(r"<!\s*--", line)
    return m.start() if m else -1


def _braces(head: str) -> tuple[str | None, list[str] | None]:
    """(noun, explicit plurals or None) from ``NOUN {PLURAL ...}``."""
    if "{" not in head and "}" not in head:
        return head.strip(), None
    m = re.match(r"^\s*([^{}]+?)\s*\{([^{}]*)\}\s*$", head)
    if m is None:
        return None, None
    return m[1], [p for p in re.split(r"[\s,]+", m[2]) if p]


@functools.lru_cache(maxsize=65536)
def _petrarch_date(digits: str) -> str | None:
    if len(digits) == 6:
        yy = int(digits[:2])
        digits = ("20" if yy < 30 else "19") + digits
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])).isoformat()
    except ValueError:
        return None


def parse_petrarch(
    text: str, path: str, kind: str, sectors: set[str] | None = None
) -> tuple[list[ActorEntry], list[LannerWarning]]:
    """Entries and W201 warnings from the text of an actor (``kind="actors"``) or agent file."""
    if kind not in ("actors", "agents"):
        raise LannerError(
            "E203",
            path=path,
            reason=f"unknown PETRARCH dictionary kind {kind!r} (use actors or agents)",
        )
    if sectors is None:
        from lanner.actors.package import package_sector_codes

        sectors = package_sector_codes()
    importer = _Importer(path, kind, sectors)
    if kind == "actors":
        importer.read_actors(text)
    else:
        importer.read_agents(text)
    return importer.entries, importer.warnings


def import_petrarch(path: str, kind: str) -> tuple[list[ActorEntry], list[LannerWarning]]:
    """Read a PETRARCH/TABARI ``.actors`` or ``.agents`` file; E203 if it cannot be read."""
    return parse_petrarch(read_text(path), str(path), kind)


def write_dictionary(entries: Iterable[ActorEntry], path: str | Path) -> None:
    """Write entries as a Lanner YAML dictionary that loads back to the same entries.

    Actor entries sharing code and period become one actor with aliases; sector entries
    become agent groups with ``plural: none`` (their plurals are already listed).
    """
    from lanner.actors.package import package_sector_codes

    known = package_sector_codes()
    actors: dict[tuple[Any, ...], list[str]] = {}
    agents: dict[tuple[str, str, str], list[str]] = {}
    new_sectors: set[str] = set()
    for e in entries:
        surface = " ".join(e.phrase)
        if e.kind in ("sector", "attacker"):
            sector = e.sector or e.code[:3]
            if sector not in known:
                new_sectors.add(sector)
            _append_unique(agents.setdefault((sector, e.code, e.kind), []), surface)
        else:
            key = (e.kind, e.code, e.igo, e.members, e.valid_from, e.valid_to)
            _append_unique(actors.setdefault(key, []), surface)
    doc: dict[str, Any] = {}
    if new_sectors:
        doc["sectors"] = [{"code": s, "description": "imported"} for s in sorted(new_sectors)]
    if agents:
        doc["agents"] = [
            {"sector": sector, "code": code, "kind": kind, "plural": "none", "nouns": nouns}
            for (sector, code, kind), nouns in agents.items()
        ]
    if actors:
        doc["actors"] = []
        for (kind, code, igo, members, lo, hi), phrases in actors.items():
            item: dict[str, Any] = {"name": phrases[0]}
            if phrases[1:]:
                item["aliases"] = phrases[1:]
            item["kind"] = kind
            item["code"] = code
            if igo:
                item["igo"] = igo
            if members:
                item["members"] = list(members)
            if lo:
                item["from"] = lo
            if hi:
                item["to"] = hi
            doc["actors"].append(item)
    text = "# Lanner dictionary (docs/dictionaries.md), written by lanner.actors.write_dictionary\n"
    text += yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    Path(path).write_text(text, encoding="utf-8")


def _append_unique(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)
