"""W1 compiled per point: one generated program for one point's loss and gradient, called
once per point in a Python loop (and one for the L2 term). The program takes the running sum
of the gradients and returns it with this point's added, so the sum is straight-line code too.
It is 100 times smaller than the whole batch's program (``w1_compiled``), so it compiles 100
times faster; the loop adds a call per point.

Loss = mean_i relu(1 - y_i * score_i) + 1e-4 * sum_p p^2, as in every W1 peer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import autograd

from .moons import Weights
from .w1_compiled import ALPHA


def make_point_loss(sizes: list[tuple[int, int]], n: int) -> Any:
    """point_loss(params, x, y) = relu(1 - y * score(x)) / n for the MLP of layers ``sizes``."""

    def point_loss(params: Any, x: Any, y: Any) -> Any:
        a, k = list(x), 0
        for nin, nout in sizes:
            out = []
            for _ in range(nout):
                out.append(autograd.dot(params[k:k + nin], a, bias=params[k + nin]))
                k += nin + 1
            a = [z.relu() for z in out] if k < len(params) else out
        return (1.0 - y * a[0]).relu() * (1.0 / n)

    return point_loss


@dataclass
class State:
    point: Any
    l2: Any
    params: list[float]
    X: list[list[float]]
    y: list[float]
    lr: float
    compile_seconds: float


def setup(X: list[list[float]], y: list[float], weights: Weights, lr: float = 0.1) -> State:
    """Flat parameters; the two compiled programs, traced once here."""
    sizes = [(len(layer[0][0]), len(layer)) for layer in weights]
    params = [float(p) for layer in weights for ws, b in layer for p in (*ws, b)]
    point_grad = autograd.value_and_grad(make_point_loss(sizes, len(X)))

    def accumulate(params: Any, x: Any, y: Any, total: Any) -> Any:
        """(this point's loss, total + this point's gradient)."""
        hinge, grads = point_grad(params, x, y)
        return hinge, [t + g for t, g in zip(total, grads)]

    point = autograd.compile(accumulate)
    l2 = autograd.compile(autograd.value_and_grad(lambda p: ALPHA * autograd.dot(p, p)))
    start = time.perf_counter()
    point.trace((params, X[0], y[0], params))
    l2.trace((params,))
    return State(point, l2, params, X, y, lr, time.perf_counter() - start)


def run_step(state: State) -> float:
    """Per point: loss and gradient from the generated code, summed; then SGD."""
    params, point = state.params, state.point
    loss, total = state.l2(params)
    for x, yi in zip(state.X, state.y):
        hinge, total = point(params, x, yi, total)
        loss += hinge
    lr = state.lr
    state.params = [p - lr * g for p, g in zip(params, total)]
    return loss
