"""Loss functions L(predictions, targets), each written once for both engines: predictions are
a model's outputs (Values: one, a list, or a list of rows; or a Tensor of shape (B,), (B, k) or
(B, C)), targets numbers (a number, lists, an array). Elementwise losses average over every
element (PyTorch's ``reduction="mean"``); each loss ends in ONE n-ary node where it can
(``autograd.dot`` / ``autograd.sum`` / ``autograd.logsumexp`` on Values), never a chain of adds.

    mse        (1/n) sum (y_hat - y)^2          PyTorch MSELoss
    rss        sum (y_hat - y)^2                 the lectures' J = 1/2 ||y_hat - y||^2 is 0.5 * rss
    mae        (1/n) sum |y_hat - y|             PyTorch L1Loss
    huber      (1/n) sum { 1/2 d^2 if |d| <= delta, delta (|d| - delta/2) otherwise }, d = y_hat - y
    binary_cross_entropy               -(1/n) sum [y ln p + (1 - y) ln(1 - p)], p probabilities
    binary_cross_entropy_with_logits   (1/n) sum [softplus(z) - y z]   (= the above with p = sigma(z))
    cross_entropy   -log_softmax(z)_t = logsumexp(z) - z_t, target t a class index; batch mean
    nll             -log p_t for log-probabilities (a log_softmax output layer); batch mean
    hinge           (1/n) sum max(0, 1 - y s), labels y = +-1 (micrograd's moons demo)
    kl_divergence   sum_i p_i ln(p_i / q_i), targets p, predictions q; batch mean

Penalties (seed 002) on a model's weights, not its biases (``biases=True`` adds them):
l1(model) = sum |w| and l2(model) = sum w^2; the lectures' Omega(w) = 1/2 ||w||^2 is
0.5 * l2(model). Given a plain list of parameters they sum over all of it.

The formulas run on a *batch* (``nn.engine``): the Tensor itself, or the Values as a numpy
object array, on which ``+ - * abs`` act entry by entry; plain numbers give a number.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from nn import engine as E
from nn.checks import positive
from nn.lookup import by_name
from nn.shapes import pairs, samples

Loss = Callable[[Any, Any], Any]


# ----------------------------------------------------------------------------- inputs


def _elementwise(predictions: Any, targets: Any, op: str) -> tuple[E.Batch, np.ndarray]:
    """(predictions as a batch, targets as a float array of its shape)."""
    if not E.is_tensor(predictions):
        ps, ts = pairs(predictions, targets, op)
        return E.values(ps), np.array(ts, dtype=np.float64)
    if predictions.data.size == 0:
        raise ValueError(f"{op}: no predictions")
    t = E.array(targets)
    if t.dtype.kind not in "biuf":
        raise TypeError(f"{op}: targets must be numbers, got dtype {t.dtype}")
    if t.size != predictions.data.size:
        raise ValueError(f"{op}: predictions of shape {predictions.shape} but targets of shape {t.shape}")
    t = t.astype(predictions.data.dtype, copy=False).reshape(predictions.shape)
    if not np.isfinite(t).all():
        raise ValueError(f"{op}: targets must be finite, got {float(t[~np.isfinite(t)][0])!r}")
    return predictions, t


def _rows(predictions: Any, targets: Any, op: str) -> tuple[E.Batch, Any]:
    """(predictions as a (B, C) batch, the B targets); one sample's row is a batch of one."""
    if not E.is_tensor(predictions):
        rows, ts = samples(predictions, targets, op)
        if len({len(r) for r in rows}) > 1:
            raise ValueError(f"{op}: samples have different numbers of outputs {[len(r) for r in rows]}")
        return E.values(rows), ts
    t = E.array(targets)
    if predictions.ndim == 1:
        predictions, t = predictions.reshape(1, -1), t.reshape(-1)
    if predictions.ndim != 2:
        raise ValueError(f"{op}: needs predictions of shape (B, C), got {predictions.shape}")
    if predictions.shape[0] == 0:
        raise ValueError(f"{op}: an empty batch (shape {predictions.shape}) has no mean loss")
    return predictions, t


def _classes(t: Any, shape: tuple[int, ...], op: str) -> np.ndarray:
    """Targets as class indices (B,) in 0..C-1 for (B, C) outputs; an integral float such as 2.0
    counts. TypeError for a non-number, ValueError naming the target otherwise."""
    t = np.asarray(t).reshape(-1) if E.array(t).ndim else np.asarray(t).reshape(1)
    if len(shape) != 2 or t.shape != shape[:1]:
        raise ValueError(
            f"{op}: needs logits of shape (n, C) and targets of shape (n,), got shapes {shape} and {t.shape}"
        )
    if t.dtype.kind not in "iuf":
        bad = next((v for v in t.tolist() if isinstance(v, bool) or not isinstance(v, (int, float))), t[0])
        raise TypeError(f"{op}: target must be a class index, got {type(bad).__name__} ({bad!r})")
    bad = (t < 0) | (t >= shape[1]) | (t != np.floor(t))  # NaN fails the last test
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(
            f"{op}: target must be a class index in 0..{shape[1] - 1}, got {t.tolist()[i]!r} at index {i}"
        )
    return t.astype(np.intp, copy=False)


