"""W2: a deep scalar chain y_{k+1} = 1.0001 * y_k + 0.001, y_0 = x = 1.0, then dy_N/dx.

The exact derivative is dy_N/dx = 1.0001**N.
"""

from __future__ import annotations

from time import perf_counter

from micrograd.engine import Value

A = 1.0001
"""Multiplier of each link."""
C = 0.001
"""Offset of each link."""

ChainResult = tuple[float, float | None, float | str]
"""(forward_seconds, backward_seconds, grad); on failure (forward_seconds, None, exception name)."""


def micrograd_chain(n: int) -> ChainResult:
    """Build the chain with micrograd 0.1.0 and backpropagate, timing both phases.

    micrograd's ``backward`` sorts the graph with a recursive DFS (depth ~2N), so
    deep chains raise RecursionError; then returns (forward_seconds, None, "RecursionError").
    """
    start = perf_counter()
    x = Value(1.0)
    y = x
    for _ in range(n):
        y = y * A + C
    forward = perf_counter() - start
    start = perf_counter()
    try:
        y.backward()
    except RecursionError as exc:
        return forward, None, type(exc).__name__
    return forward, perf_counter() - start, float(x.grad)


def python_chain(n: int) -> ChainResult:
    """Pure-float lower bound: a forward loop for y_N, a backward loop multiplying the N local derivatives.

    Returns (forward_seconds, backward_seconds, dy_N/dx); dy_N/dx = 1.0001**N up to ~N ulp of rounding.
    """
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

