"""The math namespace of the table for numpy arrays (first-order Tensor work).

The same names as ``autograd.floatmath``, elementwise on arrays, each keeping its input's dtype,
plus what the tensor-only rules use (``unbroadcast``, ``broadcast_to``, ``index_add``,
``stack`` ...). ``autograd.tensormath`` has the same names on Tensors, recording the graph.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

Array = Any

exp = np.exp
log = np.log
sqrt = np.sqrt
sin = np.sin
cos = np.cos
tan = np.tan
asin = np.arcsin
acos = np.arccos
atan = np.arctan
sinh = np.sinh
cosh = np.cosh
tanh = np.tanh
asinh = np.arcsinh
acosh = np.arccosh
atanh = np.arctanh
log1p = np.log1p
expm1 = np.expm1
atan2 = np.arctan2
hypot = np.hypot
pi = math.pi
_erf = np.frompyfunc(math.erf, 1, 1)
_erfc = np.frompyfunc(math.erfc, 1, 1)


def erf(x: Array) -> Array:
    """The error function, entry by entry (math.erf: numpy has none)."""
    x = np.asarray(x)
    return np.asarray(_erf(x), dtype=x.dtype)


def erfc(x: Array) -> Array:
    """1 - erf(x), accurate where erf(x) is near 1."""
    x = np.asarray(x)
    return np.asarray(_erfc(x), dtype=x.dtype)


def sigmoid(x: Array) -> Array:
    """σ(x): 1 / (1 + e^-x) for x >= 0 and e^x / (1 + e^x) below; e^-|x| never overflows."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, e).astype(e.dtype, copy=False) / (1.0 + e)


def softplus(x: Array) -> Array:
    """ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|)."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def sech2(x: Array) -> Array:
    """sech² x = 4u / (1 + u)², u = e^{-2|x|}."""
    u = np.exp(-2.0 * np.abs(x))
    return 4.0 * u / ((1.0 + u) * (1.0 + u))


def relu(x: Array) -> Array:
    return np.maximum(x, 0.0)


def _mask(ok: Array, *likes: Any) -> Array:
    """A boolean array as 0/1 of the first float array's dtype (a Python number does not
    widen it)."""
    for like in likes:
        dtype = getattr(like, "dtype", None)
        if dtype is not None and dtype.kind == "f":
            return ok.astype(dtype)
    return ok.astype(np.float64)


def step(x: Array) -> Array:
    return _mask(np.asarray(x >= 0), x)


def positive(x: Array) -> Array:
    ok = x > 0
    return ok.astype(x.dtype) if x.dtype.kind == "f" else _mask(np.asarray(ok), x)


def sign(x: Array) -> Array:
    return np.sign(x)


def greater(x: Array, y: Array) -> Array:
    return _mask(np.asarray(x > y), x, y)


def equal(x: Array, y: Array) -> Array:
    return _mask(np.asarray(x == y), x, y)


def between(x: Array, lo: float, hi: float) -> Array:
    return _mask(np.asarray((x >= lo) & (x <= hi)), x)


def choose(mask: Array, a: Any, b: Any) -> Array:
    """a where the mask is 1, else b (two numbers: an array of the mask's dtype)."""
    out = np.where(mask != 0, a, b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return out.astype(mask.dtype, copy=False)
    return out


def where(cond: Array, a: Array, b: Array) -> Array:
    return np.where(cond, a, b)


def sum(xs: Sequence[Array]) -> Array:  # noqa: A001
    """sum_i x_i of a list of arrays (broadcasting)."""
    return functools.reduce(np.add, xs)


def dot(ws: Sequence[Array], xs: Sequence[Array]) -> Array:
    return functools.reduce(np.add, [w * x for w, x in zip(ws, xs)])


def maximum(xs: Sequence[Array]) -> Array:
    return functools.reduce(np.maximum, xs)


def _top(xs: Sequence[Array]) -> Array:
    top = functools.reduce(np.maximum, xs)
    return np.where(np.isfinite(top), top, 0.0).astype(np.result_type(top), copy=False)


def logsumexp(xs: Sequence[Array]) -> Array:
    """ln sum_i e^{x_i} entry by entry, shifted by the maximum."""
    top = _top(xs)
    with np.errstate(divide="ignore"):
        return top + np.log(functools.reduce(np.add, [np.exp(x - top) for x in xs]))


def log_softmax(xs: Sequence[Array], i: int) -> Array:
    """x_i - ln sum_j e^{x_j}, as floatmath.log_softmax: (x_i - x_k) - ln(1 + sum_{j != k}
    e^{x_j - x_k}) with x_k the (first) maximum, entry by entry."""
    stacked = np.stack(np.broadcast_arrays(*xs))
    k = np.argmax(stacked, axis=0)
    top = np.take_along_axis(stacked, k[None], 0)[0]
    finite = np.isfinite(top)
    shift = np.where(finite, top, 0.0).astype(stacked.dtype, copy=False)
    e = np.exp(stacked - shift)
    np.put_along_axis(e, k[None], 0.0, 0)
    rest = e.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plain = stacked[i] - (shift + np.log(np.exp(top - shift) + rest))
    return np.where(finite, (stacked[i] - top) - np.log1p(rest), plain)


# ----------------------------------------------------------------------------- tensor helpers


def unbroadcast(g: Array, shape: tuple[int, ...]) -> Array:
    """Sum g back to ``shape`` over the axes broadcasting added or stretched: the adjoint of
    broadcasting x of ``shape`` up to g.shape (every copy of x_i passes its adjoint back)."""
    if (g.shape if g.__class__ is np.ndarray else np.shape(g)) == shape:
        return g
    g = np.asarray(g)
    lead = g.ndim - len(shape)
    if lead > 0:
        g = np.add.reduce(g, tuple(range(lead)))
    if g.shape != shape:
        if lead < 0:
            return np.broadcast_to(g, shape)
        g = np.add.reduce(
            g, tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1), keepdims=True
        )
    return g


def broadcast_to(t: Array, shape: tuple[int, ...]) -> Array:
    """t broadcast (a read-only view) to ``shape``."""
    return t if np.shape(t) == shape else np.broadcast_to(t, shape)


def zeros(shape: tuple[int, ...], like: Array) -> Array:
    return np.zeros(shape, dtype=np.result_type(like))


def index_add(g: Array, index: Any, shape: tuple[int, ...], basic: bool) -> Array:
    """zeros of ``shape`` with g added at ``index`` (twice where an index repeats)."""
    out = np.zeros(shape, dtype=np.result_type(g))
    if basic:
        out[index] = g
    else:
        np.add.at(out, index, g)
    return out


def getitem(x: Array, index: Any) -> Array:
    return np.asarray(x[index])


def swapaxes(x: Array, a: int, b: int) -> Array:
    return np.swapaxes(x, a, b)


def concatenate(xs: Sequence[Array], axis: int) -> Array:
    return np.concatenate(xs, axis=axis)


def stack(xs: Sequence[Array], axis: int = 0) -> Array:
    return np.stack(xs, axis=axis)


def softmax_axis(x: Array, axis: int) -> Array:
    """e^x / sum e^x along ``axis``, shifted by the maximum."""
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def cumsum(x: Array, axis: int) -> Array:
    return np.cumsum(x, axis=axis)
