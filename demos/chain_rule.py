"""The lectures' derivative table and chain-rule examples, computed by the engine and printed
beside the closed forms.

Every row of lecture 000's table (constant, power, √x, e^x, a^x, ln, log_a, sin, cos, tan,
sin^-1, cos^-1, tan^-1; then a f, f + g, f - g, f g, f / g, 1 / g, f(g(x))) and lecture 001's
examples: f(g(x)) = 2g^2 - 3g + 1 with g = x^3 + 2x (univariate chain rule) and
f(g1, g2) = 2 g1^2 - 3 g1 g2 + 1 with g1 = 3x, g2 = x^2 + 2x (multivariate:
df/dx = ∂f/∂g1 dg1/dx + ∂f/∂g2 dg2/dx). Each derivative three ways: reverse mode (grad),
forward mode (jvp) and dual numbers, against the closed form.
Writes out/chain_rule.svg: the multivariate example's graph, ∂f/∂node and ∂node/∂x in every node.
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: python demos/chain_rule.py
    import sys
    from pathlib import Path as _Path
    sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))

import argparse
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import autograd as ag
from demos._common import how_to_view, parse_args, save_picture, table

A = 2.0  # the a of a^x, log_a x and a f
N = 3.0  # the n of x^n


class Rule(NamedTuple):
    """One row: ``f`` on a Value (or Dual), ``df`` its closed-form derivative on a float."""

    name: str
    function: str
    derivative: str
    f: Callable[[Any], Any]
    df: Callable[[float], float]


def _f(x: Any) -> Any:
    return x.sin()  # f(x) = sin x in the rules for composite functions


def _g(x: Any) -> Any:
    return x * x + 1  # g(x) = x^2 + 1


def _lecture_g(x: Any) -> Any:
    return x ** 3 + 2 * x


def _lecture_f(x: Any) -> Any:
    g = _lecture_g(x)
    return 2 * g ** 2 - 3 * g + 1


def _multivariate(x: Any) -> Any:
    g1, g2 = 3 * x, x ** 2 + 2 * x
    return 2 * g1 ** 2 - 3 * g1 * g2 + 1


def _multivariate_df(x: float) -> float:
    g1, g2 = 3 * x, x * x + 2 * x
    return (4 * g1 - 3 * g2) * 3 + (-3 * g1) * (2 * x + 2)


sin, cos = math.sin, math.cos
RULES = (
    Rule("constant", "a", "0", lambda x: A, lambda x: 0.0),
    Rule("power", "x^n", "n x^(n-1)", lambda x: x ** N, lambda x: N * x ** (N - 1)),
    Rule("square", "x^2", "2x", lambda x: x ** 2, lambda x: 2 * x),
    Rule("sqrt", "√x", "(1/2) x^(-1/2)", lambda x: x.sqrt(), lambda x: 0.5 / math.sqrt(x)),
    Rule("exp", "e^x", "e^x", lambda x: x.exp(), math.exp),
    Rule("a^x", "a^x", "ln(a) a^x", lambda x: A ** x, lambda x: math.log(A) * A ** x),
    Rule("ln", "ln x", "1/x", lambda x: x.log(), lambda x: 1 / x),
    Rule("log_a", "log_a x", "1/(x ln a)", lambda x: x.log(A), lambda x: 1 / (x * math.log(A))),
    Rule("sin", "sin x", "cos x", lambda x: x.sin(), cos),
    Rule("cos", "cos x", "-sin x", lambda x: x.cos(), lambda x: -sin(x)),
    Rule("tan", "tan x", "sec^2 x", lambda x: x.tan(), lambda x: 1 / cos(x) ** 2),
    Rule("asin", "sin^-1 x", "1/√(1-x^2)", lambda x: x.asin(), lambda x: 1 / math.sqrt(1 - x * x)),
    Rule("acos", "cos^-1 x", "-1/√(1-x^2)", lambda x: x.acos(), lambda x: -1 / math.sqrt(1 - x * x)),
    Rule("atan", "tan^-1 x", "1/(1+x^2)", lambda x: x.atan(), lambda x: 1 / (1 + x * x)),
    Rule("multiple", "a f", "a f'", lambda x: A * _f(x), lambda x: A * cos(x)),
    Rule("sum", "f + g", "f' + g'", lambda x: _f(x) + _g(x), lambda x: cos(x) + 2 * x),
    Rule("difference", "f - g", "f' - g'", lambda x: _f(x) - _g(x), lambda x: cos(x) - 2 * x),
    Rule("product", "f g", "f g' + f' g", lambda x: _f(x) * _g(x),
         lambda x: sin(x) * 2 * x + cos(x) * (x * x + 1)),
    Rule("quotient", "f / g", "(f' g - g' f)/g^2", lambda x: _f(x) / _g(x),
         lambda x: (cos(x) * (x * x + 1) - 2 * x * sin(x)) / (x * x + 1) ** 2),
    Rule("reciprocal", "1 / g", "-g'/g^2", lambda x: 1 / _g(x), lambda x: -2 * x / (x * x + 1) ** 2),
    Rule("chain", "f(g(x))", "f'(g(x)) g'(x)", lambda x: _f(_g(x)), lambda x: cos(x * x + 1) * 2 * x),
    Rule("univariate", "2g^2-3g+1 (a)", "(4g - 3)(3x^2 + 2)", _lecture_f,
         lambda x: (4 * (x ** 3 + 2 * x) - 3) * (3 * x * x + 2)),
    Rule("multivariate", "2g1^2-3g1g2+1 (b)", "3(4g1-3g2) - 3g1(2x+2)",
         _multivariate, _multivariate_df),
)


def derivatives(rule: Rule, x: float) -> tuple[float, float, float, float]:
    """(reverse mode, forward mode, dual numbers, closed form) of d rule.f / dx at x."""
    reverse = ag.grad(rule.f)(x)
    forward = ag.jvp(rule.f, (x,), (1.0,))[1]
    out = rule.f(ag.Dual(x, 1.0))
    dual = out.tangent if isinstance(out, ag.Dual) else 0.0
    return reverse, forward, dual, rule.df(x)


def multivariate_graph(x: float) -> tuple[ag.Value, ag.Value, ag.Value, ag.Value]:
    """(f, x, g1, g2) recorded: f = 2 g1^2 - 3 g1 g2 + 1, g1 = 3x, g2 = x^2 + 2x."""
    xv = ag.Value(x, label="x")
    g1, g2 = 3 * xv, xv ** 2 + 2 * xv
    g1.label, g2.label = "g1", "g2"
    f = 2 * g1 ** 2 - 3 * g1 * g2 + 1
    f.label = "f"
    return f, xv, g1, g2


def multivariate_terms(x: float) -> str:
    """The multivariate chain rule's two terms, read off the recorded graph: the adjoints
    ∂f/∂g1, ∂f/∂g2 (one reverse sweep) and the tangents dg1/dx, dg2/dx (one forward sweep)."""
    f, xv, g1, g2 = multivariate_graph(x)
    adjoint, tangent = ag.reverse_sweep(f), ag.forward_sweep(f, wrt=xv)
    terms = [(adjoint[g], tangent[g]) for g in (g1, g2)]
    total = sum(a * t for a, t in terms)
    products = " + ".join(f"({a:.6g})·({t:.6g})" for a, t in terms)
    return (f"multivariate chain rule at x = {x:g}, read off the graph (adjoints ∂f/∂g from one "
            f"reverse sweep,\ntangents dg/dx from one forward sweep):\ndf/dx = ∂f/∂g1·dg1/dx + "
            f"∂f/∂g2·dg2/dx = {products} = {total:.10g}")


def picture(x: float, path: Path) -> Path | None:
    """The multivariate example's graph: ∂f/∂node and ∂node/∂x in every node."""
    import viz

    f, xv, _, _ = multivariate_graph(x)
    return save_picture(viz.draw_graph(f, mode="both", wrt=xv), path)


