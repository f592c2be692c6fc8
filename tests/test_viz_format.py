"""viz.format and viz.names: compact numbers, brackets, and how nodes are named."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd as ag
from autograd import Constant, Value, topological_order
from viz.format import equation, number, operand, partial, tidy, unwrap
from viz.names import Names, expression


@pytest.mark.parametrize("x, text", [
    (2.0, "2"), (-0.0, "0"), (0.1 + 0.2, "0.3"), (3.14159265, "3.142"), (1234567.0, "1.235e6"),
    (1e-7, "1e-7"), (-2.5e-5, "-2.5e-5"), (12345.0, "1.234e4"), (math.inf, "inf"),
    (-math.inf, "-inf"), (math.nan, "nan"), (1 / 3, "0.3333"),
])
def test_number_four_significant_digits(x: float, text: str) -> None:
    assert number(x) == text


@given(st.floats(-1e300, 1e300), st.integers(1, 12))
def test_number_reads_back_within_its_digits(x: float, digits: int) -> None:
    text = number(x, digits)
    assert float(text) == pytest.approx(x, rel=10.0 ** (1 - digits), abs=1e-300)
    mantissa = text.split("e")[0].lstrip("-").replace(".", "").lstrip("0")
    assert len(mantissa) <= digits


def test_number_rejects_bad_digits() -> None:
    with pytest.raises(ValueError, match="number: digits must be an int >= 1, got 0"):
        number(1.0, 0)


@pytest.mark.parametrize("name, wrapped", [
    ("b", "b"), ("w1", "w1"), ("1.5", "1.5"), ("b+1", "(b+1)"), ("-1", "(-1)"),
    ("sin(x)", "sin(x)"), ("(a+b)", "(a+b)"), ("(a)+(b)", "((a)+(b))"), ("x**2", "(x**2)"),
])
def test_operand_brackets_compound_names(name: str, wrapped: str) -> None:
    assert operand(name) == wrapped


def test_unwrap_tidy_partial_equation() -> None:
    assert unwrap("((b+1))") == "b+1" and unwrap("(a)+(b)") == "(a)+(b)"
    assert tidy("cos((x*x))") == "cos(x*x)" and tidy("1/((a+b))²") == "1/(a+b)²"
    assert partial("e", "a+b") == "∂e/∂(a+b)"
    assert equation("∂e/∂c", "(b+1)", 2.0) == "∂e/∂c = b+1 = 2"
    assert equation("∂c/∂a", "1", 1.0) == "∂c/∂a = 1"  # not "= 1 = 1"


@pytest.mark.parametrize("op, names, text", [
    ("+", ["a", "b"], "a+b"), ("*", ["a+b", "c"], "(a+b)·c"), ("neg", ["x"], "-x"),
    ("**2", ["x"], "x²"), ("2**", ["x"], "2^x"), ("sin", ["x"], "sin(x)"),
    ("sum", ["a", "b", "c"], "sum(a, b, c)"),
    # a number beside + - * / is part of a one-input op: "+1" over b is b+1
    ("+1", ["b"], "b+1"), ("-2", ["x"], "x-2"), ("2-", ["x"], "2-x"), ("*2", ["x"], "2x"),
    ("/2", ["x"], "x/2"), ("2/", ["x"], "2/x"), ("-2-", ["x"], "-2-x"), ("-0.5/", ["x"], "-0.5/x"),
    ("**-1", ["x"], "x⁻¹"), ("+1", ["a+b"], "(a+b)+1"), ("2-", ["b+1"], "2-(b+1)"),
])
def test_expression(op: str, names: list[str], text: str) -> None:
    assert expression(op, names) == text


def test_names_follow_the_documented_order() -> None:
    a, b = Value(2.0, label="a"), Value(1.0)
    v1 = Value(0.0, label="v1")  # a user label the generator must skip
    c = a + 1          # small expression over a label: one node "+1", the 1 is no node
    d = c * b          # an input without a label -> generated
    e = d + v1         # the output, unlabelled -> "y"
    names = Names(topological_order(e), e)
    assert c.inputs == (a,) and [names[n] for n in (a, c)] == ["a", "a+1"]
    assert names[b] == "v2" and names[d] == "v3"  # v1 is taken by the user
    assert names[e] == "y" and names.headline(e) == "y = v3+v1"
    assert names.headline(c) == "a+1" and names.symbol(d, 0) == "v2" and names.symbol(c, 0) == "1"


def test_constants_of_nary_operations_are_named_by_their_number() -> None:
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    s = ag.sum([a, 1.0])   # a number given to an n-ary operation is a Constant leaf
    t = s * b              # s is a small expression over a label and a constant
    t.label = "t"
    names = Names(topological_order(t), t)
    one = s.inputs[1]
    assert isinstance(one, Constant) and names[one] == "1" and names.headline(one) == "1"
    assert names[s] == "sum(a, 1)" and names.is_expression(s)
    assert names.headline(t) == "t = sum(a, 1)·b" and names.symbol(t, 1) == "sum(a, 1)"
    assert names.symbol(s, 1) == "1"


def test_math_notation_and_factors() -> None:
    from viz.format import factor, math_text
    assert [math_text(t) for t in ("2·x^1", "-1·x^-2", "x**2", "c*d", "1e+12", "x**0.5")] == [
        "2x", "-x⁻²", "x²", "c·d", "1e12", "x^0.5"]
    assert factor(-1.5) == "(-1.5)" and factor(2.0) == "2"
