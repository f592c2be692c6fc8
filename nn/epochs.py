"""The epoch machinery of ``nn.fit``: argument checks, the learning-rate schedule, the seeded
shuffle, mini-batch steps (seed 004: forward, L, zero_grad, backward, step), the loss per epoch
weighted by batch size, accuracy counts, validation after each epoch, early stopping with
``patience`` (seed 003) and restoring the best weights, the progress output and the
:class:`History`. ``nn.train`` supplies how a batch of indices becomes (loss, predictions,
targets), how its accuracy is counted and how a validation set is evaluated.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from nn import engine as E
from nn.checks import count
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

# ----------------------------------------------------------------------------- arguments


class Plan(NamedTuple):
    """``fit``'s arguments after checking: the data as the engine wants it, ``validation`` as
    a checked pair or None, ``batch`` the batch size (n for None), the optimizer built."""

    X: Any
    y: Any
    validation: tuple[Any, Any] | None
    epochs: int
    batch: int
    patience: int | None
    optimizer: Optimizer
    lr_schedule: Callable[[int], float] | None


def make_optimizer(optimizer: Any, lr: float | None, model: Any, op: str) -> Optimizer:
    """An ``nn.optim`` optimizer: "sgd" / "adam" built on the model's parameters with ``lr``
    (default ``DEFAULT_LR``), or the instance given (then ``lr`` must be None)."""
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


def check_arguments(
    model: Any,
    X: Any,
    y: Any,
    check: Callable[[Any, Any, str], tuple[Any, Any]],
    optimizer: Any,
    epochs: Any,
    batch_size: Any,
    validation: Any,
    patience: Any,
    lr: float | None,
    lr_schedule: Any,
    op: str = "fit",
) -> Plan:
    """Check ``fit``'s arguments in a fixed order (epochs, data, batch size, validation,
    patience, optimizer, schedule) so both engines raise the same error first.
    ``check(X, y, name)`` is the engine's data check, returning (X, y) as it trains on them."""
    epochs = count(epochs, op, "epochs")
    X, y = check(X, y, "X")
    batch = len(X) if batch_size is None else count(batch_size, op, "batch_size")
    if validation is not None:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise TypeError(f"{op}: validation must be a pair (X_val, y_val)")
        validation = check(validation[0], validation[1], "validation X")
    if patience is not None:
        patience = count(patience, op, "patience")
        if validation is None:
            raise ValueError(f"{op}: early stopping (patience={patience}) needs validation=(X_val, y_val)")
    optimizer = make_optimizer(optimizer, lr, model, op)
    if lr_schedule is not None and not callable(lr_schedule):
        raise TypeError(f"{op}: lr_schedule must be a callable epoch -> lr")
    return Plan(X, y, validation, epochs, batch, patience, optimizer, lr_schedule)


# ----------------------------------------------------------------------------- the loop

Step = Callable[[Sequence[int]], "tuple[Any, Any, Any]"]
"""indices of a batch -> (loss L with ``backward``, predictions, targets)."""


def run_epochs(
    plan: Plan,
    step: Step,
    *,
    accuracy: Callable[[Any, Any], tuple[Any, Any]] | None,
    evaluate: Callable[[Any, Any], tuple[float, float | None]],
    seed: int,
    shuffle: bool,
    restore_best: bool,
    progress: bool,
) -> History:
    """Train for ``plan.epochs`` epochs and return the :class:`History`.

    Per epoch: set the learning rate from the schedule, shuffle the indices with
    ``random.Random(seed)`` (one generator for the whole run), and per batch of ``plan.batch``
    indices ``L, preds, targets = step(indices)``, then zero_grad, backward, step; the epoch's
    loss is the batch losses weighted by ``len(targets)``, its accuracy the sum of
    ``accuracy(preds, targets)`` -> (correct, count). With validation, ``evaluate(X_val, y_val)``
    -> (loss, accuracy or None) after each epoch; with ``patience``, stop after that many epochs
    without a lower validation loss and (``restore_best``) puts back the best epoch's
    parameters (``nn.engine.snapshot`` / ``restore``)."""
    optimizer, lr_schedule, patience = plan.optimizer, plan.lr_schedule, plan.patience
    epochs, batch, n = plan.epochs, plan.batch, len(plan.X)
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
                L, preds, targets = step(order[start : start + batch])
                optimizer.zero_grad()
                L.backward()
                optimizer.step()
                total += float(L.data) * len(targets)
                if accuracy is not None:
                    r, c = accuracy(preds, targets)
                    right, count = right + r, count + c
            history.loss.append(total / n)
            if accuracy is not None:
                history.accuracy.append(right / count)
            if plan.validation is not None:
                v_loss, v_acc = evaluate(*plan.validation)
                history.val_loss.append(v_loss)
                if v_acc is not None:
                    history.val_accuracy.append(v_acc)
                if v_loss < best:
                    best, history.best_epoch, waited = v_loss, epoch, 0
                    if patience is not None and restore_best:
                        best_state = [E.snapshot(p) for p in params]
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
            E.restore(p, v)
    return history


# ----------------------------------------------------------------------------- progress


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


__all__ = ["History", "DEFAULT_LR", "Plan", "check_arguments", "make_optimizer", "run_epochs"]
