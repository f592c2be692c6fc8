"""Universal approximation (Cybenko 1989, Hornik 1991; lectures 001 and 002): one hidden layer,
F(x) = sum_{i=1}^N alpha_i f(w_i x + b_i) + c, fits a continuous function on a compact set as
closely as we like once N is large enough.

Fits f(x) = sin(3 pi x) on [0, 1] with N = 1, 2, 4, 8 tanh units (mean squared error, Adam
with the learning rate falling from 0.05 to 0.005),
prints N, the parameters 3N + 1, the training MSE and the largest error on a fine grid, and
writes out/universal_approximation.svg with every fit over the target.
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: python demos/universal_approximation.py
    import sys
    from pathlib import Path as _Path
    sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))

import argparse
import math
from collections.abc import Sequence
from pathlib import Path

import autograd as ag
import nn
from demos._common import how_to_view, note, parse_args, positive_int, pyplot, save_figure, table

LR, DECAY = 0.05, 0.1  # Adam's learning rate falls from LR to LR * DECAY


def target(x: float) -> float:
    """f(x) = sin(3 pi x)."""
    return math.sin(3 * math.pi * x)


def scaled(x: float) -> list[float]:
    """The network's input: x in [0, 1] mapped to [-3, 3], where tanh bends."""
    return [3.0 * (2.0 * x - 1.0)]


def fit_width(width: int, points: int, epochs: int, seed: int = 0) -> tuple[nn.MLP, float]:
    """One hidden layer of ``width`` tanh units fitted to ``points`` samples of f; (model, MSE)."""
    xs = [i / (points - 1) for i in range(points)]
    model = nn.MLP(1, [width, 1], activation="tanh", seed=seed)
    history = nn.fit(model, [scaled(x) for x in xs], [target(x) for x in xs], loss="mse",
                     optimizer=nn.optim.Adam(model, lr=LR), epochs=epochs, progress=False, seed=seed,
                     lr_schedule=lambda e: LR * DECAY ** (e / epochs))
    return model, history.loss[-1]


def curve(model: nn.MLP, grid: Sequence[float]) -> list[float]:
    with ag.no_grad():
        return [model(scaled(x)).data for x in grid]


def plot(fits: list[tuple[int, list[float]]], grid: list[float], path: Path) -> Path | None:
    plt = pyplot()
    if plt is None:
        note(f"matplotlib is not installed (pip install matplotlib): no {path.name}")
        return None
    fig, ax = plt.subplots(figsize=(7, 4.2), layout="constrained")
    ax.plot(grid, [target(x) for x in grid], color="black", linewidth=3, alpha=0.35,
            label="f(x) = sin(3πx)")
    for width, ys in fits:
        ax.plot(grid, ys, label=f"N = {width} tanh unit{'s' if width > 1 else ''}")
    ax.set(xlabel="x", ylabel="y",
           title="One hidden layer of N units: F(x) = Σ αᵢ tanh(wᵢx + bᵢ) + c")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return save_figure(fig, path)


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--epochs", type=positive_int, default=None,
                        help="epochs per fit (default 800; 200 with --quick)")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv, __doc__, _options)
    widths = (1, 2, 4) if args.quick else (1, 2, 4, 8)
    points = 20 if args.quick else 40
    epochs = args.epochs or (200 if args.quick else 800)
    grid = [i / 200 for i in range(201)]
    print(f"Fitting f(x) = sin(3πx) on [0, 1] ({points} samples, {epochs} epochs of Adam each):\n")
    rows, fits = [], []
    for width in widths:
        model, mse = fit_width(width, points, epochs)
        ys = curve(model, grid)
        worst = max(abs(y - target(x)) for x, y in zip(grid, ys))
        rows.append([width, model.num_parameters(), f"{mse:.2e}", f"{worst:.3f}"])
        fits.append((width, ys))
    print(table(["N (hidden units)", "parameters", "training MSE", "max |F - f| on [0, 1]"], rows))
    print("\nMore units, closer fit: the width needed grows with how wiggly f is (lecture 002: "
          "for a universal\napproximator it can grow exponentially; depth is the cheaper way).\n")
    plot(fits, grid, args.out / "universal_approximation.svg")
    how_to_view(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
