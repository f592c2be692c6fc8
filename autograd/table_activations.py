"""The table, part 3: activations (tanh, sigmoid, relu, leaky_relu, softplus, step)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from autograd.primitive import fmt, Primitive, templates

TANH = Primitive("tanh", lambda m, a: (m.tanh(a), (m.sech2(a),)), templates("1-tanh²({0})"), arity=1,
                 math="tanh x;  d/dx = 1 - tanh² x")
SIGMOID = Primitive("sigmoid", lambda m, a: _sigmoid_rule(m, a, m.sigmoid(a)), templates("σ({0})(1-σ({0}))"),
                    arity=1, math="σ(x) = 1/(1+e^-x);  d/dx = σ(x)(1-σ(x))")
RELU = Primitive("relu", lambda m, a: (a if a > 0 else 0.0, (1.0 if a > 0 else 0.0,)),
                 templates("1{{{0}>0}}"), arity=1, math="max(0, x);  d/dx = 1{x > 0}")
SOFTPLUS = Primitive("softplus", lambda m, a: (m.softplus(a), (m.sigmoid(a),)), templates("σ({0})"),
                     arity=1, math="ln(1+e^x);  d/dx = σ(x)")
STEP = Primitive("step", lambda m, a: (m.step(a), (0.0,)), templates("0"), arity=1,
                 math="1{x >= 0};  d/dx = 0")


def _sigmoid_rule(m: Any, a: Any, out: Any) -> tuple[Any, tuple[Any]]:
    # σ(x)(1 - σ(x)) written σ(x)σ(-x): accurate in both tails, where 1 - σ(x) would round to 0
    return out, (out * m.sigmoid(-a),)


@lru_cache(maxsize=1024)
def leaky_relu(alpha: float) -> Primitive:
    """x if x > 0 else alpha x;  d/dx = 1 or alpha."""
    return Primitive(
        "leaky_relu",
        lambda m, a: (a, (1.0,)) if a > 0 else (alpha * a, (alpha,)),
        templates(f"1 or {fmt(alpha)}"),
        arity=1,
        math=f"max(x, {fmt(alpha)}x);  d/dx = 1{{x > 0}} + {fmt(alpha)}·1{{x <= 0}}",
    )
