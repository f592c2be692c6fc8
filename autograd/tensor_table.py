"""The tensor-only entries, gathered: what is not elementwise (matmul, reductions along axes,
reshapes and indexing, the softmax family along an axis, cross-entropy), each keeping its value
rule, vector-Jacobian product and Jacobian-vector product side by side. Everything elementwise
comes from the one table, ``autograd.primitives``.

Composite operations need no entry of their own: ``var``, ``std`` and ``prod`` below are
written with the entries, so their derivatives (of any order) come from them.
"""

from __future__ import annotations

from typing import Any

from autograd import primitives as P
from autograd import tensor_matmul, tensor_reductions, tensor_shape, tensor_softmax
from autograd.tensor_axes import count, normalize_axes
from autograd.tensor_matmul import MATMUL
from autograd.tensor_reductions import MAX, MEAN, MIN, SUM
from autograd.tensor_shape import (
    BROADCAST_TO,
    CONCATENATE,
    CUMSUM,
    GETITEM,
    INDEX_ADD,
    RESHAPE,
    STACK,
    TRANSPOSE,
    WHERE,
)
from autograd.tensor_softmax import CROSS_ENTROPY, LOG_SOFTMAX, LOGSUMEXP, SOFTMAX

TABLE = {
    p.name: p
    for module in (tensor_matmul, tensor_reductions, tensor_shape, tensor_softmax)
    for p in module.ENTRIES
}
P.TENSOR_ONLY.update(TABLE)


def var(x: Any, axis: Any = None, keepdims: bool = False, ddof: int = 0) -> Any:
    """sum (x - mean x)² / (n - ddof) over ``axis``."""
    axes = normalize_axes("var", axis, x.shape)
    n = count("var", x.shape, axes)
    if n - ddof <= 0:
        raise ValueError(f"var: needs more than ddof={ddof} entries per slice, got {n}")
    d = x - x.mean(axis=axes, keepdims=True)
    return (d * d).sum(axis=axes, keepdims=keepdims) / float(n - ddof)


def prod(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """prod over ``axis``: a chain of products, so the derivative is exact where entries are 0."""
    axes = normalize_axes("prod", axis, x.shape)
    rest = tuple(a for a in range(x.ndim) if a not in axes)
    moved = x.transpose(axes + rest) if axes + rest != tuple(range(x.ndim)) else x
    flat = moved.reshape((-1,) + tuple(x.shape[a] for a in rest))
    out = flat.sum(axis=0) * 0.0 + 1.0 if flat.shape[0] == 0 else flat[0]
    for i in range(1, flat.shape[0]):
        out = out * flat[i]
    if keepdims:
        out = out.reshape(tuple(1 if a in axes else n for a, n in enumerate(x.shape)))
    return out


__all__ = [
    "TABLE",
    "MATMUL",
    "SUM",
    "MEAN",
    "MAX",
    "MIN",
    "RESHAPE",
    "TRANSPOSE",
    "BROADCAST_TO",
    "GETITEM",
    "INDEX_ADD",
    "CONCATENATE",
    "STACK",
    "CUMSUM",
    "WHERE",
    "LOGSUMEXP",
    "SOFTMAX",
    "LOG_SOFTMAX",
    "CROSS_ENTROPY",
    "var",
    "prod",
]
