"""Forward mode pays per input, reverse mode per output: measured.

The full Jacobian J (m x n) of f: R^n -> R^m takes n forward sweeps (one column dy/dx_j each:
"how one input affects every node") or m reverse sweeps (one row dy_i/dx each: "how every node
affects one output"). Both give the same numbers; the cost differs. For a loss with P weights
and one output the gradient is one reverse sweep against P forward sweeps: "imagine a loss
function with a million input weights and one output" (lecture 000).

Prints a table over a log-spaced grid of (n, m) with sweeps, edge visits (multiply-adds of
local derivatives) and wall time per mode; then the gradient of an MLP loss with P parameters.
Writes out/forward_vs_reverse.svg (time vs n, vs m and vs P, log-log; needs matplotlib) and
out/colah.svg (the lectures' e = (a + b) * (b + 1), both modes).
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: python demos/forward_vs_reverse.py
    import sys
    from pathlib import Path as _Path
    sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))

import argparse
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import autograd as ag
from autograd import Value
from demos._common import (
    best_time,
    how_to_view,
    note,
    parse_args,
    positive_int,
    pyplot,
    save_figure,
    save_picture,
    seconds,
    table,
)
from demos._gradient_cost import GradientCost, gradient_costs, print_gradient_costs
from demos._layered import layered
from demos._sweeps import CountingSweeps, max_difference

HIDDEN = (8,)  # hidden layer widths of f: R^n -> R^m
SEED = 0


class JacobianCost:
    """Both Jacobians of f: R^n -> R^m at one grid point, with their counts and times."""

    def __init__(self, n: int, m: int, budget: float) -> None:
        self.n, self.m = n, m
        xs = [Value(0.1 * ((7 * j) % 19) - 0.9, label=f"x{j}") for j in range(n)]
        ys = layered(xs, [*HIDDEN, m], seed=SEED)
        order = ag.topological_order(ys)
        self.edges = sum(len(node.inputs) for node in order)
        self.forward = CountingSweeps(order)
        self.reverse = CountingSweeps(order)
        result: dict[str, list[list[float]]] = {}

        def run_forward() -> None:
            self.forward = CountingSweeps(order)
            result["forward"] = self.forward.jacobian_forward(xs, ys)

        def run_reverse() -> None:
            self.reverse = CountingSweeps(order)
            result["reverse"] = self.reverse.jacobian_reverse(xs, ys)

        self.forward_time = best_time(run_forward, budget)
        self.reverse_time = best_time(run_reverse, budget)
        self.difference = max_difference(result["forward"], result["reverse"])

    def row(self) -> list[Any]:
        """The table line: sizes, then sweeps, edge visits and time per mode, their time ratio
        and max |J_forward - J_reverse|."""
        return [self.n, self.m, self.edges,
                self.forward.sweeps, self.forward.edge_visits, seconds(self.forward_time),
                self.reverse.sweeps, self.reverse.edge_visits, seconds(self.reverse_time),
                f"{self.forward_time / self.reverse_time:.3g}", f"{self.difference:.1e}"]


JACOBIAN_HEADERS = ["n", "m", "edges", "fwd sweeps", "visits", "time",
                    "rev sweeps", "visits", "time", "fwd/rev", "|Jf-Jr|"]


CORNER = 100_000  # by default the grid leaves out n * m above this: n = m = 1000 alone takes ~10 s


def jacobian_costs(sizes: Sequence[int], budget: float, max_product: float = math.inf) -> list[JacobianCost]:
    """Every (n, m) of sizes x sizes with n * m <= max_product."""
    return [JacobianCost(n, m, budget) for n in sizes for m in sizes if n * m <= max_product]


def check_functional_api(n: int = 3, m: int = 2) -> float:
    """max |jacfwd - jacrev| of autograd's functional API on the same kind of f (a cross-check
    of the counted sweeps against the library's own transforms)."""

    def f(x: list[Any]) -> list[Any]:
        return layered(x, [*HIDDEN, m], seed=SEED)

    x = [0.1 * j for j in range(n)]
    return max_difference(ag.jacfwd(f)(x), ag.jacrev(f)(x))


# ----------------------------------------------------------------------------- pictures


