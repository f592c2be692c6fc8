"""The table, part 2: the lecture's derivative table (exp, ln, sqrt, the trigonometric functions
and their inverses) and the functions peers add to it (sinh, cosh, their inverses, log1p, expm1,
erf, erfc, atan2, hypot)."""

from __future__ import annotations

import math
from typing import Any

from autograd.primitive import (
    Primitive,
    above,
    at_least,
    exp_domain,
    open_unit_interval,
    positive,
    require,
    templates,
    unit_interval,
)

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)

EXP = Primitive(
    "exp",
    lambda m, a: _same(m.exp(a)),
    templates("exp({0})"),
    arity=1,
    domain=exp_domain(),
    math="e^x;  d/dx = e^x",
)
LOG = Primitive(
    "log",
    lambda m, a: (m.log(a), (1.0 / a,)),
    templates("1/{0}"),
    arity=1,
    domain=positive("log"),
    math="ln x;  d/dx = 1/x",
)
SQRT = Primitive(
    "sqrt",
    lambda m, a: _sqrt_rule(m.sqrt(a)),
    templates("1/(2√{0})"),
    arity=1,
    domain=at_least("sqrt", 0.0),
    math="√x;  d/dx = 1/(2√x)",
)
SIN = Primitive(
    "sin",
    lambda m, a: (m.sin(a), (m.cos(a),)),
    templates("cos({0})"),
    arity=1,
    math="sin x;  d/dx = cos x",
)
COS = Primitive(
    "cos",
    lambda m, a: (m.cos(a), (-m.sin(a),)),
    templates("-sin({0})"),
    arity=1,
    math="cos x;  d/dx = -sin x",
)
TAN = Primitive(
    "tan",
    lambda m, a: _tan_rule(m.tan(a)),
    templates("sec²({0})"),
    arity=1,
    math="tan x;  d/dx = sec² x = 1 + tan² x",
)
ASIN = Primitive(
    "asin",
    lambda m, a: (m.asin(a), (1.0 / m.sqrt(1.0 - a * a),)),
    templates("1/√(1-{0}²)"),
    arity=1,
    domain=unit_interval("asin"),
    math="asin x;  d/dx = 1/√(1-x²)",
)
ACOS = Primitive(
    "acos",
    lambda m, a: (m.acos(a), (-1.0 / m.sqrt(1.0 - a * a),)),
    templates("-1/√(1-{0}²)"),
    arity=1,
    domain=unit_interval("acos"),
    math="acos x;  d/dx = -1/√(1-x²)",
)
ATAN = Primitive(
    "atan",
    lambda m, a: (m.atan(a), (1.0 / (1.0 + a * a),)),
    templates("1/(1+{0}²)"),
    arity=1,
    math="atan x;  d/dx = 1/(1+x²)",
)
SINH = Primitive(
    "sinh",
    lambda m, a: (m.sinh(a), (m.cosh(a),)),
    templates("cosh({0})"),
    arity=1,
    math="sinh x;  d/dx = cosh x",
)
COSH = Primitive(
    "cosh",
    lambda m, a: (m.cosh(a), (m.sinh(a),)),
    templates("sinh({0})"),
    arity=1,
    math="cosh x;  d/dx = sinh x",
)
ASINH = Primitive(
    "asinh",
    lambda m, a: (m.asinh(a), (1.0 / m.hypot(a, 1.0),)),
    templates("1/√({0}²+1)"),
    arity=1,
    math="asinh x;  d/dx = 1/√(x²+1)",
)
ACOSH = Primitive(
    "acosh",
    lambda m, a: (m.acosh(a), (1.0 / m.sqrt((a - 1.0) * (a + 1.0)),)),
    templates("1/√({0}²-1)"),
    arity=1,
    domain=at_least("acosh", 1.0),
    math="acosh x;  d/dx = 1/√(x²-1)",
)
ATANH = Primitive(
    "atanh",
    lambda m, a: (m.atanh(a), (1.0 / ((1.0 - a) * (1.0 + a)),)),
    templates("1/(1-{0}²)"),
    arity=1,
    domain=open_unit_interval("atanh"),
    math="atanh x;  d/dx = 1/(1-x²)",
)
LOG1P = Primitive(
    "log1p",
    lambda m, a: (m.log1p(a), (1.0 / (1.0 + a),)),
    templates("1/(1+{0})"),
    arity=1,
    domain=above("log1p", -1.0),
    math="ln(1 + x);  d/dx = 1/(1+x)",
)
EXPM1 = Primitive(
    "expm1",
    lambda m, a: (m.expm1(a), (m.exp(a),)),
    templates("e^{0}"),
    arity=1,
    domain=exp_domain("expm1"),
    math="e^x - 1;  d/dx = e^x",
)
ERF = Primitive(
    "erf",
    lambda m, a: (m.erf(a), (_TWO_OVER_SQRT_PI * m.exp(-(a * a)),)),
    templates("(2/√π)·e^(-{0}²)"),
    arity=1,
    math="erf x;  d/dx = (2/√π) e^(-x²)",
)
ERFC = Primitive(
    "erfc",
    lambda m, a: (m.erfc(a), (-_TWO_OVER_SQRT_PI * m.exp(-(a * a)),)),
    templates("-(2/√π)·e^(-{0}²)"),
    arity=1,
    math="erfc x = 1 - erf x;  d/dx = -(2/√π) e^(-x²)",
)


def _atan2_rule(m: Any, y: Any, x: Any) -> tuple[Any, tuple[Any, Any]]:
    r = m.hypot(x, y)  # x/r/r rather than x/(x² + y²): no underflow of the squares
    return m.atan2(y, x), (x / r / r, -y / r / r)


def _not_origin(op: str) -> Any:
    def check(a: Any, b: Any) -> None:
        require((a != 0.0) | (b != 0.0), op, "its derivative is undefined at (0, 0)", a)

    return check


ATAN2 = Primitive(
    "atan2",
    _atan2_rule,
    templates("{1}/({0}²+{1}²)", "-{0}/({0}²+{1}²)"),
    arity=2,
    domain=_not_origin("atan2"),
    math="atan2(y, x), the angle of (x, y);  d/dy = x/(x²+y²), d/dx = -y/(x²+y²)",
)


def _hypot_rule(m: Any, a: Any, b: Any) -> tuple[Any, tuple[Any, Any]]:
    h = m.hypot(a, b)
    return h, (a / h, b / h)


HYPOT = Primitive(
    "hypot",
    _hypot_rule,
    templates("{0}/{out}", "{1}/{out}"),
    arity=2,
    domain=_not_origin("hypot"),
    math="√(a² + b²);  d/da = a/√(a²+b²), d/db = b/√(a²+b²)",
)


def _same(out: Any) -> tuple[Any, tuple[Any]]:
    return out, (out,)


def _sqrt_rule(out: Any) -> tuple[Any, tuple[Any]]:
    return out, (0.5 / out,)


def _tan_rule(out: Any) -> tuple[Any, tuple[Any]]:
    return out, (1.0 + out * out,)
