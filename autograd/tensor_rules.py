"""What a tensor primitive is, and the helpers its rules share.

A scalar primitive stores its local partials, one number per edge. A tensor's local Jacobian
d(out)/d(input) is a matrix of size out.size x input.size, far too big to store, so a tensor
primitive stores two *products* with it instead, side by side with its value rule:

- ``value(*arrays, **params) -> (out, ctx)``: the output array and the per-node context its
  other rules need (an axis, a saved array), computed once when the node is made;
- ``vjp(node, g) -> [g_i]``: the vector-Jacobian product g_i = g . d(out)/d(x_i), one per input
  (the reverse sweep's adjoint[x_i] += ...), ``None`` for an input that does not require grad;
- ``jvp(node, ts) -> t``: the Jacobian-vector product t = sum_i d(out)/d(x_i) t_i (the forward
  sweep's tangent), where ``ts[i] is None`` stands for a zero tangent;
- ``math``: the three rules as one printable line.

The rules read ``node.inputs[i].data``, ``node.data`` and ``node.ctx``; they never write into
an array they did not make, so adjoints and tangents may be shared views.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[Any]
Shape = tuple[int, ...]


class TensorPrimitive:
    """One tensor operation: its name, value rule, vjp rule, jvp rule and a line of math."""

    __slots__ = ("name", "value", "vjp", "jvp", "math")

    def __init__(self, name: str, value: Callable[..., tuple[Array, Any]],
                 vjp: Callable[[Any, Array], Sequence[Array | None]],
                 jvp: Callable[[Any, Sequence[Array | None]], Array], math: str) -> None:
        self.name = name
        self.value = value
        self.vjp = vjp
        self.jvp = jvp
        self.math = math

    def __repr__(self) -> str:
        return f"TensorPrimitive({self.name!r})"


def unbroadcast(g: Array, shape: Shape) -> Array:
    """Sum g back to ``shape`` over the axes broadcasting added or stretched: the adjoint of
    broadcasting x of ``shape`` up to g.shape (every copy of x_i passes its adjoint back)."""
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    if lead:
        g = np.add.reduce(g, tuple(range(lead)))
    if g.shape != shape:
        g = np.add.reduce(g, tuple(i for i, n in enumerate(shape) if n == 1), keepdims=True)
    return g


def fit(t: Array, shape: Shape) -> Array:
    """A tangent broadcast (read-only, without copying) to the output's ``shape``."""
    return t if t.shape == shape else np.broadcast_to(t, shape)


def normalize_axes(op: str, axis: Any, shape: Shape) -> tuple[int, ...]:
    """``axis`` (None, an int or a sequence of ints) as sorted non-negative axes of ``shape``;
    ValueError naming ``op`` and the shape when an axis is out of range or repeated."""
    ndim = len(shape)
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    out = []
    for a in axes:
        if not isinstance(a, (int, np.integer)) or isinstance(a, bool):
            raise TypeError(f"{op}: axis must be an int or a tuple of ints, got {axis!r}")
        if not -ndim <= a < ndim:
            raise ValueError(f"{op}: axis {int(a)} is out of range for a tensor of shape {shape}")
        out.append(int(a) % ndim if ndim else 0)
    if len(set(out)) != len(out):
        raise ValueError(f"{op}: repeated axis in {axis!r}")
    return tuple(sorted(out))


def keep_axes(g: Array, axes: tuple[int, ...], keepdims: bool) -> Array:
    """g (a reduction's output) with the reduced ``axes`` back as size-1 axes (a view)."""
    if keepdims or not axes:
        return g
    shape = list(g.shape)
    for a in axes:
        shape.insert(a, 1)
    return g.reshape(shape)


def first_bad(op: str, need: str, x: Array, bad: Array, error: type[Exception] = ValueError) -> Exception:
    """The domain error for the first entry of x where ``bad`` holds: op, rule, value, index."""
    index = np.unravel_index(int(np.argmax(bad)), bad.shape) if bad.ndim else ()
    where = f" at index {tuple(int(i) for i in index)}" if bad.ndim else ""
    return error(f"{op}: needs {need}, got {float(x[index])!r}{where} (input of shape {x.shape})")


__all__ = ["TensorPrimitive", "Array", "Shape", "unbroadcast", "fit", "normalize_axes",
           "keep_axes", "first_bad"]
