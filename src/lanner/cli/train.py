"""``lanner train``: rebuild the learned coder from the team's corpus and the shared sets."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from lanner.errors import LannerError

__all__ = ["register_cli", "train_command"]


def register_cli(sub: Any) -> None:
    p = sub.add_parser(
        "train",
        help="rebuild the learned coder (needs the [train] extra: torch, transformers)",
        description="Fine-tune all-MiniLM-L6-v2 on the training sources (docs/model.md), "
        "calibrate it, and export it as int8 ONNX with its tokenizer and labels.",
    )
    p.add_argument("--project", type=Path, default=Path("."), help="folder holding corpus/")
    p.add_argument(
        "--shared",
        type=Path,
        default=None,
        help="folder of the shared data sets (CAMEO codebook, NGEC); default ../shared if present",
    )
    p.add_argument(
        "-o", "--out", type=Path, default=None, help="output folder (default: the package model)"
    )
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--ngec-limit", type=int, default=800, help="NGEC stories to use (0 = none)")
    p.add_argument("--max-steps", type=int, default=None, help="stop after N steps (smoke test)")
    p.add_argument(
        "--threads", type=int, default=1, help="torch threads (1 is fastest on a busy machine)"
    )
    p.set_defaults(func=train_command)


def train_command(args: argparse.Namespace) -> int:
    try:
        from lanner.train.loop import TrainConfig, train_model
    except ImportError as exc:
        raise LannerError("E312", reason=str(exc)) from None
    from lanner.events.learned import model_dir
    from lanner.train.data import build_examples

    shared = args.shared
    if shared is None and (args.project / ".." / "shared").is_dir():
        shared = args.project / ".." / "shared"
    examples = build_examples(
        args.project, shared, ngec_limit=args.ngec_limit or None, include_gold=True
    )
    if not args.ngec_limit:
        examples = [e for e in examples if not e.origin.startswith("ngec")]
    out = args.out or model_dir()
    config = TrainConfig(
        epochs=args.epochs, seed=args.seed, max_steps=args.max_steps, threads=args.threads
    )
    meta = train_model(examples, out, config)
    print(
        json.dumps(
            {
                k: meta[k]
                for k in ("examples", "held_out", "held_out_metrics", "trigger_temperature")
            }
        )
    )
    print(f"model written to {out}")
    return 0
