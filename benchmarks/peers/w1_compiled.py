"""W1 compiled: the loss written as a function of a flat parameter list and the data, and
``autograd.compile(autograd.value_and_grad(loss))`` run as generated Python (no Value objects at
run time), then SGD on the floats. The trace and code generation happen once, in ``setup``;
``compile_seconds`` records how long they took.

Loss = mean_i relu(1 - y_i * score_i) + 1e-4 * sum_p p^2, as in every W1 peer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import autograd

from .moons import Weights

ALPHA = 1e-4
"""L2 regularisation strength."""


def make_loss(sizes: list[tuple[int, int]]) -> Any:
    """loss(params, X, y) for an MLP with layers (nin, nout) read from the flat ``params`` in
    micrograd's order (per layer, per neuron: its weights, then its bias)."""

    def loss(params: Any, X: Any, y: Any) -> Any:
        layers, k = [], 0
        for nin, nout in sizes:
            layer = []
            for _ in range(nout):
                layer.append((params[k:k + nin], params[k + nin]))
                k += nin + 1
            layers.append(layer)
        hinges = []
        for x, yi in zip(X, y):
            a = list(x)
            for layer in layers[:-1]:
                a = [autograd.dot(w, a, bias=b).relu() for w, b in layer]
            (w, b), = layers[-1]
            hinges.append((1.0 - yi * autograd.dot(w, a, bias=b)).relu())
        data_loss = autograd.sum(hinges) * (1.0 / len(hinges))
        return data_loss + ALPHA * autograd.dot(params, params)

    return loss


@dataclass
class State:
    step: Any
    params: list[float]
    X: list[list[float]]
    y: list[float]
    lr: float
    compile_seconds: float


def setup(X: list[list[float]], y: list[float], weights: Weights, lr: float = 0.1) -> State:
    """Flat parameters from ``weights``; the compiled value-and-gradient, traced once here."""
    sizes = [(len(layer[0][0]), len(layer)) for layer in weights]
    params = [float(p) for layer in weights for ws, b in layer for p in (*ws, b)]
    step = autograd.compile(autograd.value_and_grad(make_loss(sizes)))
    start = time.perf_counter()
    step.trace((params, X, y))
    return State(step, params, X, y, lr, time.perf_counter() - start)


def run_step(state: State) -> float:
    """Loss and gradient from the generated code, then p <- p - lr * dL/dp."""
    loss, grads = state.step(state.params, state.X, state.y)
    lr = state.lr
    state.params = [p - lr * g for p, g in zip(state.params, grads)]
    return loss
