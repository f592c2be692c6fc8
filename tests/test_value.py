"""Value: attributes, operators with Python numbers on either side, comparisons, repr, n-ary
nodes, the star import, and bad input.

References: hand-computed numbers and the closed forms of the lecture's table (d(a b)/da = b,
d(a/b)/db = -a/b^2, d(a^x)/dx = ln(a) a^x ...); Python's own math for the values.
"""

from __future__ import annotations

import builtins
import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_primitives import IDS, ROWS, Row

import autograd
from autograd import Constant, Dual, Value, no_grad


def test_leaf_attributes() -> None:
    a = Value(2, label="a")
    assert a.data == 2.0 and type(a.data) is float
    assert a.grad == 0.0 and a.label == "a"
    assert a.op == "" and a.inputs == () and a.local_grads == () and a.is_leaf
    assert Value(3.5).label is None


def test_node_inputs_in_argument_order_and_local_grads_aligned() -> None:
    c, d = Value(3.0), Value(2.0)
    e = c * d
    assert e.op == "*" and e.inputs[0] is c and e.inputs[1] is d
    assert e.local_grads == (2.0, 3.0)  # (d, c)
    q = d / c
    assert q.inputs[0] is d and q.inputs[1] is c
    assert q.local_grads == pytest.approx((1 / 3.0, -2.0 / 9.0), rel=1e-15)
    assert not e.is_leaf


# (expression on x, data, d/dx, the op: the number is the primitive's parameter, not a node)
MIXED: list[tuple[str, Callable[[Any], Any], float, float, str]] = [
    ("x+2", lambda x: x + 2, 5.0, 1.0, "+2"),
    ("2+x", lambda x: 2 + x, 5.0, 1.0, "+2"),
    ("x-2", lambda x: x - 2, 1.0, 1.0, "-2"),
    ("2-x", lambda x: 2 - x, -1.0, -1.0, "2-"),
    ("x*2", lambda x: x * 2, 6.0, 2.0, "*2"),
    ("2*x", lambda x: 2 * x, 6.0, 2.0, "*2"),
    ("x/2", lambda x: x / 2, 1.5, 0.5, "/2"),
    ("2/x", lambda x: 2 / x, 2 / 3, -2 / 9, "2/"),
    ("x+0.5", lambda x: x + 0.5, 3.5, 1.0, "+0.5"),
    ("x+-1", lambda x: x + -1, 2.0, 1.0, "-1"),
]


@pytest.mark.parametrize("name,expr,data,derivative,op", MIXED, ids=[m[0] for m in MIXED])
def test_numbers_on_either_side(name: str, expr: Callable[[Any], Any], data: float, derivative: float,
                                op: str) -> None:
    """As in PyTorch and JAX a Python number is a constant, not a node: one input edge."""
    x = Value(3.0)
    y = expr(x)
    assert y.data == pytest.approx(data, rel=1e-15)
    assert y.inputs == (x,) and y.op == op
    assert y.local_grads == pytest.approx((derivative,), rel=1e-15)
    y.backward()
    assert x.grad == pytest.approx(derivative, rel=1e-15)


def test_numbers_in_n_ary_operations_become_constant_leaves() -> None:
    x = Value(3.0)
    y = autograd.dot([x, 2.0], [1.0, x])  # 3*1 + 2*3
    assert y.data == 9.0 and len(y.inputs) == 4
    assert [isinstance(v, Constant) for v in y.inputs] == [False, True, True, False]
    y.backward()
    assert x.grad == 1.0 + 2.0


def test_powers_with_numbers() -> None:
    x = Value(3.0)
    assert (x ** 2).data == 9.0 and (x ** 2).local_grads == (6.0,)  # n x^(n-1)
    y = 2 ** x  # a^x: ln(a) a^x
    assert y.data == pytest.approx(8.0, rel=1e-15)
    assert y.local_grads[0] == pytest.approx(math.log(2) * 8.0, rel=1e-15)
    assert y.inputs == (x,)


