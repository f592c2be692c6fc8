"""The table, part 3: activations (tanh, sigmoid, relu, leaky_relu, softplus, step, silu, gelu,
elu, clamp) and the elementwise minimum and maximum.

Where a function has a kink, the local derivative is a mask (``m.positive(x)`` = 1{x > 0} ...),
a constant in every namespace; at a tie, minimum and maximum split the derivative equally
(½ each), as PyTorch and JAX do, and so do ``autograd.max`` and ``Tensor.max``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from autograd.primitive import Primitive, fmt, require, templates

_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)

TANH = Primitive(
    "tanh",
    lambda m, a: (m.tanh(a), (m.sech2(a),)),
    templates("1-tanh²({0})"),
    arity=1,
    math="tanh x;  d/dx = 1 - tanh² x",
)
SIGMOID = Primitive(
    "sigmoid",
    lambda m, a: _sigmoid_rule(m, a, m.sigmoid(a)),
    templates("σ({0})(1-σ({0}))"),
    arity=1,
    math="σ(x) = 1/(1+e^-x);  d/dx = σ(x)(1-σ(x))",
    total=True,
)
RELU = Primitive(
    "relu",
    lambda m, a: (m.relu(a), (m.positive(a),)),
    templates("1{{{0}>0}}"),
    arity=1,
    math="max(0, x);  d/dx = 1[x > 0]",
    total=True,
)
SOFTPLUS = Primitive(
    "softplus",
    lambda m, a: (m.softplus(a), (m.sigmoid(a),)),
    templates("σ({0})"),
    arity=1,
    math="ln(1+e^x);  d/dx = σ(x)",
    total=True,
)
STEP = Primitive(
    "step", lambda m, a: (m.step(a), (0.0,)), templates("0"), arity=1, math="1[x >= 0];  d/dx = 0", total=True
)


def _sigmoid_rule(m: Any, a: Any, out: Any) -> tuple[Any, tuple[Any]]:
    # σ(x)(1 - σ(x)) written σ(x)σ(-x): accurate in both tails, where 1 - σ(x) would round to 0
    return out, (out * m.sigmoid(-a),)


def _silu_rule(m: Any, a: Any) -> tuple[Any, tuple[Any]]:
    s = m.sigmoid(a)
    return a * s, (s * (1.0 + a * m.sigmoid(-a)),)


SILU = Primitive(
    "silu",
    _silu_rule,
    templates("σ({0})(1+{0}σ(-{0}))"),
    arity=1,
    math="x σ(x) (swish);  d/dx = σ(x)(1 + x σ(-x))",
)


def _gelu_rule(m: Any, a: Any) -> tuple[Any, tuple[Any]]:
    cdf = 0.5 * m.erfc(-_SQRT_HALF * a)  # Φ(x), accurate in the left tail
    return a * cdf, (cdf + _INV_SQRT_2PI * a * m.exp(-0.5 * (a * a)),)


GELU = Primitive(
    "gelu",
    _gelu_rule,
    templates("Φ({0})+{0}φ({0})"),
    arity=1,
    math="x Φ(x), Φ the normal CDF (exact, erf form);  d/dx = Φ(x) + x φ(x)",
)


@lru_cache(maxsize=1024)
def leaky_relu(alpha: float) -> Primitive:
    """x if x > 0 else alpha x;  d/dx = 1 or alpha."""

    def rule(m: Any, a: Any) -> tuple[Any, tuple[Any]]:
        slope = m.choose(m.positive(a), 1.0, alpha)
        return a * slope, (slope,)

    return Primitive(
        "leaky_relu",
        rule,
        templates(f"1 or {fmt(alpha)}"),
        arity=1,
        math=f"max(x, {fmt(alpha)}x);  d/dx = 1[x > 0] + {fmt(alpha)}·1[x <= 0]",
    )


@lru_cache(maxsize=1024)
def elu(alpha: float) -> Primitive:
    """x if x > 0 else alpha (e^x - 1);  d/dx = 1 or alpha e^x."""

    def rule(m: Any, a: Any) -> tuple[Any, tuple[Any]]:
        up = m.positive(a)
        low = -m.relu(-a)  # min(x, 0): e^x is never taken of a large positive x
        return m.choose(up, a, alpha * m.expm1(low)), (m.choose(up, 1.0, alpha * m.exp(low)),)

    return Primitive(
        "elu",
        rule,
        templates(f"1 or {fmt(alpha)}·e^{{0}}"),
        arity=1,
        math=f"x if x > 0 else {fmt(alpha)}(e^x - 1);  d/dx = 1 or {fmt(alpha)} e^x",
    )


@lru_cache(maxsize=1024)
def clamp(lo: float, hi: float) -> Primitive:
    """min(max(x, lo), hi);  d/dx = 1[lo <= x <= hi] (as torch.clamp)."""
    require(lo <= hi, "clamp", f"needs lo <= hi (hi = {hi!r})", lo)

    def rule(m: Any, a: Any) -> tuple[Any, tuple[Any]]:
        value = m.choose(m.greater(lo, a), lo, m.choose(m.greater(a, hi), hi, a))
        return value, (m.between(a, lo, hi),)

    return Primitive(
        f"clamp[{fmt(lo)},{fmt(hi)}]",
        rule,
        templates(f"1[{fmt(lo)}≤{{0}}≤{fmt(hi)}]"),
        arity=1,
        math=f"min(max(x, {fmt(lo)}), {fmt(hi)});  d/dx = 1[lo <= x <= hi]",
    )


def _maximum_rule(m: Any, a: Any, b: Any) -> tuple[Any, tuple[Any, Any]]:
    tie = 0.5 * m.equal(a, b)
    return m.choose(m.greater(b, a), b, a), (m.greater(a, b) + tie, m.greater(b, a) + tie)


def _minimum_rule(m: Any, a: Any, b: Any) -> tuple[Any, tuple[Any, Any]]:
    tie = 0.5 * m.equal(a, b)
    return m.choose(m.greater(a, b), b, a), (m.greater(b, a) + tie, m.greater(a, b) + tie)


MAXIMUM = Primitive(
    "maximum",
    _maximum_rule,
    templates("1[{0}>{1}]", "1[{1}>{0}]"),
    arity=2,
    math="max(a, b);  d/da = 1[a > b], d/db = 1[b > a], ½ each at a tie",
    total=True,
)
MINIMUM = Primitive(
    "minimum",
    _minimum_rule,
    templates("1[{0}<{1}]", "1[{1}<{0}]"),
    arity=2,
    math="min(a, b);  d/da = 1[a < b], d/db = 1[b < a], ½ each at a tie",
    total=True,
)
