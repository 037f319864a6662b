"""Read Lanner's YAML dictionaries (package data and user files) into actor entries.

One schema serves the package tables and ``--dict FILE`` alike (see docs/dictionaries.md):
top-level sections ``countries``, ``sectors``, ``agents``, ``actors`` and ``groups``. The
YAML is composed into nodes rather than loaded, so every problem names its file and line,
and scalars stay strings (YAML would otherwise turn 2013-03-14 into a date object).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lanner.actors.codes import default_periods, noun_plural, parse_iso_date, split_cameo_code
from lanner.actors.lexicon import KINDS, ActorEntry, CountryInfo, cased_phrase, phrase_tokens
from lanner.errors import LannerError, LannerWarning

__all__ = ["Problem", "ParsedDictionary", "parse_yaml_dictionary"]

Problem = LannerError | LannerWarning

_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_VALUES = frozenset({"", "~", "null", "Null", "NULL"})
_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C composer when libyaml is there


# The keys each section's entries may have (anything else is reported with its line).
_SECTOR_KEYS = ("code", "description")
_AGENT_KEYS = ("sector", "code", "kind", "plural", "nouns")
_GROUP_KEYS = ("name", "aliases", "cased", "code", "members", "region")
_ACTOR_KEYS = (
    "name",
    "aliases",
    "cased",
    "kind",
    "code",
    "country",
    "sector",
    "igo",
    "members",
    "from",
    "to",
    "roles",
)
_COUNTRY_KEYS = (
    "iso3",
    "iso2",
    "capital",
    "name",
    "aliases",
    "cased",
    "adjectives",
    "demonyms",
    "capitals",
    "region",
)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Composes nodes; every scalar is a string or null (no dates, numbers or booleans).

    PyYAML's regex-based tag resolver costs more than composing; Lanner reads every value
    as text anyway, so it only needs to tell null from the rest.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode:
            return _NULL_TAG if implicit[0] and value in _NULL_VALUES else _STR_TAG
        return super().resolve(kind, value, implicit)


SECTIONS = ("countries", "sectors", "agents", "actors", "groups")


@dataclass
class ParsedDictionary:
    """Everything one dictionary file contributes, plus the problems found in it."""

    path: str
    entries: list[ActorEntry] = field(default_factory=list)
    surfaces: list[tuple[tuple[str, ...], str, str]] = field(default_factory=list)
    countries: dict[str, CountryInfo] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sectors: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[LannerError]:
        return [p for p in self.problems if isinstance(p, LannerError)]


class _Reader:
    """Walks composed YAML nodes of one file, recording entries and problems."""

    def __init__(self, path: str, known_sectors: set[str]) -> None:
        self.out = ParsedDictionary(path)
        self.known_sectors = known_sectors
        self.seen: set[tuple[object, ...]] = set()

    # -- node helpers -------------------------------------------------------------------
    def line(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1

    def error(self, node: yaml.Node, reason: str) -> None:
        self.out.problems.append(
            LannerError("E202", path=self.out.path, line=self.line(node), reason=reason)
        )

    def warn(self, node: yaml.Node, reason: str) -> None:
        self.out.problems.append(
            LannerWarning(
                "W201", {"path": self.out.path, "line": self.line(node), "reason": reason}
            )
        )

    def mapping(self, node: yaml.Node, what: str) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values")
            return None
        out: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                self.error(key, f"{what}: keys must be plain words")
                continue
            out[str(key.value)] = value
        return out

    def items(self, node: yaml.Node, what: str) -> Iterator[yaml.Node]:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG:
            return
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list")
            return
        yield from node.value

    def text(self, node: yaml.Node | None, what: str) -> str | None:
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be a single value")
            return None
        value = str(node.value).strip()
        return value or None

    def texts(self, node: yaml.Node | None, what: str) -> list[tuple[str, yaml.Node]]:
        """A scalar or a list of scalars, each with its node for line numbers."""
        if node is None:
            return []
        if isinstance(node, yaml.ScalarNode):
            value = self.text(node, what)
            return [(value, node)] if value else []
        out: list[tuple[str, yaml.Node]] = []
        for item in self.items(node, what):
            value = self.text(item, what)
            if value:
                out.append((value, item))
        return out

    def aliases(self, fields: dict[str, yaml.Node]) -> list[tuple[str, yaml.Node, bool]]:
        """``aliases`` (any case) and ``cased`` (only as written: ``US``, ``WHO``), flagged."""
        return [(a, n, False) for a, n in self.texts(fields.get("aliases"), "aliases")] + [
            (a, n, True) for a, n in self.texts(fields.get("cased"), "cased")
        ]

    def entries(
        self, node: yaml.Node, section: str, what: str, allowed: Iterable[str], key_what: str
    ) -> Iterator[tuple[yaml.Node, dict[str, yaml.Node]]]:
        """Each mapping of a section's list, with unknown keys reported (``what``: 'an actor')."""
        for item in self.items(node, section):
            fields = self.mapping(item, what)
            if fields is not None:
                self.check_keys(fields, set(allowed), item, key_what)
                yield item, fields

    def check_keys(
        self, fields: dict[str, yaml.Node], allowed: set[str], node: yaml.Node, what: str
    ) -> None:
        for key in fields:
            if key not in allowed:
                self.warn(
                    node,
                    f"{what}: unknown key {key!r} ignored (known: {', '.join(sorted(allowed))})",
                )

    def iso3(self, node: yaml.Node | None, what: str) -> str | None:
        value = self.text(node, what)
        if value is None or node is None:
            return None
        if len(value) != 3 or not value.isalpha():
            self.error(node, f"{what} {value!r} is not a 3-letter code")
            return None
        return value.upper()

    def date(self, node: yaml.Node | None, what: str) -> str | None:
        value = self.text(node, what)
        if value is None or node is None:
            return None
        if parse_iso_date(value) is None:
            self.error(node, f"{what} {value!r} is not a YYYY-MM-DD date")
        return parse_iso_date(value)

    def sector(self, node: yaml.Node | None, what: str) -> str | None:
        value = self.text(node, what)
        if value is None or node is None:
            return None
        value = value.upper()
        if value not in self.known_sectors:
            self.out.problems.append(
                LannerError("E204", path=self.out.path, line=self.line(node), unknown=value)
            )
            return None
        return value

    def add(
        self,
        surface: str,
        node: yaml.Node,
        kind: str,
        code: str,
        cased: bool = False,
        **parts: object,
    ) -> None:
        phrase = phrase_tokens(surface)
        if not phrase:
            self.error(node, f"{surface!r} has no words to match")
            return
        if cased:
            if len(phrase) != 1 or not surface.isalnum() or surface.islower():
                self.error(node, f"cased alias {surface!r} must be one word with a capital letter")
                return
            phrase = cased_phrase(surface)
        key = (phrase, kind, code, parts.get("valid_from"), parts.get("valid_to"))
        if key in self.seen:  # e.g. a listed plural that the plural rule also generates
            return
        self.seen.add(key)
        entry = ActorEntry(
            phrase=phrase,
            kind=kind,
            code=code,
            origin=f"{self.out.path}:{self.line(node)}",
            **parts,  # type: ignore[arg-type]
        )
        self.out.entries.append(entry)
        if not cased:
            self.out.surfaces.append((phrase, surface, kind))

    # -- sections -----------------------------------------------------------------------
    def read(self, root: yaml.Node) -> ParsedDictionary:
        top = self.mapping(root, "a dictionary file")
        if top is None:
            return self.out
        for key, node in top.items():
            if key not in SECTIONS:
                self.warn(
                    node, f"unknown section {key!r} ignored (sections: {', '.join(SECTIONS)})"
                )
        # sectors first: agents and actors in the same file may use the codes they declare
        for key in SECTIONS:
            if key in top:
                getattr(self, f"read_{key}")(top[key])
        return self.out

    def read_sectors(self, node: yaml.Node) -> None:
        for item, fields in self.entries(node, "sectors", "a sector", _SECTOR_KEYS, "sector"):
            code = self.text(fields.get("code"), "code")
            if code is None or not code.isalnum():
                self.error(item, "a sector needs a code of letters, e.g. code: GOV")
                continue
            self.known_sectors.add(code.upper())
            self.out.sectors[code.upper()] = (
                self.text(fields.get("description"), "description") or ""
            )

    def read_agents(self, node: yaml.Node) -> None:
        for item, fields in self.entries(node, "agents", "an agent group", _AGENT_KEYS, "agents"):
            sector = self.sector(fields.get("sector"), "sector")
            if sector is None:
                if "sector" not in fields:
                    self.error(item, "an agent group needs a sector, e.g. sector: COP")
                continue
            code = (self.text(fields.get("code"), "code") or sector).upper()
            kind = self.text(fields.get("kind"), "kind") or (
                "attacker" if sector == "UAF" else "sector"
            )
            if kind not in ("sector", "attacker"):
                self.error(item, f"agent kind must be 'sector' or 'attacker', not {kind!r}")
                continue
            plural = (self.text(fields.get("plural"), "plural") or "auto").lower()
            if plural not in ("auto", "none"):
                self.error(item, f"plural must be 'auto' or 'none', not {plural!r}")
                continue
            nouns = self.texts(fields.get("nouns"), "nouns")
            if not nouns:
                self.error(item, "an agent group needs nouns: [...]")
            for noun, noun_node in nouns:
                self.add(noun, noun_node, kind, code, sector=sector)
                if plural == "auto":
                    self.add(noun_plural(noun), noun_node, kind, code, sector=sector)

    def read_actors(self, node: yaml.Node) -> None:
        for item, fields in self.entries(node, "actors", "an actor", _ACTOR_KEYS, "actor"):
            name = self.text(fields.get("name"), "name")
            if name is None:
                self.error(item, "an actor needs a name")
                continue
            kind = self.text(fields.get("kind"), "kind") or "named"
            if kind not in KINDS:
                self.error(item, f"unknown kind {kind!r} (use one of {', '.join(sorted(KINDS))})")
                continue
            members = tuple(
                m
                for m in (
                    self.iso3(n, "member") for _, n in self.texts(fields.get("members"), "members")
                )
                if m
            )
            base = self.role(fields, item)
            roles: list[tuple[dict[str, str | None], yaml.Node]] = []
            role_nodes = self.items(fields["roles"], "roles") if "roles" in fields else iter(())
            for role_node in role_nodes:
                role_fields = self.mapping(role_node, "a role")
                if role_fields is None:
                    continue
                self.check_keys(
                    role_fields,
                    {"code", "country", "sector", "igo", "from", "to"},
                    role_node,
                    "role",
                )
                role = self.role(role_fields, role_node)
                if role is not None:
                    roles.append((role, role_node))
            if base is None and not roles:
                continue
            periods: list[tuple[dict[str, str | None], yaml.Node]] = list(roles)
            if base is not None:
                dated = [(r["from"], r["to"]) for r, _ in roles]
                if base["from"] or base["to"]:
                    periods.append((base, item))
                else:  # the undated code applies where no role does (PETRARCH default rule)
                    for lo, hi in default_periods(dated):
                        periods.append(({**base, "from": lo, "to": hi}, item))
            surfaces = [(name, fields["name"], False)] + self.aliases(fields)
            for role, role_node in periods:
                for surface, surface_node, cased in surfaces:
                    self.add(
                        surface,
                        surface_node if role_node is item else role_node,
                        kind,
                        role["code"] or "",
                        cased=cased,
                        country=role["country"],
                        sector=role["sector"],
                        igo=role["igo"],
                        members=members,
                        valid_from=role["from"],
                        valid_to=role["to"],
                    )
            if members:
                self.out.groups[name] = members
                if base is not None and base["code"]:
                    self.out.groups.setdefault(base["code"], members)

    def role(self, fields: dict[str, yaml.Node], node: yaml.Node) -> dict[str, str | None] | None:
        """Code, country, sector, igo and period from an actor or one of its roles."""
        code = self.text(fields.get("code"), "code")
        country = self.iso3(fields.get("country"), "country")
        sector = self.sector(fields.get("sector"), "sector")
        igo = self.text(fields.get("igo"), "igo")
        valid_from = self.date(fields.get("from"), "from")
        valid_to = self.date(fields.get("to"), "to")
        invalid = [
            k
            for k, v in (
                ("country", country),
                ("sector", sector),
                ("from", valid_from),
                ("to", valid_to),
            )
            if k in fields and v is None and self.text(fields[k], k) is not None
        ]
        if invalid:  # already reported; do not add a second "needs a code" error
            return None
        if valid_from and valid_to and valid_from > valid_to:
            self.error(node, f"period starts ({valid_from}) after it ends ({valid_to})")
            return None
        if code is not None:
            code = code.upper()
            if code != "---" and not code.isalnum():
                self.error(fields["code"], f"code {code!r} must be letters, e.g. CHNGOV")
                return None
            c, s, i = (
                split_cameo_code(code, self.known_sectors) if code != "---" else (None, None, None)
            )
            country, sector, igo = country or c, sector or s, igo or i
        elif country or sector or igo:
            code = (
                (country or "")
                + (f"IGO{igo.upper()}" if igo and not country else "")
                + (sector or "")
            )
        else:
            if "roles" not in fields:
                self.error(node, "an actor needs a code, or a country/sector/igo to build one from")
            return None
        return {
            "code": code,
            "country": country,
            "sector": sector,
            "igo": igo,
            "from": valid_from,
            "to": valid_to,
        }

    def read_groups(self, node: yaml.Node) -> None:
        for item, fields in self.entries(node, "groups", "a group", _GROUP_KEYS, "group"):
            name = self.text(fields.get("name"), "name")
            members = tuple(
                m
                for m in (
                    self.iso3(n, "member") for _, n in self.texts(fields.get("members"), "members")
                )
                if m
            )
            if name is None or not members:
                self.error(item, "a group needs a name and members: [ISO3, ...]")
                continue
            code = (self.text(fields.get("code"), "code") or "REG").upper()
            for surface, surface_node, cased in [(name, fields["name"], False)] + self.aliases(
                fields
            ):
                self.add(surface, surface_node, "group", code, cased=cased, members=members)
                self.out.groups[surface] = members
            if code != "REG":
                self.out.groups[code] = members

    def read_countries(self, node: yaml.Node) -> None:
        for item, fields in self.entries(node, "countries", "a country", _COUNTRY_KEYS, "country"):
            iso3 = self.iso3(fields.get("iso3"), "iso3")
            name = self.text(fields.get("name"), "name")
            if iso3 is None or name is None:
                self.error(item, "a country needs iso3 and name")
                continue
            aliases = self.texts(fields.get("aliases"), "aliases")
            adjectives = self.texts(fields.get("adjectives"), "adjectives")
            demonyms = self.texts(fields.get("demonyms"), "demonyms")
            capitals = self.texts(fields.get("capitals"), "capitals")
            for surface, n, cased in [(name, fields["name"], False)] + self.aliases(fields):
                self.add(surface, n, "state", iso3, cased=cased, country=iso3)
            names = {name} | {a for a, _ in aliases}
            adjective_set = {a for a, _ in adjectives}
            for surface, n in adjectives:
                if surface not in names:  # "New Zealand" is one entry: the state
                    self.add(surface, n, "adjective", iso3, country=iso3)
            for surface, n in demonyms:
                if surface not in adjective_set:  # one entry per phrase: the adjective reading
                    self.add(surface, n, "demonym", iso3, country=iso3)
                plural = demonym_plural(surface)
                if plural is not None:
                    self.add(plural, n, "demonym", iso3, country=iso3)
            for surface, n in capitals:
                self.add(surface, n, "capital", iso3 + "GOV", country=iso3, sector="GOV")
            self.out.countries[iso3] = CountryInfo(
                iso3=iso3,
                iso2=(self.text(fields.get("iso2"), "iso2") or "").upper(),
                name=name,
                capital=self.text(fields.get("capital"), "capital")
                or (capitals[0][0] if capitals else None),
                capitals=tuple(c for c, _ in capitals),
                aliases=tuple(a for a, _ in aliases),
                adjectives=tuple(a for a, _ in adjectives),
                demonyms=tuple(d for d, _ in demonyms),
                region=self.text(fields.get("region"), "region"),
            )


