"""The math namespace of the table for plain floats, stable for large inputs.

The table's rules are written once against a namespace ``m`` (``m.exp(x)``, ``m.sigmoid(x)``
...). This module is that namespace for floats; ``autograd.arraymath`` is the same namespace
for numpy arrays, ``autograd.value.VALUE_MATH`` for Values and ``autograd.tensormath`` for
Tensors (the last two record the graph, for derivatives of derivatives). Masks such as
``positive(x)`` are constants in every namespace: a piecewise-constant local derivative has
derivative 0.
"""

from __future__ import annotations

import builtins
import math
import operator
from collections.abc import Sequence
from typing import Any

exp = math.exp
log = math.log
sqrt = math.sqrt
sin = math.sin
cos = math.cos
tan = math.tan
asin = math.asin
acos = math.acos
atan = math.atan
sinh = math.sinh
cosh = math.cosh
tanh = math.tanh
asinh = math.asinh
acosh = math.acosh
atanh = math.atanh
log1p = math.log1p
expm1 = math.expm1
erf = math.erf
erfc = math.erfc
atan2 = math.atan2
hypot = math.hypot
sum = math.fsum
pi = math.pi


def sigmoid(x: float) -> float:
    """σ(x) = 1 / (1 + e^-x), evaluated without overflow for |x| large."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def softplus(x: float) -> float:
    """softplus(x) = ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|)."""
    return (x if x > 0.0 else 0.0) + math.log1p(math.exp(-abs(x)))


def sech2(x: float) -> float:
    """sech² x = 1 - tanh² x = 4u / (1 + u)² with u = e^{-2|x|}: accurate where tanh x rounds to ±1."""
    u = math.exp(-2.0 * abs(x))
    return 4.0 * u / ((1.0 + u) * (1.0 + u))


def relu(x: float) -> float:
    """max(0, x)."""
    return x if x > 0.0 else 0.0


def step(x: float) -> float:
    """Heaviside step 1{x >= 0}."""
    return 1.0 if x >= 0.0 else 0.0


def positive(x: float) -> float:
    """1{x > 0} as a number (a constant: its derivative is 0)."""
    return 1.0 if x > 0.0 else 0.0


def sign(x: float) -> float:
    """sign(x): -1, 0 or 1."""
    return 1.0 if x > 0.0 else (-1.0 if x < 0.0 else 0.0)


def choose(mask: float, a: Any, b: Any) -> Any:
    """a where the mask (from ``positive``, ``equal`` ...) is 1, else b."""
    return a if mask else b


def greater(x: float, y: float) -> float:
    """1{x > y} as a number."""
    return 1.0 if x > y else 0.0


def equal(x: float, y: float) -> float:
    """1{x = y} as a number."""
    return 1.0 if x == y else 0.0


def between(x: float, lo: float, hi: float) -> float:
    """1{lo <= x <= hi} as a number."""
    return 1.0 if lo <= x <= hi else 0.0


def maximum(xs: Sequence[float]) -> float:
    """max_i x_i."""
    return builtins.max(xs)


def logsumexp(xs: Sequence[float]) -> float:
    """ln sum_i e^{x_i} = m + ln sum_i e^{x_i - m} with m = max_i x_i."""
    top = builtins.max(xs)
    if top in (math.inf, -math.inf):
        return top
    return top + math.log(math.fsum([math.exp(x - top) for x in xs]))


def log_softmax(xs: Sequence[float], i: int) -> float:
    """x_i - ln sum_j e^{x_j} = (x_i - x_k) - ln(1 + sum_{j != k} e^{x_j - x_k}) with x_k the
    maximum: no cancellation when x_i is (near) the maximum, unlike x_i - logsumexp(x)."""
    k = builtins.max(range(len(xs)), key=xs.__getitem__)
    top = xs[k]
    if top in (math.inf, -math.inf):
        return xs[i] - logsumexp(xs)
    rest = math.fsum([math.exp(x - top) for j, x in enumerate(xs) if j != k])
    return (xs[i] - top) - math.log1p(rest)


def _dot(ws: Sequence[float], xs: Sequence[float]) -> float:
    """sum_i w_i x_i."""
    return builtins.sum(map(operator.mul, ws, xs))


dot = getattr(math, "sumprod", _dot)
