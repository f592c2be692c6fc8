"""Loss functions L(predictions, targets): predictions are Values (a model's outputs), targets
numbers; each loss is a small graph ending in ONE n-ary node where it can (``autograd.dot`` /
``autograd.sum`` / ``autograd.logsumexp``), never a chain of binary adds.

Shapes: one prediction and one target; a list of predictions and a list of targets (a batch of
scalar outputs, or one sample's vector output); or a list of lists (a batch of vector outputs).
Elementwise losses average over every element (PyTorch's ``reduction="mean"``).

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

These functions build scalar-engine graphs; given Tensor predictions (a batch from a Tensor
model) each hands over to its namesake in ``nn.tensor_losses``. ``fit`` only needs
``loss(predictions, targets)`` to return something with ``.data`` and ``.backward()``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import autograd
from autograd import Tensor, Value

from nn import tensor_losses as _tensor
from nn.checks import positive
from nn.lookup import by_name
from nn.shapes import as_list, class_index, is_seq, pairs, samples
from nn.shapes import target as number

Loss = Callable[[Any, Any], Any]


def _mean(terms: list[Any]) -> Any:
    return autograd.sum(terms) * (1.0 / len(terms))


# ----------------------------------------------------------------------------- regression


def mse(predictions: Any, targets: Any) -> Any:
    """(1/n) sum_i (y_hat_i - y_i)^2 (PyTorch's MSELoss)."""
    if predictions.__class__ is Tensor:  # a batch on the Tensor engine
        return _tensor.mse(predictions, targets)
    ps, ts = pairs(predictions, targets, "mse")
    d = [p - t for p, t in zip(ps, ts)]
    return autograd.dot(d, d) * (1.0 / len(d))


def rss(predictions: Any, targets: Any) -> Any:
    """sum_i (y_hat_i - y_i)^2; the lectures' J = 1/2 ||y_hat - y||^2 is 0.5 * rss."""
    if predictions.__class__ is Tensor:  # a batch on the Tensor engine
        return _tensor.rss(predictions, targets)
    ps, ts = pairs(predictions, targets, "rss")
    d = [p - t for p, t in zip(ps, ts)]
    return autograd.dot(d, d)


def mae(predictions: Any, targets: Any) -> Any:
    """(1/n) sum_i |y_hat_i - y_i| (PyTorch's L1Loss)."""
    if predictions.__class__ is Tensor:  # a batch on the Tensor engine
        return _tensor.mae(predictions, targets)
    ps, ts = pairs(predictions, targets, "mae")
    return _mean([abs(p - t) for p, t in zip(ps, ts)])


def huber(predictions: Any, targets: Any, delta: float = 1.0) -> Any:
    """(1/n) sum_i h(d_i), d = y_hat - y, h(d) = d^2/2 for |d| <= delta, else
    delta (|d| - delta/2) (PyTorch's HuberLoss): quadratic near 0, linear (robust) far away."""
    if predictions.__class__ is Tensor:  # a batch on the Tensor engine
        return _tensor.huber(predictions, targets, delta)
    delta = positive(delta, "huber: delta")
    ps, ts = pairs(predictions, targets, "huber")
    terms = []
    for p, t in zip(ps, ts):
        d = p - t
        size = abs(d.data if isinstance(d, Value) else d)
        terms.append(0.5 * d * d if size <= delta else delta * abs(d) - 0.5 * delta * delta)
    return _mean(terms)


# ----------------------------------------------------------------------------- classification


def binary_cross_entropy(predictions: Any, targets: Any) -> Any:
    """-(1/n) sum_i [y_i ln p_i + (1 - y_i) ln(1 - p_i)] for probabilities p_i in [0, 1] and
    targets y_i in [0, 1]; a term whose weight is 0 is left out, so p = y = 1 gives 0, not
    ln 0. Prefer ``binary_cross_entropy_with_logits`` on the pre-sigmoid z: it cannot overflow."""
    if predictions.__class__ is Tensor:  # a batch on the Tensor engine
        return _tensor.binary_cross_entropy(predictions, targets)
    op = "binary_cross_entropy"
    ps, ts = pairs(predictions, targets, op)
    n = len(ps)
    logs, weights = [], []
    for p, t in zip(ps, ts):
        pv = p.data if isinstance(p, Value) else p
        if not 0.0 <= t <= 1.0:
            raise ValueError(f"{op}: targets must be in [0, 1], got {t!r}")
        if not 0.0 <= pv <= 1.0:
            raise ValueError(f"{op}: predictions must be probabilities in [0, 1], got {pv!r}")
        if (t > 0.0 and pv == 0.0) or (t < 1.0 and pv == 1.0):
            raise ValueError(f"{op}: prediction {pv!r} for target {t!r} gives an infinite loss; "
                             f"use binary_cross_entropy_with_logits on the logits")
        if t > 0.0:
            logs.append(p.log() if isinstance(p, Value) else math.log(p))
            weights.append(-t / n)
        if t < 1.0:
            logs.append((1.0 - p).log() if isinstance(p, Value) else math.log(1.0 - p))
            weights.append(-(1.0 - t) / n)
    return autograd.dot(logs, weights)


def binary_cross_entropy_with_logits(predictions: Any, targets: Any) -> Any:
    """(1/n) sum_i [softplus(z_i) - y_i z_i] = BCE(sigma(z), y), stable for any z
    (softplus(z) = max(z, 0) + ln(1 + e^-|z|)); dL/dz_i = (sigma(z_i) - y_i) / n."""
    if predictions.__class__ is Tensor:  # a batch on the Tensor engine
        return _tensor.binary_cross_entropy_with_logits(predictions, targets)
    op = "binary_cross_entropy_with_logits"
    zs, ts = pairs(predictions, targets, op)
    n = len(zs)
    for t in ts:
        if not 0.0 <= t <= 1.0:
            raise ValueError(f"{op}: targets must be in [0, 1], got {t!r}")
    softplus = [z.softplus() if isinstance(z, Value) else Value(z).softplus().data for z in zs]
    return autograd.dot(softplus + zs, [1.0 / n] * n + [-t / n for t in ts])


def cross_entropy(logits: Any, target: Any) -> Any:
    """-log_softmax(z)_t = logsumexp(z) - z_t for logits z and a class index t (PyTorch's
    CrossEntropyLoss: softmax and NLL in one, stable); for a batch (a list of logit lists and a
    list of indices) the mean. dL/dz_j = softmax(z)_j - 1{j = t}."""
    if logits.__class__ is Tensor:  # a batch on the Tensor engine
        return _tensor.cross_entropy(logits, target)
    op = "cross_entropy"
    rows, ts = samples(logits, target, op)
    n = len(rows)
    lse = [autograd.logsumexp(r) for r in rows]
    picked = [r[class_index(t, len(r), op)] for r, t in zip(rows, ts)]
    return autograd.dot(lse + picked, [1.0 / n] * n + [-1.0 / n] * n)


def nll(log_probs: Any, target: Any) -> Any:
    """-log p_t for log-probabilities (e.g. a ``log_softmax`` output layer) and a class index
    t (PyTorch's NLLLoss); for a batch the mean."""
    if log_probs.__class__ is Tensor:  # a batch on the Tensor engine
        return _tensor.nll(log_probs, target)
    op = "nll"
    rows, ts = samples(log_probs, target, op)
    picked = [r[class_index(t, len(r), op)] for r, t in zip(rows, ts)]
    return autograd.dot(picked, [-1.0 / len(rows)] * len(rows))


def hinge(scores: Any, labels: Any) -> Any:
    """(1/n) sum_i max(0, 1 - y_i s_i) for labels y_i = +1 or -1 (binary SVM loss, micrograd's
    moons demo); each margin 1 - y s is one node, then its relu."""
    if scores.__class__ is Tensor:  # a batch on the Tensor engine
        return _tensor.hinge(scores, labels)
    op = "hinge"
    ss, ys = pairs(scores, labels, op)
    margins = []
    for s, y in zip(ss, ys):
        if y != 1.0 and y != -1.0:
            raise ValueError(f"{op}: labels must be +1 or -1, got {y!r}")
        m = autograd.dot((s,), (-y,), bias=1.0)
        margins.append(m.relu() if isinstance(m, Value) else max(0.0, m))
    return _mean(margins)


def kl_divergence(predictions: Any, targets: Any, log_input: bool = False) -> Any:
    """KL(p || q) = sum_i p_i ln(p_i / q_i), targets p (probabilities, 0 ln 0 = 0), predictions
    q (probabilities, or ln q with ``log_input=True``, as PyTorch's KLDivLoss takes them); one
    dot node: -sum p_i ln q_i + sum p_i ln p_i. For a batch of distributions, the mean over
    samples (PyTorch's reduction="batchmean")."""
    if predictions.__class__ is Tensor:  # a batch on the Tensor engine
        return _tensor.kl_divergence(predictions, targets, log_input)
    op = "kl_divergence"
    rows, ts = samples(predictions, targets, op)
    m = len(rows)
    logs, weights, entropy = [], [], 0.0
    for i, (q, p) in enumerate(zip(rows, ts)):
        if not is_seq(p):
            raise ValueError(f"{op}: targets must be a distribution per sample, got {p!r}")
        p = [number(v, op) for v in as_list(p)]
        if len(p) != len(q):
            raise ValueError(f"{op}: sample {i} has {len(q)} predictions but {len(p)} targets")
        for qj, pj in zip(q, p):
            if pj < 0.0:
                raise ValueError(f"{op}: targets must be probabilities >= 0, got {pj!r}")
            if pj == 0.0:
                continue
            if not log_input:
                qv = qj.data if isinstance(qj, Value) else qj
                if not qv > 0.0:
                    raise ValueError(f"{op}: prediction {qv!r} where the target is {pj!r} gives an "
                                     f"infinite divergence")
                qj = qj.log() if isinstance(qj, Value) else math.log(qj)
            logs.append(qj)
            weights.append(-pj / m)
            entropy += pj * math.log(pj) / m
    if not logs:
        return 0.0
    return autograd.dot(logs, weights, bias=entropy)


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
    ws = penalised(params, biases, "l1")
    if ws[0].__class__ is Tensor:  # a Tensor model's weight matrices
        return _tensor.l1(ws)
    return autograd.sum([abs(w) for w in ws])


def l2(params: Any, biases: bool = False) -> Any:
    """||w||^2 = sum_i w_i^2 as one dot node, over a model's weights (biases too with
    ``biases=True``) or over a list of parameters: the lectures' Omega(w) = 1/2 ||w||^2 is
    0.5 * l2(model). micrograd's moons demo penalises every parameter: l2(model, biases=True)."""
    ws = penalised(params, biases, "l2")
    if ws[0].__class__ is Tensor:  # a Tensor model's weight matrices
        return _tensor.l2(ws)
    return autograd.dot(ws, ws)


LOSSES: dict[str, Loss] = {f.__name__: f for f in (
    mse, rss, mae, huber, binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy,
    nll, hinge, kl_divergence)}


def resolve(loss: str | Loss, op: str = "loss") -> Loss:
    """The loss function for a name or a callable."""
    if isinstance(loss, str):
        return by_name(LOSSES, loss, "loss", op)  # type: ignore[no-any-return]
    if callable(loss):
        return loss
    raise TypeError(f"{op}: loss must be a name or a callable, got {type(loss).__name__} ({loss!r})")


__all__ = ["mse", "rss", "mae", "huber", "binary_cross_entropy", "binary_cross_entropy_with_logits",
           "cross_entropy", "nll", "hinge", "kl_divergence", "l1", "l2", "LOSSES", "resolve"]
