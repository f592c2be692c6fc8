"""The table of primitives against the lecture's derivative table.

References: ROWS below, one per primitive or method, each with its value and its partials in
closed form as the lecture's table and composition rules give them (power rule, a^x -> ln(a)
a^x, log_a -> 1/(x ln a), quotient rule, sec^2, 1/sqrt(1-x^2) ...), written independently of
the engine's rules; and central finite differences at random points (hypothesis). Adding a
primitive to ``autograd.primitives`` means adding a row here (test_table_covers_every_primitive).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import pytest
from conftest import finite_gradient, on_floats
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value
from autograd import primitives as P
from autograd.functions import apply


class Row(NamedTuple):
    """One primitive: how to build its node from n Values (or Duals), the table entry the node
    must carry, its closed-form value and partials, and a domain per argument away from
    singularities; ``kink`` tells points too close to a kink."""

    name: str
    op: Callable[..., Any]
    prim: P.Primitive
    value: Callable[..., float]
    partials: Callable[..., tuple[float, ...]]
    domain: tuple[tuple[float, float], ...]
    kink: Callable[..., bool] = lambda *xs: False
    family: str | None = None


def unary(name: str, op: Callable[[Any], Any], prim: P.Primitive, value: Callable[[float], float],
          derivative: Callable[[float], float], lo: float, hi: float, **kw: Any) -> Row:
    return Row(name, op, prim, value, lambda x: (derivative(x),), ((lo, hi),), **kw)


def near_zero(x: float) -> bool:
    return abs(x) < 1e-3


def ties(*xs: float) -> bool:
    return any(abs(a - b) < 1e-3 for k, a in enumerate(xs) for b in xs[k + 1:])


def softmax_partials(i: int, xs: tuple[float, ...]) -> tuple[float, ...]:
    """d/dx_j e^{x_i}/S by the quotient rule: (1{i=j} e^{x_i} S - e^{x_i} e^{x_j}) / S^2."""
    e = [math.exp(x) for x in xs]
    s = math.fsum(e)
    return tuple(((e[i] * s if j == i else 0.0) - e[i] * e[j]) / (s * s) for j in range(len(xs)))


def sign(x: float) -> float:
    return 1.0 if x > 0 else -1.0


SEC2 = lambda x: 1.0 / math.cos(x) ** 2  # noqa: E731
R = (-5.0, 5.0)

ROWS = [
    # arithmetic and composition rules
    Row("a+b", lambda a, b: a + b, P.ADD, lambda a, b: a + b, lambda a, b: (1.0, 1.0), (R, R)),
    Row("a-b", lambda a, b: a - b, P.SUB, lambda a, b: a - b, lambda a, b: (1.0, -1.0), (R, R)),
    Row("a*b", lambda a, b: a * b, P.MUL, lambda a, b: a * b, lambda a, b: (b, a), (R, R)),
    Row("a/b", lambda a, b: a / b, P.DIV, lambda a, b: a / b,
        lambda a, b: (1.0 / b, -a / b ** 2), (R, (0.5, 5.0))),
    Row("a**b", lambda a, b: a ** b, P.POW, lambda a, b: math.pow(a, b),
        lambda a, b: (b * math.pow(a, b - 1), math.log(a) * math.pow(a, b)), ((0.2, 4.0), (-3.0, 3.0))),
    # a number on one side: a one-input primitive with the number as its parameter
    unary("x+1.5", lambda x: x + 1.5, P.add_constant(1.5), lambda x: x + 1.5, lambda x: 1.0, *R,
          family="add_constant"),
    unary("2+x", lambda x: 2 + x, P.add_constant(2.0), lambda x: 2 + x, lambda x: 1.0, *R),
    unary("x-3", lambda x: x - 3, P.add_constant(-3.0), lambda x: x - 3, lambda x: 1.0, *R),
    unary("3-x", lambda x: 3 - x, P.rsub_constant(3.0), lambda x: 3 - x, lambda x: -1.0, *R,
          family="rsub_constant"),
    unary("x*-2.5", lambda x: x * -2.5, P.mul_constant(-2.5), lambda x: -2.5 * x, lambda x: -2.5, *R,
          family="mul_constant"),
    unary("4*x", lambda x: 4 * x, P.mul_constant(4.0), lambda x: 4 * x, lambda x: 4.0, *R),
    unary("x/4", lambda x: x / 4, P.div_constant(4.0), lambda x: x / 4, lambda x: 0.25, *R,
          family="div_constant"),
    unary("3/x", lambda x: 3 / x, P.rdiv_constant(3.0), lambda x: 3 / x, lambda x: -3 / x ** 2, 0.2, 5.0,
          family="rdiv_constant"),
    unary("x**2", lambda x: x ** 2, P.power(2.0), lambda x: x * x, lambda x: 2 * x, -3.0, 3.0,
          family="power"),
    unary("x**3", lambda x: x ** 3, P.power(3.0), lambda x: x * x * x, lambda x: 3 * x * x, -3.0, 3.0),
    unary("x**0.5", lambda x: x ** 0.5, P.power(0.5), math.sqrt, lambda x: 0.5 * x ** -0.5, 0.05, 9.0),
    unary("x**-2", lambda x: x ** -2, P.power(-2.0), lambda x: 1 / (x * x), lambda x: -2 / x ** 3, 0.2, 4.0),
    unary("x**0", lambda x: x ** 0, P.power(0.0), lambda x: 1.0, lambda x: 0.0, -3.0, 3.0),
    unary("2.5**x", lambda x: 2.5 ** x, P.exp_base(2.5), lambda x: math.pow(2.5, x),
          lambda x: math.log(2.5) * math.pow(2.5, x), -5.0, 5.0, family="exp_base"),
    unary("0.5**x", lambda x: 0.5 ** x, P.exp_base(0.5), lambda x: math.pow(0.5, x),
          lambda x: math.log(0.5) * math.pow(0.5, x), -5.0, 5.0),
    unary("neg", lambda x: -x, P.NEG, lambda x: -x, lambda x: -1.0, *R),
    unary("abs", abs, P.ABS, lambda x: math.fabs(x), sign, *R, kink=near_zero),
    unary("identity", lambda x: apply(P.IDENTITY, [x]), P.IDENTITY, lambda x: x, lambda x: 1.0, *R),
    # the lecture's derivative table
    unary("exp", lambda x: x.exp(), P.EXP, math.exp, math.exp, -10.0, 10.0),
    unary("log", lambda x: x.log(), P.LOG, math.log, lambda x: 1 / x, 0.05, 20.0),
    unary("log10", lambda x: x.log(10), P.log_base(10.0), math.log10,
          lambda x: 1 / (x * math.log(10)), 0.05, 20.0, family="log_base"),
    unary("log2", lambda x: x.log(2.0), P.log_base(2.0), math.log2,
          lambda x: 1 / (x * math.log(2)), 0.05, 20.0),
    unary("sqrt", lambda x: x.sqrt(), P.SQRT, math.sqrt, lambda x: 0.5 * x ** -0.5, 0.05, 20.0),
    unary("sin", lambda x: x.sin(), P.SIN, math.sin, math.cos, -10.0, 10.0),
    unary("cos", lambda x: x.cos(), P.COS, math.cos, lambda x: -math.sin(x), -10.0, 10.0),
    unary("tan", lambda x: x.tan(), P.TAN, math.tan, SEC2, -1.4, 1.4),
    unary("asin", lambda x: x.asin(), P.ASIN, math.asin, lambda x: 1 / math.sqrt(1 - x * x), -0.99, 0.99),
    unary("acos", lambda x: x.acos(), P.ACOS, math.acos, lambda x: -1 / math.sqrt(1 - x * x), -0.99, 0.99),
    unary("atan", lambda x: x.atan(), P.ATAN, math.atan, lambda x: 1 / (1 + x * x), -10.0, 10.0),
    unary("sinh", lambda x: x.sinh(), P.UNARY["sinh"], math.sinh, math.cosh, -5.0, 5.0),
    unary("cosh", lambda x: x.cosh(), P.UNARY["cosh"], math.cosh, math.sinh, -5.0, 5.0),
    unary("asinh", lambda x: x.asinh(), P.UNARY["asinh"], math.asinh,
          lambda x: 1 / math.sqrt(x * x + 1), -5.0, 5.0),
    unary("acosh", lambda x: x.acosh(), P.UNARY["acosh"], math.acosh,
          lambda x: 1 / math.sqrt(x * x - 1), 1.05, 6.0),
    unary("atanh", lambda x: x.atanh(), P.UNARY["atanh"], math.atanh,
          lambda x: 1 / (1 - x * x), -0.95, 0.95),
    unary("log1p", lambda x: x.log1p(), P.UNARY["log1p"], lambda x: math.log(1 + x),
          lambda x: 1 / (1 + x), -0.9, 5.0),
    unary("expm1", lambda x: x.expm1(), P.UNARY["expm1"], lambda x: math.exp(x) - 1, math.exp,
          -5.0, 5.0),
    unary("erf", lambda x: x.erf(), P.UNARY["erf"], math.erf,
          lambda x: 2 / math.sqrt(math.pi) * math.exp(-x * x), -3.0, 3.0),
    unary("erfc", lambda x: x.erfc(), P.UNARY["erfc"], lambda x: 1 - math.erf(x),
          lambda x: -2 / math.sqrt(math.pi) * math.exp(-x * x), -3.0, 3.0),
    Row("maximum", lambda a, b: autograd.maximum(a, b), P.BINARY["maximum"], max,
        lambda a, b: (1.0, 0.0) if a > b else (0.0, 1.0), (R, R), kink=ties),
    Row("minimum", lambda a, b: autograd.minimum(a, b), P.BINARY["minimum"], min,
        lambda a, b: (1.0, 0.0) if a < b else (0.0, 1.0), (R, R), kink=ties),
    Row("atan2", lambda y, x: autograd.atan2(y, x), P.BINARY["atan2"], math.atan2,
        lambda y, x: (x / (x * x + y * y), -y / (x * x + y * y)), (R, (0.3, 5.0))),
    Row("hypot", lambda a, b: autograd.hypot(a, b), P.BINARY["hypot"], lambda a, b: math.sqrt(a * a + b * b),
        lambda a, b: (a / math.sqrt(a * a + b * b), b / math.sqrt(a * a + b * b)), (R, (0.3, 5.0))),
    # activations (closed forms: tanh' = sech^2, sigma' = e^-x / (1 + e^-x)^2 ...)
    unary("tanh", lambda x: x.tanh(), P.TANH, math.tanh, lambda x: 1 / math.cosh(x) ** 2, -5.0, 5.0),
    unary("sigmoid", lambda x: x.sigmoid(), P.SIGMOID, lambda x: 1 / (1 + math.exp(-x)),
          lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2, -8.0, 8.0),
    unary("relu", lambda x: x.relu(), P.RELU, lambda x: x if x > 0 else 0.0,
          lambda x: 1.0 if x > 0 else 0.0, *R, kink=near_zero),
    unary("leaky_relu", lambda x: x.leaky_relu(0.1), P.leaky_relu(0.1), lambda x: x if x > 0 else 0.1 * x,
          lambda x: 1.0 if x > 0 else 0.1, *R, kink=near_zero, family="leaky_relu"),
    unary("softplus", lambda x: x.softplus(), P.SOFTPLUS, lambda x: math.log1p(math.exp(x)),
          lambda x: 1 / (1 + math.exp(-x)), -20.0, 20.0),
    unary("step", lambda x: x.step(), P.STEP, lambda x: 1.0 if x >= 0 else 0.0, lambda x: 0.0, *R,
          kink=near_zero),
    unary("silu", lambda x: x.silu(), P.UNARY["silu"], lambda x: x / (1 + math.exp(-x)),
          lambda x: 1 / (1 + math.exp(-x)) + x * math.exp(-x) / (1 + math.exp(-x)) ** 2, -8.0, 8.0),
    unary("gelu", lambda x: x.gelu(), P.UNARY["gelu"], lambda x: x * 0.5 * (1 + math.erf(x / math.sqrt(2))),
          lambda x: (0.5 * (1 + math.erf(x / math.sqrt(2)))
                     + x * math.exp(-x * x / 2) / math.sqrt(2 * math.pi)),
          -5.0, 5.0),
    unary("elu", lambda x: x.elu(0.7), P.elu(0.7), lambda x: x if x > 0 else 0.7 * (math.exp(x) - 1),
          lambda x: 1.0 if x > 0 else 0.7 * math.exp(x), *R, kink=near_zero, family="elu"),
    unary("clamp", lambda x: x.clamp(-1.0, 2.0), P.clamp(-1.0, 2.0), lambda x: min(max(x, -1.0), 2.0),
          lambda x: 1.0 if -1.0 <= x <= 2.0 else 0.0, *R,
          kink=lambda x: abs(x + 1.0) < 1e-3 or abs(x - 2.0) < 1e-3, family="clamp"),
    # n-ary: one node with n input edges
    Row("sum", lambda *xs: autograd.sum(xs), P.SUM, lambda *xs: math.fsum(xs),
        lambda *xs: (1.0,) * len(xs), (R, R, R)),
    Row("dot", lambda w1, w2, x1, x2: autograd.dot([w1, w2], [x1, x2]), P.DOT,
        lambda w1, w2, x1, x2: w1 * x1 + w2 * x2, lambda w1, w2, x1, x2: (x1, x2, w1, w2), (R,) * 4),
    Row("dot+b", lambda w1, w2, x1, x2, b: autograd.dot([w1, w2], [x1, x2], b), P.AFFINE,
        lambda w1, w2, x1, x2, b: w1 * x1 + w2 * x2 + b,
        lambda w1, w2, x1, x2, b: (x1, x2, w1, w2, 1.0), (R,) * 5),
    Row("max", lambda *xs: autograd.max(xs), P.MAX, lambda *xs: max(xs),
        lambda *xs: tuple(1.0 if x == max(xs) else 0.0 for x in xs), (R, R, R), kink=ties),
    Row("logsumexp", lambda *xs: autograd.logsumexp(xs), P.LOGSUMEXP,
        lambda *xs: math.log(math.fsum(math.exp(x) for x in xs)),
        lambda *xs: tuple(math.exp(x) / math.fsum(math.exp(y) for y in xs) for x in xs), (R, R, R)),
    Row("softmax[0]", lambda *xs: autograd.softmax(xs)[0], P.softmax(0),
        lambda *xs: math.exp(xs[0]) / math.fsum(math.exp(x) for x in xs),
        lambda *xs: softmax_partials(0, xs), (R, R, R), family="softmax"),
    Row("softmax[2]", lambda *xs: autograd.softmax(xs)[2], P.softmax(2),
        lambda *xs: math.exp(xs[2]) / math.fsum(math.exp(x) for x in xs),
        lambda *xs: softmax_partials(2, xs), (R, R, R)),
    Row("log_softmax[1]", lambda *xs: autograd.log_softmax(xs)[1], P.log_softmax(1),
        lambda *xs: xs[1] - math.log(math.fsum(math.exp(x) for x in xs)),
        lambda *xs: tuple((1.0 if j == 1 else 0.0) - math.exp(x) / math.fsum(math.exp(y) for y in xs)
                          for j, x in enumerate(xs)), (R, R, R), family="log_softmax"),
]
IDS = [row.name for row in ROWS]
CLOSE = {"rel": 1e-9, "abs": 1e-12}


def fixed_points(row: Row) -> list[tuple[float, ...]]:
    """Three deterministic points inside the row's domain, arguments spread apart."""
    points = []
    for f in (0.13, 0.61, 0.87):
        xs = tuple(lo + ((f + 0.29 * j) % 1.0) * (hi - lo) for j, (lo, hi) in enumerate(row.domain))
        if not row.kink(*xs):
            points.append(xs)
    return points


