"""JAX's transforms on functions of Tensors (``autograd.grad``, ``jvp``, ``vjp``, ``jacfwd``,
``jacrev`` given arrays or Tensors): forward and reverse mode agree with each other
(u . (J v) = (J^T u) . v on random programs) and with central differences; closed forms for
simple gradients; shapes, structures and errors as JAX's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Tensor, concatenate, grad, jacfwd, jacrev, jvp, no_grad, stack, value_and_grad, vjp

RNG = np.random.default_rng(3)


def numeric_jacobian(f: Callable[[Tensor], Tensor], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """d f / d x by central differences, shape f(x).shape + x.shape."""
    def at(a: np.ndarray) -> np.ndarray:
        with no_grad():
            return f(Tensor(a)).data

    y = at(x)
    J = np.zeros(y.shape + x.shape)
    for k in range(x.size):
        e = np.zeros(x.size)
        e[k] = h
        J.reshape(y.size, x.size)[:, k] = ((at(x + e.reshape(x.shape)) - at(x - e.reshape(x.shape)))
                                          / (2 * h)).reshape(-1)
    return J


# ----------------------------------------------------------------------------- random programs

UNARY: list[Callable[[Tensor], Tensor]] = [
    Tensor.tanh, Tensor.sigmoid, Tensor.softplus, lambda t: t.tanh().exp(), lambda t: t * 0.5,
    lambda t: t.softmax(axis=0), lambda t: t.log_softmax(axis=1),
    lambda t: t.max(axis=1, keepdims=True) * t, lambda t: t.logsumexp(axis=0) + t,
    lambda t: t.T.reshape(t.shape[::-1]).T, lambda t: t[::-1] * 2.0, lambda t: (t * t + 1.0).sqrt(),
    lambda t: t.mean(axis=0) - t, lambda t: t ** 2, lambda t: (t * t + 1.0).log(),
]
BINARY: list[Callable[[Tensor, Tensor], Tensor]] = [
    lambda a, b: a + b, lambda a, b: a * b, lambda a, b: a - b,
    lambda a, b: a / (b * b + 1.0), lambda a, b: a @ (b.T @ b).tanh(),
    lambda a, b: concatenate([a, b], axis=0)[::2] + stack([a, b]).sum(axis=0),
    lambda a, b: (a * a + 1.0) ** b.tanh(),
]


@st.composite
def programs(draw: Any) -> tuple[Callable[..., Tensor], list[np.ndarray]]:
    """A random composition of primitives over two (n, m) inputs, values shared along the way."""
    n, m = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    steps = draw(st.lists(st.tuples(st.booleans(), st.integers(0, 100), st.integers(0, 100),
                                    st.integers(0, 100)), min_size=1, max_size=6))
    seed = draw(st.integers(0, 2**32 - 1))

    def f(x: Tensor, y: Tensor) -> Tensor:
        pool = [x, y]
        for binary, op, i, j in steps:
            a, b = pool[i % len(pool)], pool[j % len(pool)]
            pool.append(BINARY[op % len(BINARY)](a, b) if binary else UNARY[op % len(UNARY)](a))
        return pool[-1]

    rng = np.random.default_rng(seed)
    return f, [rng.normal(size=(n, m)), rng.normal(size=(n, m))]


@settings(max_examples=60, deadline=None)
@given(program=programs(), seed=st.integers(0, 2**32 - 1))
def test_jvp_and_vjp_are_adjoint(program: Any, seed: int) -> None:
    """u . (J v) = (J^T u) . v: forward mode and reverse mode see the same Jacobian."""
    f, xs = program
    rng = np.random.default_rng(seed)
    vs = [rng.normal(size=x.shape) for x in xs]
    y, Jv = jvp(f, xs, vs)
    u = rng.normal(size=y.shape)
    y2, vjp_fn = vjp(f, *xs)
    JTu = vjp_fn(u)
    np.testing.assert_array_equal(y, y2)
    lhs = float(np.sum(u * Jv))
    rhs = float(sum(np.sum(g * v) for g, v in zip(JTu, vs)))
    assert abs(lhs - rhs) <= 1e-9 * (1.0 + abs(lhs))


@settings(max_examples=30, deadline=None)
@given(program=programs())
def test_jacfwd_equals_jacrev_equals_central_differences(program: Any) -> None:
    f, (x, y) = program
    forward = jacfwd(f)(x, y)
    reverse = jacrev(f)(x, y)
    numeric = numeric_jacobian(lambda t: f(t, Tensor(y)), x)
    assert forward.shape == reverse.shape == numeric.shape
    np.testing.assert_allclose(forward, reverse, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(forward, numeric, rtol=1e-5, atol=1e-7)


# ----------------------------------------------------------------------------- closed forms


def test_grad_of_a_quadratic_form() -> None:
    A = RNG.normal(size=(3, 3))
    x = RNG.normal(size=3)
    value, g = value_and_grad(lambda t: t @ (Tensor(A) @ t))(x)
    np.testing.assert_allclose(value, x @ A @ x)
    np.testing.assert_allclose(g, (A + A.T) @ x)


def test_grad_with_argnums_and_a_list_of_parameters() -> None:
    X = RNG.normal(size=(5, 3))
    W, b = RNG.normal(size=(3, 2)), RNG.normal(size=2)

    def loss(params: list[Tensor], X: Any) -> Tensor:
        W, b = params
        return ((X @ W + b) ** 2).mean()

    gW, gb = grad(loss)([W, b], X)
    r = X @ W + b  # d mean(r^2) = 2 r / r.size
    np.testing.assert_allclose(gW, X.T @ (2 * r / r.size))
    np.testing.assert_allclose(gb, (2 * r / r.size).sum(axis=0))
    gX = grad(loss, argnums=1)([W, b], X)
    np.testing.assert_allclose(gX, (2 * r / r.size) @ W.T)


def test_jacobians_have_output_shape_then_input_shape() -> None:
    x = RNG.normal(size=(2, 3))
    J = jacrev(lambda t: t.softmax(axis=1))(x)
    assert J.shape == (2, 3, 2, 3)
    p = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    for i in range(2):  # rows do not interact; within a row diag(p) - p p^T
        np.testing.assert_allclose(J[i, :, i, :], np.diag(p[i]) - np.outer(p[i], p[i]), atol=1e-15)
        np.testing.assert_array_equal(J[i, :, 1 - i, :], 0.0)
    Ja, Jb = jacfwd(lambda a, b: a * b, argnums=(0, 1))(x, x[0])
    assert Ja.shape == (2, 3, 2, 3) and Jb.shape == (2, 3, 3)
    np.testing.assert_allclose(Jb[1], np.diag(x[1]))


def test_vjp_and_jvp_on_several_outputs() -> None:
    x = RNG.normal(size=3)
    f = lambda t: (t.exp(), t.sum())  # noqa: E731
    (e, s), (te, ts) = jvp(f, (x,), (np.ones(3),))
    np.testing.assert_allclose(te, np.exp(x))
    assert ts == pytest.approx(3.0)
    _, pullback = vjp(f, x)
    (g,) = pullback((np.ones(3), np.array(2.0)))
    np.testing.assert_allclose(g, np.exp(x) + 2.0)


def test_transforms_leave_grad_alone_and_ignore_outer_no_grad() -> None:
    W = Tensor(RNG.normal(size=(3, 3)), requires_grad=True)  # captured, not an argument
    x = RNG.normal(size=3)
    with no_grad():
        g = grad(lambda t: (W @ t).tanh().sum())(x)
    np.testing.assert_allclose(g, W.data.T @ (1 - np.tanh(W.data @ x) ** 2))
    assert W.grad is None


def test_float32_arguments_give_float32_results() -> None:
    g = grad(lambda t: (t * t).sum())(np.ones(3, np.float32))
    assert g.dtype == np.float32


# ----------------------------------------------------------------------------- errors


def test_tangent_and_cotangent_shapes_are_checked() -> None:
    with pytest.raises(ValueError, match=r"jvp: tangents of shape \(2,\) does not match the shape \(3,\)"):
        jvp(lambda t: t * 2, (np.ones(3),), (np.ones(2),))
    _, pullback = vjp(lambda t: t.sum(axis=0), np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"vjp: cotangent of shape \(2,\) does not match the shape \(3,\)"):
        pullback(np.ones(2))


def test_grad_needs_a_one_entry_output() -> None:
    with pytest.raises(TypeError, match=r"grad: f must return a scalar .* got shape \(3,\)"):
        grad(lambda t: t * 2)(np.ones(3))


def test_derivatives_of_derivatives_nest() -> None:
    """The Hessian of sum t² is 2I, by forward over reverse and by reverse over reverse."""
    np.testing.assert_allclose(jacfwd(jacrev(lambda t: (t * t).sum()))(np.ones(2)), 2 * np.eye(2))
    np.testing.assert_allclose(jacrev(jacrev(lambda t: (t * t).sum()))(np.ones(2)), 2 * np.eye(2))


def test_bad_arguments_are_type_errors() -> None:
    with pytest.raises(TypeError, match="grad: arguments must be Tensors, arrays, numbers"):
        grad(lambda ts: ts[0].sum())([np.ones(2), "x"])
    with pytest.raises(TypeError, match="f must return Tensors"):
        jacrev(lambda t: "y")(np.ones(2))
