"""micrograd's classic: an MLP(2, [16, 16, 1]) (ReLU hidden layers, linear output) learns to
separate two moons.

Loss as in micrograd's demo: the max-margin (hinge) loss (1/n) sum max(0, 1 - y s) with labels
y = +-1 and scores s, plus 1e-4 ||w||^2; full-batch SGD with the learning rate falling
linearly from 1.0 to 0.1. A progress bar while it trains (tqdm, when installed).
Writes out/moons_loss.svg (loss per epoch) and out/moons_boundary.svg (decision boundary).
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: python demos/moons.py
    import sys
    from pathlib import Path as _Path
    sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))

import argparse
import time
from collections.abc import Sequence
from typing import Any

import nn
import viz
from demos._common import how_to_view, note, parse_args, positive_int, table, wrote
from demos._data import two_moons

ALPHA = 1e-4  # weight of the L2 penalty


def train(points: int, epochs: int, progress: bool,
          seed: int = 0) -> tuple[nn.MLP, nn.History, list[list[float]], list[float]]:
    """(model, history, X, y) after ``epochs`` of full-batch SGD on ``points`` moons."""
    X, y = two_moons(points, noise=0.1, seed=seed)
    model = nn.MLP(2, [16, 16, 1], seed=seed)

    def loss(scores: Any, labels: Any) -> Any:
        return nn.losses.hinge(scores, labels) + ALPHA * nn.losses.l2(model, biases=True)  # as micrograd

    history = nn.fit(model, X, y, loss=loss, optimizer=nn.optim.SGD(model, lr=1.0), epochs=epochs,
                     lr_schedule=lambda e: 1.0 - 0.9 * e / epochs, accuracy="sign", progress=progress,
                     seed=seed)
    return model, history, X, y


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--epochs", type=positive_int, default=None,
                        help="epochs (default 100; 30 with --quick)")
    parser.add_argument("--points", type=positive_int, default=None,
                        help="data points (default 100; 50 with --quick)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv, __doc__, _options)
    epochs = args.epochs or (30 if args.quick else 100)
    points = args.points or (50 if args.quick else 100)
    print(f"Two moons: {points} points, MLP(2, [16, 16, 1]), hinge loss + {ALPHA:g} ||w||^2, "
          f"SGD lr 1.0 -> 0.1, {epochs} epochs\n")
    start = time.perf_counter()
    model, history, X, y = train(points, epochs, progress=not args.no_progress)
    took = time.perf_counter() - start
    marks = sorted({1, 2, 5, 10, 20, 50, epochs} | set(range(100, epochs + 1, 100)))
    marks = [e for e in marks if e <= epochs]
    print(table(["epoch", "loss", "accuracy"],
                [[e, f"{history.loss[e - 1]:.4f}", f"{history.accuracy[e - 1]:.0%}"] for e in marks]))
    final_loss, final_accuracy = nn.evaluate(model, X, y, loss="hinge", accuracy="sign")
    print(f"\n{model.num_parameters()} parameters, trained in {took:.1f} s; after training:\n"
          f"hinge loss (without the penalty) {final_loss:.4f}, accuracy {final_accuracy:.0%}\n")
    try:
        viz.plot_loss(history, args.out / "moons_loss.svg",
                      title="two moons, MLP(2, [16, 16, 1]): loss per epoch")
        wrote(args.out / "moons_loss.svg")
        viz.plot_decision_boundary(model, X, y, args.out / "moons_boundary.svg",
                                   title="two moons, MLP(2, [16, 16, 1])")
        wrote(args.out / "moons_boundary.svg")
    except ImportError as error:
        note(f"no pictures: {error}")
    how_to_view(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
