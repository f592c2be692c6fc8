"""The training loop: ``fit`` (mini-batch gradient descent with optional early stopping) and
``evaluate``.

One epoch visits every sample once, in batches of B (seed 004: B = 1 is stochastic gradient
descent, B = n is full-batch gradient descent); per batch: forward, L = loss(predictions,
targets), zero_grad, backward, step. Early stopping (seed 003: stop when the error on a
validation set stops going down) keeps the weights of the best validation epoch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import autograd

from nn import losses as _losses
from nn import metrics
from nn.compiled import fit_step as compiled_fit_step
from nn.data import check_data
from nn.epochs import DEFAULT_LR, History, check_arguments, run_epochs

# ----------------------------------------------------------------------------- loop


def evaluate(model: Callable[[Any], Any], X: Any, y: Any, loss: Any = "mse",
             accuracy: Any = None) -> tuple[float, float | None]:
    """(loss, accuracy or None) of ``model`` on (X, y), without recording a graph."""
    if getattr(model, "batched", False):  # a Tensor model: one forward pass for the whole set
        from nn import tensor_train  # (it imports this module)
        return tensor_train.evaluate(model, X, y, loss, accuracy)
    loss_fn = _losses.resolve(loss, "evaluate")
    acc_fn = metrics.resolve(accuracy, loss_fn, "evaluate")
    X, y = check_data(X, y, getattr(model, "nin", None), "evaluate")
    return _evaluate(model, X, y, loss_fn, acc_fn)


def _evaluate(model: Any, X: list[Any], y: list[Any], loss_fn: Any,
              acc_fn: metrics.Accuracy | None) -> tuple[float, float | None]:
    with autograd.no_grad():
        preds = [model(x) for x in X]
        value = _data(loss_fn(preds, y))
    if acc_fn is None:
        return value, None
    right, total = _count(acc_fn, preds, y)
    return value, right / total


def _count(acc_fn: metrics.Accuracy, preds: list[Any], targets: list[Any]) -> tuple[int, int]:
    """(correct, count) summed over the samples."""
    right = total = 0
    for p, t in zip(preds, targets):
        r, c = acc_fn(p, t)
        right, total = right + r, total + c
    return right, total


def _data(L: Any) -> float:
    return float(L.data) if hasattr(L, "data") else float(L)


def fit(model: Any, X: Any, y: Any, loss: Any = "mse", optimizer: Any = "sgd", epochs: int = 100,
        batch_size: int | None = None, validation: tuple[Any, Any] | None = None,
        patience: int | None = None, seed: int = 0, progress: bool = True, *, lr: float | None = None,
        lr_schedule: Callable[[int], float] | None = None, shuffle: bool = True, accuracy: Any = None,
        restore_best: bool = True, compile: bool = False) -> History:
    """Train ``model`` on (X, y) and return a :class:`History`.

    ``loss``: a name from ``nn.losses`` or a callable ``(predictions, targets) -> Value`` (add a
    penalty there: ``lambda p, t: hinge(p, t) + 1e-4 * l2(model)``). ``optimizer``: an
    ``nn.optim`` optimiser, or "sgd" / "adam" with learning rate ``lr`` (default 0.1 / 1e-3).
    ``batch_size``: None for the whole set. ``validation``: (Xv, yv), evaluated after each epoch.
    ``patience``: stop after that many epochs without a lower validation loss, then (with
    ``restore_best``) put back the best epoch's weights. ``seed`` seeds the shuffling (its own
    ``random.Random``). ``progress``: a tqdm bar when tqdm is installed, else one line per epoch
    on stderr. ``lr_schedule(epoch) -> lr`` sets the learning rate before each epoch.
    ``accuracy``: None picks it from the loss (hinge, binary cross-entropies, cross_entropy,
    nll), False turns it off; or "sign" / "probability" / "logit" / "argmax", or a callable
    (prediction, target) -> (correct, count).
    Bad data (ragged rows, a wrong feature count, NaN) raises before any training.
    A Tensor model (``model.batched``: ``nn.Sequential``, ``nn.Linear``) runs one forward pass
    per mini-batch on arrays, in ``nn.tensor_train.fit``, with the same shuffled order.
    ``compile``: run the model and its derivative as generated Python (``nn.compiled``), the
    loss on the interpreted engine: the same training.
    """
    if getattr(model, "batched", False):
        from nn import tensor_train  # (it imports this module)
        return tensor_train.fit(model, X, y, loss, optimizer, epochs, batch_size, validation, patience,
                                seed, progress, lr=lr, lr_schedule=lr_schedule, shuffle=shuffle,
                                accuracy=accuracy, restore_best=restore_best, compile=compile)
    op = "fit"
    loss_fn = _losses.resolve(loss, op)
    acc_fn = metrics.resolve(accuracy, loss_fn, op)
    nin = getattr(model, "nin", None)
    plan = check_arguments(model, X, y, lambda X, y, name: check_data(X, y, nin, op, name), optimizer,
                           epochs, batch_size, validation, patience, lr, lr_schedule, op)
    X, y = plan.X, plan.y

    def step(idx: list[int]) -> tuple[Any, list[Any], list[Any]]:
        preds = [model(X[i]) for i in idx]
        targets = [y[i] for i in idx]
        return loss_fn(preds, targets), preds, targets

    if compile:  # the model and its Jacobian as generated Python (nn.compiled)
        step = compiled_fit_step(model, loss_fn, X, y)  # type: ignore[assignment]
    return run_epochs(plan, step, accuracy=None if acc_fn is None else lambda p, t: _count(acc_fn, p, t),
                      evaluate=lambda Xv, yv: _evaluate(model, Xv, yv, loss_fn, acc_fn),
                      snapshot=lambda params: [p.data for p in params], restore=_restore,
                      seed=seed, shuffle=shuffle, restore_best=restore_best, progress=progress)


def _restore(params: list[Any], state: list[float]) -> None:
    for p, v in zip(params, state):
        p.data = v


__all__ = ["fit", "evaluate", "History", "DEFAULT_LR"]
