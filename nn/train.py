"""The training loop: ``fit`` (mini-batch gradient descent with optional early stopping) and
``evaluate``.

One epoch visits every sample once, in batches of B (seed 004: B = 1 is stochastic gradient
descent, B = n is full-batch gradient descent); per batch: forward, L = loss(predictions,
targets), zero_grad, backward, step. Early stopping (seed 003: stop when the error on a
validation set stops going down) keeps the weights of the best validation epoch.
"""

from __future__ import annotations

import math
import numbers
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import autograd

from nn import losses as _losses
from nn import metrics
from nn.data import check_data
from nn.optim import OPTIMIZERS, Optimizer


@dataclass
class History:
    """Per epoch: ``loss`` (training, the batch losses averaged with the batch sizes as weights,
    each at the weights before its update), ``val_loss``, ``accuracy`` and ``val_accuracy``
    (fractions in [0, 1]; empty when accuracy does not apply to the loss). ``best_epoch`` is the
    epoch (0-based) of the lowest validation loss, ``stopped_epoch`` the epoch early stopping
    ended on (None if it ran all epochs). ``history["loss"]`` works too."""

    loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    best_epoch: int | None = None
    stopped_epoch: int | None = None

    def keys(self) -> list[str]:
        return ["loss", "val_loss", "accuracy", "val_accuracy", "best_epoch", "stopped_epoch"]

    def __getitem__(self, key: str) -> Any:
        if key not in self.keys():
            raise KeyError(f"History: no {key!r}; keys: {', '.join(self.keys())}")
        return getattr(self, key)

    def as_dict(self) -> dict[str, Any]:
        return {k: self[k] for k in self.keys()}


DEFAULT_LR = {"sgd": 0.1, "adam": 1e-3}
"""Learning rate of ``fit(optimizer="sgd" / "adam")`` when ``lr`` is not given."""

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
    with autograd.no_grad():
        preds = [model(x) for x in X]
        value = _data(loss_fn(preds, y))
    if acc_fn is None:
        return value, None
    right = total = 0
    for p, t in zip(preds, y):
        r, c = acc_fn(p, t)
        right, total = right + r, total + c
    return value, right / total


def _data(L: Any) -> float:
    return float(L.data) if hasattr(L, "data") else float(L)


def _positive_int(n: Any, op: str, name: str) -> int:
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"{op}: {name} must be an int, got {type(n).__name__} ({n!r})")
    if n < 1:
        raise ValueError(f"{op}: {name} must be >= 1, got {n!r}")
    return int(n)


