"""``lanner dict check FILE``: parse problems, conflicting codes and shadowed phrases.

Reported, each with the file and line of the entry concerned:

* parse problems (E202/E203/E204 for Lanner YAML, W201 for PETRARCH lines that do not parse);
* W202 - the same phrase has different codes in overlapping periods (only the first listed
  is used by a "first wins" coder, so the second is dead or a mistake);
* W203 - a phrase is a sub-phrase of a longer entry (in the file or the package lexicon), so
  wherever the longer phrase occurs the longer entry wins;
* W204 - a phrase of the file replaces the package lexicon's entry for the same phrase.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from lanner.actors.lexicon import ActorEntry
from lanner.actors.loading import Problem, parse_yaml_dictionary, read_text
from lanner.errors import LannerError, LannerWarning

__all__ = ["check_dictionary", "check_entries", "detect_format"]


def detect_format(path: str | Path, text: str) -> str:
    """'yaml', 'actors' or 'agents' (the last two are PETRARCH/TABARI files)."""
    name = Path(path).name.lower()
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    if "agent" in name:
        return "agents"
    head = "\n".join(line for line in text.splitlines()[:400] if not line.lstrip().startswith("#"))
    return "agents" if ("[~" in head or "~]" in head) else "actors"


def check_dictionary(path: str, default: bool = True) -> list[LannerWarning | LannerError]:
    """All problems found in a Lanner YAML or PETRARCH dictionary; never raises for bad input.

    With ``default=True`` phrases are also compared with the package lexicon (W203, W204).
    """
    try:
        text = read_text(path)
    except LannerError as exc:
        return [exc]
    fmt = detect_format(path, text)
    problems: list[Problem] = []
    if fmt == "yaml":
        from lanner.actors.package import package_sector_codes

        parsed = parse_yaml_dictionary(text, str(path), package_sector_codes())
        entries = parsed.entries
        problems.extend(parsed.problems)
    else:
        from lanner.actors.petrarch import parse_petrarch

        entries, warnings = parse_petrarch(text, str(path), fmt)
        problems.extend(warnings)
    baseline: list[ActorEntry] = []
    if default:
        from lanner.actors.build import get_lexicon

        own = Path(path).resolve().as_posix()
        baseline = [
            e for e in get_lexicon().entries if not own.endswith(e.origin.rpartition(":")[0])
        ]
    problems.extend(check_entries(entries, baseline))
    return problems


def check_entries(
    entries: Sequence[ActorEntry], baseline: Sequence[ActorEntry] = ()
) -> list[LannerWarning]:
    """W202 conflicts and W203 shadowing within ``entries``, and W203/W204 against ``baseline``."""
    out: list[LannerWarning] = []
    by_phrase: dict[tuple[str, ...], list[ActorEntry]] = defaultdict(list)
    for e in entries:
        by_phrase[e.phrase].append(e)
    out.extend(_conflicts(by_phrase))
    base_by_phrase: dict[tuple[str, ...], list[ActorEntry]] = defaultdict(list)
    for e in baseline:
        base_by_phrase[e.phrase].append(e)
    out.extend(_shadows(by_phrase, base_by_phrase))
    for phrase, own in by_phrase.items():
        base = base_by_phrase.get(phrase)
        if base:
            out.append(_warning("W204", own[0], coded=base[0].code, other_origin=base[0].origin))
    return out


def _overlap(a: ActorEntry, b: ActorEntry) -> bool:
    """Periods share more than one day (PETRARCH terms often end the day the next begins)."""
    lo = max(a.valid_from or "0000", b.valid_from or "0000")
    hi = min(a.valid_to or "9999", b.valid_to or "9999")
    return lo < hi


def _conflicts(by_phrase: dict[tuple[str, ...], list[ActorEntry]]) -> list[LannerWarning]:
    out: list[LannerWarning] = []
    for group in by_phrase.values():
        if len(group) < 2:
            continue
        reported: set[frozenset[str]] = set()
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                pair = frozenset((first.code, second.code))
                if first.code == second.code or pair in reported or first.kind != second.kind:
                    continue  # "Chinese" as adjective and demonym is one reading, not a conflict
                if _overlap(first, second):
                    reported.add(pair)
                    out.append(
                        _warning(
                            "W202",
                            second,
                            coded=second.code,
                            other=first.code,
                            other_origin=first.origin,
                        )
                    )
    return out


def _shadows(
    by_phrase: dict[tuple[str, ...], list[ActorEntry]],
    base_by_phrase: dict[tuple[str, ...], list[ActorEntry]],
) -> list[LannerWarning]:
    """Phrases of the file that occur inside a longer phrase of the file or the baseline."""
    shadowed: dict[tuple[str, ...], ActorEntry] = {}
    for source in (by_phrase, base_by_phrase):
        for longer, entries in source.items():
            n = len(longer)
            if n < 2:
                continue
            for start in range(n):
                for end in range(start + 1, n + 1):
                    if end - start == n:
                        continue
                    sub = longer[start:end]
                    if sub in by_phrase and sub not in shadowed:
                        shadowed[sub] = entries[0]
    out: list[LannerWarning] = []
    for phrase, longer_entry in shadowed.items():
        out.append(
            _warning(
                "W203",
                by_phrase[phrase][0],
                longer=" ".join(longer_entry.phrase),
                longer_origin=longer_entry.origin,
            )
        )
    return out


def _warning(warning: str, entry: ActorEntry, **fields: object) -> LannerWarning:
    path, _, line = entry.origin.rpartition(":")
    return LannerWarning(
        warning, {"path": path, "line": line, "phrase": " ".join(entry.phrase), **fields}
    )
