"""The sweeps: backward (accumulating, PyTorch semantics), reverse_sweep, forward_sweep, gradients.

References: the lecture example e = (a + b) * (b + 1) at a = 2, b = 1 computed by hand
(c = 3, d = 2, de/dc = d = 2, de/dd = c = 3, de/da = 2, de/db = 2 + 3 = 5); closed forms
(d(x^3)/dx = 3x^2 ...); the chain y <- 1.0001 y + 0.001 whose derivative is 1.0001^n; central
finite differences on random graphs.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Iterator

import pytest
from conftest import Program, finite_gradient, lecture_example, on_floats, programs
from hypothesis import given, settings

import autograd
from autograd import Value, backward, forward_sweep, gradients, path_sum, reverse_sweep, topological_order

# ----------------------------------------------------------------------------- the lecture example


def test_lecture_example_backward() -> None:
    a, b, c, d, e = lecture_example()
    e.backward()
    assert (a.grad, b.grad, c.grad, d.grad, e.grad) == (2.0, 5.0, 2.0, 3.0, 1.0)


def test_lecture_example_reverse_sweep_leaves_grad_alone() -> None:
    a, b, c, d, e = lecture_example()
    adjoint = reverse_sweep(e)
    assert set(adjoint) == set(topological_order(e))
    assert (adjoint[a], adjoint[b], adjoint[c], adjoint[d], adjoint[e]) == (2.0, 5.0, 2.0, 3.0, 1.0)
    assert all(node.grad == 0.0 for node in adjoint)


def test_lecture_example_forward_sweep_from_b() -> None:
    """Forward mode from b up: the derivative of every node with respect to b."""
    a, b, c, d, e = lecture_example()
    tangent = forward_sweep(e, wrt=b)
    assert set(tangent) == set(topological_order(e))
    assert (tangent[a], tangent[b], tangent[c], tangent[d], tangent[e]) == (0.0, 1.0, 1.0, 1.0, 5.0)
    assert forward_sweep(e, wrt=a)[e] == 2.0
    assert forward_sweep(e, wrt={a: 1.0, b: 2.0})[e] == 2.0 + 2 * 5.0  # directional derivative


def test_lecture_example_path_sum() -> None:
    a, b, _, _, e = lecture_example()
    assert path_sum(e, a) == 2.0 and path_sum(e, b) == 5.0


# ----------------------------------------------------------------------------- accumulation


@settings(max_examples=40, deadline=None)
@given(programs())
def test_backward_twice_is_exactly_twice(program: Program) -> None:
    """PyTorch semantics; micrograd issue #53: re-seeding the output must not propagate the
    first call's gradients (now sitting in shared intermediate nodes) a second time."""
    g = program(*[Value(x) for x in program.leaves])
    order = topological_order(g)
    g.backward()
    once = {node: node.grad for node in order}
    g.backward()
    assert all(node.grad == 2 * once[node] for node in order)
    g.backward()
    assert all(node.grad == 3 * once[node] for node in order)


def test_backward_seed_and_accumulation_across_outputs() -> None:
    x = Value(3.0)
    (x * x).backward(0.5)  # 0.5 * 2x
    assert x.grad == 3.0
    x.sin().backward()
    assert x.grad == pytest.approx(3.0 + math.cos(3.0), rel=1e-15)
    with pytest.raises(TypeError):
        backward(3.0)  # type: ignore[arg-type]


def test_reverse_sweep_of_several_outputs_with_seeds() -> None:
    a, b, c, d, e = lecture_example()
    adjoint = reverse_sweep([e, c], seed=[1.0, 10.0])  # d(e + 10 c)
    assert adjoint[a] == 12.0 and adjoint[b] == 15.0
    assert reverse_sweep([e, e])[a] == 4.0  # the same output twice counts twice


# ----------------------------------------------------------------------------- gradients


def test_gradients_aligned_and_zero_for_unused_inputs() -> None:
    a, b, c, d, e = lecture_example()
    unused = Value(7.0)
    result = gradients(e, [b, unused, a])
    assert result == [5.0, 0.0, 2.0] and all(type(g) is float for g in result)
    assert gradients([e, c], [a], grad_outputs=[2.0, 1.0]) == [5.0]
    assert all(node.grad == 0.0 for node in (a, b, c, d, e))
    with pytest.raises(TypeError, match="float"):
        gradients(e, [2.0])
    with pytest.raises(ValueError):
        gradients([e, c], [a], grad_outputs=[1.0])


