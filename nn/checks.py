"""Argument checks, written once for all of nn: each returns the argument as the type nn works
with, or raises naming the operation and the offending value (TypeError for a non-number,
ValueError for a value outside its domain).

    count(n)           n an int >= 1 (sizes, epochs, batch sizes, k)
    finite(x)          x a real number (not bool), not NaN or +-inf
    finites(xs, n)     n finite numbers
    positive(x)        finite and > 0
    in_range(x, lo, hi)  finite and in [lo, hi] (either end open on request)
    probability(x)     in [0, 1]

``where`` is the start of the message: the operation and the argument, e.g. "Linear: bias_init".
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np


def count(n: Any, op: str, name: str) -> int:
    """n as an int >= 1: "<op>: <name> must be an int" / "... must be >= 1"."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"{op}: {name} must be an int, got {type(n).__name__} ({n!r})")
    if n < 1:
        raise ValueError(f"{op}: {name} must be >= 1, got {n!r}")
    return int(n)


def finite(x: Any, where: str, what: str = "a number") -> float:
    """x as a finite float: "<where> must be <what>" / "<where> must be finite"."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{where} must be {what}, got {type(x).__name__} ({x!r})")
    try:
        x = float(x)
    except OverflowError:
        digits = len(str(x))
        raise ValueError(
            f"{where} must be finite, got an integer of {digits} digits (too large for a float)"
        ) from None
    if not math.isfinite(x):
        raise ValueError(f"{where} must be finite, got {x!r}")
    return x


def finites(xs: Any, n: int, where: str) -> list[float]:
    """xs (a sequence or 1-d array) as a list of n finite floats."""
    if isinstance(xs, (str, bytes)) or not isinstance(xs, (Sequence, np.ndarray)):
        raise TypeError(f"{where} must be a sequence of {n} numbers, got {type(xs).__name__} ({xs!r})")
    if len(xs) != n:
        raise ValueError(f"{where}: expected {n} numbers, got {len(xs)}")
    return [finite(v, where) for v in xs]


def in_range(
    x: Any,
    where: str,
    low: float = -math.inf,
    high: float = math.inf,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """x as a float in the interval from ``low`` to ``high`` (closed unless ``*_open``)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{where} must be a number, got {type(x).__name__} ({x!r})")
    x = float(x)
    above = x > low if low_open else x >= low
    below = x < high if high_open else x <= high
    if not (above and below):  # NaN fails both
        lo, hi = ("(" if low_open else "["), (")" if high_open else "]")
        raise ValueError(f"{where} must be in {lo}{low:g}, {high:g}{hi}, got {x!r}")
    return x


def positive(x: Any, where: str) -> float:
    """x as a finite float > 0."""
    x = finite(x, where)
    if not x > 0:
        raise ValueError(f"{where} must be > 0, got {x!r}")
    return x


def probability(x: Any, where: str) -> float:
    """x as a float in [0, 1]."""
    return in_range(x, where, 0.0, 1.0)


__all__ = ["count", "finite", "finites", "in_range", "positive", "probability"]
