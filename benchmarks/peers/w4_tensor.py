"""W4 on edgegrad's Tensor engine: the ``w4_numpy`` step from the same data and weights.

Loss = ``autograd.cross_entropy(z, t)`` (one fused node: mean_i [logsumexp(z_i) - z_i[t_i]]),
then p.grad = None, backward, SGD p.data -= lr * p.grad. Listed as absent until
``autograd.Tensor`` exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import DTypeLike, NDArray

from autograd import Tensor, cross_entropy

from . import w4_numpy


@dataclass
class State:
    Ws: list[Tensor]
    """Per layer, weights of shape (n_in, n_out), requires_grad."""
    bs: list[Tensor]
    """Per layer, biases of shape (n_out,), requires_grad."""
    X: Tensor
    t: NDArray[np.intp]
    lr: float


def setup(dtype: DTypeLike = np.float32, seed: int = 0, lr: float = 0.01) -> State:
    """Tensors copied from ``w4_numpy.setup(dtype, seed, lr)``, so both peers start equal."""
    ref = w4_numpy.setup(dtype, seed, lr)
    return State(
        Ws=[Tensor(W.copy(), requires_grad=True, dtype=dtype) for W in ref.Ws],
        bs=[Tensor(b.copy(), requires_grad=True, dtype=dtype) for b in ref.bs],
        X=Tensor(ref.X, dtype=dtype),
        t=ref.t,
        lr=lr,
    )


def run_step(state: State) -> float:
    """One training step (forward, backward, SGD); returns the loss before the update."""
    A = state.X
    for W, b in zip(state.Ws[:-1], state.bs[:-1]):
        A = (A @ W + b).relu()
    loss = cross_entropy(A @ state.Ws[-1] + state.bs[-1], state.t)
    params = state.Ws + state.bs
    for p in params:
        p.grad = None
    loss.backward()
    for p in params:
        p.data -= state.lr * p.grad
    return loss.item()