def at_random_points(row: Row, check: Callable[[Row, tuple[float, ...]], None]) -> None:
    """check(row, xs) at 25 random points of the row's domain, away from its kinks."""
    points = st.tuples(*[st.floats(lo, hi) for lo, hi in row.domain]).filter(lambda xs: not row.kink(*xs))
    settings(max_examples=25, deadline=None)(given(points)(lambda xs: check(row, xs)))()


def check_closed_form(row: Row, xs: tuple[float, ...]) -> None:
    """The node carries the row's primitive, its inputs in argument order, the closed-form value
    and local_grads; backward() puts the closed-form partials into the leaves."""
    leaves = [Value(x) for x in xs]
    node = row.op(*leaves)
    expected = row.partials(*xs)
    assert node.primitive is row.prim and node.op == row.prim.name
    assert len(node.inputs) == len(leaves) and all(a is b for a, b in zip(node.inputs, leaves))
    assert node.data == pytest.approx(row.value(*xs), **CLOSE)
    assert node.local_grads == pytest.approx(expected, **CLOSE)
    node.backward()
    assert [leaf.grad for leaf in leaves] == pytest.approx(expected, **CLOSE)


def test_table_covers_every_primitive() -> None:
    tested = {id(row.prim) for row in ROWS}
    for table in (P.UNARY, P.BINARY, P.NARY):
        missing = [name for name, prim in table.items() if id(prim) not in tested]
        assert not missing, f"no closed-form row for {missing}"
    assert set(P.FAMILIES) <= {row.family for row in ROWS}


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_closed_form_at_fixed_points(row: Row) -> None:
    assert fixed_points(row)
    for xs in fixed_points(row):
        check_closed_form(row, xs)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_closed_form_at_random_points(row: Row) -> None:
    at_random_points(row, check_closed_form)


