"""``ag.compile`` on the Tensor engine: numpy arrays in, generated numpy code, arrays out.

Reference: the interpreted Tensor engine (``ag.value_and_grad`` on the same arrays), for every
elementwise entry of the table (``test_primitives.ROWS``) and every tensor-only entry, first
and second order, to 1e-12.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from test_primitives import ROWS, Row, fixed_points

import autograd as ag
from autograd import Tensor


def assert_close(got: Any, want: Any) -> None:
    if isinstance(want, (list, tuple)):
        assert type(got) is type(want) and len(got) == len(want)
        for g, w in zip(got, want):
            assert_close(g, w)
        return
    assert isinstance(got, np.ndarray) and got.shape == np.shape(want) and got.dtype == np.asarray(want).dtype
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def check_all_orders(g: Any, arrays: list[np.ndarray]) -> None:
    every = tuple(range(len(arrays)))
    assert_close(ag.compile(g)(*arrays), np.asarray(g(*[Tensor(a) for a in arrays]).data))
    assert_close(ag.compile(ag.value_and_grad(g, every))(*arrays), ag.value_and_grad(g, every)(*arrays))

    def h(*ts: Any) -> Any:  # sum of the gradient's entries: its gradient is a Hessian row sum
        grads = ag.grad(g, argnums=every)(*ts)
        total = grads[0].sum()
        for gr in grads[1:]:
            total = total + gr.sum()
        return total

    assert_close(ag.compile(ag.value_and_grad(h, every))(*arrays), ag.value_and_grad(h, every)(*arrays))


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_every_elementwise_entry_on_arrays(row: Row) -> None:
    arrays = [np.array(column) for column in zip(*fixed_points(row))]

    def g(*ts: Any) -> Any:
        y = row.op(*ts)
        return (y * ts[0] + y).sum()

    check_all_orders(g, arrays)


rng = np.random.default_rng(0)
A, B, V = rng.normal(size=(3, 4)), rng.normal(size=(4, 2)), rng.normal(size=4)

TENSOR_ONLY = [
    ("matmul", lambda a, b: ((a @ b).tanh()).sum(), [A, B]),
    ("matmul of a vector", lambda a, v: (a @ v).sin().sum(), [A, V]),
    ("sum over an axis", lambda a: (a.sum(axis=0) ** 2).sum(), [A]),
    ("mean keepdims", lambda a: (a * a.mean(axis=1, keepdims=True)).sum(), [A]),
    ("max and min", lambda a: a.max(axis=1).sum() * a.min(), [A]),
    ("logsumexp", lambda a: a.logsumexp(axis=1).sum(), [A]),
    ("softmax", lambda a: (a.softmax(axis=1) * a).sum(), [A]),
    ("log_softmax", lambda a: (a.log_softmax(axis=0) ** 2).sum(), [A]),
    ("reshape and transpose", lambda a: (a.reshape(4, 3).T * a).sum(), [A]),
    ("broadcast_to", lambda v: (v.broadcast_to((3, 4)) * A).sin().sum(), [V]),
    ("getitem, basic", lambda a: (a[1:, ::2] ** 3).sum(), [A]),
    ("getitem, an index array", lambda a: (a[np.array([0, 2, 0])] ** 2).sum(), [A]),
    ("concatenate and stack", lambda a, b: (ag.concatenate([a, b.T], axis=0) ** 2).sum() +
     ag.stack([a[0], a[1]]).exp().sum(), [A, B]),
    ("cumsum", lambda a: (a.cumsum(axis=1) ** 2).sum(), [A]),
    ("where", lambda a: ag.where(A > 0, a ** 2, -a).sum(), [A]),
    ("cross_entropy", lambda a: ag.cross_entropy(a, np.array([0, 3, 1])), [A]),
    ("var, std, prod", lambda a: a.var(axis=0).sum() + a.std() + a[0].prod(), [A]),
    ("broadcasting +, *", lambda a, v: ((a + v) * v).tanh().sum(), [A, V]),
]


@pytest.mark.parametrize("name, f, arrays", TENSOR_ONLY, ids=[t[0] for t in TENSOR_ONLY])
def test_every_tensor_only_entry(name: str, f: Any, arrays: list[np.ndarray]) -> None:
    check_all_orders(f, arrays)


def test_a_new_shape_or_dtype_traces_again() -> None:
    f = ag.compile(ag.value_and_grad(lambda a: (a * a).sum()))
    f(np.ones(3))
    f(np.arange(3.0))
    assert f.traces == 1
    value, grad = f(np.ones((2, 2)))
    assert f.traces == 2 and grad.shape == (2, 2)
    value, grad = f(np.ones(3, dtype=np.float32))
    assert f.traces == 3 and grad.dtype == np.float32 and value.dtype == np.float32


def test_integer_arrays_are_taken_as_float64_as_the_engine_does() -> None:
    f = ag.compile(ag.value_and_grad(lambda a: (a * a / 2).sum()))
    value, grad = f(np.arange(4))
    assert grad.dtype == np.float64 and value == 7.0
    np.testing.assert_array_equal(grad, [0.0, 1.0, 2.0, 3.0])


def test_errors_are_the_engines() -> None:
    f = lambda a: a.log().sum()  # noqa: E731
    compiled = ag.compile(f)
    compiled(np.ones(3))
    for bad in (np.array([1.0, -1.0, 2.0]), np.array([1.0, np.nan, 2.0])):
        with pytest.raises(ValueError) as want:
            ag.value_and_grad(f)(bad)
        with pytest.raises(ValueError) as got:
            compiled(bad)
        assert str(got.value) == str(want.value)


def test_an_overflow_is_refused_as_by_the_engine() -> None:
    """1e308 + 1e308 overflows: the compiled code raises the engine's OverflowError (never the
    NaN that inf - inf would make next)."""
    f = lambda a: (a * 1e308 + a * 1e308 - (a * 1e308 + a * 1e308)).sum()  # noqa: E731
    compiled = ag.compile(f)
    compiled(np.array([0.25]))
    with pytest.raises(OverflowError, match=r"\+: the result overflows"):
        compiled(np.array([1.0]))
