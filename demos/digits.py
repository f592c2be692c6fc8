"""Handwritten digits on the Tensor engine: scikit-learn's 8x8 digits (1797 images of 64 pixels,
shipped inside the package: no download) and a 64-32-10 softmax classifier, seed 004's
mini-batch training on matrices, Z = X W^T + b per layer.

    model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
    loss  = mean_i [logsumexp(z_i) - z_i[t_i]]      (softmax cross-entropy on the logits)

Adam on mini-batches of 32, early stopping on a validation split (seed 003), then the accuracy
on a held-out test set no training step has seen. A progress bar while it trains (tqdm, when
installed). Writes into out/: digits_loss.svg (loss per epoch), digits_confusion.svg (true digit
against predicted digit), digits_predictions.csv (index into load_digits(), label, prediction)
and digits_model.json (the trained weights, ``nn.Sequential.load``).
Needs scikit-learn, the optional extra ``data``: pip install 'edgegrad[data]'.
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: python demos/digits.py
    import sys
    from pathlib import Path as _Path
    sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))

import argparse
import sys
import time
from collections.abc import Sequence

import numpy as np

import autograd
import nn
import viz
from autograd.files import write_atomic
from demos._common import how_to_view, note, parse_args, positive_int, table, wrote

INSTALL_HINT = ("the digits demo needs scikit-learn, which ships the 8x8 digits inside its package: "
                "pip install 'edgegrad[data]' (the optional extra `data`), or pip install scikit-learn")


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """(X, y): 1797 rows of 64 pixels scaled from 0..16 to [0, 1], and the digits 0..9;
    ImportError naming the ``data`` extra when scikit-learn is missing."""
    try:
        from sklearn.datasets import load_digits as sklearn_digits
    except ImportError as error:
        raise ImportError(INSTALL_HINT) from error
    digits = sklearn_digits()
    return digits.data / 16.0, digits.target.astype(np.intp)


def split(n: int, seed: int, test: float = 0.2, validation: float = 0.15) -> tuple[np.ndarray, ...]:
    """(train, validation, test) indices: a seeded permutation cut into three parts."""
    order = np.random.default_rng(seed).permutation(n)
    n_test = round(n * test)
    n_val = round((n - n_test) * validation)
    return order[n_test + n_val:], order[n_test:n_test + n_val], order[:n_test]


def build(hidden: int, seed: int) -> nn.Sequential:
    """64 -> hidden (ReLU) -> 10 logits, PyTorch's default init from one seeded generator."""
    rng = np.random.default_rng(seed)
    return nn.Sequential(nn.Linear(64, hidden, rng=rng), nn.ReLU(), nn.Linear(hidden, 10, rng=rng))


def confusion(labels: np.ndarray, predictions: np.ndarray, k: int = 10) -> np.ndarray:
    """C[i, j] = how many images of digit i were predicted as j."""
    C = np.zeros((k, k), dtype=int)
    np.add.at(C, (labels, predictions), 1)
    return C