def check_finite_differences(row: Row, xs: tuple[float, ...]) -> None:
    leaves = [Value(x) for x in xs]
    row.op(*leaves).backward()
    numeric = finite_gradient(on_floats(row.op), xs)
    assert [leaf.grad for leaf in leaves] == pytest.approx(numeric, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_finite_differences_at_random_points(row: Row) -> None:
    at_random_points(row, check_finite_differences)


# ----------------------------------------------------------------------------- symbols


def instances() -> list[tuple[P.Primitive, int]]:
    """Every table entry and one instance of each family, with a number of inputs it takes."""
    fixed = [(p, 1) for p in P.UNARY.values()] + [(p, 2) for p in P.BINARY.values()]
    nary = {"sum": 3, "dot": 4, "dot+b": 5, "max": 3, "logsumexp": 3}
    fixed += [(p, nary[name]) for name, p in P.NARY.items()]
    family_args = {"power": 3.0, "exp_base": 2.0, "log_base": 10.0, "leaky_relu": 0.1,
                   "softmax": 0, "log_softmax": 1, "add_constant": 1.0, "mul_constant": 2.0,
                   "div_constant": 4.0, "rsub_constant": 1.0, "rdiv_constant": 2.0, "elu": 1.0,
                   "clamp": (-1.0, 1.0)}
    return fixed + [(make(*np.atleast_1d(family_args[key]).tolist()) if key == "clamp" else
                     make(family_args[key]), 3 if key in ("softmax", "log_softmax") else 1)
                    for key, make in P.FAMILIES.items()]


@pytest.mark.parametrize("prim,n", instances(), ids=lambda v: getattr(v, "name", str(v)))
def test_symbols_are_printable_partials(prim: P.Primitive, n: int) -> None:
    names = ["c", "d", "f", "g", "h"][:n]
    symbols = prim.symbols(names, "e")
    assert isinstance(symbols, tuple) and len(symbols) == n
    for s in symbols:
        assert isinstance(s, str) and s and s.isprintable()
        assert "{0}" not in s and "{1}" not in s and "{out}" not in s, s
    assert prim.math and prim.name


@pytest.mark.parametrize("prim,names,expected", [
    (P.MUL, ["c", "d"], ("d", "c")),  # d(cd)/dc = d, d(cd)/dd = c
    (P.ADD, ["a", "b"], ("1", "1")),
    (P.SUB, ["a", "b"], ("1", "-1")),
    (P.DOT, ["w1", "w2", "x1", "x2"], ("x1", "x2", "w1", "w2")),
    (P.AFFINE, ["w1", "w2", "x1", "x2", "b"], ("x1", "x2", "w1", "w2", "1")),
    (P.SUM, ["a", "b", "c"], ("1", "1", "1")),
])
def test_symbols_of_linear_primitives(prim: P.Primitive, names: list[str], expected: tuple[str, ...]) -> None:
    assert prim.symbols(names, "e") == expected


def test_symbols_name_the_inputs() -> None:
    """Each partial mentions the inputs its closed form depends on."""
    assert "d" in P.DIV.symbols(["c", "d"], "e")[0]
    assert "c" in P.DIV.symbols(["c", "d"], "e")[1] and "d" in P.DIV.symbols(["c", "d"], "e")[1]
    for prim in (P.LOG, P.SQRT, P.SIN, P.COS, P.TAN, P.ASIN, P.ACOS, P.ATAN):
        assert "x" in prim.symbols(["x"], "y")[0], prim
