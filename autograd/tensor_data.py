"""What a Tensor holds: a float32 or float64 numpy array of numbers, never NaN (float16 data is
computed in float32: numpy has no fast float16 arithmetic and its rounding would swamp the
derivatives; the functional transforms give results back in float16)."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd.fpflags import unwatch, watch
from autograd.primitive import first_index

Array = Any

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def as_array(data: Any, op: str, dtype: Any = None) -> Array:
    """``data`` (an array, a number or nested lists; not a Tensor) as a float32/float64 array:
    float64 unless ``dtype`` or the data say float32 (float16 data: float32), without a copy
    when it already is one. TypeError for non-numbers, ValueError for NaN, ragged lists or
    another float dtype."""
    return checked_array(data, op, dtype)[0]


def checked_array(data: Any, op: str, dtype: Any = None) -> tuple[Array, bool]:
    """``as_array(data, op, dtype)`` and whether every entry is finite (no ±inf), from the one
    pass that looks for NaN."""
    try:
        array = np.asarray(data)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{op}: cannot make an array of {type(data).__name__}: {error}") from None
    if array.dtype.kind == "O":
        array = _from_integers(array, op)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{op}: expected numbers, got {type(data).__name__} of dtype {array.dtype}")
    if dtype is None:
        target = (
            array.dtype
            if array.dtype in FLOAT_DTYPES
            else FLOAT_DTYPES[0]
            if array.dtype == np.float16
            else FLOAT_DTYPES[1]
        )
    else:
        target = np.dtype(dtype)
        if target not in FLOAT_DTYPES:
            raise ValueError(f"{op}: dtype must be float32 or float64, got {target}")
    if array.dtype.kind == "f" and array.dtype.itemsize > target.itemsize:  # float64 -> float32
        array = _narrowed(array, target, op)
    else:
        array = array.astype(target, copy=False)
    if np.isfinite(array).all():
        return array, True
    if np.isnan(array).any():
        raise ValueError(
            f"{op}: got NaN at index {first_index(np.isnan(array))} of an array of shape {array.shape}"
        )
    return array, False


def _from_integers(array: Array, op: str) -> Array:
    """numpy keeps integers beyond int64 (``2**70``) as Python objects: such an array of
    numbers as float64, with an integer too large for a float an OverflowError naming it; any
    other array of objects is returned as it is (a TypeError follows)."""
    values = array.ravel().tolist()
    if not all(v.__class__ in (int, float) for v in values):
        return array
    for k, v in enumerate(values):
        try:
            float(v)
        except OverflowError:
            digits = str(abs(v))
            index = tuple(int(i) for i in np.unravel_index(k, array.shape)) if array.ndim else ()
            raise OverflowError(
                f"{op}: {'-' if v < 0 else ''}{digits[:20]}... ({len(digits)} digits) at index "
                f"{index} is too large for a float (at most ~1.8e308)"
            ) from None
    return array.astype(np.float64)


def _narrowed(array: Array, target: Any, op: str) -> Array:
    """``array`` cast to the narrower ``target``; a finite number beyond its range is an
    OverflowError naming it (numpy would make it inf with a warning)."""
    token = watch("sweep")
    try:
        return array.astype(target)
    except FloatingPointError:
        pass
    finally:
        unwatch(token)
    bad = np.isfinite(array) & (np.abs(array) > np.finfo(target).max)
    index = first_index(bad)
    raise OverflowError(
        f"{op}: {float(array[index])!r} at index {index} overflows {target} (largest "
        f"{float(np.finfo(target).max):.4g}); keep float64 for it"
    )


__all__ = ["as_array", "checked_array", "FLOAT_DTYPES"]
