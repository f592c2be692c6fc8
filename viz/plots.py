"""Plots where looking beats reading (matplotlib, the optional extra ``plots``).

``plot_loss(history)``: training and validation loss per epoch (nn.fit's History, or a dict
with "loss" and "val_loss"). ``plot_decision_boundary(model, X, y)``: the classes a 2-D
classifier assigns over a grid around its data, the boundary (score = threshold, or where the
arg-max changes), and the data on top. The grid is evaluated under ``autograd.no_grad()``: no
graph is recorded, the fast path. Figures are matplotlib ``Figure`` objects (no pyplot state);
``path`` saves them as .svg, .png or .pdf, atomically.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

import autograd
import nn
from autograd.files import write_atomic

INSTALL_HINT = "viz plots need matplotlib: pip install 'edgegrad[plots]' (or pip install matplotlib)"
FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf"}
CLASS_COLOURS = ("#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04")


def _figure_class() -> Any:
    """matplotlib's Figure, or ImportError naming the extra to install."""
    try:
        from matplotlib.figure import Figure
    except ImportError as error:
        raise ImportError(INSTALL_HINT) from error
    return Figure


def save_figure(fig: Any, path: str | os.PathLike[str], dpi: int = 150) -> Path:
    """Save ``fig`` to ``path`` (.svg keeps text as text, .png, .pdf), atomically."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"save_figure: unknown file suffix {suffix or '(none)'!r} in {str(path)!r}; "
                         f"use one of {', '.join(FORMATS)}")
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "edgegrad"}):
        fig.savefig(buffer, format=FORMATS[suffix], dpi=dpi, bbox_inches="tight",
                    metadata={"Date": None} if suffix == ".svg" else None)
    return write_atomic(path, buffer.getvalue())


def _series(history: Any, key: str) -> list[float]:
    value = getattr(history, key, None)
    if value is None and hasattr(history, "get"):
        value = history.get(key)
    return [float(v) for v in (value or [])]


def plot_loss(history: Any, path: str | os.PathLike[str] | None = None, *, log: bool = False,
              title: str = "Loss per epoch") -> Any:
    """Training loss (and validation loss, if any) against the epoch 1..n; the best
    validation epoch marked when the history knows it. Returns the Figure."""
    loss, val = _series(history, "loss"), _series(history, "val_loss")
    if not loss and not val:
        raise ValueError(f"plot_loss: the history has no 'loss' or 'val_loss' values: {history!r}")
    fig = _figure_class()(figsize=(6, 3.6))
    ax = fig.add_subplot()
    if loss:
        ax.plot(range(1, len(loss) + 1), loss, color=CLASS_COLOURS[0], label="training loss")
    if val:
        ax.plot(range(1, len(val) + 1), val, color=CLASS_COLOURS[1], label="validation loss")
    best = getattr(history, "best_epoch", None)
    if val and isinstance(best, int) and 0 <= best < len(val):
        ax.axvline(best + 1, color="#6b7280", linestyle=":", label=f"best epoch {best + 1}")
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="epoch", ylabel="loss", title=title)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    if path is not None:
        save_figure(fig, path)
    return fig


def _scores(out: Any) -> list[float]:
    """A model's output as a list of floats (one for a single score, k for k classes)."""
    items = out if isinstance(out, (list, tuple)) else [out]
    return [float(v.data if isinstance(v, autograd.Value) else v) for v in items]


def bounds_of(X: Sequence[Sequence[float]], margin: float = 0.1) -> tuple[float, float, float, float]:
    """(xmin, xmax, ymin, ymax) of the points, widened by ``margin`` times each range."""
    xs, ys = [float(p[0]) for p in X], [float(p[1]) for p in X]
    if not xs:
        raise ValueError("plot_decision_boundary: X has no points")
    dx, dy = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return (min(xs) - margin * dx, max(xs) + margin * dx, min(ys) - margin * dy, max(ys) + margin * dy)