def test_in_place_add_makes_a_new_node() -> None:
    a = Value(1.0)
    b = a
    a += 1
    assert a is not b and b.data == 1.0 and a.data == 2.0 and a.inputs == (b,)
    a *= 3
    assert a.data == 6.0 and a.op == "*3"


def test_comparisons_look_at_data_and_equality_is_identity() -> None:
    a, b = Value(1.0), Value(2.0)
    assert a < b and a <= b and b > a and b >= a
    assert a < 2 and a > 0 and b >= 2.0 and not b > 2.0
    twin = Value(1.0)
    assert a == a and a != twin  # nodes hash by identity: usable as dict keys
    assert len({a: 1, twin: 2}) == 2


def test_repr_shows_data_grad_and_label() -> None:
    v = Value(2.5, label="w")
    text = repr(v)
    assert "2.5" in text and "grad=0.0" in text and "'w'" in text
    assert "label" not in repr(Value(1.0))


def test_pos_detach_item() -> None:
    x = Value(2.0)
    assert +x is x
    y = (x * x).detach()
    assert y.is_leaf and y.data == 4.0
    assert x.item() == 2.0 and type(x.item()) is float


@pytest.mark.parametrize("n", [1, 2, 5])
def test_nary_ops_are_one_node_with_n_edges(n: int) -> None:
    xs = [Value(float(i)) for i in range(n)]
    for node in (autograd.sum(xs), autograd.max(xs), autograd.logsumexp(xs)):
        assert len(node.inputs) == n and all(a is b for a, b in zip(node.inputs, xs))
        assert len(autograd.topological_order(node)) == n + 1
    dot = autograd.dot(xs, xs[::-1], bias=xs[0])
    assert len(dot.inputs) == 2 * n + 1 and len(autograd.topological_order(dot)) == n + 1
    outputs = autograd.softmax(xs)
    assert len(outputs) == n and all(len(p.inputs) == n for p in outputs)


def test_star_import_does_not_shadow_builtins() -> None:
    namespace: dict[str, Any] = {}
    exec("from autograd import *", namespace)
    for name in ("sum", "max", "min", "abs", "pow"):
        assert name not in namespace
    shadowed = [name for name in autograd.__all__ if hasattr(builtins, name)]
    assert not shadowed
    assert "Value" in namespace and "grad" in namespace


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("bad,type_name", [("a", "str"), (None, "NoneType"), ([1], "list"), ({}, "dict")])
def test_value_of_a_non_number_is_a_type_error_naming_the_type(bad: Any, type_name: str) -> None:
    with pytest.raises(TypeError, match=type_name):
        Value(bad)
    with pytest.raises(TypeError, match=type_name):
        Dual(bad)


def test_operand_of_a_wrong_type() -> None:
    with pytest.raises(TypeError):
        Value(1.0) + "a"
    with pytest.raises(TypeError):
        "a" * Value(1.0)  # type: ignore[operator]
    with pytest.raises(TypeError, match="str"):
        autograd.sum([Value(1.0), "a"])


