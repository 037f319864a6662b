"""Fuzz the dictionary parsers: PETRARCH/TABARI actors and agents, and Lanner YAML.

    python fuzz/fuzz_dictionaries.py -max_total_time=600

The bytes go through the file readers (``import_petrarch``, ``load_lexicon(dict_files=)``)
one time in four and straight to the text parsers otherwise (faster, same parsing).
Expected: entries and W2xx warnings, or a coded E2xx error; never another exception.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import atheris  # noqa: E402
from _harness import check, run, scratch_file  # noqa: E402

with atheris.instrument_imports(include=["lanner"]):
    from lanner.actors import import_petrarch, load_lexicon
    from lanner.actors.build import package_sector_codes
    from lanner.actors.loading import parse_yaml_dictionary
    from lanner.actors.petrarch import parse_petrarch
    from lanner.errors import LannerError, LannerWarning

PETRARCH_FILE = scratch_file(".actors")
YAML_FILE = scratch_file(".yaml")
SECTORS = frozenset(package_sector_codes())


def _check_problems(problems: list[LannerError | LannerWarning]) -> None:
    for problem in problems:
        check(isinstance(problem, LannerError | LannerWarning), f"problem {problem!r}")
        check(problem.code[:2] in ("E2", "W2"), f"problem with a foreign code: {problem}")


def one_input(data: bytes) -> None:
    if len(data) < 1:
        return
    mode, body = data[0] % 8, data[1:]
    text = body.decode("utf-8", errors="replace")
    kind = "actors" if mode % 2 == 0 else "agents"
    try:
        if mode < 4:
            entries, warnings = parse_petrarch(text, "fuzz.actors", kind)
            _check_problems(list(warnings))
            check(all(e.phrase and e.code for e in entries), "entry without phrase or code")
        elif mode < 6:
            parsed = parse_yaml_dictionary(text, "fuzz.yaml", set(SECTORS))
            _check_problems(list(parsed.problems))
            check(all(e.phrase and all(e.phrase) for e in parsed.entries), "empty phrase")
        elif mode == 6:
            PETRARCH_FILE.write_bytes(body)
            entries, warnings = import_petrarch(str(PETRARCH_FILE), "actors")
            _check_problems(list(warnings))
        else:
            YAML_FILE.write_bytes(body)
            lexicon = load_lexicon(dict_files=[str(YAML_FILE)])
            _check_problems(list(lexicon.warnings))
    except LannerError as exc:
        check(exc.code[:2] == "E2", f"dictionary error with a foreign code: {exc}")


if __name__ == "__main__":
    run(one_input, "dictionaries")
