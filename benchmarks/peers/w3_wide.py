"""W3: a wide sum s = sum_i w_i x_i over n = 10,000 products, forward and backward.

The same sum is built three ways: as one n-ary ``sum`` node over the n product nodes, as
Python's left fold ``sum(products)`` (n binary additions, a chain n deep), and, on edgegrad,
as a single ``dot`` node with 2n input edges. Each peer makes its n + n leaves once in
``setup``; ``run`` zeroes their gradients (untimed), then times building s and its reverse
sweep, returning ``(forward_seconds, backward_seconds, s, ds/dw)`` (ds/dw_i = x_i exactly).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from time import perf_counter
from typing import Any

WideResult = tuple[float, float, float, list[float]]
"""(forward_seconds, backward_seconds, s, [ds/dw_i])."""

State = tuple[list[Any], list[Any]]
"""(w leaves, x leaves) of one engine."""


def _timed(ws: list[Any], xs: list[Any], build: Callable[[list[Any], list[Any]], Any],
           grad_of: Callable[[Any], float], data_of: Callable[[Any], float]) -> WideResult:
    """Time ``build`` then ``.backward()`` on its result."""
    start = perf_counter()
    s = build(ws, xs)
    forward = perf_counter() - start
    start = perf_counter()
    s.backward()
    backward = perf_counter() - start
    return forward, backward, data_of(s), [grad_of(w) for w in ws]


# ----------------------------------------------------------------------------- edgegrad


def edgegrad_setup(w: list[float], x: list[float]) -> State:
    """edgegrad Value leaves."""
    from autograd import Value

    return [Value(v) for v in w], [Value(v) for v in x]


def _edgegrad_run(state: State, build: Callable[[list[Any], list[Any]], Any]) -> WideResult:
    ws, xs = state
    for v in (*ws, *xs):
        v.grad = 0.0
    return _timed(ws, xs, build, lambda v: v.grad, lambda s: s.data)


def edgegrad_sum(state: State) -> WideResult:
    """n product nodes and one n-ary ``autograd.sum`` node."""
    import autograd

    return _edgegrad_run(state, lambda ws, xs: autograd.sum([w * x for w, x in zip(ws, xs)]))


def edgegrad_fold(state: State) -> WideResult:
    """n product nodes folded by Python's ``sum`` into n binary additions."""
    return _edgegrad_run(state, lambda ws, xs: builtins.sum(w * x for w, x in zip(ws, xs)))


def edgegrad_dot(state: State) -> WideResult:
    """One ``autograd.dot`` node with 2n input edges."""
    import autograd

    return _edgegrad_run(state, autograd.dot)


# ----------------------------------------------------------------------------- micrograd


def micrograd_setup(w: list[float], x: list[float]) -> State:
    """micrograd Value leaves."""
    from micrograd.engine import Value

    return [Value(v) for v in w], [Value(v) for v in x]


def micrograd_fold(state: State) -> WideResult:
    """micrograd has no n-ary node: the left fold, whose recursive sort needs ~n frames."""
    ws, xs = state
    for v in (*ws, *xs):
        v.grad = 0.0
    return _timed(ws, xs, lambda ws, xs: builtins.sum(w * x for w, x in zip(ws, xs)),
                  lambda v: float(v.grad), lambda s: float(s.data))


# ----------------------------------------------------------------------------- torch


def torch_setup(w: list[float], x: list[float]) -> State:
    """0-d float64 tensors that require grad."""
    from .torch_threads import import_torch

    torch = import_torch()

    def leaves(values: list[float]) -> list[Any]:
        return [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in values]

    return leaves(w), leaves(x)


def torch_sum(state: State) -> WideResult:
    """n scalar product nodes, stacked and summed by one n-ary reduction."""
    import torch

    ws, xs = state
    for v in (*ws, *xs):
        v.grad = None
    return _timed(ws, xs, lambda ws, xs: torch.stack([w * x for w, x in zip(ws, xs)]).sum(),
                  lambda v: v.grad.item(), lambda s: s.item())


# ----------------------------------------------------------------------------- floats


def python_setup(w: list[float], x: list[float]) -> State:
    """Plain floats."""
    return list(w), list(x)


def python_floats(state: State) -> WideResult:
    """Floats, no graph: s by a loop, ds/dw_i = x_i by copying (the lower bound)."""
    ws, xs = state
    start = perf_counter()
    s = 0.0
    for w, x in zip(ws, xs):
        s += w * x
    forward = perf_counter() - start
    start = perf_counter()
    grad = list(xs)
    return forward, perf_counter() - start, s, grad


PEERS: dict[str, tuple[Callable[[list[float], list[float]], State], Callable[[State], WideResult]]] = {
    "edgegrad sum": (edgegrad_setup, edgegrad_sum),
    "edgegrad fold": (edgegrad_setup, edgegrad_fold),
    "edgegrad dot": (edgegrad_setup, edgegrad_dot),
    "micrograd fold": (micrograd_setup, micrograd_fold),
    "python": (python_setup, python_floats),
    "torch sum": (torch_setup, torch_sum),
}
"""Peer name -> (setup, run); setup raises ImportError when the engine is not installed."""
