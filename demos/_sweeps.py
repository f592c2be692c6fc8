"""Sweeps that count their work, for the cost demos: the engine's drivers ``pull_back`` and
``push_forward`` with local rules that tally every multiply-add of a local derivative.

Reverse, per node reached: adjoint[input] += d(node)/d(input) * adjoint[node], one visit per
input edge (edges into constants included: the engine does not prune them).
Forward, per node: tangent[node] += d(node)/d(input) * tangent[input], one visit per input edge
whose input carries a tangent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd.sweeps import pull_back, push_forward


class CountingSweeps:
    """Runs sweeps over a recorded graph (``order``: topological) and counts ``sweeps`` and
    ``edge_visits``. One instance per mode keeps the two tallies apart."""

    def __init__(self, order: Sequence[Any]) -> None:
        self.order = order
        self.sweeps = 0
        self.edge_visits = 0

    def _vjp(self, node: Any, g: float) -> list[float]:
        grads = node.local_grads
        self.edge_visits += len(grads)
        return [d * g for d in grads]

    def _jvp(self, node: Any, ts: list[Any]) -> float:
        total = 0.0
        visits = 0
        for d, t in zip(node.local_grads, ts):
            if t is not None:
                total += d * t
                visits += 1
        self.edge_visits += visits
        return total

    def reverse(self, output: Any) -> dict[Any, float]:
        """One reverse sweep from ``output``: {node: d output / d node}."""
        self.sweeps += 1
        return pull_back(self.order, {output: 1.0}, self._vjp)

    def forward(self, variable: Any) -> dict[Any, float]:
        """One forward sweep from ``variable``: {node: d node / d variable}."""
        self.sweeps += 1
        return push_forward(self.order, {variable: 1.0}, self._jvp)

    def jacobian_reverse(self, xs: Sequence[Any], ys: Sequence[Any]) -> list[list[float]]:
        """J[i][j] = dy_i/dx_j row by row: m reverse sweeps, one per output."""
        rows = []
        for y in ys:
            adjoint = self.reverse(y)
            rows.append([float(adjoint.get(x, 0.0)) for x in xs])
        return rows

    def jacobian_forward(self, xs: Sequence[Any], ys: Sequence[Any]) -> list[list[float]]:
        """J[i][j] = dy_i/dx_j column by column: n forward sweeps, one per input."""
        columns = []
        for x in xs:
            tangent = self.forward(x)
            columns.append([float(tangent.get(y, 0.0)) for y in ys])
        return [list(row) for row in zip(*columns)] if columns else [[] for _ in ys]


def max_difference(a: Sequence[Sequence[float]], b: Sequence[Sequence[float]]) -> float:
    """max |a_ij - b_ij| over two matrices of the same shape."""
    if len(a) != len(b) or any(len(r) != len(s) for r, s in zip(a, b)):
        raise ValueError(f"max_difference: shapes differ ({len(a)} rows vs {len(b)} rows)")
    return max((abs(u - v) for r, s in zip(a, b) for u, v in zip(r, s)), default=0.0)