HEADERS = ["rule", "f(x)", "f'(x)", "engine: d/dx", "closed form", "|diff|"]


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--x", type=float, default=0.6,
                        help="the point x at which every derivative is taken (default 0.6)")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv, __doc__, _options)
    print(f"Derivative table (lecture 000) and chain-rule examples (lecture 001) at x = {args.x:g}, "
          f"with a = {A:g}, n = {N:g},\nf = sin x and g = x^2 + 1 in the rules for composite "
          "functions. engine: reverse mode (grad). |diff|:\nthe largest difference from the "
          "closed form of reverse mode, forward mode (jvp) and dual numbers.\n")
    rows = []
    worst = 0.0
    for rule in RULES:
        reverse, forward, dual, closed = derivatives(rule, args.x)
        diff = max(abs(v - closed) for v in (reverse, forward, dual))
        worst = max(worst, diff / max(1.0, abs(closed)))
        rows.append([rule.name, rule.function, rule.derivative, f"{reverse:.12g}", f"{closed:.12g}",
                     f"{diff:.1e}"])
    print(table(HEADERS, rows, left=3))
    print("\n(a) g = x^3 + 2x;  (b) g1 = 3x, g2 = x^2 + 2x  (lecture 001)")
    print(f"\n{multivariate_terms(args.x)}")
    verdict = "all rows match their closed forms" if worst < 1e-9 else "MISMATCH"
    print(f"{verdict}: largest relative difference {worst:.1e}\n")
    picture(args.x, args.out / "chain_rule.svg")
    how_to_view(args.out)
    return 0 if worst < 1e-9 else 1


if __name__ == "__main__":
    raise SystemExit(main())
