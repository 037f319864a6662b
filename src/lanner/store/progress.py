"""A one-line progress bar for long ingests: documents/s, events/s and an ETA, on stderr.

Silent when asked to be quiet or when stderr is not a terminal, so logs and pipes stay clean.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """Call :meth:`update` after each document and :meth:`close` at the end."""

    def __init__(
        self,
        total: int | None = None,
        *,
        enabled: bool | None = None,
        stream: TextIO | None = None,
        min_interval: float = 0.2,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.total = total
        self.min_interval = min_interval
        self.documents = 0
        self.events = 0
        self._start = time.monotonic()
        self._last_draw = 0.0
        self._width = 0

    def update(self, documents: int = 1, events: int = 0) -> None:
        self.documents += documents
        self.events += events
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw >= self.min_interval:
            self._last_draw = now
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        """The text of the bar, e.g. ``[#####     ] 50/100 docs  12.0 docs/s  30.5 events/s  ETA 4s``."""
        elapsed = max((now if now is not None else time.monotonic()) - self._start, 1e-9)
        doc_rate = self.documents / elapsed
        event_rate = self.events / elapsed
        rates = f"{doc_rate:.1f} docs/s  {event_rate:.1f} events/s"
        if self.total:
            done = min(self.documents / self.total, 1.0)
            filled = int(done * 20)
            remaining = (self.total - self.documents) / doc_rate if doc_rate > 0 else 0.0
            return (
                f"[{'#' * filled}{' ' * (20 - filled)}] {self.documents}/{self.total} docs  "
                f"{rates}  ETA {_duration(remaining)}"
            )
        return f"{self.documents} docs  {rates}"

    def _draw(self, now: float) -> None:
        text = self.line(now)
        pad = max(self._width - len(text), 0)
        self._width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = max(int(seconds), 0)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{(seconds % 3600) // 60:02d}m"