def decision_grid(model: Callable[[list[float]], Any], bounds: tuple[float, float, float, float],
                  resolution: int = 80) -> tuple[list[float], list[float], list[list[list[float]]]]:
    """Evaluate ``model([x, y])`` on a resolution × resolution grid over ``bounds`` under
    ``autograd.no_grad()``: (xs, ys, scores) with scores[i][j] the output at (xs[j], ys[i])."""
    if not isinstance(resolution, int) or resolution < 2:
        raise ValueError(f"decision_grid: resolution must be an int >= 2, got {resolution!r}")
    x0, x1, y0, y1 = bounds
    xs = [x0 + (x1 - x0) * j / (resolution - 1) for j in range(resolution)]
    ys = [y0 + (y1 - y0) * i / (resolution - 1) for i in range(resolution)]
    if isinstance(model, (nn.MLP, nn.Layer)):  # the fast path: the grid as one Tensor batch
        return xs, ys, _batched_scores(model, xs, ys)
    with autograd.no_grad():
        scores = [[_scores(model([x, y])) for x in xs] for y in ys]
    return xs, ys, scores


def _batched_scores(model: Any, xs: list[float], ys: list[float]) -> list[list[list[float]]]:
    """A scalar nn model's outputs over the grid from its Tensor twin (``nn.to_tensor``), in one
    forward pass under no_grad: the same numbers, some 300 times faster than point by point."""
    grid = np.array([[x, y] for y in ys for x in xs])
    with autograd.no_grad():
        out = nn.to_tensor(model)(autograd.Tensor(grid)).data.reshape(len(ys), len(xs), -1)
    return out.tolist()


def _class_of(label: Any) -> float:
    if isinstance(label, (list, tuple)):  # one-hot
        return float(max(range(len(label)), key=lambda k: float(label[k])))
    return float(label.data if isinstance(label, autograd.Value) else label)


def plot_decision_boundary(model: Callable[[list[float]], Any], X: Sequence[Sequence[float]],
                           y: Sequence[Any], path: str | os.PathLike[str] | None = None, *,
                           resolution: int = 80, threshold: float | None = None,
                           bounds: tuple[float, float, float, float] | None = None,
                           title: str = "Decision boundary") -> Any:
    """The regions a 2-D classifier assigns, its boundary, and the data (X, y) on top.

    One output: class = score >= ``threshold`` (None: 0.5 when every score on the grid lies in
    [0, 1], i.e. probabilities, else 0). Several outputs: class = arg-max. Returns the Figure."""
    if len(X) != len(y):
        raise ValueError(f"plot_decision_boundary: {len(X)} points but {len(y)} labels")
    Figure = _figure_class()
    xs, ys, scores = decision_grid(model, bounds or bounds_of(X), resolution)
    k = len(scores[0][0])
    if k == 1:
        flat = [s[0] for row in scores for s in row]
        if threshold is None:
            threshold = 0.5 if all(0.0 <= s <= 1.0 for s in flat) else 0.0
        region = [[1.0 if s[0] >= threshold else 0.0 for s in row] for row in scores]
        n_classes = 2
    else:
        region = [[float(max(range(k), key=s.__getitem__)) for s in row] for row in scores]
        n_classes = k
    labels = [_class_of(v) for v in y]
    classes = sorted(set(labels))
    n_colours = max(n_classes, len(classes))
    colours = [CLASS_COLOURS[i % len(CLASS_COLOURS)] for i in range(n_colours)]
    fig = Figure(figsize=(5, 5))
    ax = fig.add_subplot()
    levels = [i - 0.5 for i in range(n_classes + 1)]
    ax.contourf(xs, ys, region, levels=levels, colors=colours[:n_classes], alpha=0.25)
    if k == 1:
        single = [[s[0] for s in row] for row in scores]
        ax.contour(xs, ys, single, levels=[threshold], colors="#111827", linewidths=1.5)
    else:
        ax.contour(xs, ys, region, levels=levels[1:-1], colors="#111827", linewidths=1.5)
    index = {c: i for i, c in enumerate(classes)}
    for c in classes:
        pts = [p for p, lab in zip(X, labels) if lab == c]
        ax.scatter([float(p[0]) for p in pts], [float(p[1]) for p in pts], s=22,
                   color=colours[index[c] % len(colours)], edgecolors="white", linewidths=0.6,
                   label=f"class {c:g}")
    note = f"score ≥ {threshold:g}" if k == 1 else "arg-max of the outputs"
    ax.set(xlabel="x1", ylabel="x2", title=f"{title} ({note})")
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    if path is not None:
        save_figure(fig, path)
    return fig
