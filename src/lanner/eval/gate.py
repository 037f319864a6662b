"""The extraction-quality gate run in CI, in the manner of trafilatura's ``eval_gate.py``.

``eval/baseline.json`` pins a floor for each metric of each gold split, together with the
SHA-256 checksum of the gold corpus the floors were measured on. The gate:

* fails with ``E305`` when the corpus changed since the floors were pinned (floors measured on
  other gold mean nothing), unless the baseline is being updated with a reason;
* fails with ``E304`` for every metric below its floor;
* with ``update_baseline``, raises floors to the current values rounded down to two decimals.
  Floors only go up: a lower value raises ``E306`` unless ``allow_lower`` and a ``reason`` are
  given. Every update is recorded, with its reason, in the baseline's ``history``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lanner.errors import LannerError
from lanner.eval.events import Predictor, evaluate_events
from lanner.eval.gold import gold_files, load_gold

__all__ = [
    "DEFAULT_BASELINE",
    "DEFAULT_GOLD",
    "GATED_METRICS",
    "GATED_SPLITS",
    "GateResult",
    "corpus_checksum",
    "gate_metrics",
    "read_baseline",
    "run_gate",
]

DEFAULT_BASELINE = Path("eval/baseline.json")
DEFAULT_GOLD: tuple[Path, ...] = (Path("corpus/gold"),)
GATED_SPLITS = ("test", "dev")
GATED_METRICS = (
    "precision",
    "recall",
    "f1",
    "cameo_accuracy",
    "plover_accuracy",
    "factuality_accuracy",
    "date_accuracy",
    "location_accuracy",
)
_EPSILON = 1e-9


@dataclass
class GateResult:
    metrics: dict[str, float]
    floors: dict[str, float]
    checksum: str
    failures: list[LannerError] = field(default_factory=list)
    changes: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.passed,
            "checksum": self.checksum,
            "metrics": self.metrics,
            "floors": self.floors,
            "failures": [f.to_dict() for f in self.failures],
            "changes": {k: list(v) for k, v in self.changes.items()},
        }


def corpus_checksum(gold_paths: Iterable[str | Path]) -> str:
    """SHA-256 over the gold files' relative paths and contents, in sorted path order."""
    entries: list[tuple[str, bytes]] = []
    for root in map(Path, gold_paths):
        for path in gold_files([root]):
            rel = path.relative_to(root).as_posix() if root.is_dir() else path.name
            entries.append((rel, path.read_bytes()))
    digest = hashlib.sha256()
    for rel, content in sorted(entries):
        digest.update(rel.encode("utf-8") + b"\0")
        digest.update(content + b"\0")
    return digest.hexdigest()


def read_baseline(path: str | Path) -> dict[str, Any]:
    """The baseline file; an absent file is an empty baseline (nothing pinned yet)."""
    path = Path(path)
    if not path.exists():
        return {"checksum": None, "floors": {}, "history": []}
    try:
        baseline = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LannerError("E390", path=str(path), reason=str(exc)) from exc
    if not isinstance(baseline, dict) or not isinstance(baseline.get("floors", {}), dict):
        raise LannerError("E390", path=str(path), reason="expected an object with 'floors'")
    floors = baseline.setdefault("floors", {})
    if not all(isinstance(v, int | float) for v in floors.values()):
        raise LannerError("E390", path=str(path), reason="every floor must be a number")
    baseline.setdefault("checksum", None)
    baseline.setdefault("history", [])
    return baseline


def gate_metrics(
    gold_paths: Sequence[str | Path],
    predict: Predictor | None = None,
    splits: Sequence[str] = GATED_SPLITS,
) -> dict[str, float]:
    """``{"test.f1": ..., "dev.recall": ...}`` for every gated metric of every non-empty split."""
    docs = load_gold(gold_paths)
    metrics: dict[str, float] = {}
    for split in splits:
        subset = [d for d in docs if d.split == split]
        if not subset:
            continue
        figures = evaluate_events(subset, predict).metrics()
        metrics.update({f"{split}.{k}": v for k, v in figures.items() if k in GATED_METRICS})
    if not metrics:
        raise LannerError("E391", paths=", ".join(map(str, gold_paths)), splits=", ".join(splits))
    return metrics