# (expression, exception, words the message must contain: the operation and the value)
DOMAIN_ERRORS: list[tuple[str, Callable[[], Any], type[Exception], tuple[str, ...]]] = [
    ("log(0)", lambda: Value(0.0).log(), ValueError, ("log", "0.0")),
    ("log(-2)", lambda: Value(-2.0).log(), ValueError, ("log", "-2.0")),
    ("log10(-2)", lambda: Value(-2.0).log(10), ValueError, ("log", "-2.0")),
    ("log base 1", lambda: Value(2.0).log(1), ValueError, ("log", "1")),
    ("sqrt(-1)", lambda: Value(-1.0).sqrt(), ValueError, ("sqrt", "-1.0")),
    ("asin(1.5)", lambda: Value(1.5).asin(), ValueError, ("asin", "1.5")),
    ("acos(-1.5)", lambda: Value(-1.5).acos(), ValueError, ("acos", "-1.5")),
    ("0**-1", lambda: Value(0.0) ** -1, ZeroDivisionError, ("**", "0.0")),
    ("1/0", lambda: Value(1.0) / 0, ZeroDivisionError, ("div", "0.0")),
    ("1/Value(0)", lambda: 1 / Value(0.0), ZeroDivisionError, ("div", "0.0")),
    ("Value/Value(0)", lambda: Value(3.0) / Value(0.0), ZeroDivisionError, ("div", "0.0")),
    ("exp(1000)", lambda: Value(1000.0).exp(), OverflowError, ("exp", "1000")),
    ("2**2000", lambda: 2 ** Value(2000.0), OverflowError, ("2**", "2000")),
    ("(1e200)**2", lambda: Value(1e200) ** 2, OverflowError, ("**2", "1e+200")),
    ("(-8)**0.5", lambda: Value(-8.0) ** 0.5, ValueError, ("**0.5", "-8.0")),
    ("(-8)**Value(0.5)", lambda: Value(-8.0) ** Value(0.5), ValueError, ("pow", "-8.0")),
    ("(-8.0)**x", lambda: (-8.0) ** Value(0.5), ValueError, ("-8", "base")),
    ("inf-inf", lambda: Value(math.inf) - Value(math.inf), ValueError, ("-", "NaN")),
    ("0*inf", lambda: Value(0.0) * math.inf, ValueError, ("*", "NaN")),
    ("nan", lambda: Value(math.nan), ValueError, ("NaN",)),
    ("max()", lambda: autograd.max([]), ValueError, ("max",)),
]


@pytest.mark.parametrize("name,expr,error,words", DOMAIN_ERRORS, ids=[d[0] for d in DOMAIN_ERRORS])
def test_domain_errors_name_the_operation_and_the_value(
        name: str, expr: Callable[[], Any], error: type[Exception], words: tuple[str, ...]) -> None:
    with pytest.raises(error) as info:
        expr()
    for word in words:
        assert word in str(info.value), (word, str(info.value))


def test_edges_of_domains() -> None:
    """Where the value is defined but the derivative is infinite (sqrt(0), asin(+-1)), the value
    is computed, with or without no_grad (a sweep refuses the derivative: test_sweeps); 0 ** 2
    and (-2) ** 3 have finite derivatives."""
    for make, value in ((lambda: Value(0.0).sqrt(), 0.0), (lambda: Value(1.0).asin(), math.pi / 2),
                        (lambda: Value(-1.0).acos(), math.pi)):
        assert make().data == value and math.isinf(make().local_grads[0])
        with no_grad():
            assert make().data == value
    assert Value(1e-300).sqrt().data == pytest.approx(1e-150, rel=1e-15)
    assert (Value(0.0) ** 2).data == 0.0 and (Value(0.0) ** 2).local_grads == (0.0,)
    assert (Value(-2.0) ** 3).data == -8.0 and (Value(-2.0) ** 3).local_grads == (12.0,)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_finite_inputs_never_give_a_silent_nan(row: Row) -> None:
    """Any finite inputs: either an error naming the operation and an input, or a value that is
    not NaN; where a local derivative is infinite or undefined, backward is a ValueError naming
    the operation, never a NaN in .grad."""
    finite = st.floats(allow_nan=False, allow_infinity=False)
    family = row.prim.name.split("[")[0]

    @settings(max_examples=60, deadline=None)
    @given(st.tuples(*[finite for _ in row.domain]))
    def check(xs: tuple[float, ...]) -> None:
        leaves = [Value(x) for x in xs]
        try:
            node = row.op(*leaves)
        except (ValueError, ArithmeticError) as error:
            assert family in str(error) and any(repr(x) in str(error) for x in xs), str(error)
            return
        assert node.data == node.data, node.data
        try:
            node.backward()
        except (ValueError, OverflowError) as error:
            assert not all(math.isfinite(d) for d in node.local_grads) or "overflow" in str(error), str(error)
            assert all(leaf.grad == 0.0 for leaf in leaves)
            return
        assert all(leaf.grad == leaf.grad and math.isfinite(leaf.grad) for leaf in leaves)

    check()
