"""Operations on several Tensors, or on a Tensor and plain data: concatenate, stack and the
fused softmax cross-entropy loss (each one node of the tensor table)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd import tensor_table as T
from autograd.tensor import Tensor, apply, lift


def _tensors(xs: Sequence[Any], op: str) -> tuple[Tensor, ...]:
    if isinstance(xs, (Tensor, np.ndarray)) or not isinstance(xs, Sequence):
        raise TypeError(f"{op}: expected a list or tuple of Tensors, got {type(xs).__name__}")
    like = next((x for x in xs if isinstance(x, Tensor)), None)
    return tuple(
        x if isinstance(x, Tensor) else lift(x, like, op) if like is not None else Tensor(x) for x in xs
    )


def concatenate(tensors: Sequence[Any], axis: int = 0) -> Tensor:
    """The tensors joined along an existing ``axis`` (``torch.cat``, ``jnp.concatenate``)."""
    return apply(T.CONCATENATE, _tensors(tensors, "concatenate"), axis=axis)


def stack(tensors: Sequence[Any], axis: int = 0) -> Tensor:
    """Tensors of one shape joined along a new ``axis``."""
    return apply(T.STACK, _tensors(tensors, "stack"), axis=axis)


def cross_entropy(logits: Tensor, targets: Any, reduction: str = "mean") -> Tensor:
    """Softmax cross-entropy from logits (n, C) and integer class targets (n,), one fused node:
    mean_i [logsumexp(z_i) - z_i[t_i]], with gradient (softmax(z) - onehot(t)) / n (as PyTorch's
    ``F.cross_entropy``; ``reduction`` "mean", "sum" or "none")."""
    if not isinstance(logits, Tensor):
        logits = Tensor(logits)
    return apply(T.CROSS_ENTROPY, (logits,), targets=targets, reduction=reduction)


__all__ = ["concatenate", "stack", "cross_entropy"]
