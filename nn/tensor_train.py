"""``nn.fit`` and ``nn.evaluate`` for Tensor models (``model.batched``): one forward pass per
mini-batch instead of one per sample, with the scalar loop's semantics step for step.

Per epoch the samples are shuffled by the same ``random.Random(seed)`` as the scalar loop, so a
scalar MLP and its ``nn.to_tensor`` twin see the same batches in the same order; per batch of
B rows X_b (seed 004): forward, L = loss(model(X_b), y_b), zero_grad, backward, step. Early
stopping (seed 003) keeps copies of the best validation epoch's arrays and copies them back.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

import autograd
import numpy as np
from autograd import Tensor

from nn import losses as _losses
from nn import metrics
from nn.optim import OPTIMIZERS, Optimizer
from nn.train import DEFAULT_LR, History, _positive_int, _progress_bar, _report

BatchAccuracy = Callable[[np.ndarray, np.ndarray], "tuple[int, int]"]


# ----------------------------------------------------------------------------- data


def check_arrays(X: Any, y: Any, nin: int | None, dtype: Any, op: str = "fit",
                 name: str = "X") -> tuple[np.ndarray, np.ndarray]:
    """(X, y) as arrays after checking: X a non-empty (n, nin) array of finite numbers in the
    model's dtype, y one finite target (or row of targets) per row of X. Errors as the scalar
    loop's: TypeError for non-numbers, ValueError naming the row and column otherwise."""
    X = X.data if isinstance(X, Tensor) else X
    y = y.data if isinstance(y, Tensor) else y
    try:
        Xa = np.asarray(X)
    except ValueError:
        raise ValueError(f"{op}: {name} is ragged (rows of different lengths)") from None
    if Xa.dtype == object:
        raise ValueError(f"{op}: {name} is ragged or holds non-numbers")
    if Xa.dtype.kind not in "biuf":
        raise TypeError(f"{op}: {name} must hold numbers, got dtype {Xa.dtype}")
    if Xa.ndim != 2 or not Xa.shape[0]:
        raise ValueError(f"{op}: {name} must be a non-empty list of rows, got shape {Xa.shape}")
    if nin is not None and Xa.shape[1] != nin:
        raise ValueError(f"{op}: {name} has {Xa.shape[1]} features per row but the model takes {nin}")
    Xa = Xa.astype(dtype or np.float64, copy=False)
    bad = ~np.isfinite(Xa)
    if bad.any():
        i, j = np.unravel_index(int(np.argmax(bad)), bad.shape)
        raise ValueError(f"{op}: {name}[{i}][{j}] is {float(Xa[i, j])!r}; the data must be finite")
    yname = "y" if name == "X" else f"{name}'s y"
    try:
        ya = np.asarray(y)
    except ValueError:
        raise ValueError(f"{op}: {yname} is ragged") from None
    if ya.dtype.kind not in "biuf":
        raise TypeError(f"{op}: {yname} must hold numbers, got dtype {ya.dtype}")
    if ya.ndim == 0 or len(ya) != len(Xa):
        raise ValueError(f"{op}: {len(Xa)} rows in {name} but {ya.size if ya.ndim == 0 else len(ya)} targets")
    if ya.dtype.kind == "f" and not np.isfinite(ya).all():
        i = int(np.argmax(~np.isfinite(ya).reshape(len(ya), -1).all(axis=1)))
        raise ValueError(f"{op}: {yname}[{i}] is not finite; the data must be finite")
    return Xa, ya


# ----------------------------------------------------------------------------- accuracy


def batch_accuracy(per_sample: metrics.Accuracy | None) -> BatchAccuracy | None:
    """The accuracy of ``nn.metrics`` on a whole batch of outputs (an array): the four named
    ones vectorised, any other function called row by row."""
    if per_sample is None:
        return None
    names = metrics.ACCURACY_NAMES
    if per_sample is names["argmax"]:
        return _argmax
    for key, (threshold, positive) in (("sign", (0.0, 0.0)), ("probability", (0.5, 0.5)),
                                       ("logit", (0.0, 0.5))):
        if per_sample is names[key]:
            return _binary(threshold, positive)
    return _row_by_row(per_sample)


def _argmax(out: np.ndarray, t: np.ndarray) -> tuple[int, int]:
    """argmax over the classes = the class index t, per sample."""
    out = out.reshape(1, -1) if out.ndim == 1 else out
    return int((out.argmax(axis=1) == np.asarray(t).reshape(-1).astype(np.intp)).sum()), len(out)


def _binary(threshold: float, positive: float) -> BatchAccuracy:
    def correct(out: np.ndarray, t: np.ndarray) -> tuple[int, int]:
        """(output > threshold) == (target > positive), per output entry."""
        return int(((out.reshape(-1) > threshold) == (np.asarray(t).reshape(-1) > positive)).sum()), out.size

    return correct


