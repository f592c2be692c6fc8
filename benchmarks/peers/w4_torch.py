"""W4 in PyTorch (autograd): the ``w4_numpy`` step from the same data and initial weights.

Loss = F.cross_entropy(z, t) = mean_i [logsumexp(z_i) - z_i[t_i]] (stable log-softmax),
then SGD p <- p - lr * dL/dp under ``torch.no_grad``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import DTypeLike

from . import w4_numpy
from .torch_threads import import_torch

if TYPE_CHECKING:
    import torch as torch_types

torch = import_torch()


@dataclass
class State:
    Ws: list[torch_types.Tensor]
    """Per layer, weights of shape (n_in, n_out), requires_grad."""
    bs: list[torch_types.Tensor]
    """Per layer, biases of shape (n_out,), requires_grad."""
    X: torch_types.Tensor
    t: torch_types.Tensor
    lr: float


def setup(dtype: DTypeLike = np.float32, seed: int = 0, lr: float = 0.01) -> State:
    """Tensors copied from ``w4_numpy.setup(dtype, seed, lr)``, so both peers start equal."""
    ref = w4_numpy.setup(dtype, seed, lr)

    def leaf(a: Any) -> torch_types.Tensor:
        return torch.tensor(a).requires_grad_()

    return State(
        Ws=[leaf(W) for W in ref.Ws],
        bs=[leaf(b) for b in ref.bs],
        X=torch.tensor(ref.X),
        t=torch.tensor(ref.t, dtype=torch.long),
        lr=lr,
    )


def run_step(state: State) -> float:
    """One training step (forward, autograd backward, SGD); returns the loss before the update."""
    F = torch.nn.functional
    A = state.X
    for W, b in zip(state.Ws[:-1], state.bs[:-1]):
        A = torch.relu(A @ W + b)
    z = A @ state.Ws[-1] + state.bs[-1]
    loss = F.cross_entropy(z, state.t)
    params = state.Ws + state.bs
    for p in params:
        p.grad = None
    loss.backward()
    with torch.no_grad():
        for p in params:
            p -= state.lr * p.grad
    return loss.item()
