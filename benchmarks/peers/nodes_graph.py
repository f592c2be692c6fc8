"""The 100,000-node graph of the MEM section (issue 2's first benchmark), per engine.

y_0 = x, y_{k+1} = y_k * a + c with a = 1.0001 and c = 0.001 *leaves shared by every link*, so
each link adds exactly two operation nodes and no constants: L links give 2L nodes plus the
three leaves, the same count on every engine, and bytes per node compare like for like.
``build`` returns (x, y); ``backward`` runs the reverse sweep from y. With ``shared=False`` a
and c are plain numbers, as in W2: micrograd wraps each in a new constant leaf (four nodes per
link), edgegrad makes it the parameter of a one-input node (two nodes per link).
"""

from __future__ import annotations

import sys
from typing import Any

A = 1.0001
C = 0.001


def _build(value: Any, links: int, shared: bool) -> tuple[Any, Any]:
    """The chain on an engine's ``Value`` class: (x, y)."""
    x = value(1.0)
    a, c = (value(A), value(C)) if shared else (A, C)
    y = x
    for _ in range(links):
        y = y * a + c
    return x, y


def edgegrad_build(links: int, shared: bool = True) -> tuple[Any, Any]:
    """The chain on edgegrad Values."""
    from autograd import Value

    return _build(Value, links, shared)


def edgegrad_backward(y: Any) -> None:
    """edgegrad's reverse sweep (no recursion)."""
    y.backward()


def edgegrad_count(y: Any) -> int:
    """Nodes in y's graph, leaves included."""
    from autograd import topological_order

    return len(topological_order(y))


def micrograd_build(links: int, shared: bool = True) -> tuple[Any, Any]:
    """The chain on micrograd 0.1.0 Values."""
    from micrograd.engine import Value

    return _build(Value, links, shared)


def micrograd_backward(y: Any) -> None:
    """micrograd's reverse sweep, with the recursion limit raised for its recursive sort
    (Python 3.11 runs deep pure-Python recursion without growing the C stack)."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * micrograd_count(y) + 1000))
    try:
        y.backward()
    finally:
        sys.setrecursionlimit(limit)


def micrograd_count(y: Any) -> int:
    """Nodes in y's graph, leaves included (an iterative walk over ``_prev``)."""
    seen = {id(y)}
    stack = [y]
    while stack:
        for child in stack.pop()._prev:
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return len(seen)


ENGINES = {
    "edgegrad": (edgegrad_build, edgegrad_backward, edgegrad_count),
    "micrograd": (micrograd_build, micrograd_backward, micrograd_count),
}
"""Engine name -> (build, backward, count); build raises ImportError when not installed."""
