"""Tensor-only entries for reductions over axes: sum, mean, max and min (``axis`` None, an int
or a tuple; ``keepdims`` as numpy).

A reduction's vjp puts the adjoint back on every entry that fed it: sum broadcasts g over the
reduced axes, mean broadcasts g / n, and max (min) sends g to the entries equal to the result,
shared equally between ties, the one tie rule of the library (as ``torch.amax``, JAX and the
scalar ``autograd.max``).
"""

from __future__ import annotations

from typing import Any

from autograd.primitive import TensorPrimitive, templates
from autograd.tensor_axes import count, keep_axes, normalize_axes

Reduced = tuple[tuple[int, ...], bool]


def _spread(m: Any, ctx: Reduced, x: Any, g: Any) -> Any:
    """g with the reduced axes restored, broadcast to the input's shape."""
    return m.broadcast_to(keep_axes(g, *ctx), x.shape)


def _reducer(op: str, method: str, empty_ok: bool) -> Any:
    def value(x: Any, axis: Any = None, keepdims: bool = False) -> tuple[Any, Reduced]:
        axes = normalize_axes(op, axis, x.shape)
        if not empty_ok:
            count(op, x.shape, axes)
        return getattr(x, method)(axis=axes, keepdims=keepdims), (axes, keepdims)

    return value


def _sum_vjp(m: Any, ctx: Reduced, xs: Any, out: Any, g: Any, needs: Any) -> tuple[Any]:
    return (_spread(m, ctx, xs[0], g),)


def _sum_jvp(m: Any, ctx: Reduced, xs: Any, out: Any, ts: Any) -> Any:
    return ts[0].sum(axis=ctx[0], keepdims=ctx[1])


SUM = TensorPrimitive(
    "sum",
    _reducer("sum", "sum", True),
    _sum_vjp,
    _sum_jvp,
    templates("1"),
    "y = sum_axes x;  gx = g broadcast over the axes;  t = sum_axes tx",
)


def _mean_vjp(m: Any, ctx: Reduced, xs: Any, out: Any, g: Any, needs: Any) -> tuple[Any]:
    return (_spread(m, ctx, xs[0], g * (1.0 / count("mean", xs[0].shape, ctx[0]))),)


def _mean_jvp(m: Any, ctx: Reduced, xs: Any, out: Any, ts: Any) -> Any:
    return ts[0].mean(axis=ctx[0], keepdims=ctx[1])


MEAN = TensorPrimitive(
    "mean",
    _reducer("mean", "mean", False),
    _mean_vjp,
    _mean_jvp,
    templates("1/n"),
    "y = sum_axes x / n;  gx = g / n broadcast over the axes;  t = mean_axes tx",
)


def _share(m: Any, ctx: Reduced, x: Any, out: Any) -> Any:
    """1/k on the k entries equal to their slice's extreme, 0 elsewhere (a constant)."""
    hits = m.equal(x, keep_axes(out, *ctx))
    return hits / hits.sum(axis=ctx[0], keepdims=True)


def _extreme_vjp(m: Any, ctx: Reduced, xs: Any, out: Any, g: Any, needs: Any) -> tuple[Any]:
    return (keep_axes(g, *ctx) * _share(m, ctx, xs[0], out),)


def _extreme_jvp(m: Any, ctx: Reduced, xs: Any, out: Any, ts: Any) -> Any:
    return (ts[0] * _share(m, ctx, xs[0], out)).sum(axis=ctx[0], keepdims=ctx[1])


MAX = TensorPrimitive(
    "max",
    _reducer("max", "max", False),
    _extreme_vjp,
    _extreme_jvp,
    templates("1[{0} = {out}]/#ties"),
    "y = max_axes x;  gx = g 1[x = y] / #ties;  t = sum_axes 1[x = y] tx / #ties",
)
MIN = TensorPrimitive(
    "min",
    _reducer("min", "min", False),
    _extreme_vjp,
    _extreme_jvp,
    templates("1[{0} = {out}]/#ties"),
    "y = min_axes x;  gx = g 1[x = y] / #ties;  t = sum_axes 1[x = y] tx / #ties",
)

ENTRIES = (SUM, MEAN, MAX, MIN)
