"""Tensor-only entries for the softmax family along an axis: logsumexp, softmax, log_softmax
and the fused cross-entropy from logits.

All are computed after subtracting the maximum, m = max x, so e^(x - m) <= 1 never overflows
(inputs of magnitude 1000 are fine): logsumexp x = m + ln sum e^(x - m). With p = softmax(x):
d logsumexp/dx = p, the softmax Jacobian is diag(p) - p pᵀ, and d log_softmax/dx = I - 1 pᵀ.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd.primitive import TensorPrimitive, templates
from autograd.tensor_axes import keep_axes, normalize_axes, one_axis


def shifted(x: Any, axis: Any) -> Any:
    """x - max x along ``axis`` (keepdims), with an all -inf slice shifted by 0 instead."""
    top = np.maximum.reduce(x, axis, keepdims=True)
    if not np.logical_and.reduce(np.isfinite(top), None):
        top = np.where(np.isfinite(top), top, 0.0).astype(x.dtype, copy=False)
    return x - top


def _logsumexp_value(x: Any, axis: Any = None, keepdims: bool = False) -> tuple[Any, Any]:
    axes = normalize_axes("logsumexp", axis, x.shape)
    if x.size == 0 or any(x.shape[a] == 0 for a in axes):
        raise ValueError(f"logsumexp: reduces over an empty axis of a tensor of shape {x.shape}")
    top = x.max(axis=axes, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0).astype(x.dtype, copy=False)
    with np.errstate(divide="ignore"):  # an all -inf slice: ln 0 = -inf, its true value
        out = top + np.log(np.add.reduce(np.exp(x - top), axes, keepdims=True))
    return (out if keepdims else np.squeeze(out, axis=axes)), (axes, keepdims)


def _logsumexp_p(m: Any, ctx: Any, x: Any, out: Any) -> Any:
    return m.exp(x - keep_axes(out, *ctx))


LOGSUMEXP = TensorPrimitive(
    "logsumexp",
    _logsumexp_value,
    lambda m, ctx, xs, out, g, needs: (keep_axes(g, *ctx) * _logsumexp_p(m, ctx, xs[0], out),),
    lambda m, ctx, xs, out, ts: (_logsumexp_p(m, ctx, xs[0], out) * ts[0]).sum(axis=ctx[0], keepdims=ctx[1]),
    templates("softmax({0})"),
    "y = ln sum_axes e^x;  gx = g p with p = e^(x - y);  t = sum_axes p tx",
)


def softmax_value(x: Any, axis: Any = -1) -> tuple[Any, int]:
    axis = one_axis("softmax", axis, x.shape)
    e = np.exp(shifted(x, axis))
    e /= np.add.reduce(e, axis, keepdims=True)
    return e, axis


SOFTMAX = TensorPrimitive(
    "softmax",
    softmax_value,
    lambda m, axis, xs, p, g, needs: (p * (g - (g * p).sum(axis=axis, keepdims=True)),),
    lambda m, axis, xs, p, ts: p * (ts[0] - (ts[0] * p).sum(axis=axis, keepdims=True)),
    templates("diag(p) - p pᵀ"),
    "p = e^x / sum e^x along an axis;  gx = p (g - sum g p);  t = p (tx - sum p tx)",
)


def log_softmax_value(x: Any, axis: Any = -1) -> tuple[Any, int]:
    axis = one_axis("log_softmax", axis, x.shape)
    return _log_softmax(x, axis), axis


def _log_softmax(x: Any, axis: int) -> Any:
    """x - logsumexp x along a valid ``axis`` (keepdims)."""
    s = shifted(x, axis)
    s -= np.log(np.add.reduce(np.exp(s), axis, keepdims=True))
    return s


LOG_SOFTMAX = TensorPrimitive(
    "log_softmax",
    log_softmax_value,
    lambda m, axis, xs, y, g, needs: (g - m.exp(y) * g.sum(axis=axis, keepdims=True),),
    lambda m, axis, xs, y, ts: ts[0] - (m.exp(y) * ts[0]).sum(axis=axis, keepdims=True),
    templates("I - 1 pᵀ"),
    "y = x - logsumexp x along an axis;  gx = g - p sum g;  t = tx - sum p tx",
)


# ----------------------------------------------------------------------------- cross-entropy

REDUCTIONS = ("mean", "sum", "none")


def class_targets(targets: Any, logits_shape: tuple[int, ...]) -> Any:
    """``targets`` as integer class indices of shape (n,) in [0, C) for logits of shape (n, C);
    TypeError for non-integers, ValueError naming the shapes or the offending label."""
    t = targets if targets.__class__ is np.ndarray else np.asarray(getattr(targets, "data", targets))
    if t.dtype.kind == "f" and (t == np.round(t)).all():
        t = t.astype(np.intp)
    if t.dtype.kind not in "iu":
        raise TypeError(f"cross_entropy: targets must be integer class indices, got dtype {t.dtype}")
    if len(logits_shape) != 2 or t.shape != logits_shape[:1]:
        raise ValueError(
            f"cross_entropy: needs logits of shape (n, C) and targets of shape (n,), "
            f"got shapes {logits_shape} and {t.shape}"
        )
    # one reduction: as unsigned integers, negative labels are huge, so max >= C finds both
    if t.size and np.maximum.reduce(t.view(t.dtype.str.replace("i", "u"))) >= logits_shape[1]:
        i = int(np.argmax((t < 0) | (t >= logits_shape[1])))
        raise ValueError(
            f"cross_entropy: target {int(t[i])} at index {i} is not a class in [0, {logits_shape[1]})"
        )
    return t


def _cross_entropy_value(z: Any, targets: Any, reduction: str = "mean") -> tuple[Any, Any]:
    if reduction not in REDUCTIONS:
        raise ValueError(f"cross_entropy: reduction must be one of {REDUCTIONS}, got {reduction!r}")
    t = class_targets(targets, z.shape)
    if not z.shape[0] and reduction == "mean":
        raise ValueError(f"cross_entropy: an empty batch (logits of shape {z.shape}) has no mean")
    if not z.shape[1]:
        raise ValueError(f"cross_entropy: logits of shape {z.shape} have no classes")
    logp = _log_softmax(z, 1)
    rows = np.arange(t.shape[0])
    losses = logp[rows, t]
    if reduction == "none":
        out = -losses
    else:
        out = np.add.reduce(losses) * (-1.0 / t.shape[0] if reduction == "mean" else -1.0)
    if not (math.isfinite(out) if reduction != "none" else np.isfinite(out).all()):
        raise ValueError(f"cross_entropy: the loss is not finite ({out!r}): the logits hold inf")
    return out, (logp, t, rows, reduction)


def _scale(ctx: Any, g: Any) -> Any:
    reduction, n = ctx[3], ctx[1].shape[0]
    return g * (1.0 / n) if reduction == "mean" else (g if reduction == "sum" else g[:, None])


def _residual(m: Any, ctx: Any, z: Any) -> Any:
    """softmax(z) - onehot(t): from the saved log-probabilities while z is a constant (first
    order, as a hand-written backward pass), else recomputed as a node (higher order)."""
    logp, t, rows, _ = ctx
    if getattr(z, "requires_grad", False):
        onehot = np.zeros_like(logp)
        onehot[rows, t] = 1.0
        return m.softmax_axis(z, 1) - onehot
    d = np.exp(logp)  # a fresh array: the update below is in place
    d[rows, t] -= 1.0
    return d


def _cross_entropy_vjp(m: Any, ctx: Any, xs: Any, out: Any, g: Any, needs: Any) -> tuple[Any]:
    return (_residual(m, ctx, xs[0]) * _scale(ctx, g),)


def _cross_entropy_jvp(m: Any, ctx: Any, xs: Any, out: Any, ts: Any) -> Any:
    reduction = ctx[3]
    dl = (_residual(m, ctx, xs[0]) * ts[0]).sum(axis=1)
    return dl.mean() if reduction == "mean" else (dl.sum() if reduction == "sum" else dl)


CROSS_ENTROPY = TensorPrimitive(
    "cross_entropy",
    _cross_entropy_value,
    _cross_entropy_vjp,
    _cross_entropy_jvp,
    templates("(softmax({0}) - onehot)/n"),
    "l_i = logsumexp z_i - z_i[t_i], mean over i;  "
    "gz = g (softmax z - onehot t) / n;  t = mean_i (p_i - onehot_i) . tz_i",
)

ENTRIES = (LOGSUMEXP, SOFTMAX, LOG_SOFTMAX, CROSS_ENTROPY)
