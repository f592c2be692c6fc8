"""A data set (X, y) checked before training and turned into lists of floats: X non-empty,
rows of one length equal to the model's ``nin``, every number finite, one target per row
(a number, or a row of numbers). TypeError for a non-number, ValueError otherwise; errors name
the row and column."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nn.checks import finite


def _row(x: Any, i: int, op: str, name: str) -> list[float]:
    if isinstance(x, (str, bytes)) or not hasattr(x, "__len__"):
        raise TypeError(f"{op}: {name}[{i}] must be a row of numbers, got {type(x).__name__} ({x!r})")
    return [finite(v, f"{op}: {name}[{i}][{j}]") for j, v in enumerate(x.tolist() if hasattr(x, "tolist") else x)]


def check_data(X: Any, y: Any, nin: int | None, op: str = "fit", name: str = "X") -> tuple[list[list[float]], list[Any]]:
    """(X, y) as lists of floats, after checking: a non-empty X of rows of one length equal to
    the model's ``nin``, finite numbers, one target per row."""
    X = X.tolist() if hasattr(X, "tolist") else X
    y = y.tolist() if hasattr(y, "tolist") else y
    if isinstance(X, (str, bytes)) or not isinstance(X, Sequence):
        raise TypeError(f"{op}: {name} must be a list of rows, got {type(X).__name__}")
    if not X:
        raise ValueError(f"{op}: {name} is empty")
    rows = [_row(x, i, op, name) for i, x in enumerate(X)]
    width = len(rows[0])
    for i, r in enumerate(rows):
        if len(r) != width:
            raise ValueError(f"{op}: {name} is ragged: row {i} has {len(r)} features, row 0 has {width}")
    if nin is not None and width != nin:
        raise ValueError(f"{op}: {name} has {width} features per row but the model takes {nin}")
    yname = "y" if name == "X" else f"{name}'s y"
    if isinstance(y, (str, bytes)) or not isinstance(y, Sequence):
        raise TypeError(f"{op}: {yname} must be a list of targets, got {type(y).__name__}")
    if len(y) != len(rows):
        raise ValueError(f"{op}: {len(rows)} rows in {name} but {len(y)} targets")
    targets: list[Any] = []
    for i, t in enumerate(y):
        if isinstance(t, (list, tuple)):
            targets.append(_row(t, i, op, yname))
        else:
            targets.append(finite(t, f"{op}: {yname}[{i}]"))
    return rows, targets


__all__ = ["check_data"]
