"""``ag.compile``: generated Python computes what the interpreted engine computes.

Reference: the interpreted engine itself (f on Values, ``ag.value_and_grad``, ``ag.grad`` of
``ag.grad``), for every entry of the table (``test_primitives.ROWS``, which covers the table)
and on random expression graphs (``conftest.programs``), to 1e-12, first and second order; and
its errors, which the compiled code must raise identically.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import pytest
from conftest import programs
from hypothesis import given, settings
from hypothesis import strategies as st
from test_primitives import ROWS, Row, fixed_points

import autograd as ag
from autograd import Value


def close(got: Any, want: Any) -> bool:
    """Equal structures whose numbers agree to 1e-12 (relative, or absolute near 0)."""
    if isinstance(want, (list, tuple)):
        return type(got) is type(want) and len(got) == len(want) and all(
            close(g, w) for g, w in zip(got, want))
    return isinstance(got, float) and math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-12)


def on_values(f: Any) -> Any:
    """f on fresh Values of floats, its outputs as floats: the interpreted forward pass."""
    def run(*xs: float) -> Any:
        out = f(*[Value(x) for x in xs])
        return [o.data for o in out] if isinstance(out, list) else out.data
    return run


def composite(row: Row) -> Any:
    """The entry inside a small graph: its output read twice and every input used again."""
    def g(*xs: Any) -> Any:
        y = row.op(*xs)
        return y * xs[0] + y + ag.sum(list(xs)) * 0.5
    return g


def second_order(g: Any, n: int) -> Any:
    """x -> sum_i ∂g/∂x_i: its gradient is a row sum of g's Hessian (reverse over reverse)."""
    def h(*xs: Any) -> Any:
        return ag.sum(list(ag.grad(g, argnums=tuple(range(n)))(*xs)))
    return h


def check_all_orders(g: Any, xs: tuple[float, ...]) -> None:
    n = len(xs)
    every = tuple(range(n))
    assert close(ag.compile(g)(*xs), on_values(g)(*xs))
    assert close(ag.compile(ag.value_and_grad(g, every))(*xs), ag.value_and_grad(g, every)(*xs))
    h = second_order(g, n)
    assert close(ag.compile(ag.value_and_grad(h, every))(*xs), ag.value_and_grad(h, every)(*xs))


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_every_table_entry_compiles_to_the_interpreted_values_first_and_second_order(row: Row) -> None:
    for xs in fixed_points(row):
        check_all_orders(composite(row), xs)


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_every_table_entry_at_random_points(row: Row, data: Any) -> None:
    xs = data.draw(st.tuples(*[st.floats(lo, hi) for lo, hi in row.domain]).filter(
        lambda xs: not row.kink(*xs)))
    check_all_orders(composite(row), xs)


@settings(max_examples=80, deadline=None)
@given(programs(max_leaves=3, max_steps=10))
def test_random_graphs_compile_to_the_interpreted_values_first_and_second_order(program: Any) -> None:
    check_all_orders(program, tuple(program.leaves))


@settings(max_examples=30, deadline=None)
@given(programs(max_leaves=3, max_steps=8, n_outputs=3))
def test_vector_outputs_and_their_jacobians(program: Any) -> None:
    xs = tuple(program.leaves)
    every = tuple(range(len(xs)))
    assert close(ag.compile(program.vector)(*xs), on_values(program.vector)(*xs))
    assert close(ag.compile(ag.jacrev(program.vector, every))(*xs), ag.jacrev(program.vector, every)(*xs))
    assert close(ag.compile(ag.jacfwd(program.vector, every))(*xs), ag.jacfwd(program.vector, every)(*xs))


def test_hessian_of_a_list_argument() -> None:
    def f(x: Any) -> Any:
        return x[0] * x[1].sin() + x[1] ** 3 + (x[0] * x[2]).relu()

    x = [0.7, -1.3, 2.0]
    assert close(ag.compile(ag.hessian(f))(x), ag.hessian(f)(x))


def lecture(a: Any, b: Any) -> Any:
    c = a + b
    d = b + 1
    return c * d


