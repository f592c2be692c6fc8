"""Tensor-only entries that move entries around without arithmetic: reshape, transpose,
broadcast, indexing (and its adjoint, index_add), concatenate, stack, cumsum and where.

Each is linear in its differentiable inputs and its Jacobian a 0/1 matrix, so the jvp applies
the same move to the tangent and the vjp the transposed move to the adjoint: reshape back,
transpose by the inverse permutation, sum over broadcast axes, scatter into zeros (adding where
an index repeats), split, a reversed cumulative sum. The moves are written against the
namespace ``m``, so on Tensors they record the graph (derivatives of any order).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd.primitive import TensorPrimitive, templates


def _reshape_value(x: Any, shape: tuple[int, ...]) -> tuple[Any, None]:
    try:
        return x.reshape(shape), None
    except ValueError:
        raise ValueError(
            f"reshape: cannot reshape a tensor of shape {x.shape} ({x.size} entries) into shape {shape}"
        ) from None


RESHAPE = TensorPrimitive(
    "reshape",
    _reshape_value,
    lambda m, ctx, xs, out, g, needs: (g.reshape(xs[0].shape),),
    lambda m, ctx, xs, out, ts: ts[0].reshape(out.shape),
    templates("reshape"),
    "y = x viewed as a new shape;  gx = g viewed as x's shape;  t = tx reshaped",
)


def _transpose_value(x: Any, axes: tuple[int, ...] | None = None) -> tuple[Any, tuple[int, ...]]:
    n = x.ndim
    axes = tuple(range(n))[::-1] if axes is None else tuple(axes)
    if (
        len(axes) != n
        or not all(isinstance(a, (int, np.integer)) and -n <= a < n for a in axes)
        or len({a % n for a in axes}) != n
    ):
        raise ValueError(
            f"transpose: axes {axes} are not a permutation of the {n} axes of a tensor of shape {x.shape}"
        )
    axes = tuple(int(a) % n for a in axes)
    return x.transpose(axes), axes


TRANSPOSE = TensorPrimitive(
    "transpose",
    _transpose_value,
    lambda m, axes, xs, out, g, needs: (g.transpose(tuple(np.argsort(axes))),),
    lambda m, axes, xs, out, ts: ts[0].transpose(axes),
    templates("ᵀ"),
    "y = x with axes permuted by π;  gx = g permuted by π⁻¹;  t = tx permuted by π",
)


def _broadcast_value(x: Any, shape: tuple[int, ...]) -> tuple[Any, None]:
    try:
        return np.broadcast_to(x, shape), None
    except ValueError:
        raise ValueError(f"broadcast_to: cannot broadcast shape {x.shape} to {shape}") from None


BROADCAST_TO = TensorPrimitive(
    "broadcast_to",
    _broadcast_value,
    lambda m, ctx, xs, out, g, needs: (m.unbroadcast(g, xs[0].shape),),
    lambda m, ctx, xs, out, ts: m.broadcast_to(ts[0], out.shape),
    templates("Σ over copies"),
    "y = x repeated along new or size-1 axes;  gx = g summed over the copies;  t = tx repeated",
)


def is_basic(index: Any) -> bool:
    """True for an index of ints, slices, None and Ellipsis: each entry is picked at most once."""
    parts = index if isinstance(index, tuple) else (index,)
    return all(
        p is None or p is Ellipsis or isinstance(p, (int, np.integer, slice)) and not isinstance(p, bool)
        for p in parts
    )


def _getitem_value(x: Any, index: Any) -> tuple[Any, tuple[Any, bool]]:
    try:
        out = x[index]
    except IndexError as error:
        raise IndexError(
            f"getitem: index {index!r} is invalid for a tensor of shape {x.shape}: {error}"
        ) from None
    return np.asarray(out), (index, is_basic(index))


GETITEM = TensorPrimitive(
    "getitem",
    _getitem_value,
    lambda m, ctx, xs, out, g, needs: (m.index_add(g, ctx[0], xs[0].shape, ctx[1]),),
    lambda m, ctx, xs, out, ts: m.getitem(ts[0], ctx[0]),
    templates("scatter"),
    "y = x[index];  gx = zeros with gx[index] += g;  t = tx[index]",
)


def _index_add_value(g: Any, index: Any, shape: tuple[int, ...], basic: bool) -> tuple[Any, Any]:
    out = np.zeros(shape, dtype=g.dtype)
    if basic:
        out[index] = g
    else:
        np.add.at(out, index, g)
    return out, (index, shape, basic)


INDEX_ADD = TensorPrimitive(
    "index_add",
    _index_add_value,
    lambda m, ctx, xs, out, g, needs: (m.getitem(g, ctx[0]),),
    lambda m, ctx, xs, out, ts: m.index_add(ts[0], *ctx),
    templates("gather"),
    "y = zeros with y[index] += x (the adjoint of indexing);  gx = g[index];  t = zeros with t[index] += tx",
)


# ----------------------------------------------------------------------------- n-ary


def _check_join(op: str, xs: Sequence[Any], axis: int, stack: bool) -> int:
    if not xs:
        raise ValueError(f"{op}: needs at least one tensor, got none")
    ndim = xs[0].ndim + (1 if stack else 0)
    if not -ndim <= axis < ndim:
        raise ValueError(f"{op}: axis {axis} is out of range for the shapes {[x.shape for x in xs]}")
    return axis % ndim


def _zero_filled(m: Any, xs: Sequence[Any], ts: Sequence[Any]) -> list[Any]:
    return [m.zeros(x.shape, x) if t is None else t for x, t in zip(xs, ts)]


def _concatenate_value(*xs: Any, axis: int = 0) -> tuple[Any, tuple[int, list[int]]]:
    axis = _check_join("concatenate", xs, axis, False)
    try:
        out = np.concatenate(xs, axis=axis)
    except ValueError:
        raise ValueError(f"concatenate: shapes {[x.shape for x in xs]} differ off axis {axis}") from None
    return out, (axis, np.cumsum([0] + [x.shape[axis] for x in xs]).tolist())


def _concatenate_vjp(m: Any, ctx: Any, xs: Any, out: Any, g: Any, needs: Any) -> list[Any]:
    axis, edges = ctx
    lead = (slice(None),) * axis
    return [
        m.getitem(g, lead + (slice(edges[i], edges[i + 1]),)) if need else None
        for i, need in enumerate(needs)
    ]


CONCATENATE = TensorPrimitive(
    "concatenate",
    _concatenate_value,
    _concatenate_vjp,
    lambda m, ctx, xs, out, ts: m.concatenate(_zero_filled(m, xs, ts), ctx[0]),
    lambda names, out: tuple(f"block {i + 1}" for i in range(len(names))),
    "y = [x_1, ..., x_n] along an axis;  gx_i = the i-th block of g;  t = [tx_1, ..., tx_n]",
)


def _stack_value(*xs: Any, axis: int = 0) -> tuple[Any, int]:
    axis = _check_join("stack", xs, axis, True)
    if len({x.shape for x in xs}) != 1:
        raise ValueError(f"stack: needs tensors of one shape, got shapes {[x.shape for x in xs]}")
    return np.stack(xs, axis=axis), axis


STACK = TensorPrimitive(
    "stack",
    _stack_value,
    lambda m, axis, xs, out, g, needs: [
        m.getitem(g, (slice(None),) * axis + (i,)) if need else None for i, need in enumerate(needs)
    ],
    lambda m, axis, xs, out, ts: m.stack(_zero_filled(m, xs, ts), axis),
    lambda names, out: tuple(f"slice {i}" for i in range(len(names))),
    "y[..., i, ...] = x_i along a new axis;  gx_i = g[..., i, ...];  t = stack(tx_i)",
)


def _cumsum_value(x: Any, axis: int = 0) -> tuple[Any, int]:
    if x.ndim == 0:
        raise ValueError("cumsum: needs a tensor of at least one dimension, got a 0-d tensor")
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"cumsum: axis {axis} is out of range for a tensor of shape {x.shape}")
    axis = axis % x.ndim
    return np.cumsum(x, axis=axis), axis


def _reverse(m: Any, g: Any, axis: int) -> Any:
    return m.getitem(g, (slice(None),) * axis + (slice(None, None, -1),))


CUMSUM = TensorPrimitive(
    "cumsum",
    _cumsum_value,
    lambda m, axis, xs, out, g, needs: (_reverse(m, m.cumsum(_reverse(m, g, axis), axis), axis),),
    lambda m, axis, xs, out, ts: m.cumsum(ts[0], axis),
    templates("1[j ≤ i]"),
    "y_i = sum_{j <= i} x_j along an axis;  gx_j = sum_{i >= j} g_i;  t = cumsum tx",
)


def _where_value(a: Any, b: Any, cond: Any) -> tuple[Any, Any]:
    try:
        return np.where(cond, a, b), cond
    except ValueError:
        raise ValueError(
            f"where: shapes {np.shape(cond)}, {a.shape} and {b.shape} do not broadcast together"
        ) from None


def _where_vjp(m: Any, cond: Any, xs: Any, out: Any, g: Any, needs: Any) -> list[Any]:
    a, b = xs
    zero = m.zeros((), g)
    return [
        m.unbroadcast(m.where(cond, g, zero), a.shape) if needs[0] else None,
        m.unbroadcast(m.where(cond, zero, g), b.shape) if needs[1] else None,
    ]


def _where_jvp(m: Any, cond: Any, xs: Any, out: Any, ts: Any) -> Any:
    ta, tb = _zero_filled(m, xs, ts)
    return m.broadcast_to(m.where(cond, ta, tb), out.shape)


WHERE = TensorPrimitive(
    "where",
    _where_value,
    _where_vjp,
    _where_jvp,
    templates("1[cond]", "1[not cond]"),
    "y = a where cond else b;  ga = g 1[cond], gb = g 1[not cond];  t = ta where cond else tb",
)

ENTRIES = (RESHAPE, TRANSPOSE, BROADCAST_TO, GETITEM, INDEX_ADD, CONCATENATE, STACK, CUMSUM, WHERE)
