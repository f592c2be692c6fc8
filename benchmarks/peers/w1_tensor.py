"""W1 on edgegrad's Tensor engine (float64, batched): the ``w1_torch`` step, written on
``autograd.Tensor`` as a user would write it for PyTorch.

Loss = mean_i relu(1 - y_i * s_i) + 1e-4 * sum_p p^2, then p.grad = None, backward, SGD
p.data -= lr * p.grad. Listed as absent until ``autograd.Tensor`` exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograd import Tensor

from .moons import Weights

ALPHA = 1e-4
"""L2 regularisation strength."""


@dataclass
class State:
    Ws: list[Tensor]
    """Per layer, weights of shape (n_out, n_in), requires_grad."""
    bs: list[Tensor]
    """Per layer, biases of shape (n_out,), requires_grad."""
    X: Tensor
    y: Tensor
    lr: float


def scores(Ws: list[Tensor], bs: list[Tensor], X: Tensor) -> Tensor:
    """s = W_L relu(... relu(W_1 x + b_1) ...) + b_L for every row x of X."""
    A = X
    for W, b in zip(Ws[:-1], bs[:-1]):
        A = (A @ W.T + b).relu()
    return (A @ Ws[-1].T + bs[-1])[:, 0]


def loss(state: State) -> Tensor:
    """mean_i relu(1 - y_i s_i) + ALPHA * sum_p p^2, recorded."""
    data_loss = (1.0 - state.y * scores(state.Ws, state.bs, state.X)).relu().mean()
    return data_loss + ALPHA * sum((p * p).sum() for p in state.Ws + state.bs)


def setup(X: list[list[float]], y: list[float], weights: Weights, lr: float = 0.1) -> State:
    """State for ``run_step``: float64 leaf Tensors copied from the shared data and weights."""
    return State(
        Ws=[Tensor([w for w, _ in layer], requires_grad=True) for layer in weights],
        bs=[Tensor([b for _, b in layer], requires_grad=True) for layer in weights],
        X=Tensor(np.array(X, dtype=np.float64)),
        y=Tensor(np.array(y, dtype=np.float64)),
        lr=lr,
    )


def run_step(state: State) -> float:
    """Loss, backward, SGD; returns the loss before the update."""
    params = state.Ws + state.bs
    total = loss(state)
    for p in params:
        p.grad = None
    total.backward()
    for p in params:
        p.data -= state.lr * p.grad
    return total.item()


def predict(state: State, points: list[list[float]]) -> list[float]:
    """Scores on ``points`` (the parameters require grad, so this records a graph)."""
    from autograd import no_grad

    with no_grad():
        return scores(state.Ws, state.bs, Tensor(np.array(points, dtype=np.float64))).data.tolist()
