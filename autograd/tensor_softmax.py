"""Table entries for the softmax family along an axis: logsumexp, softmax, log_softmax and the
fused cross-entropy from logits.

All are computed after subtracting the maximum, m = max x, so e^(x - m) <= 1 never overflows
(inputs of magnitude 1000 are fine): logsumexp x = m + ln sum e^(x - m). With p = softmax(x):
d logsumexp/dx = p, the softmax Jacobian is diag(p) - p p^T, and d log_softmax/dx = I - 1 p^T.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd.tensor_rules import Array, TensorPrimitive, keep_axes, normalize_axes


def _one_axis(op: str, axis: Any, shape: tuple[int, ...]) -> int:
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"{op}: axis must be an int, got {axis!r}")
    if not shape or not -len(shape) <= axis < len(shape):
        raise ValueError(f"{op}: axis {axis} is out of range for a tensor of shape {shape}")
    if shape[axis] == 0:
        raise ValueError(f"{op}: axis {axis} of a tensor of shape {shape} is empty")
    return int(axis) % len(shape)


def _shifted(x: Array, axis: Any) -> Array:
    """x - max x along ``axis`` (keepdims), with an all -inf slice shifted by 0 instead."""
    m = np.maximum.reduce(x, axis, keepdims=True)
    if not np.isfinite(m).all():
        m = np.where(np.isfinite(m), m, 0.0).astype(x.dtype, copy=False)
    return x - m


def _logsumexp_value(x: Array, axis: Any, keepdims: bool) -> tuple[Array, tuple[tuple[int, ...], bool]]:
    axes = normalize_axes("logsumexp", axis, x.shape)
    if x.size == 0 or any(x.shape[a] == 0 for a in axes):
        raise ValueError(f"logsumexp: reduces over an empty axis of a tensor of shape {x.shape}")
    m = x.max(axis=axes, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0).astype(x.dtype, copy=False)
    with np.errstate(divide="ignore"):  # an all -inf slice: ln 0 = -inf, its true value
        out = m + np.log(np.add.reduce(np.exp(x - m), axes, keepdims=True))
    return (out if keepdims else np.squeeze(out, axis=axes)), (axes, keepdims)


def _logsumexp_p(node: Any) -> Array:
    return np.exp(node.inputs[0].data - keep_axes(node.data, *node.ctx))


def _logsumexp_jvp(node: Any, ts: Sequence[Array | None]) -> Array:
    axes, keepdims = node.ctx
    return (_logsumexp_p(node) * ts[0]).sum(axis=axes, keepdims=keepdims)


LOGSUMEXP = TensorPrimitive("logsumexp", _logsumexp_value,
                            lambda node, g: (keep_axes(g, *node.ctx) * _logsumexp_p(node),),
                            _logsumexp_jvp,
                            "y = ln sum_axes e^x;  gx = g p with p = e^(x - y);  t = sum_axes p tx")


def _softmax_value(x: Array, axis: Any) -> tuple[Array, int]:
    axis = _one_axis("softmax", axis, x.shape)
    e = np.exp(_shifted(x, axis))
    e /= np.add.reduce(e, axis, keepdims=True)
    return e, axis


def _softmax_vjp(node: Any, g: Array) -> tuple[Array]:
    p = node.data
    return (p * (g - (g * p).sum(axis=node.ctx, keepdims=True)),)


def _softmax_jvp(node: Any, ts: Sequence[Array | None]) -> Array:
    p, t = node.data, ts[0]
    return p * (t - (t * p).sum(axis=node.ctx, keepdims=True))  # type: ignore[operator]


SOFTMAX = TensorPrimitive("softmax", _softmax_value, _softmax_vjp, _softmax_jvp,
                          "p = e^x / sum e^x along an axis;  gx = p (g - sum g p);  t = p (tx - sum p tx)")


def _log_softmax_value(x: Array, axis: Any) -> tuple[Array, int]:
    axis = _one_axis("log_softmax", axis, x.shape)
    s = _shifted(x, axis)
    s -= np.log(np.add.reduce(np.exp(s), axis, keepdims=True))
    return s, axis


def _log_softmax_vjp(node: Any, g: Array) -> tuple[Array]:
    return (g - np.exp(node.data) * g.sum(axis=node.ctx, keepdims=True),)


def _log_softmax_jvp(node: Any, ts: Sequence[Array | None]) -> Array:
    t = ts[0]
    return t - (np.exp(node.data) * t).sum(axis=node.ctx, keepdims=True)  # type: ignore[operator]


LOG_SOFTMAX = TensorPrimitive("log_softmax", _log_softmax_value, _log_softmax_vjp, _log_softmax_jvp,
                              "y = x - logsumexp x along an axis;  gx = g - p sum g;  t = tx - sum p tx")


# ----------------------------------------------------------------------------- cross-entropy

REDUCTIONS = ("mean", "sum", "none")


def class_targets(targets: Any, logits_shape: tuple[int, ...]) -> Array:
    """``targets`` as integer class indices of shape (n,) in [0, C) for logits of shape (n, C);
    TypeError for non-integers, ValueError naming the shapes or the offending label."""
    t = targets if targets.__class__ is np.ndarray else np.asarray(getattr(targets, "data", targets))
    if t.dtype.kind == "f" and (t == np.round(t)).all():
        t = t.astype(np.intp)
    if t.dtype.kind not in "iu":
        raise TypeError(f"cross_entropy: targets must be integer class indices, got dtype {t.dtype}")
    if len(logits_shape) != 2 or t.shape != logits_shape[:1]:
        raise ValueError(f"cross_entropy: needs logits of shape (n, C) and targets of shape (n,), "
                         f"got shapes {logits_shape} and {t.shape}")
    if t.size and (np.minimum.reduce(t) < 0 or np.maximum.reduce(t) >= logits_shape[1]):
        i = int(np.argmax((t < 0) | (t >= logits_shape[1])))
        raise ValueError(f"cross_entropy: target {int(t[i])} at index {i} is not a class in "
                         f"[0, {logits_shape[1]})")
    return t


def _cross_entropy_value(z: Array, targets: Any, reduction: str) -> tuple[Array, tuple[Any, ...]]:
    if reduction not in REDUCTIONS:
        raise ValueError(f"cross_entropy: reduction must be one of {REDUCTIONS}, got {reduction!r}")
    t = class_targets(targets, z.shape)
    if not z.shape[1]:
        raise ValueError(f"cross_entropy: logits of shape {z.shape} have no classes")
    logp = z - np.maximum.reduce(z, 1, keepdims=True)  # log_softmax along the classes
    logp -= np.log(np.add.reduce(np.exp(logp), 1, keepdims=True))
    rows = np.arange(t.shape[0])
    losses = logp[rows, t]
    if reduction == "none":
        out = -losses
    else:
        out = np.add.reduce(losses) * (-1.0 / t.shape[0] if reduction == "mean" else -1.0)
    if not np.isfinite(out).all():
        raise ValueError(f"cross_entropy: the loss is not finite ({out!r}): the logits hold inf")
    return out, (logp, t, rows, reduction)


def _cross_entropy_vjp(node: Any, g: Array) -> tuple[Array]:
    logp, t, rows, reduction = node.ctx
    d = np.exp(logp)  # softmax(z), a fresh array: the update below is in place
    d[rows, t] -= 1.0
    if reduction == "mean":
        d *= g / t.shape[0]
    elif reduction == "sum":
        d *= g
    else:
        d *= g[:, None]
    return (d,)


def _cross_entropy_jvp(node: Any, ts: Sequence[Array | None]) -> Array:
    logp, t, rows, reduction = node.ctx
    tz = ts[0]
    dl = (np.exp(logp) * tz).sum(axis=1) - tz[rows, t]  # type: ignore[index]
    return dl.mean() if reduction == "mean" else (dl.sum() if reduction == "sum" else dl)


CROSS_ENTROPY = TensorPrimitive("cross_entropy", _cross_entropy_value, _cross_entropy_vjp,
                                _cross_entropy_jvp,
                                "l_i = logsumexp z_i - z_i[t_i], mean over i;  "
                                "gz = g (softmax z - onehot t) / n;  t = mean_i (p_i . tz_i - tz_i[t_i])")

ENTRIES = (LOGSUMEXP, SOFTMAX, LOG_SOFTMAX, CROSS_ENTROPY)

__all__ = ["LOGSUMEXP", "SOFTMAX", "LOG_SOFTMAX", "CROSS_ENTROPY", "ENTRIES", "class_targets"]
