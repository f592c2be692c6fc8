"""The one-input functions autograd.exp(x) ... on floats, Values and Duals: the same value as
Python's math (independent reference) and the same node / tangent as the Value methods."""

from __future__ import annotations

import math

import pytest

import autograd as ag
from autograd import Dual, Value

CASES = [  # name, math reference for the value, its derivative (the lecture's table), a point
    ("exp", math.exp, math.exp, 0.7),
    ("log", math.log, lambda x: 1 / x, 2.5),
    ("sqrt", math.sqrt, lambda x: 0.5 / math.sqrt(x), 2.0),
    ("sin", math.sin, math.cos, 0.3),
    ("cos", math.cos, lambda x: -math.sin(x), 0.3),
    ("tan", math.tan, lambda x: 1 / math.cos(x) ** 2, 0.3),
    ("asin", math.asin, lambda x: 1 / math.sqrt(1 - x * x), 0.4),
    ("acos", math.acos, lambda x: -1 / math.sqrt(1 - x * x), 0.4),
    ("atan", math.atan, lambda x: 1 / (1 + x * x), 0.4),
    ("tanh", math.tanh, lambda x: 1 - math.tanh(x) ** 2, 0.4),
    ("sigmoid", lambda x: 1 / (1 + math.exp(-x)), lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2, 0.4),
    ("relu", lambda x: max(x, 0.0), lambda x: 1.0 if x > 0 else 0.0, -0.4),
    ("softplus", lambda x: math.log1p(math.exp(x)), lambda x: 1 / (1 + math.exp(-x)), 0.4),
    ("step", lambda x: 1.0 if x >= 0 else 0.0, lambda x: 0.0, 0.4),
]


@pytest.mark.parametrize("name,value,derivative,x", CASES, ids=[c[0] for c in CASES])
def test_function_on_float_value_and_dual(name, value, derivative, x) -> None:
    function = getattr(ag, name)
    assert function(x) == pytest.approx(value(x), rel=1e-14)
    node = function(Value(x))
    method = getattr(Value(x), name)()
    assert (node.op, node.data, node.local_grads) == (method.op, method.data, method.local_grads)
    assert node.local_grads[0] == pytest.approx(derivative(x), rel=1e-12, abs=1e-300)
    dual = function(Dual(x, 1.0))
    assert dual.tangent == pytest.approx(derivative(x), rel=1e-12, abs=1e-300)


def test_log_base_and_leaky_relu_functions() -> None:
    assert ag.log(8.0, 2) == pytest.approx(3.0, rel=1e-15)
    assert ag.log(Value(8.0), 2).local_grads[0] == pytest.approx(1 / (8 * math.log(2)), rel=1e-14)
    assert ag.leaky_relu(-2.0, 0.1) == pytest.approx(-0.2)
    assert ag.leaky_relu(Dual(-2.0, 1.0), 0.1).tangent == pytest.approx(0.1)


def test_functions_let_non_differentiated_arguments_be_floats() -> None:
    """grad passes arguments outside argnums through unchanged (as JAX does): the function
    forms work on them where a method call would not."""
    f = lambda x, c: ag.exp(c) * x ** 2  # noqa: E731
    assert ag.grad(f)(3.0, 1.0) == pytest.approx(2 * 3.0 * math.e, rel=1e-14)
    assert ag.grad(f, argnums=1)(3.0, 1.0) == pytest.approx(9.0 * math.e, rel=1e-14)


def test_star_import_shadows_neither_builtins_nor_math() -> None:
    namespace: dict[str, object] = {}
    exec("from autograd import *", namespace)
    for name in ("sum", "max", "exp", "log", "sqrt", "sin"):
        assert name not in namespace
