"""The functions the cost demos differentiate, built from the engine with a fixed seed.

``layered``: f: R^n -> R^m, h_0 = x, h_l = tanh(W_l h_(l-1) + b_l), f(x) = W_L h_(L-1) + b_L,
weights W ~ N(0, 1/fan_in) fixed (constants of the graph): an MLP seen as a function of x.
``MLPLoss``: the same shape with the weights as variables, loss(w) = (f(x; w) - t)^2 for one
sample: a scalar function of P parameters.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import autograd as ag
from autograd import Value


def _layer_weights(rng: random.Random, fan_in: int, width: int) -> list[list[float]]:
    """One row w_j (fan_in weights, then the bias) per unit: w ~ N(0, 1/fan_in), b ~ N(0, 0.1^2)."""
    scale = 1.0 / math.sqrt(fan_in)
    return [[rng.gauss(0.0, scale) for _ in range(fan_in)] + [rng.gauss(0.0, 0.1)]
            for _ in range(width)]


def layered(xs: Sequence[Value], widths: Sequence[int], seed: int = 0) -> list[Value]:
    """f(x) with layers of ``widths`` (the last one is m, linear); one ``dot+b`` node per unit,
    so a unit fed by k nodes has 2k + 1 input edges (k weights, k activations, the bias)."""
    rng = random.Random(seed)
    h: list[Value] = list(xs)
    for depth, width in enumerate(widths):
        rows = _layer_weights(rng, len(h), width)
        zs = [ag.dot(row[:-1], h, row[-1]) for row in rows]
        h = zs if depth == len(widths) - 1 else [z.tanh() for z in zs]
    return h


class MLPLoss:
    """loss(w) = (f(x; w) - t)^2 for one sample x, f an MLP with layer sizes ``sizes``
    (inputs first) whose P weights and biases are the variables ``params``."""

    def __init__(self, sizes: Sequence[int], seed: int = 0) -> None:
        if len(sizes) < 2 or sizes[-1] != 1:
            raise ValueError(f"MLPLoss: sizes must start with the inputs and end with 1 output, "
                             f"got {list(sizes)}")
        rng = random.Random(seed)
        self.sizes = list(sizes)
        self.x = [rng.uniform(-1.0, 1.0) for _ in range(sizes[0])]
        self.target = 0.5
        self.layers = [[[Value(w) for w in row] for row in _layer_weights(rng, fan_in, width)]
                       for fan_in, width in zip(sizes[:-1], sizes[1:])]
        self.params = [w for layer in self.layers for row in layer for w in row]

    def __call__(self) -> Value:
        """Evaluate the loss on the current params (recording the graph unless in no_grad)."""
        h: list[Value | float] = list(self.x)
        for depth, layer in enumerate(self.layers):
            zs = [ag.dot(row[:-1], h, row[-1]) for row in layer]
            h = zs if depth == len(self.layers) - 1 else [z.tanh() for z in zs]
        return (h[0] - self.target) ** 2


def count_params(sizes: Sequence[int]) -> int:
    """P = sum over layers of (fan_in + 1) * width."""
    return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
