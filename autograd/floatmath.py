"""Float arithmetic for the primitive table: math functions that are stable for large inputs.

The table's rules are written once against a namespace ``m`` (``m.exp(x)``, ``m.log(x)`` ...).
This module is that namespace for plain floats; ``autograd.value.VALUE_MATH`` is the same
namespace for Values (used for derivatives of derivatives).
"""

from __future__ import annotations

import builtins
import math
import operator
from collections.abc import Sequence

exp = math.exp
log = math.log
sqrt = math.sqrt
sin = math.sin
cos = math.cos
tan = math.tan
asin = math.asin
acos = math.acos
atan = math.atan
tanh = math.tanh
log1p = math.log1p
sum = math.fsum


def sigmoid(x: float) -> float:
    """sigma(x) = 1 / (1 + e^-x), evaluated without overflow for |x| large."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def softplus(x: float) -> float:
    """softplus(x) = ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|)."""
    return (x if x > 0.0 else 0.0) + math.log1p(math.exp(-abs(x)))


def step(x: float) -> float:
    """Heaviside step 1{x >= 0}."""
    return 1.0 if x >= 0.0 else 0.0


def sech2(x: float) -> float:
    """sech² x = 1 - tanh² x = 4u / (1 + u)² with u = e^{-2|x|}: accurate where tanh x rounds to ±1."""
    u = math.exp(-2.0 * abs(x))
    return 4.0 * u / ((1.0 + u) * (1.0 + u))


def logsumexp(xs: Sequence[float]) -> float:
    """ln sum_i e^{x_i} = m + ln sum_i e^{x_i - m} with m = max_i x_i."""
    top = max(xs)
    if top in (math.inf, -math.inf):
        return top
    return top + math.log(math.fsum([math.exp(x - top) for x in xs]))


def log_softmax(xs: Sequence[float], i: int) -> float:
    """x_i - ln sum_j e^{x_j} = (x_i - x_k) - ln(1 + sum_{j != k} e^{x_j - x_k}) with x_k the
    maximum: no cancellation when x_i is (near) the maximum, unlike x_i - logsumexp(x)."""
    k = max(range(len(xs)), key=xs.__getitem__)
    top = xs[k]
    if top in (math.inf, -math.inf):
        return xs[i] - logsumexp(xs)
    rest = math.fsum([math.exp(x - top) for j, x in enumerate(xs) if j != k])
    return (xs[i] - top) - math.log1p(rest)


def _dot(ws: Sequence[float], xs: Sequence[float]) -> float:
    """sum_i w_i x_i."""
    return builtins.sum(map(operator.mul, ws, xs))


dot = getattr(math, "sumprod", _dot)
