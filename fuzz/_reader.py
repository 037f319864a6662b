"""The reader harnesses share this body; each names its suffix and seed fragments."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import atheris  # noqa: E402
from _harness import check_reader_results, run, scratch_file  # noqa: E402

with atheris.instrument_imports(include=["lanner"]):
    from lanner.ingest import read_documents


def reader_main(suffix: str, target: str) -> None:
    path = scratch_file(suffix)
    name = str(path)

    def one_input(data: bytes) -> None:
        path.write_bytes(data)
        # Small limits so the size and line-length checks are reached too.
        results = read_documents([name], max_bytes=3_000, max_line_chars=1_000)
        check_reader_results(results)

    run(one_input, target)
