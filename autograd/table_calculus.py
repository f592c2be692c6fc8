"""The table, part 2: the lecture's derivative table (exp, ln, sqrt, the trigonometric functions
and their inverses)."""

from __future__ import annotations

from typing import Any

from autograd.primitive import (exp_domain, open_unit_interval, positive, Primitive, sqrt_domain,
                                templates)

EXP = Primitive("exp", lambda m, a: _same(m.exp(a)), templates("exp({0})"), arity=1,
                domain=exp_domain, math="e^x;  d/dx = e^x")
LOG = Primitive("log", lambda m, a: (m.log(a), (1.0 / a,)), templates("1/{0}"), arity=1,
                domain=positive("log"), math="ln x;  d/dx = 1/x")
SQRT = Primitive("sqrt", lambda m, a: _sqrt_rule(m, m.sqrt(a)), templates("1/(2√{0})"), arity=1,
                 domain=sqrt_domain, math="√x;  d/dx = 1/(2√x)")
SIN = Primitive("sin", lambda m, a: (m.sin(a), (m.cos(a),)), templates("cos({0})"), arity=1,
                math="sin x;  d/dx = cos x")
COS = Primitive("cos", lambda m, a: (m.cos(a), (-m.sin(a),)), templates("-sin({0})"), arity=1,
                math="cos x;  d/dx = -sin x")
TAN = Primitive("tan", lambda m, a: _tan_rule(m.tan(a)), templates("sec²({0})"), arity=1,
                math="tan x;  d/dx = sec² x = 1 + tan² x")
ASIN = Primitive("asin", lambda m, a: (m.asin(a), (1.0 / m.sqrt(1.0 - a * a),)),
                 templates("1/√(1-{0}²)"), arity=1, domain=open_unit_interval("asin"),
                 math="asin x;  d/dx = 1/√(1-x²)")
ACOS = Primitive("acos", lambda m, a: (m.acos(a), (-1.0 / m.sqrt(1.0 - a * a),)),
                 templates("-1/√(1-{0}²)"), arity=1, domain=open_unit_interval("acos"),
                 math="acos x;  d/dx = -1/√(1-x²)")
ATAN = Primitive("atan", lambda m, a: (m.atan(a), (1.0 / (1.0 + a * a),)), templates("1/(1+{0}²)"),
                 arity=1, math="atan x;  d/dx = 1/(1+x²)")


def _same(out: Any) -> tuple[Any, tuple[Any]]:
    return out, (out,)


def _sqrt_rule(m: Any, out: Any) -> tuple[Any, tuple[Any]]:
    return out, (0.5 / out,)


def _tan_rule(out: Any) -> tuple[Any, tuple[Any]]:
    return out, (1.0 + out * out,)