def test_the_lecture_example_compiles_with_its_names() -> None:
    f = ag.compile(lecture)
    assert f(2.0, 1.0) == 6.0
    assert f.source.startswith("def lecture(a, b):\n")
    assert str(f.program) == str(ag.trace(lecture, 2.0, 1.0))
    vg = ag.compile(ag.value_and_grad(lecture, argnums=(0, 1)))
    assert vg(2.0, 1.0) == (6.0, (2.0, 5.0))
    assert vg(3.0, -2.0) == ag.value_and_grad(lecture, argnums=(0, 1))(3.0, -2.0)


def test_no_value_objects_at_run_time() -> None:
    vg = ag.compile(ag.value_and_grad(lambda w, x: (ag.dot(w, x).tanh() * w[0]).relu()))
    vg([0.3, -0.2], [1.0, 2.0])
    assert "Value" not in vg.source
    called: set[str] = set()

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "call":
            called.add(frame.f_code.co_filename)

    sys.setprofile(profile)
    try:
        got = vg([0.5, -0.1], [1.0, 2.0])
    finally:
        sys.setprofile(None)
    want = ag.value_and_grad(lambda w, x: (ag.dot(w, x).tanh() * w[0]).relu())([0.5, -0.1], [1.0, 2.0])
    assert close(got, want)
    # the generated code, floatmath's functions and the table's domain checks; no node, no sweep
    engine = {name.rsplit("/", 1)[-1] for name in called if "/autograd/" in name}
    assert engine <= {"compiler.py", "floatmath.py", "primitive.py"}, engine


def test_a_new_argument_structure_traces_again() -> None:
    f = ag.compile(lambda xs: ag.sum([x * x for x in xs]))
    assert f([1.0, 2.0]) == 5.0 and f.traces == 1
    assert f([3.0, 4.0]) == 25.0 and f.traces == 1  # same lengths: the same program
    assert f([1.0, 2.0, 3.0]) == 14.0 and f.traces == 2  # a new length: traced again
    assert f([1.0, 2.0]) == 5.0 and f.traces == 2  # both programs are kept
    assert f([1, 2]) == 5.0 and f.traces == 2  # ints are numbers of the same structure
    assert f((1.0, 2.0)) == 5.0 and f.traces == 3  # a tuple is another structure


def test_the_fast_path_of_a_call_sees_every_change_of_structure_or_leaf_type() -> None:
    """A call whose arguments match the latest trace (floats, flat float lists) skips building
    the structure's key; anything else in a list (an int, a bool, a Value, a list) still takes
    the full check: ints are converted, bools refused, Values run on the engine."""
    f = ag.compile(lambda w, xs, c: ag.dot(w, xs) * c)
    w, xs = [1.0, 2.0], [3.0, 4.0]
    assert f(w, xs, 2.0) == 22.0 and f.traces == 1 and f.fast is not None
    assert f([1.0, 2.0], [5.0, 6.0], 0.5) == 8.5 and f.traces == 1
    assert f([1.0, 2.0], [5.0, 6], 0.5) == 8.5 and f.traces == 1  # an int: as 6.0
    assert f([1.0, 2.0], [5.0, 6.0], 1) == 17.0 and f.traces == 1
    with pytest.raises(TypeError, match="numbers, \\(nested\\) lists"):
        f([1.0, 2.0], [5.0, True], 0.5)
    a = Value(5.0)
    out = f([1.0, 2.0], [a, 6.0], 0.5)  # a graph node: f on the engine, differentiable
    assert isinstance(out, Value) and out.data == 8.5 and f.traces == 1
    assert f([1.0, 2.0, 3.0], [1.0, 1.0, 1.0], 1.0) == 6.0 and f.traces == 2  # a new length
    with pytest.raises(ValueError, match="3 weights but 2 inputs"):
        f([1.0, 2.0, 3.0], [1.0, 1.0], 1.0)  # f's own error, from tracing it


