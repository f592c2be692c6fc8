"""The sum over paths explodes; the sweeps do not.

dy/dx = sum over all paths from x to y of the product of the local derivatives on the path's
edges (lecture 000). A chain of k "diamonds", each node feeding the next through 3 parallel
edges (y_i = alpha_i y_(i-1) + beta_i y_(i-1) + gamma_i y_(i-1), one node), has 3^k paths:
for k = 2 the lecture's dZ/dX = ad + ae + az + bd + be + bz + gd + ge + gz = (a+b+g)(d+e+z).
Summing the paths costs k 3^k multiplies; a forward or reverse sweep factors them and visits
each edge once, so its cost grows like k.

Prints k, the number of paths, the path-sum time (until it gets too slow, then the count
only, which is itself a sweep), and the forward/reverse sweep edge visits and times.
Writes out/paths.svg: the k = 2 graph with one path highlighted.
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: python demos/paths.py
    import sys
    from pathlib import Path as _Path
    sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))

import argparse
import math
import random
from collections.abc import Sequence
from pathlib import Path

import autograd as ag
from autograd import Value
from demos._common import best_time, how_to_view, parse_args, positive_int, save_picture, seconds, table
from demos._sweeps import CountingSweeps

GREEK = (("α", "β", "γ"), ("δ", "ε", "ζ"))  # the lecture's edge names for k = 2
SEED = 0


class Diamonds:
    """x -> y_1 -> ... -> y_k, y_i = dot([a_i, b_i, c_i], [y_(i-1)] * 3): 3 parallel edges per
    step with local derivatives a_i, b_i, c_i ~ U(0.25, 0.45); dy_k/dx = prod_i (a_i + b_i + c_i)."""

    def __init__(self, k: int, seed: int = SEED) -> None:
        if k < 1:
            raise ValueError(f"Diamonds: k must be at least 1, got k={k}")
        rng = random.Random(seed)
        lecture = k == 2
        self.x = Value(1.0, label="X" if lecture else "x")
        self.weights: list[list[float]] = []
        y = self.x
        for i in range(k):
            ws = [rng.uniform(0.25, 0.45) for _ in range(3)]
            self.weights.append(ws)
            names = GREEK[i] if lecture else [f"{c}{i + 1}" for c in "abc"]
            edges = [Value(w, label=name) for w, name in zip(ws, names)]
            y = ag.dot(edges, [y, y, y])
            y.label = ("Y", "Z")[i] if lecture else f"y{i + 1}"
        self.y = y

    def closed_form(self) -> float:
        """dy/dx = prod over diamonds of (a + b + c): the factorised sum over paths."""
        return math.prod(sum(ws) for ws in self.weights)


def row(k: int, path_sum_allowed: bool) -> tuple[list[object], float]:
    """One line of the table and the path-sum time (nan when not run)."""
    chain = Diamonds(k)
    x, y = chain.x, chain.y
    order = ag.topological_order(y)
    count = ag.count_paths(y, x)
    path_time = float("nan")
    by_paths = float("nan")
    if path_sum_allowed:
        summed: list[float] = []
        path_time = best_time(lambda: summed.append(ag.path_sum(y, x, limit=count)), 0.1, 3)
        by_paths = summed[-1]
    forward, reverse = CountingSweeps(order), CountingSweeps(order)
    result: dict[str, float] = {}

    def sweep_forward() -> None:
        forward.sweeps = forward.edge_visits = 0
        result["forward"] = forward.forward(x)[y]

    def sweep_reverse() -> None:
        reverse.sweeps = reverse.edge_visits = 0
        result["reverse"] = reverse.reverse(y)[x]

    forward_time, reverse_time = best_time(sweep_forward), best_time(sweep_reverse)
    exact = chain.closed_form()
    error = max(abs(result["forward"] - exact), abs(result["reverse"] - exact),
                abs(by_paths - exact) if path_sum_allowed else 0.0) / abs(exact)
    paths_text = str(count) if count < 10**15 else f"{count:.3e}"
    return [k, paths_text, f"{k * count:.3g}", seconds(path_time) if path_sum_allowed else "skipped",
            forward.edge_visits, seconds(forward_time), reverse.edge_visits, seconds(reverse_time),
            f"{result['reverse']:.6g}", f"{error:.0e}"], path_time


HEADERS = ["k", "paths", "sum mults", "sum time", "fwd visits", "time",
           "rev visits", "time", "dy/dx", "rel err"]


INTRO = """dy/dx = the sum over all paths from x to y of the product of the local derivatives on the
path's edges. A chain of k diamonds (y_i = α_i y_(i-1) + β_i y_(i-1) + γ_i y_(i-1): one node fed
by 3 parallel edges) has 3^k paths; summing them costs k 3^k multiplies. A sweep factors the sum
(forward from x, or reverse from y) and visits each edge once: its cost grows like k.
"""


def lecture_example() -> str:
    """The k = 2 sum written out with its numbers, as on the lecture's slide."""
    (a, b, g), (d, e, z) = Diamonds(2).weights
    terms = [p * q for p in (a, b, g) for q in (d, e, z)]
    names = " + ".join(p + q for p in GREEK[0] for q in GREEK[1])
    return (f"k = 2, the lecture's 3^2 paths: ∂Z/∂X = {names}\n"
            f"      = {sum(terms):.6g} (9 products summed)\n"
            f"      = (α+β+γ)(δ+ε+ζ) = {(a + b + g) * (d + e + z):.6g} (factorised: what a sweep computes)")


def picture(path: Path) -> Path | None:
    """The k = 2 graph, tangents and adjoints in the nodes, the path β·ε highlighted."""
    import viz

    chain = Diamonds(2)
    chosen = next(p for p in ag.paths(chain.y, chain.x) if all(e.index == 4 for e in p.edges))
    return save_picture(viz.draw_graph(chain.y, mode="both", wrt=chain.x, highlight=chosen), path)


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-k", type=positive_int, default=None,
                        help="longest chain (default 100; 30 with --quick)")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv, __doc__, _options)
    max_k = args.max_k or (30 if args.quick else 100)
    budget = 0.2 if args.quick else 2.0  # stop summing paths once the next sum would pass this
    ks = [k for k in (*range(1, 13), 14, 16, 20, 30, 50, 100, 200, 500) if k <= max_k]
    print(INTRO)
    print(lecture_example() + "\n")
    rows = []
    allowed = True
    for k in ks:
        line, took = row(k, allowed)
        rows.append(line)
        allowed = allowed and took * 3.5 < budget
    print(table(HEADERS, rows))
    print("\npaths = count_paths(y, x) = 3^k; sum mults = k 3^k, the multiplies of the path sum;\n"
          f"'skipped': the sum would take longer than {budget:g} s. fwd/rev visits: the edge visits of "
          "one\nforward or reverse sweep, 3 or 6 (the weights' edges too) per diamond: linear in k; "
          "rel err: the\nsweep's dy/dx against the path sum (or the other sweep).\n")
    picture(args.out / "paths.svg")
    how_to_view(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
