"""The shapes a loss accepts, flattened with checks: one prediction and one target, a list of
each (a batch of scalar outputs, or one sample's vector output), or a list of rows (a batch of
vector outputs); per-sample distributions with a class index or a target distribution each.
Errors name the loss (``op``): TypeError for a non-number, ValueError for a wrong shape or NaN."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

from autograd import Value
from nn.checks import finite


def target(y: Any, op: str) -> float:
    """A target as a finite float."""
    return finite(y, f"{op}: targets", "numbers")


def prediction(p: Any, op: str) -> Any:
    """A prediction: a Value, or a number (not NaN)."""
    if isinstance(p, Value):
        return p
    if isinstance(p, bool) or not isinstance(p, numbers.Real):
        raise TypeError(f"{op}: predictions must be Values or numbers, got {type(p).__name__} ({p!r})")
    if p != p:
        raise ValueError(f"{op}: prediction is NaN")
    return p


def is_seq(x: Any) -> bool:
    """True for a list, tuple or array of things (not a string, not a Value)."""
    return isinstance(x, (Sequence, Iterable)) and not isinstance(x, (str, bytes, Value))


def as_list(x: Any) -> list[Any]:
    """x as a list (a numpy array via ``tolist``)."""
    return x.tolist() if hasattr(x, "tolist") and not isinstance(x, Value) else list(x)


def pairs(predictions: Any, targets: Any, op: str) -> tuple[list[Any], list[float]]:
    """Flatten (predictions, targets) of the same shape into two equal-length lists."""
    if not is_seq(predictions):
        if is_seq(targets):
            t = as_list(targets)
            if len(t) != 1:
                raise ValueError(f"{op}: one prediction but {len(t)} targets")
            targets = t[0]
        return [prediction(predictions, op)], [target(targets, op)]
    ps, ts = as_list(predictions), (as_list(targets) if is_seq(targets) else [targets])
    if len(ps) != len(ts):
        raise ValueError(f"{op}: {len(ps)} predictions but {len(ts)} targets")
    if not ps:
        raise ValueError(f"{op}: no predictions")
    flat_p: list[Any] = []
    flat_t: list[float] = []
    for i, (p, t) in enumerate(zip(ps, ts)):
        if is_seq(p):
            p, t = as_list(p), (as_list(t) if is_seq(t) else [t])
            if len(p) != len(t):
                raise ValueError(f"{op}: sample {i} has {len(p)} predictions but {len(t)} targets")
            flat_p.extend(prediction(v, op) for v in p)
            flat_t.extend(target(v, op) for v in t)
        else:
            if is_seq(t):  # a target row [y] for a single-output model
                t = as_list(t)
                if len(t) != 1:
                    raise ValueError(f"{op}: sample {i} has 1 prediction but {len(t)} targets")
                t = t[0]
            flat_p.append(prediction(p, op))
            flat_t.append(target(t, op))
    return flat_p, flat_t


def samples(predictions: Any, targets: Any, op: str) -> tuple[list[list[Any]], list[Any]]:
    """(rows, targets) for losses over a distribution per sample: one row (a list of Values)
    with one target, or a batch of rows with a list of targets."""
    rows = as_list(predictions)
    if not rows:
        raise ValueError(f"{op}: no predictions")
    if not is_seq(rows[0]):
        return [[prediction(v, op) for v in rows]], [targets]
    ts = as_list(targets) if is_seq(targets) else None
    if ts is None or len(ts) != len(rows):
        raise ValueError(f"{op}: {len(rows)} samples but targets {targets!r}")
    return [[prediction(v, op) for v in as_list(r)] for r in rows], ts


__all__ = ["pairs", "samples", "target", "prediction", "is_seq", "as_list"]
