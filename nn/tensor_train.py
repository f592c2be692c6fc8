"""``nn.fit`` and ``nn.evaluate`` for Tensor models (``model.batched``): one forward pass per
mini-batch instead of one per sample, with the scalar loop's semantics step for step.

Per epoch the samples are shuffled by the same ``random.Random(seed)`` as the scalar loop, so a
scalar MLP and its ``nn.to_tensor`` twin see the same batches in the same order; per batch of
B rows X_b (seed 004): forward, L = loss(model(X_b), y_b), zero_grad, backward, step. Early
stopping (seed 003) keeps copies of the best validation epoch's arrays and copies them back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import autograd
import numpy as np
from autograd import Tensor

from nn import losses as _losses
from nn import metrics
from nn.compiled import tensor_fit_step
from nn.epochs import History, check_arguments, run_epochs

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


def fit(model: Any, X: Any, y: Any, loss: Any = "mse", optimizer: Any = "sgd", epochs: int = 100,
        batch_size: int | None = None, validation: tuple[Any, Any] | None = None,
        patience: int | None = None, seed: int = 0, progress: bool = True, *, lr: float | None = None,
        lr_schedule: Callable[[int], float] | None = None, shuffle: bool = True, accuracy: Any = None,
        restore_best: bool = True, compile: bool = False) -> History:
    """``nn.fit`` for a Tensor model (same arguments, same :class:`History`); X of shape
    (n, nin), y of n targets (class indices for cross_entropy / nll)."""
    op = "fit"
    loss_fn = _losses.resolve(loss, op)
    acc = batch_accuracy(metrics.resolve(accuracy, loss_fn, op))
    nin, dtype = getattr(model, "nin", None), getattr(model, "dtype", None)
    plan = check_arguments(model, X, y, lambda X, y, name: check_arrays(X, y, nin, dtype, op, name),
                           optimizer, epochs, batch_size, validation, patience, lr, lr_schedule, op)
    X, y = plan.X, plan.y

    def step(idx: list[int]) -> tuple[Tensor, Tensor, np.ndarray]:
        # unshuffled, the indices run start..stop-1: a slice, so X[rows] is a view, not a copy
        rows = np.asarray(idx) if shuffle else slice(idx[0], idx[-1] + 1)
        targets = y[rows]
        preds = model(Tensor(X[rows]))
        return loss_fn(preds, targets), preds, targets

    if compile:  # the model and its derivative as generated Python (nn.compiled)
        step = tensor_fit_step(model, loss_fn, X, y, shuffle)  # type: ignore[assignment]
    return run_epochs(plan, step, accuracy=None if acc is None else lambda p, t: acc(p.data, t),
                      evaluate=lambda Xv, yv: _evaluate(model, Xv, yv, loss_fn, acc),
                      snapshot=lambda params: [p.data.copy(order="K") for p in params], restore=_restore,
                      seed=seed, shuffle=shuffle, restore_best=restore_best, progress=progress)


def _restore(params: list[Tensor], state: list[np.ndarray]) -> None:
    for p, v in zip(params, state):
        p.data[...] = v


__all__ = ["fit", "evaluate", "check_arrays", "batch_accuracy"]
