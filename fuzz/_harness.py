"""Shared plumbing for the atheris harnesses in this folder.

Each ``fuzz_<target>.py`` defines ``one_input(data: bytes)`` that feeds the bytes to one
Lanner entry point and raises :class:`UnexpectedResult` when the answer is neither a valid
result nor a coded error. ``run(one_input)`` hands it to libFuzzer with sane defaults:

    python fuzz/fuzz_html.py -max_total_time=600 -rss_limit_mb=2048 -timeout=10

Any libFuzzer flag may be given; ``-timeout`` (seconds per input, a hang) and
``-rss_limit_mb`` (memory) are added when absent, crash inputs go to ``fuzz/artifacts/``,
the seeds in ``fuzz/corpus/<target>/`` start the run, and what libFuzzer finds
goes to ``$TMPDIR/lanner-fuzz-corpus/<target>/`` (kept between runs).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

FUZZ_DIR = Path(__file__).resolve().parent
DEFAULT_FLAGS = {"-timeout": "10", "-rss_limit_mb": "2048"}


class UnexpectedResult(AssertionError):
    """The target returned something that is neither a valid result nor a coded error."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise UnexpectedResult(message)


def scratch_file(suffix: str) -> Path:
    """One reusable file per process, in RAM when /dev/shm exists (fast, no disk wear)."""
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    folder = Path(tempfile.mkdtemp(prefix="lanner-fuzz-", dir=base))
    return folder / f"input{suffix}"


def check_reader_results(results: Iterable[object]) -> None:
    """Every result of ``read_documents`` is a Document or an ingest-coded InputFailure."""
    from lanner.ingest import InputFailure
    from lanner.records import Document

    for result in results:
        if isinstance(result, InputFailure):
            check(result.code[:2] in ("E1", "W1"), f"failure with a foreign code: {result}")
            check("unexpected" not in str(result), f"reader bug caught by the guard: {result}")
        elif isinstance(result, Document):
            check(bool(result.text.strip()), "document with empty text")
        else:
            raise UnexpectedResult(f"read_documents yielded {type(result).__name__}")


def run(one_input: Callable[[bytes], None], target: str) -> None:
    import atheris

    argv = list(sys.argv)
    for flag, value in DEFAULT_FLAGS.items():
        if not any(arg.startswith(flag + "=") for arg in argv[1:]):
            argv.append(f"{flag}={value}")
    artifacts = FUZZ_DIR / "artifacts" / target
    artifacts.mkdir(parents=True, exist_ok=True)
    if not any(arg.startswith("-artifact_prefix=") for arg in argv[1:]):
        argv.append(f"-artifact_prefix={artifacts}{os.sep}")
    seeds = FUZZ_DIR / "corpus" / target
    if not any(not a.startswith("-") for a in argv[1:]):
        # libFuzzer adds what it finds to the first folder: a scratch one, so the seeds
        # in the repository stay as written.
        work = Path(tempfile.gettempdir()) / "lanner-fuzz-corpus" / target
        work.mkdir(parents=True, exist_ok=True)
        argv.append(str(work))
        if seeds.is_dir():
            argv.append(str(seeds))
    atheris.Setup(argv, one_input)
    atheris.Fuzz()
