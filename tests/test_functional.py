"""The functional API with JAX semantics: grad, value_and_grad, jvp, vjp, jacfwd, jacrev, hessian.

References: closed forms (derivatives of x^3 sin x to third order, Hessians of polynomials,
Jacobians of small maps written out by hand), the perturbation-confusion examples of Siskind &
Pearlmutter (grad(lambda x: x * grad(lambda y: x + y)(1))(2) == 1), the identity
u . (J v) == (J^T u) . v, and central finite differences, on random expression graphs.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from conftest import Program, central_difference, finite_gradient, on_floats, programs
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, grad, gradients, hessian, jacfwd, jacrev, jvp, value_and_grad, vjp

JACOBIANS = [jacfwd, jacrev]


def x3_sin(x: Any) -> Any:
    return x ** 3 * x.sin()


def x3_sin_derivatives(x: float) -> list[float]:
    """f = x^3 sin x and its first three derivatives by the product rule."""
    s, c = math.sin(x), math.cos(x)
    return [x ** 3 * s,
            3 * x ** 2 * s + x ** 3 * c,
            6 * x * s + 6 * x ** 2 * c - x ** 3 * s,
            6 * s + 18 * x * c - 9 * x ** 2 * s - x ** 3 * c]


def is_float_tree(tree: Any) -> bool:
    if isinstance(tree, (list, tuple)):
        return all(is_float_tree(t) for t in tree)
    return type(tree) is float


@pytest.mark.parametrize("x", [-1.3, 0.7, 2.0])
def test_nested_grad_to_third_order(x: float) -> None:
    f, d1, d2, d3 = x3_sin_derivatives(x)
    assert grad(x3_sin)(x) == pytest.approx(d1, rel=1e-12)
    assert grad(grad(x3_sin))(x) == pytest.approx(d2, rel=1e-12)
    assert grad(grad(grad(x3_sin)))(x) == pytest.approx(d3, rel=1e-12)
    assert value_and_grad(x3_sin)(x) == pytest.approx((f, d1), rel=1e-12)
    assert is_float_tree(grad(grad(grad(x3_sin)))(x))


def test_argnums_int_and_tuple() -> None:
    def f(a: Any, b: Any, c: Any) -> Any:
        return a * b ** 2 + c * c  # operators only: an argument not in argnums stays a float

    assert grad(f)(2.0, 3.0, 1.0) == 9.0
    assert grad(f, argnums=1)(2.0, 3.0, 1.0) == 12.0
    assert grad(f, argnums=(0, 2))(2.0, 3.0, 1.0) == (9.0, 2.0)
    assert grad(f, argnums=(2,))(2.0, 3.0, 1.0) == (2.0,)
    assert grad(f, argnums=-1)(2.0, 3.0, 1.0) == 2.0
    assert value_and_grad(f, argnums=(0, 1))(2.0, 3.0, 1.0) == (19.0, (9.0, 12.0))
    with pytest.raises(ValueError, match="argnums"):
        grad(f, argnums=5)(2.0, 3.0, 1.0)


def test_nested_list_arguments_keep_their_structure() -> None:
    def f(params: Any, x: Any) -> Any:
        (w1, w2), (b,) = params
        return (w1 * x + w2 * x ** 2 + b).tanh()

    params = [[0.5, -0.25], [0.1]]
    g = grad(f)(params, 2.0)
    z = 0.5 * 2 - 0.25 * 4 + 0.1
    sech2 = 1 / math.cosh(z) ** 2
    assert isinstance(g, list) and isinstance(g[0], list) and len(g[0]) == 2 and len(g[1]) == 1
    assert g == [[pytest.approx(2 * sech2, rel=1e-14), pytest.approx(4 * sech2, rel=1e-14)],
                 [pytest.approx(sech2, rel=1e-14)]]
    assert is_float_tree(g)
    tuple_args = grad(lambda t: t[0] * t[1])((2.0, 3.0))
    assert tuple_args == (3.0, 2.0) and isinstance(tuple_args, tuple)


def polar(v: Any) -> list[Any]:
    """(r, theta) -> (r cos theta, r sin theta, r^2): J = [[cos, -r sin], [sin, r cos], [2r, 0]]."""
    r, theta = v
    return [r * theta.cos(), r * theta.sin(), r * r]


@pytest.mark.parametrize("jacobian", JACOBIANS)
def test_jacobian_layout_m_lists_of_n(jacobian: Any) -> None:
    r, t = 2.0, 0.3
    J = jacobian(polar)([r, t])
    expected = [[math.cos(t), -r * math.sin(t)], [math.sin(t), r * math.cos(t)], [2 * r, 0.0]]
    assert len(J) == 3 and all(len(row) == 2 for row in J)
    assert [pytest.approx(row, rel=1e-15) for row in expected] == J
    assert is_float_tree(J)


@pytest.mark.parametrize("jacobian", JACOBIANS)
def test_jacobian_with_argnums_tuple(jacobian: Any) -> None:
    J = jacobian(lambda a, b: [a * b, a + b], argnums=(0, 1))(2.0, 3.0)
    assert J == ([3.0, 1.0], [2.0, 1.0])  # one Jacobian per argument, output structure outside


def test_hessian_closed_form() -> None:
    def f(v: Any) -> Any:
        x, y = v
        return x ** 2 * y ** 3 + x.sin() * y

    x, y = 0.4, 1.5
    H = hessian(f)([x, y])
    expected = [[2 * y ** 3 - math.sin(x) * y, 6 * x * y ** 2 + math.cos(x)],
                [6 * x * y ** 2 + math.cos(x), 6 * x ** 2 * y]]
    assert [pytest.approx(row, rel=1e-13) for row in expected] == H
    assert hessian(lambda x: x ** 3)(2.0) == 12.0


def test_hessian_with_argnums_tuple_is_blocks() -> None:
    """f = x^2 y^3: ((f_xx, f_xy), (f_yx, f_yy)) = ((2y^3, 6xy^2), (6xy^2, 6x^2 y)), JAX's layout."""
    x, y = 2.0, 3.0
    H = hessian(lambda a, b: a * a * b ** 3, argnums=(0, 1))(x, y)
    assert ((2 * y ** 3, 6 * x * y ** 2), (6 * x * y ** 2, 6 * x * x * y)) == H


