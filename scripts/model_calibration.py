"""Calibration of the shipped model's trigger probabilities on the held-out training share.

Re-creates the held-out 10% of the team corpus exactly as `lanner train` chose it (same seed,
same order), runs the shipped ONNX model (no torch) and prints, for P(event) at every word
piece: the expected calibration error over 10 bins, and the reliability table.

Usage: python scripts/model_calibration.py [--seed 13]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lanner.events.learned import get_model  # noqa: E402
from lanner.train.data import build_examples, held_out_indices  # noqa: E402


def held_out(seed: int, share: float = 0.1) -> list[object]:
    examples = build_examples(ROOT, None, include_gold=True)
    return [examples[i] for i in sorted(held_out_indices(examples, random.Random(seed), share))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    model = get_model()
    probs: list[float] = []
    truth: list[int] = []
    for ex in held_out(args.seed):
        (scores,) = model.score([ex.text])  # type: ignore[attr-defined]
        spans = [(t.start, t.end) for t in ex.triggers]  # type: ignore[attr-defined]
        for p, (s, e) in enumerate(scores.offsets):
            if e <= s:
                continue
            probs.append(float(1.0 - scores.trigger[p, 0]))
            truth.append(int(any(s < te and e > ts for ts, te in spans)))
    prob = np.array(probs)
    label = np.array(truth)
    bins = np.minimum((prob * 10).astype(int), 9)
    ece = 0.0
    print("bin        pieces  mean P  observed")
    for b in range(10):
        mask = bins == b
        if not mask.any():
            continue
        conf, acc = prob[mask].mean(), label[mask].mean()
        ece += mask.mean() * abs(conf - acc)
        print(f"{b / 10:.1f}-{(b + 1) / 10:.1f}  {mask.sum():7d}  {conf:6.3f}  {acc:8.3f}")
    print(f"pieces {len(prob)}, events {label.sum()}, ECE {ece:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
