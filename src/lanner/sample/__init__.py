"""Lanner's bundled sample corpus: fictional news reports that `lanner demo` codes and ingests.

The corpus (``corpus.jsonl``) tells one invented multi-month story in Central Asia, China and
Russia courting Tajikistan (and, less, Kyrgyzstan) from January to August 2025, plus a few
background reports from other regions. ``expected.json`` is its answer key: the rivalry, the
foreign installations with their status histories, the alert-worthy spikes, the stories and the
near-duplicate wire copies that the analysis views should find. ``README.md`` tells the story.

Nothing is read at import time; the files are opened through :mod:`importlib.resources` when a
function is called, so the corpus also works from a wheel or a zip.
"""

from __future__ import annotations

import json
import pathlib
from importlib import resources
from typing import Any

from lanner.errors import LannerError

__all__ = [
    "SAMPLE_FIELDS",
    "expected_answers",
    "expected_path",
    "load_sample",
    "sample_corpus_path",
]

# Every sample document carries exactly these fields, the keys the JSONL reader understands.
SAMPLE_FIELDS = ("id", "title", "published", "source", "url", "text")

_CORPUS = "corpus.jsonl"
_EXPECTED = "expected.json"


def _package_file(name: str) -> pathlib.Path:
    # The package is installed as plain files (editable or wheel); as_file() would only copy
    # when it lives in a zip, and the demo needs a real path to hand to the ingest stage.
    return pathlib.Path(str(resources.files(__name__).joinpath(name)))


def sample_corpus_path() -> pathlib.Path:
    """Path of the bundled sample corpus, one JSON document per line (``corpus.jsonl``)."""
    return _package_file(_CORPUS)


def expected_path() -> pathlib.Path:
    """Path of the sample corpus's answer key (``expected.json``)."""
    return _package_file(_EXPECTED)


def _read_text(name: str) -> str:
    where = f"lanner/sample/{name}"
    try:
        return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LannerError("E104", path=where) from exc
    except OSError as exc:
        # A wheel built without the package data lands here (see pyproject package-data).
        raise LannerError("E115", path=where, reason=exc.strerror or str(exc)) from exc


def load_sample() -> list[dict[str, Any]]:
    """The sample documents as dicts with the keys in :data:`SAMPLE_FIELDS`, in file order.

    A corrupt line is a packaging bug, not user input, but it still gets a coded error (E107)
    naming the line rather than a bare JSON traceback.
    """
    documents: list[dict[str, Any]] = []
    for number, line in enumerate(_read_text(_CORPUS).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            raise LannerError(
                "E107", path=f"lanner/sample/{_CORPUS}", line=number, reason=str(exc)
            ) from exc
        if not isinstance(value, dict):
            reason = f"found a JSON {type(value).__name__}"
            raise LannerError("E107", path=f"lanner/sample/{_CORPUS}", line=number, reason=reason)
        documents.append(value)
    return documents


def expected_answers() -> dict[str, Any]:
    """The answer key: ``rivalries``, ``installations``, ``alerts``, ``stories``,
    ``near_duplicates`` (see ``README.md`` in this package)."""
    try:
        value = json.loads(_read_text(_EXPECTED))
    except ValueError as exc:
        raise LannerError(
            "E107", path=f"lanner/sample/{_EXPECTED}", line=1, reason=str(exc)
        ) from exc
    if not isinstance(value, dict):
        reason = f"found a JSON {type(value).__name__}"
        raise LannerError("E107", path=f"lanner/sample/{_EXPECTED}", line=1, reason=reason)
    return value
