"""The sum over paths: dy/dx = sum over all paths from x to y of the product of the local
derivatives on the path's edges. Exponential in general, so it counts first; the count is
itself a forward sweep, with every local derivative replaced by 1.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any, NamedTuple

from autograd.graph import topological_order


class TooManyPathsError(ValueError):
    """More paths than the caller's limit: use a sweep instead."""


class Edge(NamedTuple):
    """One edge of the graph: ``source`` is input number ``index`` of ``target``, and
    ``local_grad`` = d(target)/d(source)."""

    source: Any
    target: Any
    index: int
    local_grad: float


class Path(NamedTuple):
    """A path from x up to y: its edges in order and the product of their local derivatives."""

    edges: tuple[Edge, ...]
    product: float


def _counts(y: Any, x: Any) -> dict[Any, int]:
    """{node: number of paths from x to node} for the nodes of y's graph that depend on x: a
    forward sweep with every local derivative replaced by 1."""
    counts = {x: 1}
    for node in topological_order(y):
        n = builtin_sum(counts.get(child, 0) for child in node.inputs)
        if n:
            counts[node] = n
    return counts


builtin_sum = sum


def count_paths(y: Any, x: Any) -> int:
    """The number of paths from x to y (exact, without enumerating them)."""
    return _counts(y, x).get(y, 0)


def paths(y: Any, x: Any, limit: int = 100_000) -> Iterator[Path]:
    """Every path from x to y, as a :class:`Path`; raises TooManyPathsError past ``limit``."""
    counts = _counts(y, x)
    total = counts.get(y, 0)
    if total > limit:
        raise TooManyPathsError(
            f"paths: {total} paths lead from x to y, more than limit={limit}; the sweeps "
            "(reverse_sweep, forward_sweep) give the same derivative visiting each edge once")
    return _enumerate(y, x, counts)


def _enumerate(y: Any, x: Any, counts: dict[Any, int]) -> Iterator[Path]:
    stack: list[tuple[Any, tuple[Edge, ...]]] = [(y, ())]
    while stack:
        node, suffix = stack.pop()
        if node is x:
            yield Path(suffix, math.prod(edge.local_grad for edge in suffix))
            continue
        steps = list(enumerate(zip(node.inputs, node.local_grads)))
        for index, (child, d) in reversed(steps):
            if child in counts:
                stack.append((child, (Edge(child, node, index, d), *suffix)))


def path_sum(y: Any, x: Any, limit: int = 100_000) -> float:
    """dy/dx as the sum over all paths of the products of the edges' local derivatives."""
    return builtin_sum(path.product for path in paths(y, x, limit))
