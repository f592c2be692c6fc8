"""Table entries for reductions over axes: sum, mean and max (``axis`` None, an int or a tuple;
``keepdims`` as numpy).

A reduction's vjp puts the adjoint back on every entry that fed it: sum broadcasts g over the
reduced axes, mean broadcasts g / count, and max sends g to the entries equal to the maximum,
shared equally between ties (as ``torch.amax`` and ``jax.numpy.max``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd.tensor_rules import Array, TensorPrimitive, keep_axes, normalize_axes

Reduced = tuple[tuple[int, ...], bool]


def _spread(node: Any, g: Array) -> Array:
    """g with the reduced axes restored, broadcast (a read-only view) to the input's shape."""
    axes, keepdims = node.ctx
    return np.broadcast_to(keep_axes(g, axes, keepdims), node.inputs[0].data.shape)


def _sum_value(x: Array, axis: Any, keepdims: bool) -> tuple[Array, Reduced]:
    axes = normalize_axes("sum", axis, x.shape)
    return x.sum(axis=axes, keepdims=keepdims), (axes, keepdims)


def _sum_jvp(node: Any, ts: Sequence[Array | None]) -> Array:
    axes, keepdims = node.ctx
    return ts[0].sum(axis=axes, keepdims=keepdims)  # type: ignore[union-attr]


SUM = TensorPrimitive("sum", _sum_value, lambda node, g: (_spread(node, g),), _sum_jvp,
                      "y = sum_axes x;  gx = g broadcast over the axes;  t = sum_axes tx")


def _count(op: str, x: Array, axes: tuple[int, ...]) -> int:
    count = math.prod(x.shape[a] for a in axes)
    if count == 0:
        raise ValueError(f"{op}: reduces over an empty axis of a tensor of shape {x.shape}")
    return count


def _mean_value(x: Array, axis: Any, keepdims: bool) -> tuple[Array, Reduced]:
    axes = normalize_axes("mean", axis, x.shape)
    _count("mean", x, axes)
    return x.mean(axis=axes, keepdims=keepdims), (axes, keepdims)


def _mean_vjp(node: Any, g: Array) -> tuple[Array]:
    x = node.inputs[0].data
    return (_spread(node, g * (1.0 / _count("mean", x, node.ctx[0]))),)


def _mean_jvp(node: Any, ts: Sequence[Array | None]) -> Array:
    axes, keepdims = node.ctx
    return ts[0].mean(axis=axes, keepdims=keepdims)  # type: ignore[union-attr]


MEAN = TensorPrimitive("mean", _mean_value, _mean_vjp, _mean_jvp,
                       "y = sum_axes x / n;  gx = g / n broadcast over the axes;  t = mean_axes tx")


def _max_value(x: Array, axis: Any, keepdims: bool) -> tuple[Array, Reduced]:
    axes = normalize_axes("max", axis, x.shape)
    _count("max", x, axes)
    return x.max(axis=axes, keepdims=keepdims), (axes, keepdims)


def _max_share(node: Any) -> Array:
    """1/k on the k entries equal to their slice's maximum, 0 elsewhere."""
    x = node.inputs[0].data
    axes, keepdims = node.ctx
    share = (x == keep_axes(node.data, axes, keepdims)).astype(x.dtype)
    share /= share.sum(axis=axes, keepdims=True)
    return share


def _max_jvp(node: Any, ts: Sequence[Array | None]) -> Array:
    axes, keepdims = node.ctx
    return (ts[0] * _max_share(node)).sum(axis=axes, keepdims=keepdims)


MAX = TensorPrimitive("max", _max_value,
                      lambda node, g: (keep_axes(g, *node.ctx) * _max_share(node),), _max_jvp,
                      "y = max_axes x;  gx = g 1{x = y} / #ties;  t = sum_axes 1{x = y} tx / #ties")

ENTRIES = (SUM, MEAN, MAX)

__all__ = ["SUM", "MEAN", "MAX", "ENTRIES"]
