"""Accuracy for the losses where it applies, on a batch of outputs (an array, one row per
sample) and its targets, as (correct, count), for either engine:

    sign         scores s with labels +-1 (hinge):               sign(s) = y
    probability  probabilities p with labels 0/1 (BCE):          p > 1/2  iff  y > 1/2
    logit        logits z with labels 0/1 (BCE with logits):     z > 0    iff  y > 1/2
    argmax       per-class outputs with a class index (cross_entropy, nll): argmax = t

A function of one sample, ``accuracy(prediction, target) -> (correct, count)``, runs row by row
(the prediction a float for one output, else a list of floats).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from nn import losses as _losses
from nn.lookup import by_name

Accuracy = Callable[[np.ndarray, Any], "tuple[int, int]"]
"""(outputs (B,) or (B, k), targets) -> (correct, count)."""


def _binary(threshold: float, positive: float) -> Accuracy:
    def correct(out: np.ndarray, t: Any) -> tuple[int, int]:
        """(output > threshold) == (target > positive), per output entry."""
        hits = (out.reshape(-1) > threshold) == (np.asarray(t, dtype=np.float64).reshape(-1) > positive)
        return int(hits.sum()), int(out.size)

    return correct


def argmax(out: np.ndarray, t: Any) -> tuple[int, int]:
    """argmax over the classes = the class index t, per sample."""
    out = out.reshape(1, -1) if out.ndim == 1 else out
    return int((out.argmax(axis=1) == np.asarray(t).reshape(-1).astype(np.intp)).sum()), len(out)


sign, probability, logit = _binary(0.0, 0.0), _binary(0.5, 0.5), _binary(0.0, 0.5)

ACCURACY: dict[Any, Accuracy] = {
    _losses.hinge: sign,
    _losses.binary_cross_entropy: probability,
    _losses.binary_cross_entropy_with_logits: logit,
    _losses.cross_entropy: argmax,
    _losses.nll: argmax,
}
"""Loss -> accuracy, for the losses where accuracy applies."""

ACCURACY_NAMES: dict[str, Accuracy] = {
    "sign": sign,
    "probability": probability,
    "logit": logit,
    "argmax": argmax,
}
"""``fit(accuracy=...)`` by name, for a loss ``fit`` cannot recognise (e.g. a lambda)."""


def row_by_row(per_sample: Callable[[Any, Any], tuple[int, int]]) -> Accuracy:
    """A function of one sample (prediction, target) -> (correct, count) on a whole batch."""

    def correct(out: np.ndarray, t: Any) -> tuple[int, int]:
        right = count = 0
        for row, target in zip(out.reshape(len(out), -1), np.asarray(t).tolist()):
            r, c = per_sample(row.tolist() if row.size > 1 else float(row[0]), target)
            right, count = right + r, count + c
        return right, count

    return correct


def resolve(accuracy: Any, loss_fn: Any, op: str) -> Accuracy | None:
    """The accuracy for ``fit(accuracy=...)``: None picks it from the loss (None when it does not
    apply), False turns it off, a name from ACCURACY_NAMES, or a function of one sample."""
    if accuracy is None:
        return ACCURACY.get(loss_fn)
    if accuracy is False:
        return None
    if isinstance(accuracy, str):
        return by_name(ACCURACY_NAMES, accuracy, "accuracy", op)
    if callable(accuracy):
        return row_by_row(accuracy)
    raise TypeError(f"{op}: accuracy must be None, False, a name or a callable, got {accuracy!r}")


__all__ = [
    "Accuracy",
    "ACCURACY",
    "ACCURACY_NAMES",
    "argmax",
    "sign",
    "probability",
    "logit",
    "row_by_row",
    "resolve",
]