def confusion_svg(C: np.ndarray, title: str) -> str:
    """The confusion matrix as a small SVG: cell shade = fraction of its row, count written in."""
    k, cell, left, top = len(C), 34, 64, 58
    size = k * cell
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + size + 16}" height="{top + size + 20}" '
             f'font-family="sans-serif" font-size="12" text-anchor="middle">',
             f'<text x="{left + size / 2}" y="18" font-size="14">{title}</text>',
             f'<text x="{left + size / 2}" y="38">predicted digit</text>',
             f'<text x="30" y="{top + size / 2}" transform="rotate(-90 30 {top + size / 2})">'
             'true digit</text>']
    rows = C.sum(axis=1, keepdims=True)
    shade = C / np.maximum(rows, 1)
    for i in range(k):
        parts.append(f'<text x="{left - 12}" y="{top + i * cell + cell / 2 + 4}">{i}</text>')
        parts.append(f'<text x="{left + i * cell + cell / 2}" y="{top - 6}">{i}</text>')
        for j in range(k):
            f = float(shade[i, j])
            rgb = [round(255 - f * (255 - c)) for c in (37, 99, 235)]
            x, y = left + j * cell, top + i * cell
            parts.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" '
                         f'fill="rgb({rgb[0]},{rgb[1]},{rgb[2]})" stroke="#e5e7eb"/>')
            if C[i, j]:
                colour = "white" if f > 0.5 else "#111827"
                parts.append(f'<text x="{x + cell / 2}" y="{y + cell / 2 + 4}" fill="{colour}">'
                             f'{C[i, j]}</text>')
    parts.append("</svg>\n")
    return "\n".join(parts)


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--epochs", type=positive_int, default=None,
                        help="most epochs (default 100 with early stopping; 8 with --quick)")
    parser.add_argument("--hidden", type=positive_int, default=32, help="hidden units (default 32)")
    parser.add_argument("--batch-size", type=positive_int, default=32, help="mini-batch size (default 32)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the split, the weights and the shuffling")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv, __doc__, _options)
    try:
        X, y = load_digits()
    except ImportError as error:
        print(f"digits: {error}", file=sys.stderr)
        return 1
    epochs = args.epochs or (8 if args.quick else 100)
    patience = None if args.quick else 10
    train, val, test = split(len(X), args.seed)
    model = build(args.hidden, args.seed)
    print(f"Digits: {len(X)} images of 8x8 pixels; {len(train)} to train, {len(val)} to validate, "
          f"{len(test)} to test.\n"
          f"nn.Sequential(Linear(64, {args.hidden}), ReLU(), Linear({args.hidden}, 10)), "
          f"{model.num_parameters()} parameters;\nsoftmax cross-entropy, Adam lr 0.01, batches of "
          f"{args.batch_size}, at most {epochs} epochs"
          + (f",\nearly stopping after {patience} epochs without a better validation loss\n"
             if patience else "\n"))
    start = time.perf_counter()
    history = nn.fit(model, X[train], y[train], loss="cross_entropy", optimizer=nn.Adam(model, lr=0.01),
                     epochs=epochs, batch_size=args.batch_size, validation=(X[val], y[val]),
                     patience=patience, seed=args.seed, progress=not args.no_progress)
    took = time.perf_counter() - start
    ran = len(history.loss)
    marks = sorted({e for e in (1, 2, 5, 10, 20, 50, ran) if e <= ran} | set(range(100, ran + 1, 100)))
    print(table(["epoch", "loss", "accuracy", "val loss", "val accuracy"],
                [[e, f"{history.loss[e - 1]:.4f}", f"{history.accuracy[e - 1]:.2%}",
                  f"{history.val_loss[e - 1]:.4f}", f"{history.val_accuracy[e - 1]:.2%}"] for e in marks]))
    if history.stopped_epoch is not None:
        print(f"\nstopped after epoch {history.stopped_epoch + 1}; kept the weights of epoch "
              f"{history.best_epoch + 1} (lowest validation loss)")
    with autograd.no_grad():
        predictions = model(X[test]).data.argmax(axis=1)
    right = int((predictions == y[test]).sum())
    print(f"\ntrained in {took:.1f} s\ntest accuracy: {right / len(test):.2%} ({right} of {len(test)} "
          f"test images)\n\nconfusion matrix (rows: true digit, columns: predicted digit)")
    C = confusion(y[test], predictions)
    print(table(["true"] + [str(j) for j in range(10)], [[i] + list(C[i]) for i in range(10)]))
    print()
    rows = "".join(f"{i},{t},{p}\n" for i, t, p in zip(test, y[test], predictions))
    wrote(write_atomic(args.out / "digits_predictions.csv", "index,label,prediction\n" + rows))
    model.save(args.out / "digits_model.json")
    wrote(args.out / "digits_model.json")
    title = f"digits, 64-{args.hidden}-10: test accuracy {right / len(test):.1%}"
    wrote(write_atomic(args.out / "digits_confusion.svg", confusion_svg(C, title)))
    try:
        viz.plot_loss(history, args.out / "digits_loss.svg",
                      title=f"digits, 64-{args.hidden}-10: loss per epoch")
        wrote(args.out / "digits_loss.svg")
    except ImportError as error:
        note(f"no loss picture: {error}")
    how_to_view(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
