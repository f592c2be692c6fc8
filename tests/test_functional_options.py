"""The transforms' options as JAX documents them (jax.grad, value_and_grad, jacfwd, jacrev, jvp,
vjp, hessian, linearize; the autodiff cookbook's hvp; jax.lax.stop_gradient), on both engines.

References: closed forms written out by hand (f = x² sin y and its partials; sum a² b and its
Hessian), central finite differences, and what the JAX docs say each call returns:
``grad(f, has_aux=True)(x) == (g, aux)``, ``value_and_grad(..., has_aux=True)(x) ==
((value, aux), g)``, ``jvp(..., has_aux=True) == (y, t, aux)``, ``vjp(..., has_aux=True) ==
(y, vjp_fn, aux)``, ``linearize(f, *primals) == (y, f_jvp)`` with ``f_jvp(*tangents) ==
jvp(f, primals, tangents)[1]``; jvp raises TypeError for a tangent structure unlike the
primals' and ValueError for a shape unlike the primal's.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor, Value


def f_scalar(x: Any, y: Any) -> Any:
    return x * x * y.sin()


def partials(x: float, y: float) -> tuple[float, float]:
    """d/dx and d/dy of x² sin y."""
    return 2 * x * math.sin(y), x * x * math.cos(y)


# ----------------------------------------------------------------------------- has_aux


def test_grad_and_value_and_grad_with_aux_return_it_beside_the_gradient() -> None:
    def f(x: Any) -> Any:
        return x ** 3, {"square": x * x, "note": "aux may hold anything"}

    g, aux = ag.grad(f, has_aux=True)(2.0)
    assert g == pytest.approx(12.0, rel=1e-15)
    assert aux == {"square": 4.0, "note": "aux may hold anything"}
    assert type(aux["square"]) is float  # concrete, not a node
    (value, aux), g = ag.value_and_grad(f, has_aux=True)(2.0)
    assert (value, g, aux["square"]) == (8.0, 12.0, 4.0)


def test_has_aux_on_tensors_gives_arrays_in_aux_structure() -> None:
    x = np.array([1.0, 2.0, 3.0])
    g, (pred, total) = ag.grad(lambda t: ((t * t).sum(), (t * 2, t.sum())), has_aux=True)(x)
    np.testing.assert_allclose(g, 2 * x, rtol=1e-15)
    assert isinstance(pred, np.ndarray) and not isinstance(pred, Tensor)
    np.testing.assert_allclose(pred, 2 * x)
    assert float(total) == 6.0


@pytest.mark.parametrize("jacobian", [ag.jacfwd, ag.jacrev])
def test_jacobians_with_aux(jacobian: Any) -> None:
    x = np.array([0.5, -1.0])
    jac, aux = jacobian(lambda t: (t.sin(), t.cos()), has_aux=True)(x)
    np.testing.assert_allclose(jac, np.diag(np.cos(x)), rtol=1e-15)
    np.testing.assert_allclose(aux, np.cos(x))


def test_jvp_vjp_and_hessian_with_aux() -> None:
    y, t, aux = ag.jvp(lambda x: (x ** 3, x + 1), (2.0,), (0.5,), has_aux=True)
    assert (y, t, aux) == (8.0, 6.0, 3.0)
    y, pullback, aux = ag.vjp(lambda x: (x ** 3, [x * 2]), 2.0, has_aux=True)
    assert (y, pullback(1.0), aux) == (8.0, (12.0,), [4.0])
    x = np.array([1.0, 2.0])
    h, aux = ag.hessian(lambda t: ((t ** 3).sum(), t.sum()), has_aux=True)(x)
    np.testing.assert_allclose(h, np.diag(6 * x), rtol=1e-15)
    assert float(aux) == 3.0 and not isinstance(aux, Tensor)


def test_has_aux_needs_a_pair() -> None:
    with pytest.raises(TypeError, match="has_aux=True needs f to return a pair"):
        ag.grad(lambda x: x * 2, has_aux=True)(1.0)


def test_aux_inside_an_outer_transform_stays_differentiable() -> None:
    """The aux of an inner grad is a node of the outer graph: d/dx of aux = x³ is 3x²."""
    outer = ag.grad(lambda x: ag.grad(lambda y: (y * x, x ** 3), has_aux=True)(1.0)[1])
    assert outer(2.0) == pytest.approx(12.0, rel=1e-15)


# ----------------------------------------------------------------------------- keyword arguments


def test_keyword_arguments_pass_through_undifferentiated() -> None:
    def f(x: Any, *, scale: float = 1.0, offset: Any = 0.0) -> Any:
        return (x * scale + offset) ** 2

    assert ag.grad(f)(2.0, scale=3.0) == pytest.approx(2 * 6.0 * 3.0)
    assert ag.value_and_grad(f)(2.0, scale=3.0, offset=1.0) == pytest.approx((49.0, 42.0))
    assert ag.jacfwd(f)(2.0, scale=3.0) == pytest.approx(36.0)
    assert ag.jacrev(f)(2.0, scale=3.0) == pytest.approx(36.0)
    assert ag.hessian(f)(2.0, scale=3.0) == pytest.approx(18.0)
    x = np.array([1.0, 2.0])
    g = ag.grad(lambda t, w=None: (t * w).sum())(x, w=np.array([3.0, 4.0]))
    np.testing.assert_allclose(g, [3.0, 4.0])


def test_an_array_keyword_sends_floats_to_the_tensor_engine() -> None:
    g = ag.grad(lambda x, w=None: (x * w).sum())(2.0, w=np.array([3.0, 4.0]))
    assert g == 7.0 and type(g) is float


# ----------------------------------------------------------------------------- pytrees


def test_dict_arguments_give_dict_gradients() -> None:
    params = {"w": 1.5, "b": [0.3, {"c": -0.4}]}

    def loss(p: Any) -> Any:
        return p["w"] * p["w"] * p["b"][0].sin() + p["b"][1]["c"] * p["w"]

    g = ag.grad(loss)(params)
    w, b, c = 1.5, 0.3, -0.4
    assert g == {"w": pytest.approx(2 * w * math.sin(b) + c),
                 "b": [pytest.approx(w * w * math.cos(b)), {"c": pytest.approx(w)}]}


def test_dict_of_arrays_and_dict_outputs_in_jacobians() -> None:
    p = {"a": np.array([1.0, 2.0]), "b": np.array(3.0)}
    jac = ag.jacrev(lambda q: {"y": q["a"] * q["b"], "z": q["b"] * 2})(p)
    np.testing.assert_allclose(jac["y"]["a"], 3.0 * np.eye(2))
    np.testing.assert_allclose(jac["y"]["b"], [1.0, 2.0])
    np.testing.assert_allclose(jac["z"]["a"], [0.0, 0.0])
    assert float(jac["z"]["b"]) == 2.0
    fwd = ag.jacfwd(lambda q: {"y": q["a"] * q["b"], "z": q["b"] * 2})(p)
    np.testing.assert_allclose(fwd["y"]["a"], jac["y"]["a"])


def test_jvp_and_vjp_with_dict_primals_tangents_and_cotangents() -> None:
    def f(p: Any) -> Any:
        return {"prod": p["x"] * p["y"], "pair": (p["x"], p["y"] * 2)}

    primal = {"x": 2.0, "y": 5.0}
    out, tangent = ag.jvp(f, (primal,), ({"y": 1.0, "x": 0.5},))
    assert out == {"prod": 10.0, "pair": (2.0, 10.0)}
    assert tangent == {"prod": 0.5 * 5.0 + 2.0 * 1.0, "pair": (0.5, 2.0)}
    out, pullback = ag.vjp(f, primal)
    (cot,) = pullback({"prod": 1.0, "pair": (0.0, 1.0)})
    assert cot == {"x": 5.0, "y": 2.0 + 2.0}


# ----------------------------------------------------------------------------- errors as JAX


def test_jvp_structure_mismatch_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="jvp: tangents must have the structure of primals"):
        ag.jvp(lambda x: x, (2.0,), ())
    with pytest.raises(TypeError, match="primals must be a tuple or list"):
        ag.jvp(lambda x: x, 2.0, (1.0,))
    with pytest.raises(TypeError, match="tangents must be a tuple or list"):
        ag.jvp(lambda x: x, (2.0,), 1.0)
    with pytest.raises(TypeError, match="structure"):
        ag.jvp(lambda p: p["a"], ({"a": 1.0},), ({"b": 1.0},))
    with pytest.raises(TypeError, match="numbers or arrays, got str"):
        ag.jvp(lambda x: x, (2.0,), ("a",))


def test_jvp_shape_mismatch_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"tangents of shape \(4,\) does not match the shape \(\)"):
        ag.jvp(lambda x: x * 2, (2.0,), (np.ones(4),))
    with pytest.raises(ValueError, match=r"shape \(\) does not match the shape \(3,\)"):
        ag.jvp(lambda x: x * 2, (np.ones(3),), (1.0,))


def test_vjp_cotangent_mismatches() -> None:
    _, pullback = ag.vjp(lambda x: (x, x * 2), np.ones(2))
    with pytest.raises(TypeError, match="cotangent must have the structure of f's output"):
        pullback(np.ones(2))
    with pytest.raises(ValueError, match=r"cotangent of shape \(3,\)"):
        pullback((np.ones(2), np.ones(3)))


# ----------------------------------------------------------------------------- linearize, hvp


def test_linearize_is_a_curried_jvp() -> None:
    y, f_jvp = ag.linearize(f_scalar, 1.5, 0.4)
    assert y == f_scalar(Value(1.5), Value(0.4)).data
    dx, dy = partials(1.5, 0.4)
    for tx, ty in [(1.0, 0.0), (0.0, 1.0), (0.3, -2.0)]:
        assert f_jvp(tx, ty) == pytest.approx(dx * tx + dy * ty, rel=1e-14)
        assert f_jvp(tx, ty) == ag.jvp(f_scalar, (1.5, 0.4), (tx, ty))[1]
    with pytest.raises(TypeError, match="linearize: tangents must have the structure"):
        f_jvp(1.0)
    x = np.array([0.1, 0.2, 0.3])
    y, f_jvp, aux = ag.linearize(lambda t: (t.exp(), t.sum()), x, has_aux=True)
    np.testing.assert_allclose(f_jvp(np.ones(3)), np.exp(x), rtol=1e-15)
    assert float(aux) == pytest.approx(0.6)


def test_hvp_is_the_hessian_times_v_in_the_first_arguments_structure() -> None:
    a, b = np.array([1.0, 2.0]), np.array([3.0, -1.0])

    def f(p: Any) -> Any:
        return (p["a"] * p["a"] * p["b"]).sum()

    va, vb = np.array([0.5, -1.0]), np.array([2.0, 1.5])
    out = ag.hvp(f, ({"a": a, "b": b},), ({"a": va, "b": vb},))
    # H of sum a² b: d²/da² = 2b, d²/da db = 2a, d²/db² = 0 (all diagonal)
    np.testing.assert_allclose(out["a"], 2 * b * va + 2 * a * vb, rtol=1e-14)
    np.testing.assert_allclose(out["b"], 2 * a * va, rtol=1e-14)
    assert ag.hvp(lambda x: x ** 4, (2.0,), (3.0,)) == pytest.approx(12 * 4.0 * 3.0)


def test_hvp_against_the_full_hessian() -> None:
    rng = np.random.default_rng(0)
    x, v = rng.normal(size=4), rng.normal(size=4)

    def f(t: Any) -> Any:
        return (t.sin() * t.sum()).sum() + (t ** 3).sum()

    np.testing.assert_allclose(ag.hvp(f, (x,), (v,)), ag.hessian(f)(x) @ v, rtol=1e-12)


# ----------------------------------------------------------------------------- stop_gradient


def test_stop_gradient_is_identity_with_zero_derivative() -> None:
    assert ag.grad(lambda x: ag.stop_gradient(x) ** 2)(3.0) == 0.0
    assert ag.grad(lambda x, y: x ** 2 + ag.stop_gradient(y ** 2), argnums=(0, 1))(1.0, 1.0) == (2.0, 0.0)
    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(ag.grad(lambda t: (ag.stop_gradient(t) * t).sum())(x), x)
    assert ag.jvp(lambda t: ag.stop_gradient(t) * t, (3.0,), (1.0,)) == (9.0, 3.0)
    assert ag.stop_gradient({"a": 1.0, "b": [np.ones(2)]})["a"] == 1.0
    v = Value(2.0)
    assert ag.stop_gradient(v).data == 2.0 and ag.stop_gradient(v).inputs == ()
    d = ag.stop_gradient(ag.Dual(2.0, 1.0))
    assert (d.primal, d.tangent) == (2.0, 0.0)


def test_stop_gradient_stops_every_nested_level() -> None:
    """x * sg(x): first derivative sg(x) = x, second derivative 0 (not 1): sg stops the outer
    grad too."""
    assert ag.grad(lambda x: x * ag.stop_gradient(x))(3.0) == 3.0
    assert ag.grad(ag.grad(lambda x: x * ag.stop_gradient(x)))(3.0) == 0.0
    assert ag.grad(lambda x: ag.grad(lambda y: y * ag.stop_gradient(x))(1.0))(3.0) == 0.0