def fit(model: Any, X: Any, y: Any, loss: Any = "mse", optimizer: Any = "sgd", epochs: int = 100,
        batch_size: int | None = None, validation: tuple[Any, Any] | None = None,
        patience: int | None = None, seed: int = 0, progress: bool = True, *, lr: float | None = None,
        lr_schedule: Callable[[int], float] | None = None, shuffle: bool = True, accuracy: Any = None,
        restore_best: bool = True) -> History:
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
    """
    if getattr(model, "batched", False):
        from nn import tensor_train  # (it imports this module)
        return tensor_train.fit(model, X, y, loss, optimizer, epochs, batch_size, validation, patience,
                                seed, progress, lr=lr, lr_schedule=lr_schedule, shuffle=shuffle,
                                accuracy=accuracy, restore_best=restore_best)
    op = "fit"
    loss_fn = _losses.resolve(loss, op)
    acc_fn = metrics.resolve(accuracy, loss_fn, op)
    epochs = _positive_int(epochs, op, "epochs")
    nin = getattr(model, "nin", None)
    X, y = check_data(X, y, nin, op)
    n = len(X)
    batch = n if batch_size is None else _positive_int(batch_size, op, "batch_size")
    if validation is not None:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise TypeError(f"{op}: validation must be a pair (X_val, y_val)")
        Xv, yv = check_data(validation[0], validation[1], nin, op, "validation X")
    if patience is not None:
        patience = _positive_int(patience, op, "patience")
        if validation is None:
            raise ValueError(f"{op}: early stopping (patience={patience}) needs validation=(X_val, y_val)")
    if isinstance(optimizer, str):
        cls = OPTIMIZERS.get(optimizer.lower())
        if cls is None:
            raise ValueError(f"{op}: unknown optimizer {optimizer!r}; known: {', '.join(OPTIMIZERS)}")
        optimizer = cls(model.parameters(), lr=DEFAULT_LR[optimizer.lower()] if lr is None else lr)
    elif isinstance(optimizer, Optimizer):
        if lr is not None:
            raise ValueError(f"{op}: lr={lr!r} given with an optimizer instance; set it on the optimizer")
    else:
        raise TypeError(f"{op}: optimizer must be 'sgd', 'adam' or an nn.optim optimizer, got {optimizer!r}")
    if lr_schedule is not None and not callable(lr_schedule):
        raise TypeError(f"{op}: lr_schedule must be a callable epoch -> lr")

    history = History()
    params = optimizer.params
    best, best_state, waited = math.inf, None, 0
    order = list(range(n))
    shuffler = random.Random(seed)
    bar = _progress_bar(epochs) if progress else None
    try:
        for epoch in range(epochs):
            if lr_schedule is not None:
                optimizer.lr = float(lr_schedule(epoch))
            if shuffle:
                shuffler.shuffle(order)
            total = 0.0
            right = count = 0
            for start in range(0, n, batch):
                idx = order[start:start + batch]
                preds = [model(X[i]) for i in idx]
                targets = [y[i] for i in idx]
                L = loss_fn(preds, targets)
                optimizer.zero_grad()
                L.backward()
                optimizer.step()
                total += L.data * len(idx)
                if acc_fn is not None:
                    for p, t in zip(preds, targets):
                        r, c = acc_fn(p, t)
                        right, count = right + r, count + c
            history.loss.append(total / n)
            if acc_fn is not None:
                history.accuracy.append(right / count)
            if validation is not None:
                v_loss, v_acc = evaluate(model, Xv, yv, loss_fn, acc_fn if acc_fn is not None else False)
                history.val_loss.append(v_loss)
                if v_acc is not None:
                    history.val_accuracy.append(v_acc)
                if v_loss < best:
                    best, history.best_epoch, waited = v_loss, epoch, 0
                    if patience is not None and restore_best:
                        best_state = [p.data for p in params]
                else:
                    waited += 1
            _report(bar, epoch, epochs, history)
            if patience is not None and waited >= patience:
                history.stopped_epoch = epoch
                break
    finally:
        if bar is not None:
            bar.close()
    if best_state is not None and history.stopped_epoch is not None:
        for p, v in zip(params, best_state):
            p.data = v
    return history


class _Lines:
    """The progress "bar" without tqdm: one plain line per epoch on stderr."""

    def __init__(self, total: int) -> None:
        self.total = total

    def write(self, line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    def close(self) -> None:
        pass


def _progress_bar(epochs: int) -> Any:
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _Lines(epochs)
    return tqdm(total=epochs, desc="fit", unit="epoch")


def _report(bar: Any, epoch: int, epochs: int, h: History) -> None:
    if bar is None:
        return
    stats = {"loss": h.loss[-1]}
    if h.accuracy:
        stats["accuracy"] = h.accuracy[-1]
    if h.val_loss:
        stats["val_loss"] = h.val_loss[-1]
    if h.val_accuracy:
        stats["val_accuracy"] = h.val_accuracy[-1]
    if isinstance(bar, _Lines):
        bar.write(f"epoch {epoch + 1}/{epochs}: " + ", ".join(f"{k} {v:.4g}" for k, v in stats.items()))
    else:
        bar.set_postfix({k: f"{v:.4g}" for k, v in stats.items()}, refresh=False)
        bar.update(1)


__all__ = ["fit", "evaluate", "History", "DEFAULT_LR"]