def _first(values: np.ndarray, bad: np.ndarray) -> float:
    return float(values[bad][0])


# ----------------------------------------------------------------------------- regression


def mse(predictions: Any, targets: Any) -> Any:
    """(1/n) sum_i (y_hat_i - y_i)^2 (PyTorch's MSELoss)."""
    p, t = _elementwise(predictions, targets, "mse")
    d = p - t
    return E.dot(d, d) * (1.0 / E.size(d))


def rss(predictions: Any, targets: Any) -> Any:
    """sum_i (y_hat_i - y_i)^2; the lectures' J = 1/2 ||y_hat - y||^2 is 0.5 * rss."""
    p, t = _elementwise(predictions, targets, "rss")
    d = p - t
    return E.dot(d, d)


def mae(predictions: Any, targets: Any) -> Any:
    """(1/n) sum_i |y_hat_i - y_i| (PyTorch's L1Loss)."""
    p, t = _elementwise(predictions, targets, "mae")
    return E.total(abs(p - t)) * (1.0 / E.size(p))


def huber(predictions: Any, targets: Any, delta: float = 1.0) -> Any:
    """(1/n) sum_i h(d_i), d = y_hat - y, h(d) = d^2/2 for |d| <= delta, else
    delta (|d| - delta/2) (PyTorch's HuberLoss): quadratic near 0, linear (robust) far away."""
    delta = positive(delta, "huber: delta")
    p, t = _elementwise(predictions, targets, "huber")
    d = p - t
    near = np.abs(E.data(d)) <= delta  # the piece of each entry (both agree at |d| = delta)
    h = E.where(near, 0.5 * d * d, delta * abs(d) - 0.5 * delta * delta)
    return E.total(h) * (1.0 / E.size(p))


# ----------------------------------------------------------------------------- classification


def _unit_targets(y: np.ndarray, op: str) -> None:
    bad = (y < 0) | (y > 1)
    if bad.any():
        raise ValueError(f"{op}: targets must be in [0, 1], got {_first(y, bad)!r}")


def binary_cross_entropy(predictions: Any, targets: Any) -> Any:
    """-(1/n) sum_i [y_i ln p_i + (1 - y_i) ln(1 - p_i)] for probabilities p_i in [0, 1] and
    targets y_i in [0, 1]; a term whose weight is 0 reads ln 1 = 0, so p = y = 1 gives 0, not
    0 ln 0. Prefer ``binary_cross_entropy_with_logits`` on the pre-sigmoid z: it cannot overflow."""
    op = "binary_cross_entropy"
    p, y = _elementwise(predictions, targets, op)
    _unit_targets(y, op)
    pv = E.data(p)
    bad = (pv < 0) | (pv > 1)
    if bad.any():
        raise ValueError(f"{op}: predictions must be probabilities in [0, 1], got {_first(pv, bad)!r}")
    infinite = ((y > 0) & (pv == 0)) | ((y < 1) & (pv == 1))
    if infinite.any():
        i = np.unravel_index(int(np.argmax(infinite)), infinite.shape)
        raise ValueError(
            f"{op}: prediction {float(pv[i])!r} for target {float(y[i])!r} gives an infinite "
            f"loss; use binary_cross_entropy_with_logits on the logits"
        )
    n = E.size(p)
    log_p = E.apply(E.where(y > 0, p, 1.0), "log")  # ln p where y > 0, ln 1 = 0 elsewhere
    log_q = E.apply(E.where(y < 1, 1.0 - p, 1.0), "log")  # ln(1 - p) where y < 1
    return E.dot(E.join(log_p, log_q), np.concatenate([-y.reshape(-1) / n, -(1.0 - y.reshape(-1)) / n]))


def binary_cross_entropy_with_logits(predictions: Any, targets: Any) -> Any:
    """(1/n) sum_i [softplus(z_i) - y_i z_i] = BCE(sigma(z), y), stable for any z
    (softplus(z) = max(z, 0) + ln(1 + e^-|z|)); dL/dz_i = (sigma(z_i) - y_i) / n."""
    op = "binary_cross_entropy_with_logits"
    z, y = _elementwise(predictions, targets, op)
    _unit_targets(y, op)
    n = E.size(z)
    # one dot node over [softplus(z), z] with weights [1/n, -y/n]
    return E.dot(E.join(E.apply(z, "softplus"), z), np.concatenate([np.full(n, 1.0 / n), -y.reshape(-1) / n]))


def cross_entropy(logits: Any, target: Any) -> Any:
    """-log_softmax(z)_t = logsumexp(z) - z_t for logits z and a class index t (PyTorch's
    CrossEntropyLoss: softmax and NLL in one, stable); for a batch (rows of logits and a list of
    indices) the mean. dL/dz_j = softmax(z)_j - 1{j = t}."""
    z, t = _rows(logits, target, "cross_entropy")
    return E.cross_entropy(z, _classes(t, z.shape, "cross_entropy"))


