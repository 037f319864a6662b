"""The learned coder's network: one MiniLM encoder pass, five small heads.

* ``trigger``: per word piece, no event (0) or the CAMEO root (1-20) of the event it triggers;
* ``code``: per word piece, the CAMEO code (read only at trigger pieces);
* ``args``: a biaffine score for every (trigger piece, argument piece) pair and role
  (source, target): the argument head scores the sentence's actor mentions for each trigger;
* ``roots``: the sentence's CAMEO roots (multi-label), trained also on sentences without spans;
* ``plover``: the sentence's PLOVER event type, trained on the NGEC synthetic stories.

All heads share one encoder pass, so the exported ONNX graph answers everything at once.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from transformers import AutoModel

__all__ = ["CoderNet", "ARG_DIM"]

ARG_DIM = 128


class CoderNet(nn.Module):  # type: ignore[misc]
    def __init__(self, encoder_dir: str, n_codes: int, n_plover: int) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(encoder_dir)
        hidden = int(self.encoder.config.hidden_size)
        self.dropout = nn.Dropout(0.1)
        self.trigger = nn.Linear(hidden, 21)
        self.code = nn.Linear(hidden, n_codes)
        self.roots = nn.Linear(hidden, 20)
        self.plover = nn.Linear(hidden, n_plover)
        self.arg_query = nn.Linear(hidden, 2 * ARG_DIM)
        self.arg_key = nn.Linear(hidden, 2 * ARG_DIM)

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        out = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
        states = self.dropout(out.last_hidden_state)  # [B, T, H]
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        batch, length, _ = states.shape
        query = self.arg_query(states).view(batch, length, 2, ARG_DIM).permute(0, 2, 1, 3)
        key = self.arg_key(states).view(batch, length, 2, ARG_DIM).permute(0, 2, 1, 3)
        args = torch.matmul(query, key.transpose(-1, -2)) / math.sqrt(ARG_DIM)  # [B, 2, T, T]
        return (
            self.trigger(states),
            self.code(states),
            args,
            self.roots(pooled),
            self.plover(pooled),
        )
