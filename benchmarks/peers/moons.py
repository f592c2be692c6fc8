"""Shared W1 data and initial weights, so every peer starts from the same point."""

from __future__ import annotations

import numpy as np

Neuron = tuple[list[float], float]
"""(weights, bias) of one neuron."""
Weights = list[list[Neuron]]
"""For each layer, its neurons."""


def make_moons(n: int = 100, noise: float = 0.1, seed: int = 0) -> tuple[list[list[float]], list[float]]:
    """Two interleaving half circles plus N(0, noise^2) jitter, labels +1/-1.

    Outer moon (label -1): (cos t, sin t); inner moon (label +1):
    (1 - cos t, 0.5 - sin t), t evenly spaced in [0, pi]; like scikit-learn's
    ``make_moons`` with micrograd's demo relabelling y -> 2y - 1, unshuffled.
    """
    rng = np.random.default_rng(seed)
    n_out = n // 2
    n_in = n - n_out
    t_out = np.linspace(0.0, np.pi, n_out)
    t_in = np.linspace(0.0, np.pi, n_in)
    X = np.concatenate([
        np.stack([np.cos(t_out), np.sin(t_out)], axis=1),
        np.stack([1.0 - np.cos(t_in), 0.5 - np.sin(t_in)], axis=1),
    ])
    X += rng.normal(0.0, noise, size=X.shape)
    y = [-1.0] * n_out + [1.0] * n_in
    return X.tolist(), y


def init_weights(sizes: tuple[int, ...] = (2, 16, 16, 1), seed: int = 0) -> Weights:
    """MLP weights w ~ U(-1, 1) and biases b = 0, as micrograd's ``Neuron`` draws them.

    Returns, for each layer ``sizes[i] -> sizes[i+1]``, a list of neurons
    ``(weights, bias)``, all plain Python floats. Draw order: layer by layer,
    neuron by neuron, input by input (micrograd's construction order).
    """
    rng = np.random.default_rng(seed)
    return [
        [(row, 0.0) for row in rng.uniform(-1.0, 1.0, size=(nout, nin)).tolist()]
        for nin, nout in zip(sizes[:-1], sizes[1:])
    ]


def make_grid(n: int = 100, x_range: tuple[float, float] = (-1.5, 2.5),
              y_range: tuple[float, float] = (-1.0, 1.5)) -> list[list[float]]:
    """An n x n grid of points over the moons (row by row), for drawing a decision boundary."""
    xs = np.linspace(*x_range, n)
    ys = np.linspace(*y_range, n)
    return [[x, y] for y in ys.tolist() for x in xs.tolist()]
