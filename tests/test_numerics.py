"""Numerically delicate primitives at large |x|: finite values accurate to 1e-12 relative.

Reference: the closed forms evaluated in Python's ``decimal`` at 500 digits (enough for
1 + e^-1000) (sigma(x) =
1/(1+e^-x), tanh x = (e^2x - 1)/(e^2x + 1), softplus x = ln(1+e^x), logsumexp = ln sum e^x_i,
softmax, log_softmax), rounded once to float; and hand values (softplus(1000) = 1000,
logsumexp([1000, 1000]) = 1000 + ln 2).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import Decimal, localcontext
from typing import Any

import pytest

import autograd
from autograd import Value

XS = [-1000.0, -745.0, -100.0, -40.0, -20.0, -1.0, 0.0, 1e-10, 1.0, 20.0, 40.0, 100.0, 745.0, 1000.0]
REL = 1e-12


def precise(f: Callable[..., Decimal], *xs: float) -> float:
    """f on Decimals at 500 significant digits, rounded to the nearest float."""
    with localcontext() as ctx:
        ctx.prec = 500
        return float(f(*[Decimal(x) for x in xs]))


def d_sigmoid(x: Decimal) -> Decimal:
    return 1 / (1 + (-x).exp())


def d_tanh(x: Decimal) -> Decimal:
    e = (2 * x).exp()
    return (e - 1) / (e + 1)


def d_softplus(x: Decimal) -> Decimal:
    return (1 + x.exp()).ln()


def d_logsumexp(*xs: Decimal) -> Decimal:
    return sum(x.exp() for x in xs).ln()


def d_softmax(i: int) -> Callable[..., Decimal]:
    return lambda *xs: xs[i].exp() / sum(x.exp() for x in xs)


def d_log_softmax(i: int) -> Callable[..., Decimal]:
    return lambda *xs: xs[i] - d_logsumexp(*xs)


def relative(expected: float, rel: float = REL) -> Any:
    """expected to a relative tolerance only (pytest.approx alone would accept 0 for 1e-17)."""
    return pytest.approx(expected, rel=rel, abs=0.0)


def assert_accurate(actual: float, expected: float) -> None:
    assert math.isfinite(actual) and actual == relative(expected)


@pytest.mark.parametrize("x", XS)
@pytest.mark.parametrize("method,reference", [("sigmoid", d_sigmoid), ("tanh", d_tanh),
                                              ("softplus", d_softplus)])
def test_activations_accurate(method: str, reference: Callable[[Decimal], Decimal], x: float) -> None:
    assert_accurate(getattr(Value(x), method)().data, precise(reference, x))


VECTORS = [[1000.0, 1000.0], [-1000.0, -1000.0], [1000.0, 0.0, -1000.0], [0.0, 1e-9, -1e-9],
           [40.0, 0.0], [-40.0, 0.0, 3.0], [700.0, 710.0, 720.0], [1.0, 2.0, 3.0, 4.0]]


@pytest.mark.parametrize("xs", VECTORS, ids=str)
def test_logsumexp_softmax_log_softmax_accurate(xs: list[float]) -> None:
    values = [Value(x) for x in xs]
    assert_accurate(autograd.logsumexp(values).data, precise(d_logsumexp, *xs))
    for i, (p, lp) in enumerate(zip(autograd.softmax(values), autograd.log_softmax(values))):
        assert_accurate(p.data, precise(d_softmax(i), *xs))
        assert_accurate(lp.data, precise(d_log_softmax(i), *xs))


def test_hand_values() -> None:
    assert Value(1000.0).softplus().data == 1000.0
    assert Value(-1000.0).softplus().data == 0.0
    assert autograd.logsumexp([Value(1000.0), Value(1000.0)]).data == relative(1000 + math.log(2))
    assert Value(1000.0).sigmoid().data == 1.0 and Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).tanh().data == 1.0 and Value(-1000.0).tanh().data == -1.0


def grads(f: Callable[[list[Value]], Any], xs: Sequence[float]) -> list[float]:
    leaves = [Value(x) for x in xs]
    f(leaves).backward()
    return [leaf.grad for leaf in leaves]


@pytest.mark.parametrize("x", [-1000.0, 1000.0])
def test_activation_gradients_at_1000(x: float) -> None:
    """sigma'(+-1000) = e^-1000 (0 in floats), tanh' = 4 e^-2000 (0), softplus' = sigma."""
    assert grads(lambda v: v[0].sigmoid(), [x]) == [0.0]
    assert grads(lambda v: v[0].tanh(), [x]) == [0.0]
    assert grads(lambda v: v[0].softplus(), [x]) == [1.0 if x > 0 else 0.0]


def test_nary_gradients_at_1000() -> None:
    """d logsumexp/dx = softmax: [1/2, 1/2] for equal inputs, [1, 0, 0] one input far ahead."""
    assert grads(autograd.logsumexp, [1000.0, 1000.0]) == relative([0.5, 0.5])
    assert grads(autograd.logsumexp, [-1000.0, -1000.0]) == relative([0.5, 0.5])
    assert grads(autograd.logsumexp, [1000.0, 0.0, -1000.0]) == [1.0, 0.0, 0.0]
    # d log_softmax_1 / dx_j = 1{j=1} - p_j; d softmax_0 / dx_j = p_0 (1{j=0} - p_j)
    assert grads(lambda v: autograd.log_softmax(v)[1], [1000.0, 1000.0]) == relative([-0.5, 0.5])
    assert grads(lambda v: autograd.softmax(v)[0], [1000.0, 1000.0]) == relative([0.25, -0.25])
    assert grads(lambda v: autograd.softmax(v)[0], [-1000.0, 1000.0]) == [0.0, 0.0]


@pytest.mark.parametrize("x", [-30.0, -5.0, 0.5, 5.0])
def test_moderate_gradients_accurate(x: float) -> None:
    """Where no cancellation is forced by float rounding: sigma'(x) = sigma(x) sigma(-x),
    softplus'(x) = sigma(x), tanh'(x) = 1/cosh^2 x."""
    sigma = precise(d_sigmoid, x)
    assert grads(lambda v: v[0].softplus(), [x]) == [relative(sigma)]
    if x < 1.0:  # 1 - sigma(x) is exact enough for x < 1 (sigma(x) <= 0.73)
        assert grads(lambda v: v[0].sigmoid(), [x]) == [relative(sigma * precise(d_sigmoid, -x))]
    if abs(x) < 1.0:
        assert grads(lambda v: v[0].tanh(), [x]) == [relative(1 / math.cosh(x) ** 2, rel=1e-14)]


@pytest.mark.parametrize("method,reference", [
    ("sigmoid", lambda x: precise(d_sigmoid, x) * precise(d_sigmoid, -x)),
    ("tanh", lambda x: 1 / math.cosh(x) ** 2),
])
def test_tail_gradients_relative_accuracy(method: str, reference: Callable[[float], float]) -> None:
    assert grads(lambda v: getattr(v[0], method)(), [40.0]) == [relative(reference(40.0), rel=1e-9)]
