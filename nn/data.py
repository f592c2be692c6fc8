"""A data set (X, y) checked once before training, for either engine, and returned as arrays: X a
non-empty (n, nin) array of finite numbers in the model's dtype (rows of one length equal to the
model's ``nin``), y one finite target (or row of targets) per row. TypeError for a non-number,
ValueError otherwise; errors name the row and column.

The common case (a numeric array, or lists that make one) is checked in numpy; anything else
is walked row by row so that the error names the offending entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from nn import engine as E
from nn.checks import finite


def check_data(
    X: Any, y: Any, nin: int | None, dtype: Any = np.float64, op: str = "fit", name: str = "X"
) -> tuple[np.ndarray, np.ndarray]:
    """(X, y) as arrays after checking: X (n, nin) finite numbers of ``dtype``, y n finite targets."""
    Xa = _numeric(X)
    if Xa is None or Xa.ndim != 2 or not Xa.shape[0]:
        _rows(X, op, name)  # raises, naming the row
        raise ValueError(f"{op}: {name} must be a non-empty list of rows of numbers")
    if nin is not None and Xa.shape[1] != nin:
        raise ValueError(f"{op}: {name} has {Xa.shape[1]} features per row but the model takes {nin}")
    Xa = Xa.astype(dtype or np.float64, copy=False)
    bad = ~np.isfinite(Xa)
    if bad.any():
        i, j = np.unravel_index(int(np.argmax(bad)), bad.shape)
        raise ValueError(f"{op}: {name}[{i}][{j}] must be finite, got {float(Xa[i, j])!r}")
    yname = "y" if name == "X" else f"{name}'s y"
    ya = _numeric(y)
    if ya is None or ya.ndim == 0:
        if isinstance(y, (str, bytes)) or not isinstance(y, (Sequence, np.ndarray)):
            raise TypeError(f"{op}: {yname} must be a list of targets, got {type(y).__name__}")
        _targets(y, op, yname)  # raises, naming the target
        raise ValueError(f"{op}: {yname} is ragged")
    if len(ya) != len(Xa):
        raise ValueError(f"{op}: {len(Xa)} rows in {name} but {len(ya)} targets")
    bad = ~np.isfinite(ya).reshape(len(ya), -1).all(axis=1)
    if bad.any():
        row = int(np.argmax(bad))
        raise ValueError(f"{op}: {yname}[{row}] must be finite, got {ya[row].tolist()!r}")
    return Xa, ya


def _numeric(x: Any) -> np.ndarray | None:
    """x as an array of numbers (bool, int or float), or None if it does not make one."""
    try:
        a = np.asarray(E.array(x))
    except (ValueError, TypeError):  # ragged
        return None
    return a if a.dtype.kind in "biuf" else None


def _rows(X: Any, op: str, name: str) -> None:
    """Walk X row by row and raise the first problem, naming it."""
    if isinstance(X, (str, bytes)) or not isinstance(X, (Sequence, np.ndarray)):
        raise TypeError(f"{op}: {name} must be a list of rows, got {type(X).__name__}")
    if not len(X):
        raise ValueError(f"{op}: {name} is empty")
    width = None
    for i, x in enumerate(X):
        if isinstance(x, (str, bytes)) or not hasattr(x, "__len__"):
            raise TypeError(f"{op}: {name}[{i}] must be a row of numbers, got {type(x).__name__} ({x!r})")
        for j, v in enumerate(x):
            finite(v, f"{op}: {name}[{i}][{j}]")
        if width is not None and len(x) != width:
            raise ValueError(f"{op}: {name} is ragged: row {i} has {len(x)} features, row 0 has {width}")
        width = len(x) if width is None else width


def _targets(y: Any, op: str, yname: str) -> None:
    """Walk y target by target and raise the first problem, naming it."""
    for i, t in enumerate(y):
        for v in t if isinstance(t, (list, tuple, np.ndarray)) else [t]:
            finite(v, f"{op}: {yname}[{i}]")


__all__ = ["check_data"]