def nll(log_probs: Any, target: Any) -> Any:
    """-log p_t for log-probabilities (e.g. a ``log_softmax`` output layer) and a class index
    t (PyTorch's NLLLoss); for a batch the mean."""
    logp, t = _rows(log_probs, target, "nll")
    t = _classes(t, logp.shape, "nll")
    n = len(t)
    return E.dot(logp[np.arange(n), t], np.full(n, -1.0 / n))


def hinge(scores: Any, labels: Any) -> Any:
    """(1/n) sum_i max(0, 1 - y_i s_i) for labels y_i = +1 or -1 (binary SVM loss, micrograd's
    moons demo)."""
    s, y = _elementwise(scores, labels, "hinge")
    bad = (y != 1.0) & (y != -1.0)
    if bad.any():
        raise ValueError(f"hinge: labels must be +1 or -1, got {_first(y, bad)!r}")
    return E.total(E.apply(1.0 - s * y, "relu")) * (1.0 / E.size(s))


def kl_divergence(predictions: Any, targets: Any, log_input: bool = False) -> Any:
    """KL(p || q) = sum_i p_i ln(p_i / q_i), targets p (probabilities, 0 ln 0 = 0), predictions
    q (probabilities, or ln q with ``log_input=True``, as PyTorch's KLDivLoss takes them):
    -sum p_i ln q_i + sum p_i ln p_i. For a batch of distributions, the mean over samples
    (PyTorch's reduction="batchmean")."""
    op = "kl_divergence"
    q, ts = _rows(predictions, targets, op)
    p = _elementwise(q, ts, op)[1].reshape(q.shape)  # a distribution per sample
    if (p < 0).any():
        raise ValueError(f"{op}: targets must be probabilities >= 0, got {_first(p, p < 0)!r}")
    m, on = len(p), p > 0
    if log_input:
        log_q = E.where(on, q, 0.0)
    else:
        qv = E.data(q)
        bad = on & ~(qv > 0)
        if bad.any():
            raise ValueError(
                f"{op}: prediction {_first(qv, bad)!r} where the target is {_first(p, bad)!r} "
                f"gives an infinite divergence"
            )
        log_q = E.apply(E.where(on, q, 1.0), "log")
    entropy = sum(math.fsum(pj * math.log(pj) for pj in row if pj > 0) for row in p.tolist()) / m
    return E.dot(log_q, -p / m) + entropy


# ----------------------------------------------------------------------------- penalties

BIAS_NAMES = frozenset({"b", "bias", "biases"})
"""The names a bias parameter goes by: a Unit's ``b``, a Maxout's ``biases.i``, a Linear's ``bias``."""


def penalised(params: Any, biases: bool, op: str) -> list[Any]:
    """The parameters a penalty sums over: a model's weights (and its biases with ``biases=True``,
    told apart by name, see ``BIAS_NAMES``), or every parameter of a plain list."""
    if hasattr(params, "named_parameters") and callable(params.named_parameters):
        named = params.named_parameters()
        params = [p for name, p in named if biases or not BIAS_NAMES & set(name.split("."))]
    params = list(params)
    if not params:
        raise ValueError(f"{op}: no parameters")
    return params


def l1(params: Any, biases: bool = False) -> Any:
    """||w||_1 = sum_i |w_i| (sparse solutions; seed 002) over a model's weights (biases too with
    ``biases=True``) or over a list of parameters."""
    return E.sum_each(penalised(params, biases, "l1"), lambda w: E.total(abs(w)))


def l2(params: Any, biases: bool = False) -> Any:
    """||w||^2 = sum_i w_i^2 (one dot node on Values), over a model's weights (biases too with
    ``biases=True``) or over a list of parameters: the lectures' Omega(w) = 1/2 ||w||^2 is
    0.5 * l2(model). micrograd's moons demo penalises every parameter: l2(model, biases=True)."""
    return E.sum_each(penalised(params, biases, "l2"), lambda w: E.dot(w, w))


LOSSES: dict[str, Loss] = {
    f.__name__: f
    for f in (
        mse,
        rss,
        mae,
        huber,
        binary_cross_entropy,
        binary_cross_entropy_with_logits,
        cross_entropy,
        nll,
        hinge,
        kl_divergence,
    )
}


def resolve(loss: str | Loss, op: str = "loss") -> Loss:
    """The loss function for a name or a callable."""
    if isinstance(loss, str):
        return by_name(LOSSES, loss, "loss", op)
    if callable(loss):
        return loss
    raise TypeError(f"{op}: loss must be a name or a callable, got {type(loss).__name__} ({loss!r})")


__all__ = [
    "mse",
    "rss",
    "mae",
    "huber",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "nll",
    "hinge",
    "kl_divergence",
    "l1",
    "l2",
    "BIAS_NAMES",
    "penalised",
    "LOSSES",
    "resolve",
]