def test_python_control_flow_is_fixed_when_traced() -> None:
    def f(x: Any) -> Any:
        return x * 2 if x > 0 else -x  # a comparison of Values is read once, at trace time

    compiled = ag.compile(f)
    assert compiled(3.0) == 6.0
    assert compiled(-1.0) == -2.0  # the branch traced at x = 3, as jax.jit would (it refuses)


def test_closed_over_values_are_read_at_every_call() -> None:
    w = Value(2.0, label="w")
    f = ag.compile(lambda x: w * x)
    assert f(3.0) == 6.0
    w.data = 5.0
    assert f(3.0) == 15.0
    assert "w = _leaf_w.data" in f.source


def test_arguments_by_keyword_and_bad_arguments() -> None:
    f = ag.compile(lecture)
    assert f(2.0, b=1.0) == 6.0
    with pytest.raises(TypeError, match="numbers, \\(nested\\) lists"):
        f("2", 1.0)


def test_a_compiled_function_inside_a_transform_runs_on_the_engine() -> None:
    f = ag.compile(lecture)
    assert ag.grad(f, argnums=(0, 1))(2.0, 1.0) == (2.0, 5.0)
    assert f(Value(2.0), Value(1.0)).data == 6.0 and f.traces == 0


ERRORS = [  # (case, f, a point where f is defined, a point where it is not)
    ("sqrt of a negative", lambda x: x.sqrt(), 0.5, -1.0),
    ("log of a negative", lambda x: x.log(), 0.5, -1.0),
    ("1/x at 0", lambda x: 1.0 / x, 0.5, 0.0),
    ("a/b with b = 0", lambda x: x / (x - 1.0), 0.5, 1.0),
    ("exp overflow", lambda x: (x * 1000.0).exp(), 0.5, 1.0),
    ("asin outside [-1, 1]", lambda x: x.asin(), 0.5, 2.0),
    ("overflow (inf - inf would be NaN)",
     lambda x: (x * 1e307 + x * 1e307) - (x * 1e307 + x * 1e307), 0.5, 100.0),
    ("negative base, fractional power", lambda x: (x - 2.0) ** 0.5, 3.0, 1.0),
    ("pow with a node exponent and base <= 0", lambda x: x ** (x + 0.5), 0.5, -1.0),
]


@pytest.mark.parametrize("name, f, good, bad", ERRORS, ids=[e[0] for e in ERRORS])
def test_compiled_code_raises_the_interpreted_engines_errors(name: str, f: Any, good: float,
                                                             bad: float) -> None:
    for transform in (lambda g: g, ag.value_and_grad):
        with pytest.raises((ArithmeticError, ValueError)) as want:
            transform(f)(Value(bad)) if transform is not ag.value_and_grad else transform(f)(bad)
        compiled = ag.compile(transform(f))
        compiled.trace((good,))  # traced where f is defined, then called where it is not
        with pytest.raises(type(want.value)) as got:
            compiled(bad)
        assert str(got.value) == str(want.value)


def test_an_infinite_derivative_is_refused_by_compiled_gradients_as_by_the_engine() -> None:
    """sqrt(0) = 0 exists, its derivative does not: the value compiles and runs at 0, the
    gradient raises the engine's error there."""
    f = lambda x: x.sqrt() * 2.0  # noqa: E731
    assert ag.compile(f)(0.0) == 0.0
    with pytest.raises(ValueError) as want:
        ag.value_and_grad(f)(0.0)
    compiled = ag.compile(ag.value_and_grad(f))
    compiled.trace((0.5,))
    with pytest.raises(ValueError) as got:
        compiled(0.0)
    assert str(got.value) == str(want.value) and "infinite" in str(got.value)


def test_a_users_primitive_compiles_from_its_rule() -> None:
    cube = ag.defprimitive("cube_for_compile", lambda m, x: (x * x * x, (3.0 * x * x,)))
    f = lambda x: cube(x.sin()) * x  # noqa: E731
    assert close(ag.compile(f)(0.7), on_values(f)(0.7))
    assert close(ag.compile(ag.value_and_grad(f))(0.7), ag.value_and_grad(f)(0.7))
    assert close(ag.compile(ag.grad(ag.grad(f)))(0.7), ag.grad(ag.grad(f))(0.7))
