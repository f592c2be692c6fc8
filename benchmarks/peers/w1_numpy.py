"""W1 batched in numpy (float64), hand-written forward/backward.

Same step as ``w1_micrograd``: loss = mean_i relu(1 - y_i * s_i) + 1e-4 * sum_p p^2,
then SGD p <- p - lr * dL/dp, for an MLP with ReLU hidden layers and one linear output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .moons import Weights

ALPHA = 1e-4
"""L2 regularisation strength."""

Array = NDArray[np.float64]


@dataclass
class State:
    Ws: list[Array]
    """Per layer, weights of shape (n_out, n_in)."""
    bs: list[Array]
    """Per layer, biases of shape (n_out,)."""
    X: Array
    y: Array
    lr: float


def step(Ws: list[Array], bs: list[Array], X: Array, y: Array, lr: float) -> float:
    """One SGD step in place on ``Ws``/``bs``; returns the loss before the update.

    Forward: A_0 = X, A_l = relu(A_{l-1} W_l^T + b_l), s = A_{L-1} W_L^T + b_L.
    Backward: dZ_L = -y/n where 1 - y s > 0, else 0; dW_l = dZ_l^T A_{l-1},
    db_l = sum_i dZ_l, dZ_{l-1} = (dZ_l W_l) * [A_{l-1} > 0].
    """
    n = X.shape[0]
    acts = [X]
    A = X
    for W, b in zip(Ws[:-1], bs[:-1]):
        A = np.maximum(A @ W.T + b, 0.0)
        acts.append(A)
    scores = (A @ Ws[-1].T + bs[-1])[:, 0]
    margin = 1.0 - y * scores
    active = margin > 0.0
    reg = sum(float(np.vdot(W, W)) + float(np.vdot(b, b)) for W, b in zip(Ws, bs))
    loss = float(margin[active].sum()) / n + ALPHA * reg

    dZ = np.where(active, -y / n, 0.0)[:, None]
    decay = 1.0 - 2.0 * ALPHA * lr
    for layer in range(len(Ws) - 1, -1, -1):
        W, b, A_prev = Ws[layer], bs[layer], acts[layer]
        gW = dZ.T @ A_prev
        gb = dZ.sum(axis=0)
        if layer:
            dZ = (dZ @ W) * (A_prev > 0.0)
        W *= decay
        W -= lr * gW
        b *= decay
        b -= lr * gb
    return loss


def setup(X: list[list[float]], y: list[float], weights: Weights, lr: float = 0.1) -> State:
    """State for ``run_step``: float64 arrays copied from the shared data and weights."""
    Ws = [np.array([w for w, _ in layer], dtype=np.float64) for layer in weights]
    bs = [np.array([b for _, b in layer], dtype=np.float64) for layer in weights]
    return State(Ws, bs, np.array(X, dtype=np.float64), np.array(y, dtype=np.float64), lr)


def run_step(state: State) -> float:
    """One training step; returns the loss before the update."""
    return step(state.Ws, state.bs, state.X, state.y, state.lr)


def predict(state: State, points: list[list[float]]) -> list[float]:
    """Scores on ``points``, batched: the forward pass alone."""
    A = np.asarray(points, dtype=np.float64)
    for W, b in zip(state.Ws[:-1], state.bs[:-1]):
        A = np.maximum(A @ W.T + b, 0.0)
    return (A @ state.Ws[-1].T + state.bs[-1])[:, 0].tolist()
