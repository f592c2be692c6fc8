"""Dual numbers: the same operators, methods and n-ary functions as Value, eagerly.

References: the closed-form table of test_primitives (ROWS: f(a + t eps) = f(a) + f'(a) t eps,
so the tangent is the closed-form partial), central finite differences, and identities that
hold whatever the engine does (the tangents of a softmax sum to 0).
"""

from __future__ import annotations

import math

import pytest
from conftest import finite_gradient
from test_primitives import CLOSE, IDS, ROWS, Row, fixed_points

import autograd
from autograd import Dual, Value


def seeded(xs: tuple[float, ...], tangents: list[float]) -> list[Dual]:
    return [Dual(x, t) for x, t in zip(xs, tangents)]


def unit(n: int, k: int) -> list[float]:
    return [1.0 if i == k else 0.0 for i in range(n)]


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_tangent_is_the_closed_form_partial(row: Row) -> None:
    for xs in fixed_points(row):
        n = len(xs)
        partials = row.partials(*xs)
        for k in range(n):
            out = row.op(*seeded(xs, unit(n, k)))
            assert isinstance(out, Dual)
            assert out.primal == pytest.approx(row.value(*xs), **CLOSE)
            assert out.tangent == pytest.approx(partials[k], **CLOSE)
        direction = [0.5 - 0.3 * i for i in range(n)]
        out = row.op(*seeded(xs, direction))
        assert out.tangent == pytest.approx(math.fsum(p * v for p, v in zip(partials, direction)), **CLOSE)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_tangent_matches_finite_differences(row: Row) -> None:
    for xs in fixed_points(row):
        numeric = finite_gradient(lambda *ys: row.op(*[Dual(y) for y in ys]).primal, xs)
        tangents = [row.op(*seeded(xs, unit(len(xs), k))).tangent for k in range(len(xs))]
        assert tangents == pytest.approx(numeric, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("expr,primal,tangent", [
    (lambda x: 2 + x, 5.0, 1.0), (lambda x: x + 2, 5.0, 1.0), (lambda x: 2 - x, -1.0, -1.0),
    (lambda x: x - 2, 1.0, 1.0), (lambda x: 2 * x, 6.0, 2.0), (lambda x: x * 2, 6.0, 2.0),
    (lambda x: 2 / x, 2 / 3, -2 / 9), (lambda x: x / 2, 1.5, 0.5), (lambda x: x ** 2, 9.0, 6.0),
    (lambda x: 2 ** x, 8.0, math.log(2) * 8), (lambda x: -x, -3.0, -1.0), (lambda x: abs(-x), 3.0, 1.0),
])
def test_numbers_on_either_side(expr, primal: float, tangent: float) -> None:  # type: ignore[no-untyped-def]
    out = expr(Dual(3.0, 1.0))
    assert out.primal == pytest.approx(primal, rel=1e-15) and out.tangent == pytest.approx(tangent, rel=1e-15)


def test_nary_functions_on_duals() -> None:
    xs = [Dual(1.0, 1.0), Dual(2.0, 0.0), Dual(0.5, -2.0)]
    assert autograd.sum(xs).tangent == -1.0
    assert autograd.max(xs).primal == 2.0 and autograd.max(xs).tangent == 0.0
    assert autograd.dot(xs[:1], xs[1:2], bias=xs[2]).tangent == 1.0 * 2.0 + 0.0 * 1.0 - 2.0
    p = autograd.softmax(xs)
    assert math.fsum(q.primal for q in p) == pytest.approx(1.0, rel=1e-15)
    assert math.fsum(q.tangent for q in p) == pytest.approx(0.0, abs=1e-15)  # sum p_i = 1
    lse = autograd.logsumexp(xs)
    # d logsumexp = sum_i softmax_i dx_i
    assert lse.tangent == pytest.approx(math.fsum(q.primal * x.tangent for q, x in zip(p, xs)), rel=1e-14)
    assert [q.primal for q in autograd.log_softmax(xs)] == pytest.approx([math.log(q.primal) for q in p],
                                                                        rel=1e-14)


def test_nested_expression_matches_graph() -> None:
    """The lecture example e = (a + b)(b + 1) with tangent on b: de/db = 5."""
    a, b = Dual(2.0), Dual(1.0, 1.0)
    e = (a + b) * (b + 1)
    assert (e.primal, e.tangent) == (6.0, 5.0)


def test_errors_like_value() -> None:
    with pytest.raises(TypeError, match="str"):
        Dual("a")
    with pytest.raises(ValueError, match="log"):
        Dual(-1.0).log()
    with pytest.raises(ZeroDivisionError):
        Dual(1.0) / 0
    with pytest.raises(ValueError):
        Dual(-8.0) ** 0.5
    with pytest.raises(OverflowError, match="exp"):
        Dual(1000.0).exp()


def test_mixing_duals_and_values_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        Dual(1.0) + Value(2.0)
    with pytest.raises(TypeError):
        autograd.sum([Dual(1.0), Value(2.0)])
    with pytest.raises(TypeError):
        autograd.dot([Dual(1.0)], [Value(2.0)])
    with pytest.raises(TypeError):
        autograd.max([Dual(1.0), "a"])
