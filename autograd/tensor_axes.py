"""Axis bookkeeping shared by the tensor-only entries: which axes a reduction takes, and its
output with those axes put back as size-1 axes (so it broadcasts against the input)."""

from __future__ import annotations

from typing import Any

import numpy as np

Shape = tuple[int, ...]


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


def one_axis(op: str, axis: Any, shape: Shape) -> int:
    """``axis`` as one non-negative axis of ``shape`` whose length is not 0."""
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"{op}: axis must be an int, got {axis!r}")
    if not shape or not -len(shape) <= axis < len(shape):
        raise ValueError(f"{op}: axis {axis} is out of range for a tensor of shape {shape}")
    if shape[axis] == 0:
        raise ValueError(f"{op}: axis {axis} of a tensor of shape {shape} is empty")
    return int(axis) % len(shape)


def keep_axes(g: Any, axes: tuple[int, ...], keepdims: bool) -> Any:
    """g (a reduction's output, array or Tensor) with the reduced ``axes`` back as size-1 axes."""
    if keepdims or not axes:
        return g
    shape = list(g.shape)
    for a in axes:
        shape.insert(a, 1)
    return g.reshape(tuple(shape))


def count(op: str, shape: Shape, axes: tuple[int, ...]) -> int:
    """How many entries each output of a reduction over ``axes`` reads; ValueError if none."""
    n = 1
    for a in axes:
        n *= shape[a]
    if n == 0:
        raise ValueError(f"{op}: reduces over an empty axis of a tensor of shape {shape}")
    return n
