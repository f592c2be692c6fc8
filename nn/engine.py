"""The few operations nn needs that do not yet read the same on both engines: the ONE place in
nn that tells a Tensor from Values.

A *batch* is what a loss computes on: a Tensor (the Tensor engine), or a numpy array of dtype
object holding Values and numbers (the scalar engine). Arithmetic operators already act
elementwise on both (numpy calls Value's operators entry by entry), so a loss written with
``+ - * abs`` and these helpers is written once. Each helper is a wish for autograd (issue 10):
function forms ``autograd.log(x)``, ``autograd.where``, reductions ``sum``/``dot`` over any
batch, and a cross-entropy for lists of Values would make most of this file one-line calls.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

import autograd
from autograd import Tensor, Value
from nn.checks import finite

Batch = Any
"""A Tensor, or a numpy object array of Values and numbers."""


def is_tensor(x: Any) -> bool:
    """True for a Tensor: the one engine test in nn."""
    return x.__class__ is Tensor


# ----------------------------------------------------------------------------- parameters
# A Value holds a float (immutable: a snapshot is the float), a Tensor an array (copied, and
# written back in place so that views and optimiser state stay valid).


def zero_grad(p: Any) -> None:
    """grad <- 0.0 for a Value (``backward`` adds into it), None for a Tensor (PyTorch's default:
    ``backward`` stores its first gradient; an optimiser skips a None)."""
    p.grad = None if is_tensor(p) else 0.0


def snapshot(p: Any) -> Any:
    """A parameter's number, or a copy of its array (in its own memory layout)."""
    return p.data.copy(order="K") if is_tensor(p) else p.data


def restore(p: Any, value: Any) -> None:
    """Put back a value from ``snapshot`` (or ``checked``)."""
    if is_tensor(p):
        p.data[...] = value
    else:
        p.data = value


def _holds_bool(value: Any) -> bool:
    """True when nested lists (a JSON file's) hold a boolean anywhere."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, (list, tuple)):
            stack.extend(v)
        elif isinstance(v, (bool, np.bool_)):
            return True
    return False


def checked(p: Any, value: Any, where: str) -> Any:
    """``value`` as parameter ``p`` can hold it: a finite float for a Value; for a Tensor a finite
    float array of its shape (from an array, a Tensor or nested lists)."""
    if not is_tensor(p):
        return finite(value, where)
    shape = p.data.shape
    value = value.data if is_tensor(value) else value
    try:
        raw = np.asarray(value)
        a = np.asarray(value, dtype=np.float64)
    except OverflowError:
        raise ValueError(f"{where}: holds an integer too large for a float") from None
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"{where}: expected an array of numbers of shape {shape}, got {type(value).__name__} ({error})"
        ) from None
    if raw.dtype.kind not in "iuf" or _holds_bool(value):
        raise TypeError(f"{where}: expected numbers, got booleans or {raw.dtype} entries")
    if a.shape != shape:
        raise ValueError(f"{where}: expected shape {shape}, got {a.shape}")
    if not np.isfinite(a).all():
        raise ValueError(f"{where}: holds a non-finite number")
    with np.errstate(over="ignore"):
        held = a.astype(p.data.dtype)
    if not np.isfinite(held).all():
        bad = float(a[~np.isfinite(held)][0])
        raise ValueError(f"{where}: {bad!r} is out of range for {p.data.dtype}")
    return a


# ----------------------------------------------------------------------------- batches


def values(xs: Sequence[Any] | Sequence[Sequence[Any]]) -> np.ndarray:
    """Values (a list, or a list of equal-length rows) as an object array of the same shape."""
    rows = list(xs)
    nested = bool(rows) and isinstance(rows[0], (list, tuple))
    out = np.empty((len(rows), len(rows[0])) if nested else len(rows), dtype=object)
    for i, row in enumerate(rows):
        out[i] = list(row) if nested else row
    return out


def array(x: Any) -> np.ndarray:
    """A Tensor's array, or ``np.asarray(x)`` (targets given as a Tensor are constants)."""
    return x.data if is_tensor(x) else np.asarray(x)