@pytest.mark.parametrize("jacobian", JACOBIANS)
def test_jacobian_of_nested_input_keeps_its_structure(jacobian: Any) -> None:
    J = jacobian(lambda p: [p[0][0] * p[0][1], p[0][0]])([[2.0, 3.0]])
    assert J == [[[3.0, 2.0]], [[1.0, 0.0]]]  # per output, the input's structure
    assert jacobian(lambda x: x * x)(3.0) == 6.0 and jacobian(lambda x: [x * x])(3.0) == [6.0]


def test_perturbation_confusion() -> None:
    assert grad(lambda x: x * grad(lambda y: x + y)(1.0))(2.0) == 1.0
    assert grad(lambda x: grad(lambda y: x * y)(x))(2.0) == 1.0
    # d/dx [x * d/dy (x y)] = d/dx x^2 = 2x
    assert grad(lambda x: x * grad(lambda y: x * y)(3.0))(2.0) == 4.0


def test_jvp_and_vjp_closed_form() -> None:
    out, tangent = jvp(lambda x, y: x * y.sin(), (2.0, 0.5), (1.0, 0.0))
    assert (out, tangent) == pytest.approx((2 * math.sin(0.5), math.sin(0.5)), rel=1e-15)
    out, tangent = jvp(lambda p: p[0][0] * p[0][1], ([[2.0, 3.0]],), ([[1.0, 0.5]],))
    assert (out, tangent) == (6.0, 3.0 + 0.5 * 2.0)
    out, pullback = vjp(polar, [2.0, 0.3])
    (cotangent,) = pullback([1.0, 0.0, 1.0])
    assert cotangent == pytest.approx([math.cos(0.3) + 4.0, -2 * math.sin(0.3)], rel=1e-14)
    assert is_float_tree(out) and is_float_tree(cotangent)
    with pytest.raises(TypeError, match="cotangent must have the structure"):
        pullback([1.0])  # a structure that is not the output's: TypeError, as JAX


def test_functions_that_ignore_their_input() -> None:
    assert grad(lambda x: 3.0)(1.0) == 0.0
    assert grad(lambda x, y: y * 2, argnums=0)(1.0, 2.0) == 0.0
    assert jacfwd(lambda v: [v[0], 1.0])([5.0, 6.0]) == [[1.0, 0.0], [0.0, 0.0]]


def test_grad_rejects_vector_output_and_bad_arguments() -> None:
    with pytest.raises(TypeError, match="jacrev"):
        grad(lambda v: [v[0], v[1]])([1.0, 2.0])
    with pytest.raises(TypeError, match="str"):
        grad(lambda x: x)("a")


# ----------------------------------------------------------------------------- random functions


def dot(u: list[float], v: list[float]) -> float:
    return math.fsum(a * b for a, b in zip(u, v))


@settings(max_examples=50, deadline=None)
@given(programs(n_outputs=3), st.data())
def test_jvp_vjp_consistent_and_jacobians_agree(program: Program, data: Any) -> None:
    def f(xs: list[Any]) -> list[Any]:
        return program.vector(*xs)

    n, m = len(program.leaves), len(program.outputs)
    unit = st.floats(-1.0, 1.0)
    v = data.draw(st.lists(unit, min_size=n, max_size=n))
    u = data.draw(st.lists(unit, min_size=m, max_size=m))
    _, Jv = jvp(f, (program.leaves,), (v,))
    _, pullback = vjp(f, program.leaves)
    (JTu,) = pullback(u)
    assert dot(u, Jv) == pytest.approx(dot(JTu, v), rel=1e-9, abs=1e-9)
    forward, reverse = jacfwd(f)(program.leaves), jacrev(f)(program.leaves)
    assert len(forward) == m and all(len(row) == n for row in forward)
    for row_f, row_r in zip(forward, reverse):
        assert row_f == pytest.approx(row_r, rel=1e-9, abs=1e-9)
    assert Jv == pytest.approx([dot(row, v) for row in forward], rel=1e-9, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(programs(max_steps=6))
def test_gradient_and_hessian_against_finite_differences(program: Program) -> None:
    xs = program.leaves

    def f(v: list[Any]) -> Any:
        return program(*v)

    g = grad(f)(xs)
    assert g == pytest.approx(finite_gradient(on_floats(program), xs), rel=1e-5, abs=1e-5)
    H = hessian(f)(xs)
    for i in range(len(xs)):
        assert H[i] == pytest.approx([H[j][i] for j in range(len(xs))], rel=1e-9, abs=1e-9)
        column = central_difference(lambda *ys, i=i: grad(f)(list(ys))[i], xs, i, h=1e-5)
        assert H[i][i] == pytest.approx(column, rel=1e-4, abs=1e-4)


def test_on_values_results_are_values_connected_to_the_graph() -> None:
    """Called on a Value, grad gives a Value that the outer sweep can differentiate."""
    x = Value(2.0)
    g = grad(lambda y: y ** 3)(x)  # 3 x^2
    assert isinstance(g, Value) and g.data == 12.0
    assert gradients(g, [x]) == [12.0]  # 6 x
