"""W2: a deep scalar chain y_{k+1} = 1.0001 * y_k + 0.001, y_0 = x = 1.0, then dy_N/dx.

The exact derivative is dy_N/dx = 1.0001**N; every engine multiplies the same N factors in
the same order, so all agree with ``python_chain`` exactly. Each function times its own
phases, builds the graph with plain-number constants (each engine wraps them as it does for a
user) and returns ``(forward_seconds, backward_seconds, grad)``; when the backward pass raises
(micrograd's recursive topological sort from N ~ 500) the exception propagates to the harness.
"""

from __future__ import annotations

from collections.abc import Callable
from time import perf_counter
from typing import Any

A = 1.0001
"""Multiplier of each link."""
C = 0.001
"""Offset of each link."""

ChainResult = tuple[float, float, float]
"""(forward_seconds, backward_seconds, dy_N/dx)."""


def _timed_chain(value: Any, n: int) -> ChainResult:
    """Build the chain on an engine's ``Value`` class, then backward, timing each."""
    start = perf_counter()
    x = value(1.0)
    y = x
    for _ in range(n):
        y = y * A + C
    forward = perf_counter() - start
    start = perf_counter()
    y.backward()
    return forward, perf_counter() - start, float(x.grad)


def edgegrad_chain(n: int) -> ChainResult:
    """The chain on edgegrad Values; ``y.backward()`` walks it without recursion."""
    from autograd import Value

    return _timed_chain(Value, n)


def micrograd_chain(n: int) -> ChainResult:
    """The chain on micrograd 0.1.0, whose ``backward`` sorts the graph with a recursive DFS
    (depth ~2N): RecursionError under Python's default limit of 1000 frames."""
    from micrograd.engine import Value

    return _timed_chain(Value, n)


def torch_chain(n: int) -> ChainResult:
    """The chain on 0-d float64 PyTorch tensors (one autograd node per operation)."""
    from .torch_threads import import_torch

    torch = import_torch()
    start = perf_counter()
    x = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    y = x
    for _ in range(n):
        y = y * A + C
    forward = perf_counter() - start
    start = perf_counter()
    y.backward()
    return forward, perf_counter() - start, x.grad.item()  # type: ignore[union-attr]


def python_chain(n: int) -> ChainResult:
    """Floats only, no graph: a forward loop for y_N, a backward loop multiplying the N local
    derivatives dy_{k+1}/dy_k = 1.0001 (the lower bound for any engine)."""
    start = perf_counter()
    y = 1.0
    for _ in range(n):
        y = y * A + C
    forward = perf_counter() - start
    start = perf_counter()
    grad = 1.0
    for _ in range(n):
        grad *= A
    return forward, perf_counter() - start, grad


CHAINS: dict[str, Callable[[int], ChainResult]] = {
    "edgegrad": edgegrad_chain,
    "micrograd": micrograd_chain,
    "python": python_chain,
    "torch": torch_chain,
}
"""Peer name -> chain function; it raises ImportError when the engine is not installed."""
