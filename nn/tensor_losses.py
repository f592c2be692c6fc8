"""The losses of ``nn.losses`` on a batch of Tensor predictions, with the same names, formulas and
reductions (``nn.losses`` sends Tensor predictions here): predictions a Tensor of shape (B,),
(B, k) or (B, C), targets an array (or list, or Tensor: used as a constant).

    mse   mean (y_hat - y)^2      rss  sum (y_hat - y)^2      mae  mean |y_hat - y|
    huber mean h(d), h(d) = d^2/2 if |d| <= delta else delta (|d| - delta/2), d = y_hat - y
    binary_cross_entropy              -mean [y ln p + (1 - y) ln(1 - p)]  (0 ln 0 terms left out)
    binary_cross_entropy_with_logits  mean [softplus(z) - y z]
    cross_entropy   mean_i [logsumexp(z_i) - z_i[t_i]], integer targets (one fused node)
    nll             -mean_i logp_i[t_i]          hinge  mean max(0, 1 - y s), y = +-1
    kl_divergence   (1/B) sum_i sum_j p_ij ln(p_ij / q_ij)    l1, l2: sum |w|, sum w^2

Elementwise losses take targets of the predictions' number of entries and read them in the
predictions' shape (a (B, 1) output with (B,) targets is fine, as the scalar engine flattens
both); anything else is a ValueError naming the loss and both shapes.
"""

from __future__ import annotations

from typing import Any

import autograd
import numpy as np
from autograd import Tensor
from autograd.tensor_softmax import class_targets


def _targets(predictions: Tensor, targets: Any, op: str) -> np.ndarray:
    """Targets as a finite float array of the predictions' shape (same number of entries)."""
    t = np.asarray(targets.data if isinstance(targets, Tensor) else targets)
    if t.dtype.kind not in "biuf":
        raise TypeError(f"{op}: targets must be numbers, got dtype {t.dtype}")
    t = t.astype(predictions.data.dtype, copy=False)
    if t.size != predictions.data.size:
        raise ValueError(f"{op}: predictions of shape {predictions.shape} but targets of shape {t.shape}")
    if not np.isfinite(t).all():
        raise ValueError(f"{op}: targets must be finite, got {float(t[~np.isfinite(t)][0])!r}")
    return t.reshape(predictions.shape)


def _difference(predictions: Tensor, targets: Any, op: str) -> Tensor:
    if predictions.data.size == 0:
        raise ValueError(f"{op}: no predictions")
    return predictions - _targets(predictions, targets, op)


def mse(predictions: Tensor, targets: Any) -> Tensor:
    """(1/n) sum (y_hat - y)^2 over all n entries."""
    d = _difference(predictions, targets, "mse")
    return (d * d).mean()


def rss(predictions: Tensor, targets: Any) -> Tensor:
    """sum (y_hat - y)^2."""
    d = _difference(predictions, targets, "rss")
    return (d * d).sum()


def mae(predictions: Tensor, targets: Any) -> Tensor:
    """(1/n) sum |y_hat - y|."""
    return abs(_difference(predictions, targets, "mae")).mean()


def huber(predictions: Tensor, targets: Any, delta: float = 1.0) -> Tensor:
    """(1/n) sum h(d): d^2/2 where |d| <= delta, delta (|d| - delta/2) elsewhere; the two pieces
    are chosen per entry by a constant mask (both pieces agree at |d| = delta)."""
    if not delta > 0:
        raise ValueError(f"huber: delta must be > 0, got {delta!r}")
    d = _difference(predictions, targets, "huber")
    near = (np.abs(d.data) <= delta).astype(d.data.dtype)
    return (0.5 * d * d * near + (delta * abs(d) - 0.5 * delta * delta) * (1.0 - near)).mean()


def binary_cross_entropy(predictions: Tensor, targets: Any) -> Tensor:
    """-(1/n) sum [y ln p + (1 - y) ln(1 - p)], p in [0, 1]; a term of weight 0 is left out (its
    log reads 1 instead of p), so p = y = 1 gives 0, not 0 * ln 0."""
    op = "binary_cross_entropy"
    p = predictions
    y = _targets(p, targets, op)
    if ((y < 0) | (y > 1)).any():
        raise ValueError(f"{op}: targets must be in [0, 1], got {float(y[(y < 0) | (y > 1)][0])!r}")
    pv = p.data
    if ((pv < 0) | (pv > 1)).any():
        raise ValueError(f"{op}: predictions must be probabilities in [0, 1], got "
                         f"{float(pv[(pv < 0) | (pv > 1)][0])!r}")
    infinite = ((y > 0) & (pv == 0)) | ((y < 1) & (pv == 1))
    if infinite.any():
        i = np.unravel_index(int(np.argmax(infinite)), infinite.shape)
        raise ValueError(f"{op}: prediction {float(pv[i])!r} for target {float(y[i])!r} gives an infinite "
                         f"loss; use binary_cross_entropy_with_logits on the logits")
    on, off = (y > 0).astype(pv.dtype), (y < 1).astype(pv.dtype)
    log_p = (p * on + (1.0 - on)).log()               # ln p where y > 0, ln 1 = 0 elsewhere
    log_q = ((1.0 - p) * off + (1.0 - off)).log()     # ln(1 - p) where y < 1
    return -(log_p * y + log_q * (1.0 - y)).mean()


