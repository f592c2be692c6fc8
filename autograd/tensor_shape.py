"""Table entries that move entries around without arithmetic: reshape, transpose, indexing,
concatenate and stack.

Each is linear and its Jacobian a 0/1 matrix, so the jvp applies the same move to the tangent
and the vjp applies the inverse move to the adjoint (the transpose of the 0/1 matrix): reshape
back, transpose by the inverse permutation, scatter into zeros (adding where an index repeats),
split.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd.tensor_rules import Array, TensorPrimitive


def _reshape_value(x: Array, shape: tuple[int, ...]) -> tuple[Array, None]:
    try:
        return x.reshape(shape), None
    except ValueError:
        raise ValueError(f"reshape: cannot reshape a tensor of shape {x.shape} ({x.size} entries) "
                         f"into shape {shape}") from None


RESHAPE = TensorPrimitive("reshape", _reshape_value,
                          lambda node, g: (g.reshape(node.inputs[0].data.shape),),
                          lambda node, ts: ts[0].reshape(node.data.shape),  # type: ignore[union-attr]
                          "y = x viewed as a new shape;  gx = g viewed as x's shape;  t = tx reshaped")


def _transpose_value(x: Array, axes: tuple[int, ...] | None) -> tuple[Array, tuple[int, ...]]:
    n = x.ndim
    axes = tuple(range(n))[::-1] if axes is None else axes
    if len(axes) != n or not all(isinstance(a, (int, np.integer)) and -n <= a < n for a in axes) \
            or len({a % n for a in axes}) != n:
        raise ValueError(f"transpose: axes {axes} are not a permutation of the {n} axes of a "
                         f"tensor of shape {x.shape}")
    axes = tuple(int(a) % n for a in axes)
    return x.transpose(axes), axes


TRANSPOSE = TensorPrimitive("transpose", _transpose_value,
                            lambda node, g: (g.transpose(np.argsort(node.ctx)),),
                            lambda node, ts: ts[0].transpose(node.ctx),  # type: ignore[union-attr]
                            "y = x with axes permuted by π;  gx = g permuted by π^-1;  t = tx permuted by π")


def _is_basic(index: Any) -> bool:
    """True for an index of ints, slices, None and Ellipsis: each entry is picked at most once."""
    parts = index if isinstance(index, tuple) else (index,)
    return all(p is None or p is Ellipsis or isinstance(p, (int, np.integer, slice)) and
               not isinstance(p, bool) for p in parts)


def _getitem_value(x: Array, index: Any) -> tuple[Array, tuple[Any, bool]]:
    try:
        out = x[index]
    except IndexError as error:
        raise IndexError(f"getitem: index {index!r} is invalid for a tensor of shape {x.shape}: "
                         f"{error}") from None
    return np.asarray(out), (index, _is_basic(index))


def _getitem_vjp(node: Any, g: Array) -> tuple[Array]:
    x = node.inputs[0].data
    index, basic = node.ctx
    gx = np.zeros_like(x, dtype=g.dtype)
    if basic:
        gx[index] = g
    else:
        np.add.at(gx, index, g)  # an entry picked twice gets both adjoints
    return (gx,)


GETITEM = TensorPrimitive("getitem", _getitem_value, _getitem_vjp,
                          lambda node, ts: np.asarray(ts[0][node.ctx[0]]),  # type: ignore[index]
                          "y = x[index];  gx = zeros with gx[index] += g;  t = tx[index]")


# ----------------------------------------------------------------------------- n-ary


def _check_join(op: str, xs: Sequence[Array], axis: int, stack: bool) -> int:
    if not xs:
        raise ValueError(f"{op}: needs at least one tensor, got none")
    ndim = xs[0].ndim + (1 if stack else 0)
    if not -ndim <= axis < ndim:
        raise ValueError(f"{op}: axis {axis} is out of range for the shapes {[x.shape for x in xs]}")
    return axis % ndim


def _concatenate_value(*xs: Array, axis: int) -> tuple[Array, tuple[int, list[int]]]:
    axis = _check_join("concatenate", xs, axis, False)
    try:
        out = np.concatenate(xs, axis=axis)
    except ValueError:
        raise ValueError(f"concatenate: shapes {[x.shape for x in xs]} differ off axis {axis}") from None
    return out, (axis, np.cumsum([x.shape[axis] for x in xs[:-1]]).tolist())


def _concatenate_vjp(node: Any, g: Array) -> list[Array | None]:
    axis, offsets = node.ctx
    parts = np.split(g, offsets, axis=axis)
    return [part if x.requires_grad else None for x, part in zip(node.inputs, parts)]


def _zero_filled(node: Any, ts: Sequence[Array | None]) -> list[Array]:
    return [np.zeros_like(x.data) if t is None else t for x, t in zip(node.inputs, ts)]


CONCATENATE = TensorPrimitive("concatenate", _concatenate_value, _concatenate_vjp,
                              lambda node, ts: np.concatenate(_zero_filled(node, ts), axis=node.ctx[0]),
                              "y = [x_1, ..., x_n] along an axis;  gx_i = the i-th block of g;  "
                              "t = [tx_1, ..., tx_n]")


def _stack_value(*xs: Array, axis: int) -> tuple[Array, int]:
    axis = _check_join("stack", xs, axis, True)
    if len({x.shape for x in xs}) != 1:
        raise ValueError(f"stack: needs tensors of one shape, got shapes {[x.shape for x in xs]}")
    return np.stack(xs, axis=axis), axis


def _stack_vjp(node: Any, g: Array) -> list[Array | None]:
    lead = (slice(None),) * node.ctx
    return [g[lead + (i,)] if x.requires_grad else None for i, x in enumerate(node.inputs)]


STACK = TensorPrimitive("stack", _stack_value, _stack_vjp,
                        lambda node, ts: np.stack(_zero_filled(node, ts), axis=node.ctx),
                        "y[..., i, ...] = x_i along a new axis;  gx_i = g[..., i, ...];  "
                        "t = stack(tx_i)")

ENTRIES = (RESHAPE, TRANSPOSE, GETITEM, CONCATENATE, STACK)

__all__ = ["RESHAPE", "TRANSPOSE", "GETITEM", "CONCATENATE", "STACK", "ENTRIES"]
