"""Ingest speed, for ``lanner bench``: documents per second and a ratio to a baseline.

The baseline is the least any JSONL reader must do (read the lines, parse the JSON, hash
the text), measured in the same run on the same file, so the ratio says what cleaning,
furniture removal and the language check cost on this machine.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from lanner.ingest.readers import read_documents
from lanner.records import Document, content_id

__all__ = ["bench_ingest"]

# Lanner's own filler sentences; varied so that no two documents are equal.
_SENTENCES = (
    "Officials in {place} said on {day} that talks on the disputed border would resume.",
    "The defence ministry in {place} announced joint exercises with a neighbouring state.",
    "Protesters gathered outside the parliament in {place} on {day}, police said.",
    "A delegation from {place} met foreign ministers to discuss trade and security.",
)
_PLACES = ("Dushanbe", "Bishkek", "Tashkent", "Astana", "Ashgabat", "Kabul")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _synthetic_lines(documents: int) -> list[str]:
    lines = []
    for number in range(documents):
        paragraphs = [
            " ".join(
                sentence.format(place=_PLACES[(number + k) % 6], day=_DAYS[(number * k) % 5])
                for k, sentence in enumerate(_SENTENCES)
            )
            for _ in range(3)
        ]
        text = f"Report {number}.\n\n" + "\n\n".join(paragraphs) + "\n\nShare this article"
        lines.append(json.dumps({"id": f"b{number}", "text": text, "published": "2020-01-01"}))
    return lines


def bench_ingest(documents: int = 2000) -> dict[str, float]:
    """Read ``documents`` synthetic JSONL documents; return timings and the baseline ratio."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.jsonl"
        path.write_text("\n".join(_synthetic_lines(documents)) + "\n", encoding="utf-8")

        start = time.perf_counter()
        with path.open(encoding="utf-8") as stream:
            for line in stream:
                content_id(json.loads(line)["text"])
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        read = sum(isinstance(r, Document) for r in read_documents([str(path)]))
        elapsed = time.perf_counter() - start
    return {
        "documents": float(read),
        "seconds": elapsed,
        "documents_per_second": read / elapsed if elapsed else 0.0,
        "baseline_seconds": baseline,
        "ratio_to_baseline": elapsed / baseline if baseline else 0.0,
    }
