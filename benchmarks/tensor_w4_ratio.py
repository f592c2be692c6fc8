"""W4 with edgegrad Tensors, timed against the hand-written numpy step and PyTorch:
``OPENBLAS_NUM_THREADS=1 python -m benchmarks.tensor_w4_ratio``.

One SGD step of a 784-128-64-10 ReLU MLP with softmax cross-entropy on a batch of 64, from the
same data and initial weights as ``benchmarks.peers.w4_numpy``; prints best-of-repeats per step
and the ratio edgegrad / numpy and edgegrad / torch, in float32 and float64.
"""

from __future__ import annotations

import timeit
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd import Tensor, cross_entropy
from benchmarks.peers import load, w4_numpy


@dataclass
class State:
    params: list[Tensor]
    """W1, b1, W2, b2, W3, b3 as leaves that require grad."""
    X: Tensor
    t: np.ndarray
    lr: float


def setup(dtype: Any = np.float32, seed: int = 0, lr: float = 0.01) -> State:
    """Tensors sharing a fresh copy of ``w4_numpy.setup(dtype, seed, lr)``'s arrays."""
    ref = w4_numpy.setup(dtype, seed, lr)
    params = [Tensor(a.copy(), requires_grad=True) for W, b in zip(ref.Ws, ref.bs) for a in (W, b)]
    return State(params, Tensor(ref.X), ref.t, lr)


def run_step(state: State) -> float:
    """Forward, backward, SGD; the loss before the update."""
    W1, b1, W2, b2, W3, b3 = state.params
    for p in state.params:
        p.grad = None
    h = (state.X @ W1 + b1).relu()
    h = (h @ W2 + b2).relu()
    loss = cross_entropy(h @ W3 + b3, state.t)
    loss.backward()
    for p in state.params:
        p.data -= state.lr * p.grad
    return loss.item()


def best(fn: Any, number: int = 50, repeat: int = 15) -> float:
    """Best-of-``repeat`` mean time of ``fn`` over ``number`` calls, in seconds."""
    for _ in range(10):
        fn()
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def main() -> None:
    for dtype in (np.float32, np.float64):
        ours, ref = setup(dtype), w4_numpy.setup(dtype)
        for _ in range(3):  # the same losses, step by step
            a, b = run_step(ours), w4_numpy.run_step(ref)
            assert abs(a - b) <= (1e-4 if dtype == np.float32 else 1e-9), (a, b)
        t_ours = best(lambda ours=ours: run_step(ours))
        t_numpy = best(lambda ref=ref: w4_numpy.run_step(ref))
        line = (f"{dtype.__name__}: edgegrad {t_ours * 1e6:7.0f} us, numpy {t_numpy * 1e6:7.0f} us, "
                f"edgegrad/numpy {t_ours / t_numpy:.3f}")
        w4_torch, _ = load("w4_torch")
        if w4_torch is not None:
            state = w4_torch.setup(dtype)
            t_torch = best(lambda peer=w4_torch, state=state: peer.run_step(state))
            line += f", torch {t_torch * 1e6:7.0f} us, edgegrad/torch {t_ours / t_torch:.3f}"
        print(line)


if __name__ == "__main__":
    main()
