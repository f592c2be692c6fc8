"""The gradient of a scalar loss with P parameters: one reverse sweep against P forward sweeps,
and one reverse sweep against one evaluation of the loss (the "cheap gradient" principle:
computing grad L costs a small constant times computing L, whatever P is).

When P forward sweeps would take longer than the time budget, a random sample of parameters
(fixed seed, so every layer is represented) is swept and the total is extrapolated: per-sweep
mean x P. The table marks those numbers with "~" and says how many sweeps were measured.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

import autograd as ag
from demos._common import best_time, seconds, table
from demos._layered import MLPLoss, count_params
from demos._sweeps import CountingSweeps

# Layer sizes (inputs first) for P = 121, 297, 1105, 2625 and 9861 parameters.
ARCHITECTURES = ((4, 8, 8, 1), (4, 16, 12, 1), (8, 32, 24, 1), (12, 48, 40, 1), (16, 100, 80, 1))
MILLION = 1_000_000
TIMING_BUDGET = 0.2  # seconds per measured quantity (best of up to 10 runs)


@dataclass
class GradientCost:
    """Cost of grad L for one MLP; forward_* are extrapolated when forward_sampled < params."""

    sizes: tuple[int, ...]
    params: int
    edges: int
    eval_time: float  # one evaluation of L, no graph recorded (no_grad)
    record_time: float  # one evaluation of L recording the graph and its local derivatives
    reverse_time: float
    reverse_visits: int
    forward_time: float
    forward_visits: float
    forward_sampled: int
    difference: float  # max |forward - reverse| over the sampled parameters


def gradient_cost(sizes: Sequence[int], budget: float, seed: int = 0) -> GradientCost:
    """Measure both ways of computing grad L for the MLP with layer ``sizes``."""
    loss_fn = MLPLoss(sizes, seed=seed)
    record_time = best_time(loss_fn, TIMING_BUDGET, 10)
    with ag.no_grad():
        eval_time = best_time(loss_fn, TIMING_BUDGET, 10)
    loss = loss_fn()
    order = ag.topological_order(loss)
    holder: dict[str, CountingSweeps] = {}
    adjoint: dict[object, float] = {}

    def sweep_reverse() -> None:
        holder["reverse"] = CountingSweeps(order)
        adjoint.update(holder["reverse"].reverse(loss))

    reverse_time = best_time(sweep_reverse, TIMING_BUDGET, 10)
    forward = CountingSweeps(order)
    params = list(loss_fn.params)
    random.Random(seed).shuffle(params)
    difference = 0.0
    start = time.perf_counter()
    elapsed = 0.0
    for p in params:
        tangent = forward.forward(p)
        difference = max(difference, abs(tangent.get(loss, 0.0) - adjoint.get(p, 0.0)))
        elapsed = time.perf_counter() - start
        if elapsed > budget and forward.sweeps >= 10:
            break
    scale = len(params) / forward.sweeps
    return GradientCost(tuple(sizes), len(params), sum(len(node.inputs) for node in order),
                        eval_time, record_time, reverse_time, holder["reverse"].edge_visits,
                        elapsed * scale, forward.edge_visits * scale, forward.sweeps, difference)


def gradient_costs(max_params: int, budget: float) -> list[GradientCost]:
    """Every architecture with P up to about ``max_params`` (20% slack), at least the smallest."""
    chosen = [s for s in ARCHITECTURES if count_params(s) <= 1.2 * max_params] or [ARCHITECTURES[0]]
    return [gradient_cost(sizes, budget) for sizes in chosen]


def print_gradient_costs(costs: list[GradientCost]) -> None:
    """The two tables and the million-weight extrapolation."""
    print("Gradient of a scalar loss L(w) = (MLP(x; w) - t)^2 with P weights and biases:")
    print("one reverse sweep gives all P partials; forward mode needs one sweep per parameter.")
    print("rev time: 1 reverse sweep; fwd time: P forward sweeps; visits: their edge visits;")
    print("fwd run: forward sweeps actually run; |gf-gr| = max |g_forward - g_reverse|.\n")
    rows = []
    for c in costs:
        mark = "~" if c.forward_sampled < c.params else ""
        measured = "all" if not mark else f"{c.forward_sampled}/{c.params}"
        rows.append([c.params, "-".join(map(str, c.sizes)), c.edges,
                     seconds(c.reverse_time), c.reverse_visits,
                     mark + seconds(c.forward_time), f"{mark}{c.forward_visits:.3g}", measured,
                     f"{mark}{c.forward_time / c.reverse_time:.3g}", f"{c.difference:.1e}"])
    print(table(["P", "layers", "edges", "rev time", "visits", "fwd time",
                 "visits", "fwd run", "fwd/rev", "|gf-gr|"], rows))
    if any(c.forward_sampled < c.params for c in costs):
        print("\n~ = extrapolated: P forward sweeps would take too long, so a random sample of "
              "parameters was swept\n(column 'fwd run') and scaled by P.")
    print("\nCheap gradient: one reverse sweep costs a small constant times one evaluation of L.\n")
    rows = [[c.params, seconds(c.eval_time), seconds(c.record_time), seconds(c.reverse_time),
             f"{c.reverse_time / c.eval_time:.2g}",
             f"{(c.record_time + c.reverse_time) / c.eval_time:.2g}"] for c in costs]
    print(table(["P", "L(w) no_grad", "L(w) recorded", "reverse sweep", "sweep/L",
                 "(recorded+sweep)/L"], rows))
    big = max(costs, key=lambda c: c.params)
    grow = MILLION / big.params  # graph size grows like P, so does the cost of one sweep
    per_forward = big.forward_time / big.params
    print(f"\nImagine a loss with a million weights and one output (lecture 000). Scaling the "
          f"P = {big.params} row\nlinearly in graph size: one reverse sweep ~ "
          f"{seconds(big.reverse_time * grow)}; a million forward sweeps ~ "
          f"{seconds(per_forward * grow * MILLION)}.\n")