def test_gradients_create_graph_differentiable_again() -> None:
    x, y = Value(2.0), Value(3.0)
    f = x ** 3 * y
    gx, gy = gradients(f, [x, y], create_graph=True)  # 3 x^2 y, x^3
    assert isinstance(gx, Value) and gx.data == 36.0 and gy.data == 8.0
    assert gradients(gx, [x, y]) == [36.0, 12.0]  # 6 x y, 3 x^2
    gxx, = gradients(gx, [x], create_graph=True)
    assert gradients(gxx, [x, y]) == [18.0, 12.0]  # 6 y, 6 x
    constant, = gradients(x * 2.0, [y], create_graph=True)
    assert isinstance(constant, Value) and constant.data == 0.0


def test_forward_sweep_create_graph_differentiable_again() -> None:
    x = Value(2.0)
    y = x.sin() * x
    dy = forward_sweep(y, wrt=x, create_graph=True)[y]  # cos x * x + sin x
    d2y, = gradients(dy, [x])  # -sin x * x + 2 cos x
    assert d2y == pytest.approx(-math.sin(2.0) * 2.0 + 2 * math.cos(2.0), rel=1e-14)


# ----------------------------------------------------------------------------- all the sweeps agree


@settings(max_examples=60, deadline=None)
@given(programs())
def test_sweeps_agree_with_finite_differences(program: Program) -> None:
    leaves = [Value(x) for x in program.leaves]
    y = program(*leaves)
    reverse = gradients(y, leaves)
    y.backward()
    assert [leaf.grad for leaf in leaves] == pytest.approx(reverse, rel=1e-12, abs=1e-12)
    assert [forward_sweep(y, wrt=leaf)[y] for leaf in leaves] == pytest.approx(reverse, rel=1e-9, abs=1e-9)
    numeric = finite_gradient(on_floats(program), program.leaves)
    assert reverse == pytest.approx(numeric, rel=1e-5, abs=1e-5)


# ----------------------------------------------------------------------------- a million deep


@pytest.fixture
def no_gc() -> Iterator[None]:
    """Millions of nodes: the cyclic collector has nothing to find and only costs time."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_million_deep_chain(no_gc: None) -> None:
    n = 1_000_000
    x = Value(1.0)
    y = x
    for _ in range(n):
        y = y * 1.0001 + 0.001
    y.backward()
    assert x.grad == pytest.approx(1.0001 ** n, rel=1e-9)
    # y_n = 1.0001^n x + 0.001 (1.0001^n - 1) / 0.0001, the closed form of the recursion
    assert y.data == pytest.approx(1.0001 ** n + 10 * (1.0001 ** n - 1), rel=1e-9)
    del x, y


def test_sum_node_over_many_inputs() -> None:
    xs = [Value(float(i)) for i in range(1000)]
    s = autograd.sum(x * x for x in xs)
    s.backward()
    assert [x.grad for x in xs] == [2.0 * i for i in range(1000)]


@pytest.mark.parametrize("build", [
    lambda x: x.sqrt(), lambda x: x ** 0.5, lambda x: (x + 1.0).asin(), lambda x: (1.0 - x).acos(),
])
def test_infinite_local_derivative_is_an_error_when_a_sweep_needs_it(
        build: Callable[[Value], Value]) -> None:
    """At x = 0 each of these has a finite value (computed: sqrt(0) = 0, asin(1) = π/2) but an
    infinite derivative: every sweep that needs it raises a ValueError naming the operation,
    never a silent inf or NaN; .grad is left as it was."""
    x = Value(0.0)
    y = build(x)
    assert math.isfinite(y.data)
    x.grad = 7.0
    with pytest.raises(ValueError, match="derivative with respect to input 1 is infinite"):
        y.backward()
    assert x.grad == 7.0 and y.grad == 0.0
    for sweep in (lambda: autograd.reverse_sweep(y), lambda: autograd.forward_sweep(y, x),
                  lambda: autograd.grad(build)(0.0), lambda: autograd.jvp(build, (0.0,), (1.0,)),
                  lambda: build(autograd.Dual(0.0, 1.0))):
        with pytest.raises(ValueError, match="infinite"):
            sweep()
    # a zero adjoint does not use the derivative: 0 · y adds nothing and is fine
    (y * 0.0 + x).backward()
