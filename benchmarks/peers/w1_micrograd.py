"""W1 on micrograd 0.1.0: one SGD step of MLP(2, [16, 16, 1]) on the moons.

Loss = mean_i relu(1 - y_i * score_i) + 1e-4 * sum_p p^2 (micrograd's demo).
"""

from __future__ import annotations

from dataclasses import dataclass

from micrograd.engine import Value
from micrograd.nn import MLP

from .moons import Weights

ALPHA = 1e-4
"""L2 regularisation strength."""


@dataclass
class State:
    model: MLP
    X: list[list[float]]
    y: list[float]
    lr: float


def build_model(weights: Weights) -> MLP:
    """micrograd MLP (ReLU hidden layers, linear output) holding ``weights``."""
    sizes = [len(weights[0][0][0])] + [len(layer) for layer in weights]
    model = MLP(sizes[0], sizes[1:])
    for layer, layer_w in zip(model.layers, weights):
        for neuron, (w, b) in zip(layer.neurons, layer_w):
            for p, wi in zip(neuron.w, w):
                p.data = wi
            neuron.b.data = b
    return model


def loss(model: MLP, X: list[list[float]], y: list[float]) -> Value:
    """mean_i relu(1 - y_i * model(x_i)) + ALPHA * sum_p p^2, as a micrograd graph."""
    scores = [model(x) for x in X]
    losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = ALPHA * sum(p * p for p in model.parameters())
    return data_loss + reg_loss


def step(model: MLP, X: list[list[float]], y: list[float], lr: float) -> float:
    """Loss, backward, then SGD p <- p - lr * dL/dp; returns the loss before the update."""
    total = loss(model, X, y)
    model.zero_grad()
    total.backward()
    for p in model.parameters():
        p.data -= lr * p.grad
    return total.data


def setup(X: list[list[float]], y: list[float], weights: Weights, lr: float = 0.1) -> State:
    """State for ``run_step``: a micrograd model initialised from ``weights``."""
    return State(build_model(weights), X, y, lr)


def run_step(state: State) -> float:
    """One training step; returns the loss before the update."""
    return step(state.model, state.X, state.y, state.lr)
