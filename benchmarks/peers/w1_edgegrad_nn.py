"""W1 on edgegrad's ``nn.MLP``: the user-facing model, same loss and step as ``w1_edgegrad``.

Listed as absent until ``nn.MLP`` exists. The loss is written on ``autograd`` exactly as in
``w1_edgegrad``, so the difference between the two rows is the cost of the ``nn`` layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import autograd
from autograd import Value
from nn import MLP

from .moons import Weights
from .w1_edgegrad import ALPHA, sgd, zero_grad


@dataclass
class State:
    model: Any
    params: list[Value]
    X: list[list[float]]
    y: list[float]
    lr: float


def build_model(weights: Weights) -> Any:
    """``nn.MLP(2, [16, 16, 1])`` (ReLU hidden, linear output) holding ``weights``; its
    parameters come layer by layer, neuron by neuron, weights then bias (micrograd's order)."""
    sizes = [len(weights[0][0][0])] + [len(layer) for layer in weights]
    model = MLP(sizes[0], sizes[1:], activation="relu", output_activation="linear", seed=0)
    flat = [v for layer in weights for ws, b in layer for v in (*ws, b)]
    params = list(model.parameters())
    if len(params) != len(flat):
        raise ValueError(f"nn.MLP has {len(params)} parameters, the shared weights {len(flat)}")
    for p, v in zip(params, flat):
        p.data = v
    return model


def score(model: Any, x: list[float]) -> Value:
    """The model's single output on one point."""
    out = model(x)
    return out if isinstance(out, Value) else out[0]


def setup(X: list[list[float]], y: list[float], weights: Weights, lr: float = 0.1) -> State:
    """State for ``run_step``: an ``nn.MLP`` initialised from ``weights``."""
    model = build_model(weights)
    return State(model, list(model.parameters()), X, y, lr)


def loss(state: State) -> Value:
    """mean_i relu(1 - y_i * score_i) + ALPHA * sum_p p^2, as one recorded graph."""
    hinges = [(1.0 - yi * score(state.model, x)).relu() for x, yi in zip(state.X, state.y)]
    return autograd.sum(hinges) * (1.0 / len(hinges)) + ALPHA * autograd.dot(state.params, state.params)


def run_step(state: State) -> float:
    """Loss, zero_grad, backward, SGD; returns the loss before the update."""
    total = loss(state)
    zero_grad(state.params)
    total.backward()
    sgd(state.params, state.lr)
    return total.data


def predict_no_grad(state: State, points: list[list[float]]) -> list[float]:
    """Scores on ``points`` under ``autograd.no_grad()``."""
    with autograd.no_grad():
        return [score(state.model, p).data for p in points]


def predict(state: State, points: list[list[float]]) -> list[float]:
    """Scores on ``points``, recording a graph per point (the slow path)."""
    return [score(state.model, p).data for p in points]