def data(x: Batch) -> np.ndarray:
    """The numbers of a batch as a float array of its shape."""
    if is_tensor(x):
        return np.asarray(x.data)
    return np.array([v.data if isinstance(v, Value) else v for v in x.flat], dtype=np.float64).reshape(
        x.shape
    )


def size(x: Batch) -> int:
    """How many entries a batch has."""
    return int(x.data.size) if is_tensor(x) else int(x.size)


def apply(x: Batch, name: str, *args: Any) -> Batch:
    """The method ``name`` (log, relu, softplus ...) entry by entry: ``autograd.<name>(x)`` once
    issue 10's function forms exist. A number entry gives a number."""
    if is_tensor(x):
        return getattr(x, name)(*args)
    out = np.empty(x.shape, dtype=object)
    for i, v in enumerate(x.flat):
        out.flat[i] = getattr(v, name)(*args) if isinstance(v, Value) else getattr(Value(v), name)(*args).data
    return out


def step(z: Any) -> Any:
    """1{z >= 0} with derivative 0: Value's ``step``; a Tensor has none yet (issue 10), so
    z * 0 + 1{z >= 0}, which still records an edge to z (gradient 0)."""
    return z * 0.0 + (z.data >= 0.0) if is_tensor(z) else z.step()


def where(mask: np.ndarray, a: Batch | float, b: Batch | float) -> Batch:
    """a where ``mask`` (a constant boolean array) holds, b elsewhere: ``autograd.where``."""
    if is_tensor(a) or is_tensor(b):
        on = mask.astype(np.float64)
        return a * on + b * (1.0 - on)
    return np.where(mask, a, b)


def total(x: Batch) -> Any:
    """sum of every entry: one n-ary node."""
    return x.sum() if is_tensor(x) else autograd.sum(list(x.flat))


def dot(x: Batch, w: Batch | np.ndarray) -> Any:
    """sum_i x_i w_i over every entry (w a batch of the same shape or constants): one n-ary node."""
    if is_tensor(x) or is_tensor(w):
        return (x * w).sum()
    return autograd.dot(list(x.flat), list(np.asarray(w, dtype=object).flat))


def join(a: Batch, b: Batch) -> Batch:
    """The entries of a then of b, flat: ``autograd.concatenate`` of the two raveled."""
    if is_tensor(a) or is_tensor(b):
        return autograd.concatenate([a.reshape(-1), b.reshape(-1)])
    return np.concatenate([np.ravel(a), np.ravel(b)])


def sum_each(params: Sequence[Any], term: Callable[[Batch], Any]) -> Any:
    """sum over parameters of ``term(batch)``: a Tensor per Tensor parameter, all Value
    parameters gathered into one batch (so a penalty on Values is one node)."""
    if not any(is_tensor(p) for p in params):
        return term(values(params))
    terms = [term(p) for p in params]
    return autograd.stack(terms).sum() if len(terms) > 1 else terms[0]


def cross_entropy(z: Batch, t: np.ndarray) -> Any:
    """mean_i [logsumexp(z_i) - z_i[t_i]] for logits (B, C) and class indices (B,): for a Tensor
    ``autograd.cross_entropy`` (one fused node), for Values one logsumexp node per row and one dot
    (what an ``autograd.cross_entropy`` on lists of Values would hold)."""
    if is_tensor(z):
        return autograd.cross_entropy(z, t)
    n = len(z)
    lse = [autograd.logsumexp(list(row)) for row in z]
    picked = list(z[np.arange(n), t])
    return autograd.dot(lse + picked, [1.0 / n] * n + [-1.0 / n] * n)


__all__ = [
    "Batch",
    "is_tensor",
    "zero_grad",
    "snapshot",
    "restore",
    "checked",
    "values",
    "array",
    "data",
    "size",
    "apply",
    "step",
    "where",
    "total",
    "dot",
    "join",
    "sum_each",
    "cross_entropy",
]
