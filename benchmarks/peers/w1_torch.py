"""W1 in PyTorch (float64, batched, autograd): the reference for a tensor engine.

Same step as ``w1_micrograd``: loss = mean_i relu(1 - y_i * s_i) + 1e-4 * sum_p p^2, then
p.grad = None, backward, SGD p <- p - lr * dL/dp under ``torch.no_grad``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .moons import Weights
from .torch_threads import import_torch

if TYPE_CHECKING:
    import torch as torch_types

torch = import_torch()

ALPHA = 1e-4
"""L2 regularisation strength."""


@dataclass
class State:
    Ws: list[torch_types.Tensor]
    """Per layer, weights of shape (n_out, n_in), requires_grad."""
    bs: list[torch_types.Tensor]
    """Per layer, biases of shape (n_out,), requires_grad."""
    X: torch_types.Tensor
    y: torch_types.Tensor
    lr: float


def scores(Ws: list[torch_types.Tensor], bs: list[torch_types.Tensor],
           X: torch_types.Tensor) -> torch_types.Tensor:
    """s = W_L relu(... relu(W_1 x + b_1) ...) + b_L for every row x of X."""
    A = X
    for W, b in zip(Ws[:-1], bs[:-1]):
        A = torch.relu(A @ W.T + b)
    return (A @ Ws[-1].T + bs[-1])[:, 0]


def setup(X: list[list[float]], y: list[float], weights: Weights, lr: float = 0.1) -> State:
    """State for ``run_step``: float64 leaf tensors copied from the shared data and weights."""
    def leaf(values: object) -> torch_types.Tensor:
        return torch.tensor(values, dtype=torch.float64).requires_grad_()

    return State(
        Ws=[leaf([w for w, _ in layer]) for layer in weights],
        bs=[leaf([b for _, b in layer]) for layer in weights],
        X=torch.tensor(X, dtype=torch.float64),
        y=torch.tensor(y, dtype=torch.float64),
        lr=lr,
    )


def loss(state: State) -> torch_types.Tensor:
    """mean_i relu(1 - y_i s_i) + ALPHA * sum_p p^2, recorded by autograd."""
    data_loss = torch.relu(1.0 - state.y * scores(state.Ws, state.bs, state.X)).mean()
    return data_loss + ALPHA * sum((p * p).sum() for p in state.Ws + state.bs)


def run_step(state: State) -> float:
    """Loss, backward, SGD; returns the loss before the update."""
    params = state.Ws + state.bs
    total = loss(state)
    for p in params:
        p.grad = None
    total.backward()
    with torch.no_grad():
        for p in params:
            p -= state.lr * p.grad
    return total.item()


def predict(state: State, points: list[list[float]]) -> list[float]:
    """Scores on ``points`` under ``torch.no_grad()``."""
    with torch.no_grad():
        return scores(state.Ws, state.bs, torch.tensor(points, dtype=torch.float64)).tolist()
