"""Accuracy for the losses where it applies, per sample as (correct, count):

    sign         scores s with labels +-1 (hinge):               sign(s) = y
    probability  probabilities p with labels 0/1 (BCE):          p > 1/2  iff  y > 1/2
    logit        logits z with labels 0/1 (BCE with logits):     z > 0    iff  y > 1/2
    argmax       per-class outputs with a class index (cross_entropy, nll): argmax = t
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograd import Value

from nn import losses as _losses
from nn.lookup import by_name

Accuracy = Callable[[Any, Any], "tuple[int, int]"]


def _outputs(prediction: Any) -> list[float]:
    out = prediction if isinstance(prediction, (list, tuple)) else [prediction]
    return [v.data if isinstance(v, Value) else float(v) for v in out]


def _binary(threshold: float, positive: float) -> Accuracy:
    def correct(prediction: Any, target: Any) -> tuple[int, int]:
        outs = _outputs(prediction)
        ts = target if isinstance(target, (list, tuple)) else [target]
        return sum((o > threshold) == (t > positive) for o, t in zip(outs, ts)), len(outs)

    return correct


def _argmax(prediction: Any, target: Any) -> tuple[int, int]:
    outs = _outputs(prediction)
    return int(max(range(len(outs)), key=outs.__getitem__) == int(target)), 1


ACCURACY: dict[Any, Accuracy] = {
    _losses.hinge: _binary(0.0, 0.0),                            # sign(s) = y, labels +-1
    _losses.binary_cross_entropy: _binary(0.5, 0.5),             # p > 1/2
    _losses.binary_cross_entropy_with_logits: _binary(0.0, 0.5),  # z > 0
    _losses.cross_entropy: _argmax,
    _losses.nll: _argmax,
}
"""Loss -> per-sample (correct, count) for the losses where accuracy applies."""

ACCURACY_NAMES: dict[str, Accuracy] = {
    "sign": ACCURACY[_losses.hinge],        # scores s, labels +-1: sign(s) = y
    "probability": ACCURACY[_losses.binary_cross_entropy],  # p > 1/2 for label 1
    "logit": ACCURACY[_losses.binary_cross_entropy_with_logits],  # z > 0 for label 1
    "argmax": _argmax,                      # class index = argmax of the outputs
}
"""``fit(accuracy=...)`` by name, for a loss ``fit`` cannot recognise (e.g. a lambda)."""


def resolve(accuracy: Any, loss_fn: Any, op: str) -> Accuracy | None:
    """The accuracy function for ``fit(accuracy=...)``: None picks it from the loss (None when
    it does not apply), False turns it off, a name from ACCURACY_NAMES, or a callable."""
    if accuracy is None:
        return ACCURACY.get(loss_fn)
    if accuracy is False:
        return None
    if isinstance(accuracy, str):
        return by_name(ACCURACY_NAMES, accuracy, "accuracy", op)  # type: ignore[no-any-return]
    if callable(accuracy):
        return accuracy  # type: ignore[no-any-return]
    raise TypeError(f"{op}: accuracy must be None, False, a name or a callable, got {accuracy!r}")


__all__ = ["Accuracy", "ACCURACY", "ACCURACY_NAMES", "resolve"]