def plot(jacobians: list[JacobianCost], gradients: list[GradientCost], path: Path) -> Path | None:
    """Time vs n (m = 1), vs m (n = 1) and vs P (gradient), both modes, log-log."""
    plt = pyplot()
    if plt is None:
        note("matplotlib is not installed (pip install matplotlib): the table above is the result, "
             f"no {path.name}")
        return None
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.4), layout="constrained")
    fwd, rev = {"color": "tab:blue", "marker": "o"}, {"color": "tab:red", "marker": "s"}
    for ax, key in zip(axes, ("n", "m")):
        fixed = "m" if key == "n" else "n"
        points = [j for j in jacobians if getattr(j, fixed) == 1]
        xs = [getattr(j, key) for j in points]
        ax.plot(xs, [j.forward_time for j in points], label="forward mode: n sweeps", **fwd)
        ax.plot(xs, [j.reverse_time for j in points], label="reverse mode: m sweeps", **rev)
        what = "inputs" if key == "n" else "outputs"
        ax.set(xlabel=f"{key} ({what}), {fixed} = 1", title=f"full Jacobian: time vs {key}",
               ylabel="time for the full Jacobian [s]" if key == "n" else None)
    ps = [g.params for g in gradients]
    ax = axes[2]
    ax.plot(ps, [g.reverse_time for g in gradients], label="reverse: 1 sweep", **rev)
    ax.plot(ps, [g.forward_time for g in gradients], label="forward: P sweeps", **fwd)
    guessed = [g for g in gradients if g.forward_sampled < g.params]
    if guessed:
        ax.plot([g.params for g in guessed], [g.forward_time for g in guessed], "o", color="tab:blue",
                mfc="white", label="forward, extrapolated from a sample")
    ax.plot(ps, [g.eval_time for g in gradients], label="one evaluation of the loss",
            color="gray", marker=".", linestyle=":")
    ax.set(xlabel="P (weights and biases of the MLP)", ylabel="time for the gradient [s]",
           title="gradient of a scalar loss: time vs P")
    for ax in axes:
        ax.set(xscale="log", yscale="log")
        ax.minorticks_off()
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(loc="upper left", fontsize="small")
    fig.suptitle("edgegrad: forward mode pays per input, reverse mode per output (measured)")
    return save_figure(fig, path)


def colah(path: Path) -> Path | None:
    """The lectures' graph e = (a + b) * (b + 1) at a = 2, b = 1: adjoints de/dnode (reverse)
    and tangents dnode/db (forward) in every node."""
    import viz

    a, b = Value(2.0, label="a"), Value(1.0, label="b")
    c = a + b
    c.label = "c"
    d = b + 1
    d.label = "d"
    e = c * d
    e.label = "e"
    return save_picture(viz.draw_graph(e, mode="both", wrt=b), path)


# ----------------------------------------------------------------------------- main


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-size", type=positive_int, default=None,
                        help="largest n and m of the grid (default 1000; 100 with --quick)")
    parser.add_argument("--full-grid", action="store_true",
                        help=f"also the corner n * m > {CORNER:,} (n = m = 1000), about 10 s more")
    parser.add_argument("--max-params", type=positive_int, default=None,
                        help="largest P for the gradient (default about 10000; 1000 with --quick)")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv, __doc__, _options)
    max_size = args.max_size or (100 if args.quick else 1000)
    max_params = args.max_params or (1000 if args.quick else 10_000)
    sizes = [s for s in (1, 10, 100, 1000, 10_000) if s <= max_size]
    budget = 0.02 if args.quick else 0.1

    print(f"Full Jacobian of f: R^n -> R^m, an MLP-like graph x -> tanh(W x + b) (width "
          f"{', '.join(map(str, HIDDEN))})\n-> W' h + b' (seed {SEED}).")
    print("Forward mode: n sweeps (one column each). Reverse mode: m sweeps (one row each).")
    print("visits: edge visits, multiply-adds of local derivatives, of the sweeps to their left;")
    print("time = best of a few runs; |Jf-Jr| = max |J_forward - J_reverse|.\n")
    jacobians = jacobian_costs(sizes, budget, math.inf if args.full_grid else CORNER)
    print(table(JACOBIAN_HEADERS, [j.row() for j in jacobians]))
    if not args.full_grid and max(sizes) ** 2 > CORNER:
        print(f"(n * m > {CORNER:,} left out to keep the run short: --full-grid runs it)")
    worst = max(j.difference for j in jacobians)
    print(f"\nJacobians agree: max |J_forward - J_reverse| = {worst:.1e} over the grid;\n"
          f"autograd.jacfwd vs jacrev: {check_functional_api():.1e}")
    print("Rule: forward sweeps = n, reverse sweeps = m. Forward pays per input, reverse per output.\n")

    gradients = gradient_costs(max_params, budget=0.3 if args.quick else 2.0)
    print_gradient_costs(gradients)

    plot(jacobians, gradients, args.out / "forward_vs_reverse.svg")
    colah(args.out / "colah.svg")
    how_to_view(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
