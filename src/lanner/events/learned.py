"""The learned coder at run time: the shipped int8 ONNX model, run with onnxruntime.

No torch here. The model (``lanner/events/model/``: ``coder.onnx``, ``tokenizer.json``,
``labels.json``) is loaded on first use, once per process, and run in batches of sentences.
For each sentence it gives, per word piece, the probability of triggering an event of each
CAMEO root and of each CAMEO code, and for every (trigger piece, other piece) pair the
probability that the other piece is in the trigger's source or target. ``lanner train``
rebuilds it (docs/model.md).
"""

from __future__ import annotations

import bisect
import functools
import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from lanner.errors import LannerError

__all__ = ["LearnedModel", "SentenceScores", "get_model", "model_dir"]


def model_dir() -> Path:
    """The folder of the shipped model (``LANNER_MODEL_DIR`` overrides it, for retrained models)."""
    override = os.environ.get("LANNER_MODEL_DIR")
    if override:
        return Path(override)
    return Path(str(files("lanner.events").joinpath("model")))


@dataclass
class SentenceScores:
    """Model outputs for one sentence, aligned to character offsets within it."""

    offsets: list[tuple[int, int]]  # per word piece; (0, 0) for special pieces
    trigger: np.ndarray  # [T, 21]: no event, roots 01..20
    code: np.ndarray  # [T, C]
    args: np.ndarray  # [2, T, T]: source, target
    roots: np.ndarray  # [20]
    plover: np.ndarray  # [P]
    trigger_logits: np.ndarray  # [T, 21], for recalibration
    codes: Sequence[str] = ()  # the code head's labels
    _starts: list[int] | None = field(default=None, repr=False)
    _real: list[tuple[int, int, int]] = field(default_factory=list, repr=False)

    def pieces(self, start: int, end: int) -> list[int]:
        """Word pieces overlapping the character span [start, end)."""
        if self._starts is None:
            real = [(s, e, i) for i, (s, e) in enumerate(self.offsets) if e > s]
            self._starts = [s for s, _, _ in real]
            self._real = real
        # pieces are in text order: start from the last piece that begins before `end`
        hi = bisect.bisect_left(self._starts, end)
        out: list[int] = []
        for _s, e, i in reversed(self._real[:hi]):
            if e <= start:
                break
            out.append(i)
        return out[::-1]

    def best_code(self, piece: int, root: str) -> tuple[str, float]:
        """The most probable code within ``root`` at a word piece."""
        mask = _root_mask(tuple(self.codes), root)
        if not mask.any():
            return root + "0", 0.0
        probs = np.where(mask, self.code[piece], -1.0)
        best = int(probs.argmax())
        return self.codes[best], float(probs[best])


class LearnedModel:
    """The ONNX coder network and its tokenizer; thread-safe, batch inference."""

    def __init__(self, folder: Path, threads: int | None = None) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - both are core dependencies
            raise LannerError("E311", path=str(folder), reason=str(exc)) from None
        try:
            self.labels: dict[str, Any] = json.loads(
                (folder / "labels.json").read_text(encoding="utf-8")
            )
            self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
            options.inter_op_num_threads = 1
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            # no busy-waiting between sentences: the coder's own Python work runs in between
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            self.session = ort.InferenceSession(
                str(folder / "coder.onnx"), options, providers=["CPUExecutionProvider"]
            )
        except (OSError, ValueError, RuntimeError) as exc:
            raise LannerError("E311", path=str(folder), reason=str(exc)) from None
        except Exception as exc:  # onnxruntime raises its own exception types
            raise LannerError("E311", path=str(folder), reason=str(exc)) from None
        self.max_length = int(self.labels.get("max_length", 128))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_length)
        self.roots: list[str] = list(self.labels["roots"])
        self.codes: list[str] = list(self.labels["codes"])
        self.plover_names: list[str] = list(self.labels["plover"])
        self.temperature = float(self.labels.get("trigger_temperature", 1.0))
        self._lock = threading.Lock()

    def score(self, sentences: Sequence[str], batch_size: int = 32) -> list[SentenceScores]:
        out: list[SentenceScores] = []
        for k in range(0, len(sentences), batch_size):
            out.extend(self._score_batch(sentences[k : k + batch_size]))
        return out

    def _score_batch(self, sentences: Sequence[str]) -> list[SentenceScores]:
        if not sentences:
            return []
        encodings = self.tokenizer.encode_batch(list(sentences))
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), length), dtype=np.int64)
        mask = np.zeros((len(encodings), length), dtype=np.int64)
        for i, e in enumerate(encodings):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = 1
        with self._lock:
            trig, code, args, roots, plover, logits = self.session.run(
                None, {"input_ids": ids, "attention_mask": mask}
            )
        if self.temperature != 1.0:
            z = logits / self.temperature
            z = np.exp(z - z.max(-1, keepdims=True))
            trig = z / z.sum(-1, keepdims=True)
        out = []
        for i, e in enumerate(encodings):
            n = len(e.ids)
            out.append(
                SentenceScores(
                    offsets=[tuple(o) for o in e.offsets],  # type: ignore[misc]
                    trigger=trig[i, :n],
                    code=code[i, :n],
                    args=args[i, :, :n, :n],
                    roots=roots[i],
                    plover=plover[i],
                    trigger_logits=logits[i, :n],
                    codes=self.codes,
                )
            )
        return out


@functools.cache
def _root_mask(codes: tuple[str, ...], root: str) -> np.ndarray:
    return np.array([c.startswith(root) for c in codes], dtype=bool)


@functools.cache
def get_model() -> LearnedModel:
    """The process-wide model, loaded on first use."""
    return LearnedModel(model_dir())
