"""W1 on the edgegrad scalar engine, written directly on ``autograd`` (no ``nn``).

Each neuron's pre-activation is one n-ary node, ``autograd.dot(w, a, bias=b)``; the hinge terms
are summed by one ``autograd.sum`` node and the L2 term is one ``autograd.dot(params, params)``.
Loss = mean_i relu(1 - y_i * score_i) + 1e-4 * sum_p p^2, then zero_grad, backward, SGD.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import autograd
from autograd import Value

from .moons import Weights

ALPHA = 1e-4
"""L2 regularisation strength."""

Layer = list[tuple[list[Value], Value]]
"""One layer: per neuron, (weights, bias)."""


@dataclass
class State:
    layers: list[Layer]
    params: list[Value]
    X: list[list[float]]
    y: list[float]
    lr: float


def build_layers(weights: Weights) -> tuple[list[Layer], list[Value]]:
    """Value leaves holding ``weights``, and the flat parameter list in micrograd's order."""
    layers = [[([Value(w) for w in ws], Value(b)) for ws, b in layer] for layer in weights]
    params = [p for layer in layers for ws, b in layer for p in (*ws, b)]
    return layers, params


def score(layers: list[Layer], x: Sequence[float]) -> Any:
    """The MLP's output on one point: ReLU hidden layers, a linear output neuron. The point's
    numbers become leaves once (as micrograd's demo does), not once per neuron."""
    a: list[Any] = [Value(v) for v in x]
    for layer in layers[:-1]:
        a = [autograd.dot(w, a, bias=b).relu() for w, b in layer]
    (w, b), = layers[-1]
    return autograd.dot(w, a, bias=b)


def loss(state: State) -> Value:
    """mean_i relu(1 - y_i * score_i) + ALPHA * sum_p p^2, as one recorded graph."""
    layers = state.layers
    hinges = [(1.0 - yi * score(layers, x)).relu() for x, yi in zip(state.X, state.y)]
    data_loss = autograd.sum(hinges) * (1.0 / len(hinges))
    return data_loss + ALPHA * autograd.dot(state.params, state.params)


def zero_grad(params: list[Value]) -> None:
    """Reset every parameter's accumulated gradient."""
    for p in params:
        p.grad = 0.0


def sgd(params: list[Value], lr: float) -> None:
    """p <- p - lr * dL/dp."""
    for p in params:
        p.data -= lr * p.grad


def setup(X: list[list[float]], y: list[float], weights: Weights, lr: float = 0.1) -> State:
    """State for ``run_step``: Value parameters initialised from ``weights``."""
    layers, params = build_layers(weights)
    return State(layers, params, X, y, lr)


def run_step(state: State) -> float:
    """Loss, zero_grad, backward, SGD; returns the loss before the update."""
    total = loss(state)
    zero_grad(state.params)
    total.backward()
    sgd(state.params, state.lr)
    return total.data


def predict(state: State, points: list[list[float]]) -> list[float]:
    """Scores on ``points``, recording a graph per point (the slow path)."""
    return [score(state.layers, p).data for p in points]


def predict_no_grad(state: State, points: list[list[float]]) -> list[float]:
    """Scores on ``points`` under ``autograd.no_grad()``: nodes record no inputs or partials."""
    with autograd.no_grad():
        return [score(state.layers, p).data for p in points]