def _row_by_row(per_sample: metrics.Accuracy) -> BatchAccuracy:
    def correct(out: np.ndarray, t: np.ndarray) -> tuple[int, int]:
        """The per-sample function on each row: a float for one output, else a list."""
        right = count = 0
        for row, target in zip(out.reshape(len(out), -1), np.asarray(t).tolist()):
            r, c = per_sample(row.tolist() if row.size > 1 else float(row[0]), target)
            right, count = right + r, count + c
        return right, count

    return correct


# ----------------------------------------------------------------------------- loop


def evaluate(model: Any, X: Any, y: Any, loss: Any = "mse", accuracy: Any = None) -> tuple[float, float | None]:
    """(loss, accuracy or None) of a Tensor ``model`` on (X, y): one forward pass, no graph."""
    loss_fn = _losses.resolve(loss, "evaluate")
    acc = batch_accuracy(metrics.resolve(accuracy, loss_fn, "evaluate"))
    X, y = check_arrays(X, y, getattr(model, "nin", None), getattr(model, "dtype", None), "evaluate")
    return _evaluate(model, X, y, loss_fn, acc)


def _evaluate(model: Any, X: np.ndarray, y: np.ndarray, loss_fn: Any,
              acc: BatchAccuracy | None) -> tuple[float, float | None]:
    with autograd.no_grad():
        out = model(Tensor(X))
        value = float(np.asarray(loss_fn(out, y).data))
    if acc is None:
        return value, None
    right, count = acc(out.data, y)
    return value, right / count


def _optimizer(optimizer: Any, lr: float | None, model: Any, op: str) -> Optimizer:
    if isinstance(optimizer, str):
        cls = OPTIMIZERS.get(optimizer.lower())
        if cls is None:
            raise ValueError(f"{op}: unknown optimizer {optimizer!r}; known: {', '.join(OPTIMIZERS)}")
        return cls(model.parameters(), lr=DEFAULT_LR[optimizer.lower()] if lr is None else lr)
    if isinstance(optimizer, Optimizer):
        if lr is not None:
            raise ValueError(f"{op}: lr={lr!r} given with an optimizer instance; set it on the optimizer")
        return optimizer
    raise TypeError(f"{op}: optimizer must be 'sgd', 'adam' or an nn.optim optimizer, got {optimizer!r}")


def fit(model: Any, X: Any, y: Any, loss: Any = "mse", optimizer: Any = "sgd", epochs: int = 100,
        batch_size: int | None = None, validation: tuple[Any, Any] | None = None,
        patience: int | None = None, seed: int = 0, progress: bool = True, *, lr: float | None = None,
        lr_schedule: Callable[[int], float] | None = None, shuffle: bool = True, accuracy: Any = None,
        restore_best: bool = True) -> History:
    """``nn.fit`` for a Tensor model (same arguments, same :class:`History`); X of shape
    (n, nin), y of n targets (class indices for cross_entropy / nll)."""
    op = "fit"
    loss_fn = _losses.resolve(loss, op)
    acc = batch_accuracy(metrics.resolve(accuracy, loss_fn, op))
    epochs = _positive_int(epochs, op, "epochs")
    nin, dtype = getattr(model, "nin", None), getattr(model, "dtype", None)
    X, y = check_arrays(X, y, nin, dtype, op)
    n = len(X)
    batch = n if batch_size is None else _positive_int(batch_size, op, "batch_size")
    if validation is not None:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise TypeError(f"{op}: validation must be a pair (X_val, y_val)")
        Xv, yv = check_arrays(validation[0], validation[1], nin, dtype, op, "validation X")
    if patience is not None:
        patience = _positive_int(patience, op, "patience")
        if validation is None:
            raise ValueError(f"{op}: early stopping (patience={patience}) needs validation=(X_val, y_val)")
    optimizer = _optimizer(optimizer, lr, model, op)
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
                shuffler.shuffle(order)  # the scalar loop's order, exactly
            perm = np.asarray(order)
            total = 0.0
            right = count = 0
            for start in range(0, n, batch):
                rows = perm[start:start + batch] if shuffle else slice(start, start + batch)
                targets = y[rows]
                preds = model(Tensor(X[rows]))
                L = loss_fn(preds, targets)
                optimizer.zero_grad()
                L.backward()
                optimizer.step()
                total += float(L.data) * len(targets)
                if acc is not None:
                    r, c = acc(preds.data, targets)
                    right, count = right + r, count + c
            history.loss.append(total / n)
            if acc is not None:
                history.accuracy.append(right / count)
            if validation is not None:
                v_loss, v_acc = _evaluate(model, Xv, yv, loss_fn, acc)
                history.val_loss.append(v_loss)
                if v_acc is not None:
                    history.val_accuracy.append(v_acc)
                if v_loss < best:
                    best, history.best_epoch, waited = v_loss, epoch, 0
                    if patience is not None and restore_best:
                        best_state = [p.data.copy(order="K") for p in params]
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
            p.data[...] = v
    return history


__all__ = ["fit", "evaluate", "check_arrays", "batch_accuracy"]