def _floor2(value: float) -> float:
    """Round down to two decimals, so that a floor never sits above the value it came from."""
    return math.floor(value * 100 + _EPSILON) / 100


def run_gate(
    baseline_path: str | Path = DEFAULT_BASELINE,
    gold_paths: Sequence[str | Path] | None = None,
    predict: Predictor | None = None,
    *,
    update_baseline: bool = False,
    allow_lower: bool = False,
    reason: str | None = None,
    today: str | None = None,
) -> GateResult:
    """Check (or, with ``update_baseline``, raise) the floors in ``baseline_path``.

    ``gold_paths`` defaults to the baseline's ``gold_paths``, else ``corpus/gold``. Raises
    ``E305``/``E306``/``E390``/``E391`` for problems that stop the gate from running; metrics
    below their floors come back as ``E304`` errors in ``GateResult.failures``.
    """
    reason = (reason or "").strip() or None
    baseline = read_baseline(baseline_path)
    if gold_paths is None:
        gold_paths = [Path(p) for p in baseline.get("gold_paths") or DEFAULT_GOLD]
    floors: dict[str, float] = {k: float(v) for k, v in baseline["floors"].items()}
    checksum = corpus_checksum(gold_paths)
    old_checksum = baseline.get("checksum")
    corpus_changed = old_checksum != checksum
    if corpus_changed and not (update_baseline and reason):
        raise LannerError("E305", old=(old_checksum or "none")[:12], new=checksum[:12])
    if allow_lower and not (update_baseline and reason):
        raise LannerError("E306", metric="any metric")

    metrics = gate_metrics(gold_paths, predict)
    result = GateResult(metrics=metrics, floors=floors, checksum=checksum)
    if update_baseline:
        result.changes = _raise_floors(floors, metrics, allow_lower=allow_lower)
        if result.changes or corpus_changed:
            _write_baseline(baseline_path, baseline, floors, checksum, result, reason, today)
    for name, floor in sorted(floors.items()):
        value = metrics.get(name, 0.0)
        if value + _EPSILON < floor:
            result.failures.append(LannerError("E304", metric=name, value=value, floor=floor))
    return result


def _raise_floors(
    floors: dict[str, float], metrics: dict[str, float], *, allow_lower: bool
) -> dict[str, tuple[float | None, float | None]]:
    """Move ``floors`` (in place) to the current values; lowering needs ``allow_lower``."""
    changes: dict[str, tuple[float | None, float | None]] = {}
    lowered: list[str] = []
    for name in sorted(set(floors) | set(metrics)):
        old = floors.get(name)
        new = _floor2(metrics[name]) if name in metrics else None
        if new is not None and (old is None or new > old):
            changes[name] = (old, new)
        elif old is not None and (new is None or new < old):
            lowered.append(name)
            changes[name] = (old, new)
    if lowered and not allow_lower:
        raise LannerError("E306", metric=lowered[0])
    for name, (_, new) in changes.items():
        if new is None:
            del floors[name]  # the metric is gone (its split or field has no data)
        else:
            floors[name] = new
    return changes


def _write_baseline(
    path: str | Path,
    baseline: dict[str, Any],
    floors: dict[str, float],
    checksum: str,
    result: GateResult,
    reason: str | None,
    today: str | None,
) -> None:
    entry = {
        "date": today or _dt.date.today().isoformat(),
        "reason": reason or "floors raised",
        "checksum": checksum,
        "changes": {k: list(v) for k, v in sorted(result.changes.items())},
    }
    baseline = dict(baseline)
    baseline["checksum"] = checksum
    baseline["floors"] = dict(sorted(floors.items()))
    baseline["history"] = [*baseline.get("history", []), entry]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
