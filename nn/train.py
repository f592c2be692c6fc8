"""The training loop, for either engine: ``fit`` (mini-batch gradient descent with optional
early stopping) and ``evaluate``.

One epoch visits every sample once, in batches of B (seed 004: B = 1 is stochastic gradient
descent, B = n is full-batch gradient descent); per batch: forward, L = loss(predictions,
targets), zero_grad, backward, step. Early stopping (seed 003: stop when the error on a
validation set stops going down) keeps the weights of the best validation epoch.

A scalar model (``nn.MLP``) runs once per sample and its loss sees lists of Values; a Tensor
model (``model.batched``: ``nn.Sequential``, ``nn.Linear``) runs once per mini-batch on the rows
of X. ``forward`` below is the only place the loop tells them apart; the samples are shuffled by
the same ``random.Random(seed)``, so a scalar MLP and its ``nn.to_tensor`` twin see the same
batches in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

import autograd
from autograd import Tensor
from nn import engine as E
from nn import losses as _losses
from nn import metrics
from nn.compiled import fit_step as compiled_fit_step
from nn.data import check_data
from nn.epochs import DEFAULT_LR, History, check_arguments, run_epochs


def forward(model: Any, X: np.ndarray, y: np.ndarray, rows: Any) -> tuple[Any, Any]:
    """(predictions, targets as the loss reads them) for the rows ``rows`` (indices or a slice)
    of (X, y): one Tensor pass for a batched model, with the targets' array; else one output (a
    Value or a list of Values) per row, with the targets as lists."""
    if getattr(model, "batched", False):
        return model(Tensor(X[rows])), y[rows]
    return [model(x) for x in X[rows].tolist()], y[rows].tolist()


def outputs(predictions: Any) -> np.ndarray:
    """The numbers of a batch of predictions as an array, one row per sample (for accuracy)."""
    if isinstance(predictions, list):  # one output, or a list of outputs, per sample
        predictions = E.values([p if isinstance(p, list) else [p] for p in predictions])
    return E.data(predictions)


def evaluate(
    model: Callable[[Any], Any], X: Any, y: Any, loss: Any = "mse", accuracy: Any = None
) -> tuple[float, float | None]:
    """(loss, accuracy or None) of ``model`` on (X, y), without recording a graph."""
    loss_fn = _losses.resolve(loss, "evaluate")
    acc = metrics.resolve(accuracy, loss_fn, "evaluate")
    X, y = check_data(X, y, getattr(model, "nin", None), getattr(model, "dtype", None), "evaluate")
    return _evaluate(model, X, y, loss_fn, acc)


def _evaluate(
    model: Any, X: np.ndarray, y: np.ndarray, loss_fn: Any, acc: metrics.Accuracy | None
) -> tuple[float, float | None]:
    with autograd.no_grad():
        preds, targets = forward(model, X, y, slice(None))
        value = _number(loss_fn(preds, targets))
    if acc is None:
        return value, None
    right, count = acc(outputs(preds), y)
    return value, right / count


def _number(L: Any) -> float:
    return float(np.asarray(L.data)) if hasattr(L, "data") else float(L)


def fit(
    model: Any,
    X: Any,
    y: Any,
    loss: Any = "mse",
    optimizer: Any = "sgd",
    epochs: int = 100,
    batch_size: int | None = None,
    validation: tuple[Any, Any] | None = None,
    patience: int | None = None,
    seed: int = 0,
    progress: bool = True,
    *,
    lr: float | None = None,
    lr_schedule: Callable[[int], float] | None = None,
    shuffle: bool = True,
    accuracy: Any = None,
    restore_best: bool = True,
    compile: bool = False,
) -> History:
    """Train ``model`` on (X, y) and return a :class:`History`.

    ``loss``: a name from ``nn.losses`` or a callable ``(predictions, targets) -> L`` (add a
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
    Bad data (ragged rows, a wrong feature count, NaN) raises before any training. X of shape
    (n, nin), y of n targets (class indices for cross_entropy / nll). ``compile``: run the model
    and its derivative as generated Python (``nn.compiled``), the loss on the interpreted
    engine: the same training, faster.
    """
    op = "fit"
    loss_fn = _losses.resolve(loss, op)
    acc = metrics.resolve(accuracy, loss_fn, op)
    nin, dtype = getattr(model, "nin", None), getattr(model, "dtype", None)
    plan = check_arguments(
        model,
        X,
        y,
        lambda X, y, name: check_data(X, y, nin, dtype, op, name),
        optimizer,
        epochs,
        batch_size,
        validation,
        patience,
        lr,
        lr_schedule,
        op,
    )
    X, y = plan.X, plan.y

    def step(idx: Sequence[int]) -> tuple[Any, Any, Any]:
        # unshuffled, the indices run start..stop-1: a slice, so X[rows] is a view, not a copy
        rows = slice(idx[0], idx[-1] + 1) if not shuffle else np.asarray(idx)
        preds, targets = forward(model, X, y, rows)
        return loss_fn(preds, targets), preds, y[rows]

    batch = compiled_fit_step(model, loss_fn, X, y, shuffle) if compile else step  # nn.compiled
    return run_epochs(
        plan,
        batch,
        accuracy=None if acc is None else lambda p, t: acc(outputs(p), t),
        evaluate=lambda Xv, yv: _evaluate(model, Xv, yv, loss_fn, acc),
        seed=seed,
        shuffle=shuffle,
        restore_best=restore_best,
        progress=progress,
    )


__all__ = ["fit", "evaluate", "forward", "outputs", "History", "DEFAULT_LR"]
