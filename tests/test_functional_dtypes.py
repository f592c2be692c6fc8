"""Mixed float/array inputs run on the Tensor engine, and results keep the input's dtype
(float16, float32, float64; float16 is computed in float32 and handed back in float16).

References: closed forms (d/dx of x * ones(4) is ones(4); the gradient of sum t² is 2t, of
sum sin t is cos t) and, for float16, the float64 result rounded to float16.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor

FLOATS = [np.float16, np.float32, np.float64]


def test_a_float_meeting_an_array_runs_on_tensors() -> None:
    y, pullback = ag.vjp(lambda x: x * np.ones(4), 2.0)
    assert isinstance(y, np.ndarray) and y.dtype == np.float64
    np.testing.assert_array_equal(y, [2.0] * 4)
    (g,) = pullback(np.arange(4.0))
    assert g == 6.0 and type(g) is float  # a float argument gets a float back
    _, t = ag.jvp(lambda x: x * np.arange(3.0), (2.0,), (0.5,))
    np.testing.assert_array_equal(t, [0.0, 0.5, 1.0])
    np.testing.assert_array_equal(ag.jacfwd(lambda x: x * np.arange(3.0))(2.0), [0.0, 1.0, 2.0])
    np.testing.assert_array_equal(ag.jacrev(lambda x: x * np.arange(3.0))(2.0), [0.0, 1.0, 2.0])


def test_mixed_float_and_array_arguments() -> None:
    x, w = 3.0, np.array([1.0, -2.0])
    gx, gw = ag.grad(lambda s, v: (s * v * v).sum(), argnums=(0, 1))(x, w)
    assert gx == pytest.approx(5.0) and type(gx) is float
    np.testing.assert_allclose(gw, 2 * x * w)


def test_values_meeting_an_array_inside_an_outer_value_transform_are_refused() -> None:
    with pytest.raises(TypeError, match="met a numpy array while running on Values"):
        ag.grad(lambda x: ag.vjp(lambda y: y * np.ones(2), x)[0].sum())(1.0)


@pytest.mark.parametrize("dtype", FLOATS)
def test_gradients_keep_the_input_dtype(dtype: type) -> None:
    x = np.array([0.5, -1.0, 2.0], dtype=dtype)
    g = ag.grad(lambda t: t.sin().sum())(x)
    assert g.dtype == dtype
    np.testing.assert_allclose(g, np.cos(x.astype(np.float64)).astype(dtype),
                               rtol=np.finfo(dtype).eps * 4)
    value, g = ag.value_and_grad(lambda t: (t * t).sum())(x)
    assert g.dtype == dtype and np.asarray(value).dtype == dtype


@pytest.mark.parametrize("dtype", FLOATS)
def test_jvp_vjp_jacobians_and_aux_keep_the_dtype(dtype: type) -> None:
    x = np.array([1.0, 2.0], dtype=dtype)
    y, t = ag.jvp(lambda v: v * v, (x,), (np.ones(2, dtype),))
    assert y.dtype == t.dtype == dtype
    np.testing.assert_array_equal(t, np.array([2.0, 4.0], dtype))
    y, pullback = ag.vjp(lambda v: v * 3, x)
    assert y.dtype == dtype and pullback(np.ones(2, dtype))[0].dtype == dtype
    for jacobian in (ag.jacfwd, ag.jacrev):
        assert jacobian(lambda v: v * v)(x).dtype == dtype
    assert ag.hessian(lambda v: (v * v).sum())(x).dtype == dtype
    _, aux = ag.grad(lambda v: ((v * v).sum(), v * 2), has_aux=True)(x)
    assert aux.dtype == dtype


def test_float16_is_computed_wider_than_float16() -> None:
    """sum of 1 + 1e-4 over 8 entries: float16 arithmetic would drop the 1e-4 in each step; the
    result is the float32 sum rounded once to float16."""
    x = np.full(8, 1e-4, dtype=np.float16)
    value, g = ag.value_and_grad(lambda t: ((t + 1.0) * (t + 1.0)).sum())(x)
    expect = np.float16(((x.astype(np.float32) + 1) ** 2).sum())
    assert value == expect and value.dtype == np.float16
    np.testing.assert_array_equal(g, (2 * (x.astype(np.float32) + 1)).astype(np.float16))


def test_a_float16_tensor_holds_float32() -> None:
    assert Tensor(np.ones(2, np.float16)).dtype == np.float32
    assert Tensor(np.ones(2, np.float32)).dtype == np.float32
    assert Tensor(np.ones(2, np.int64)).dtype == np.float64


def test_a_numpy_function_on_a_tensor_says_what_to_use_instead() -> None:
    with pytest.raises(TypeError, match=r"run again on Tensors.*ag\.exp"):
        ag.jacrev(lambda x: np.exp(x * np.ones(2)))(1.0)
