"""The table, part 1: arithmetic (+ - * / **, a number on one side, neg, abs, powers, a^x, log_a)."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from autograd.primitive import (
    Primitive,
    div_domain,
    exp_domain,
    fmt,
    positive,
    pow_domain,
    power_domain,
    require,
    templates,
)

ADD = Primitive(
    "+", lambda m, a, b: (a + b, (1.0, 1.0)), templates("1", "1"), arity=2, math="a + b;  d/da = 1, d/db = 1"
)
SUB = Primitive(
    "-",
    lambda m, a, b: (a - b, (1.0, -1.0)),
    templates("1", "-1"),
    arity=2,
    math="a - b;  d/da = 1, d/db = -1",
)
MUL = Primitive(
    "*", lambda m, a, b: (a * b, (b, a)), templates("{1}", "{0}"), arity=2, math="a b;  d/da = b, d/db = a"
)
DIV = Primitive(
    "/",
    lambda m, a, b: _div_rule(a / b, b),
    templates("1/{1}", "-{0}/{1}²"),
    arity=2,
    domain=div_domain,
    math="a / b;  d/da = 1/b, d/db = -a/b²",
)
POW = Primitive(
    "**",
    lambda m, a, b: _pow_rule(m, a, b),
    templates("{1}·{0}^({1}-1)", "{out}·ln {0}"),
    arity=2,
    domain=pow_domain,
    math="a^b;  d/da = b a^(b-1), d/db = a^b ln a",
)


def _div_rule(out: Any, b: Any) -> tuple[Any, tuple[Any, Any]]:
    return out, (1.0 / b, -out / b)  # -a/b² as -(a/b)/b: b² may underflow where a/b does not


def _pow_rule(m: Any, a: Any, b: Any) -> tuple[Any, tuple[Any, Any]]:
    out = a**b
    # d/db = a^b ln a: 0 at a = 0 (the limit, as PyTorch and JAX), undefined for a < 0
    return out, (b * a ** (b - 1.0), m.choose(m.equal(a, 0.0), 0.0, out * m.log(a)))


# A Python number on one side of + - * / is a parameter of a one-input primitive, not a node
# (as PyTorch and JAX treat Python scalars): d = b + 1 has one input edge, ∂d/∂b = 1. Its local
# derivative does not depend on x for + - * and /c, so one tuple serves every node.

_ONE = (1.0,)
_MINUS_ONE = (-1.0,)


@lru_cache(maxsize=4096)
def add_constant(c: float) -> Primitive:
    """x + c for a number c (x - c is x + (-c));  d/dx = 1."""
    name = f"+{fmt(c)}" if not c < 0.0 else f"-{fmt(-c)}"
    return Primitive(
        name,
        lambda m, a: (a + c, _ONE),
        templates("1"),
        arity=1,
        math=f"x {name[0]} {fmt(abs(c))};  d/dx = 1",
    )


@lru_cache(maxsize=4096)
def mul_constant(c: float) -> Primitive:
    """c x for a number c;  d/dx = c."""
    partials = (c,)
    return Primitive(
        f"*{fmt(c)}",
        lambda m, a: (a * c, partials),
        templates(fmt(c)),
        arity=1,
        math=f"{fmt(c)} x;  d/dx = {fmt(c)}",
    )


@lru_cache(maxsize=4096)
def div_constant(c: float) -> Primitive:
    """x / c for a number c != 0;  d/dx = 1/c."""
    if c == 0.0:
        raise ZeroDivisionError(f"div: division by zero, x / {c!r}")
    partials = (1.0 / c,)
    return Primitive(
        f"/{fmt(c)}",
        lambda m, a: (a / c, partials),
        templates(f"1/{fmt(c)}"),
        arity=1,
        math=f"x / {fmt(c)};  d/dx = 1/{fmt(c)}",
    )


@lru_cache(maxsize=4096)
def rsub_constant(c: float) -> Primitive:
    """c - x for a number c;  d/dx = -1."""
    return Primitive(
        f"{fmt(c)}-",
        lambda m, a: (c - a, _MINUS_ONE),
        templates("-1"),
        arity=1,
        math=f"{fmt(c)} - x;  d/dx = -1",
    )


@lru_cache(maxsize=4096)
def rdiv_constant(c: float) -> Primitive:
    """c / x for a number c;  d/dx = -c/x²."""
    op = f"{fmt(c)}/"

    def domain(x: Any) -> None:
        require(x != 0.0, op, "division by zero (needs x != 0)", x, ZeroDivisionError)

    return Primitive(
        op,
        lambda m, a: (c / a, (-c / (a * a),)),
        templates(f"-{fmt(c)}/{{0}}²"),
        arity=1,
        domain=domain,
        math=f"{fmt(c)} / x;  d/dx = -{fmt(c)}/x²",
    )


NEG = Primitive(
    "neg", lambda m, a: (-a, _MINUS_ONE), templates("-1"), arity=1, math="-x;  d/dx = -1", total=True
)
ABS = Primitive(
    "abs",
    lambda m, a: (abs(a), (m.sign(a),)),
    templates("sign({0})"),
    arity=1,
    math="|x|;  d/dx = sign(x) (0 at 0)",
    total=True,
)
IDENTITY = Primitive(
    "identity", lambda m, a: (a, _ONE), templates("1"), arity=1, math="x;  d/dx = 1", total=True
)


def _power_symbols(p: float) -> str:
    if p == 2.0:
        return "2{0}"
    if p == 0.0:
        return "0"
    if p == 1.0:
        return "1"
    return f"{fmt(p)}·{{0}}^{fmt(p - 1.0)}"


@lru_cache(maxsize=1024)
def power(p: float) -> Primitive:
    """x ** p for a number p;  d/dx = p x^(p-1)."""
    if p == 0.0:
        rule = lambda m, a: (a**0.0, (0.0,))  # noqa: E731
    elif p == 1.0:
        rule = lambda m, a: (a**1.0, _ONE)  # noqa: E731
    elif p == 2.0:
        rule = lambda m, a: (a**2.0, (2.0 * a,))  # noqa: E731
    else:
        rule = lambda m, a: (a**p, (p * a ** (p - 1.0),))  # noqa: E731
    return Primitive(
        f"**{fmt(p)}",
        rule,
        templates(_power_symbols(p)),
        arity=1,
        domain=power_domain(p),
        math=f"x^{fmt(p)};  d/dx = {fmt(p)} x^{fmt(p - 1.0)}",
    )


@lru_cache(maxsize=1024)
def exp_base(base: float) -> Primitive:
    """a ** x for a number a > 0;  d/dx = ln(a) a^x (0 ** x = 0 for x > 0, derivative 0)."""
    require(base >= 0.0, f"{fmt(base)}**x", "needs a base >= 0", base)
    if base == 0.0:
        return Primitive(
            "0**",
            lambda m, a: (0.0**a, (m.choose(m.positive(a), 0.0, -math.inf),)),
            templates("0"),
            arity=1,
            domain=_zero_base,
            math="0^x;  d/dx = 0 for x > 0 (-inf at x = 0)",
        )
    ln_a = math.log(base)
    return Primitive(
        f"{fmt(base)}**",
        lambda m, a: _exp_base_rule(m, a, base, ln_a),
        templates(f"ln({fmt(base)})·{{out}}"),
        arity=1,
        domain=exp_domain(f"{fmt(base)}**x", ln_a),
        math=f"{fmt(base)}^x;  d/dx = ln({fmt(base)}) {fmt(base)}^x",
    )


def _zero_base(x: Any) -> None:
    require(x >= 0.0, "0**x", "0 to a negative power (needs x >= 0)", x, ZeroDivisionError)


def _exp_base_rule(m: Any, x: Any, base: float, ln_a: float) -> tuple[Any, tuple[Any]]:
    out = base**x
    return out, (ln_a * out,)


@lru_cache(maxsize=1024)
def log_base(base: float) -> Primitive:
    """log_a(x) = ln(x) / ln(a);  d/dx = 1 / (x ln a)."""
    require((base > 0.0) & (base != 1.0), f"log{fmt(base)}", "needs a base > 0 and != 1", base)
    ln_a = math.log(base)
    return Primitive(
        f"log{fmt(base)}",
        lambda m, a: (m.log(a) / ln_a, (1.0 / (a * ln_a),)),
        templates(f"1/({{0}}·ln {fmt(base)})"),
        arity=1,
        domain=positive(f"log{fmt(base)}"),
        math=f"log_{fmt(base)}(x);  d/dx = 1/(x ln {fmt(base)})",
    )
