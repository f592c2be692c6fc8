"""W4 in numpy: one SGD step of a 784-128-64-10 ReLU MLP, softmax cross-entropy, batch 64.

Loss = mean_i [logsumexp(z_i) - z_i[t_i]] with z = logits, computed as a stable
log-softmax (z - max z); then SGD p <- p - lr * dL/dp.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import DTypeLike, NDArray

SIZES = (784, 128, 64, 10)
BATCH = 64


@dataclass
class State:
    Ws: list[NDArray[np.floating]]
    """Per layer, weights of shape (n_in, n_out)."""
    bs: list[NDArray[np.floating]]
    """Per layer, biases of shape (n_out,)."""
    X: NDArray[np.floating]
    """Inputs, shape (BATCH, 784)."""
    t: NDArray[np.intp]
    """Integer class labels in [0, 10), shape (BATCH,)."""
    lr: float


def setup(dtype: DTypeLike = np.float32, seed: int = 0, lr: float = 0.01) -> State:
    """Random data X ~ U[0, 1), labels ~ U{0..9}, He weights W ~ N(0, 2 / n_in), b = 0.

    Everything is drawn in float64 from ``default_rng(seed)`` and then cast, so
    float32 and float64 states start from the same values (up to rounding).
    """
    rng = np.random.default_rng(seed)
    X = rng.random((BATCH, SIZES[0]))
    t = rng.integers(0, SIZES[-1], size=BATCH).astype(np.intp)
    Ws = [rng.normal(0.0, np.sqrt(2.0 / nin), size=(nin, nout)) for nin, nout in zip(SIZES[:-1], SIZES[1:])]
    return State(
        Ws=[W.astype(dtype) for W in Ws],
        bs=[np.zeros(nout, dtype=dtype) for nout in SIZES[1:]],
        X=X.astype(dtype),
        t=t,
        lr=lr,
    )


def step(Ws: list[NDArray[np.floating]], bs: list[NDArray[np.floating]],
         X: NDArray[np.floating], t: NDArray[np.intp], lr: float) -> float:
    """One SGD step in place on ``Ws``/``bs``; returns the loss before the update.

    Forward: A_0 = X, A_l = relu(A_{l-1} W_l + b_l), z = A_{L-1} W_L + b_L.
    Backward: dz = (softmax(z) - onehot(t)) / n, dW_l = A_{l-1}^T dZ_l,
    db_l = sum_i dZ_l, dZ_{l-1} = (dZ_l W_l^T) * [A_{l-1} > 0].
    """
    n = X.shape[0]
    rows = np.arange(n)
    acts = [X]
    A = X
    for W, b in zip(Ws[:-1], bs[:-1]):
        A = np.maximum(A @ W + b, 0)
        acts.append(A)
    z = A @ Ws[-1] + bs[-1]
    shifted = z - z.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -float(log_probs[rows, t].mean())

    dZ = np.exp(log_probs)
    dZ[rows, t] -= 1
    dZ /= n
    for layer in range(len(Ws) - 1, -1, -1):
        W, b, A_prev = Ws[layer], bs[layer], acts[layer]
        gW = A_prev.T @ dZ
        gb = dZ.sum(axis=0)
        if layer:
            dZ = (dZ @ W.T) * (A_prev > 0)
        W -= lr * gW
        b -= lr * gb
    return loss


def run_step(state: State) -> float:
    """One training step; returns the loss before the update."""
    return step(state.Ws, state.bs, state.X, state.t, state.lr)