def demonym_plural(demonym: str) -> str | None:
    """'Afghan' -> 'Afghans', 'Frenchman' -> 'Frenchmen'; None for 'Chinese', 'Swiss'."""
    low = demonym.lower()
    if low.endswith(("ese", "ss", "sh", "ch", "x", "s")):
        return None
    if low.endswith("man"):
        return demonym[:-2] + "en"
    return demonym + "s"


def parse_yaml_dictionary(text: str, path: str, known_sectors: set[str]) -> ParsedDictionary:
    """Parse one YAML dictionary. Never raises: problems are returned in ``.problems``.

    ``known_sectors`` grows with the sectors the file declares.
    """
    reader = _Reader(path, known_sectors)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        reader.out.problems.append(
            LannerError("E202", path=path, line=line, reason=f"not valid YAML: {problem}")
        )
        return reader.out
    except (ValueError, RecursionError) as exc:  # e.g. NUL characters the reader rejects
        reader.out.problems.append(LannerError("E203", path=path, reason=str(exc)))
        return reader.out
    if root is None:
        reader.out.problems.append(
            LannerWarning("W201", {"path": path, "line": 1, "reason": "the dictionary is empty"})
        )
        return reader.out
    return reader.read(root)


def read_text(path: str | Path) -> str:
    """A dictionary file's text; E203 when it cannot be read or decoded."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise LannerError("E203", path=str(path), reason=exc.strerror or str(exc)) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")
