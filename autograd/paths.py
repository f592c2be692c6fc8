"""The sum over paths: dy/dx = sum over all paths from x to y of the product of the local
derivatives on the path's edges. Exponential in general, so it counts first; the count is
itself a forward sweep, with every local derivative replaced by 1.

The enumeration is a depth-first walk from y down to x without recursion (a graph a million
nodes deep is fine) that keeps the current path in one list, so each path costs time linear in
its length.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any, NamedTuple

from autograd.graph import topological_order
from autograd.value import Value


class TooManyPathsError(ValueError):
    """More paths than the caller's limit: use a sweep instead."""


class Edge(NamedTuple):
    """One edge of the graph: ``source`` is input number ``index`` of ``target``, and
    ``local_grad`` = d(target)/d(source)."""

    source: Any
    target: Any
    index: int  # type: ignore[assignment]  # the input number; shadows tuple.index, as the lectures name it
    local_grad: float


class Path(NamedTuple):
    """A path from x up to y: its edges in order and the product of their local derivatives."""

    edges: tuple[Edge, ...]
    product: float


def _check_scalar(operation: str, y: Any, x: Any) -> None:
    """Paths are a scalar idea: every edge carries one number. Tensors use the sweeps."""
    for name, node in (("y", y), ("x", x)):
        if not isinstance(node, Value):
            shape = getattr(node, "shape", None)
            got = f"a {type(node).__name__} of shape {shape}" if shape is not None else repr(node)
            raise TypeError(
                f"{operation}: {name} must be a scalar Value, got {got}; paths are enumerated "
                "on the scalar engine only (for Tensors, the sweeps give dy/dx: backward, "
                "vjp, jvp)"
            )


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
    _check_scalar("count_paths", y, x)
    return _counts(y, x).get(y, 0)


def _checked_counts(operation: str, y: Any, x: Any, limit: int) -> dict[Any, int]:
    _check_scalar(operation, y, x)
    counts = _counts(y, x)
    total = counts.get(y, 0)
    if total > limit:
        raise TooManyPathsError(
            f"{operation}: {total} paths lead from x to y, more than limit={limit}; the sweeps "
            "(reverse_sweep, forward_sweep) give the same derivative visiting each edge once"
        )
    return counts


def paths(y: Any, x: Any, limit: int = 100_000) -> Iterator[Path]:
    """Every path from x to y, as a :class:`Path`; raises TooManyPathsError past ``limit``."""
    counts = _checked_counts("paths", y, x, limit)
    return _paths(y, x, counts)


def _paths(y: Any, x: Any, counts: dict[Any, int]) -> Iterator[Path]:
    for trail in _walk(y, x, counts):
        edges = tuple(reversed(trail))
        yield Path(edges, math.prod(edge.local_grad for edge in edges))


def _walk(y: Any, x: Any, counts: dict[Any, int]) -> Iterator[list[Edge]]:
    """Depth-first from y down to x, inputs in order, yielding the current path (a live list,
    y's edge first) each time it reaches x. ``counts`` holds the nodes x reaches, so every
    branch taken ends at x: the walk costs the total length of the paths."""
    trail: list[Edge] = []  # trail[i] leads into nodes[i]: trail[-1].source is nodes[-1]
    if y is x:
        yield trail
        return
    nodes = [y]
    next_input = [0]  # per node of the walk: the input to try next
    while nodes:
        node = nodes[-1]
        inputs = node.inputs
        i = next_input[-1]
        while i < len(inputs) and inputs[i] not in counts:
            i += 1
        if i == len(inputs):  # every input tried: step back up
            nodes.pop()
            next_input.pop()
            if trail:
                trail.pop()
            continue
        next_input[-1] = i + 1
        child = inputs[i]
        trail.append(Edge(child, node, i, node.local_grads[i]))
        if child is x:
            yield trail
            trail.pop()
        else:
            nodes.append(child)
            next_input.append(0)


def path_sum(y: Any, x: Any, limit: int = 100_000) -> float:
    """dy/dx as the sum over all paths of the products of the edges' local derivatives."""
    counts = _checked_counts("path_sum", y, x, limit)
    return builtin_sum(
        math.prod(edge.local_grad for edge in reversed(trail)) for trail in _walk(y, x, counts)
    )