def binary_cross_entropy_with_logits(predictions: Tensor, targets: Any) -> Tensor:
    """(1/n) sum [softplus(z) - y z] = BCE(sigma(z), y), stable for any z."""
    op = "binary_cross_entropy_with_logits"
    y = _targets(predictions, targets, op)
    if ((y < 0) | (y > 1)).any():
        raise ValueError(f"{op}: targets must be in [0, 1], got {float(y[(y < 0) | (y > 1)][0])!r}")
    return (predictions.softplus() - predictions * y).mean()


def _rows(predictions: Tensor, targets: Any, op: str) -> tuple[Tensor, np.ndarray]:
    """(B, C) predictions and (B,) targets; one sample's (C,) row with one target is a batch of 1."""
    t = np.asarray(targets.data if isinstance(targets, Tensor) else targets)
    if predictions.ndim == 1:
        predictions, t = predictions.reshape(1, -1), t.reshape(-1)
    if predictions.ndim != 2:
        raise ValueError(f"{op}: needs predictions of shape (B, C), got {predictions.shape}")
    return predictions, t


def cross_entropy(logits: Tensor, targets: Any) -> Tensor:
    """mean_i [logsumexp(z_i) - z_i[t_i]] for logits (B, C) and class indices (B,):
    ``autograd.cross_entropy``, one node with gradient (softmax(z) - onehot(t)) / B."""
    z, t = _rows(logits, targets, "cross_entropy")
    return autograd.cross_entropy(z, t)


def nll(log_probs: Tensor, targets: Any) -> Tensor:
    """-mean_i logp_i[t_i] for log-probabilities (B, C) (a LogSoftmax output) and indices (B,)."""
    logp, t = _rows(log_probs, targets, "nll")
    try:
        t = class_targets(t, logp.shape)  # the checks of cross_entropy, under this loss's name
    except (TypeError, ValueError) as error:
        raise type(error)(str(error).replace("cross_entropy:", "nll:", 1)) from None
    return -logp[np.arange(len(t)), t].mean()


def hinge(scores: Tensor, labels: Any) -> Tensor:
    """(1/n) sum max(0, 1 - y s) for labels y = +1 or -1."""
    y = _targets(scores, labels, "hinge")
    if not np.isin(y, (-1.0, 1.0)).all():
        raise ValueError(f"hinge: labels must be +1 or -1, got {float(y[~np.isin(y, (-1.0, 1.0))][0])!r}")
    return (1.0 - scores * y).relu().mean()


def kl_divergence(predictions: Tensor, targets: Any, log_input: bool = False) -> Tensor:
    """(1/B) sum_i sum_j p_ij ln(p_ij / q_ij) for targets p and predictions q (or ln q with
    ``log_input``), rows = samples (one row: B = 1); terms with p_ij = 0 are left out."""
    op = "kl_divergence"
    p = _targets(predictions, targets, op)
    if (p < 0).any():
        raise ValueError(f"{op}: targets must be probabilities >= 0, got {float(p[p < 0][0])!r}")
    m = predictions.shape[0] if predictions.ndim == 2 else 1
    on = (p > 0).astype(p.dtype)
    if log_input:
        log_q = predictions * on
    else:
        bad = (p > 0) & ~(predictions.data > 0)
        if bad.any():
            raise ValueError(f"{op}: prediction {float(predictions.data[bad][0])!r} where the target is "
                             f"{float(p[bad][0])!r} gives an infinite divergence")
        log_q = (predictions * on + (1.0 - on)).log()
    safe = np.where(p > 0, p, 1.0)
    entropy = float((p * np.log(safe)).sum()) / m
    return -(log_q * p).sum() * (1.0 / m) + entropy


def l1(params: list[Tensor]) -> Tensor:
    """||w||_1 = sum of |w| over every entry of every parameter Tensor."""
    return autograd.stack([abs(w).sum() for w in params]).sum()


def l2(params: list[Tensor]) -> Tensor:
    """||w||^2 = sum of w^2 over every entry of every parameter Tensor."""
    return autograd.stack([(w * w).sum() for w in params]).sum()


__all__ = ["mse", "rss", "mae", "huber", "binary_cross_entropy", "binary_cross_entropy_with_logits",
           "cross_entropy", "nll", "hinge", "kl_divergence", "l1", "l2"]
