"""The Tensor engine's specialized forward paths (``autograd.tensor.specialize``: ``a + b``,
``x.relu()`` ... one call per node) against the generic path ``elementwise(prim, inputs)`` that
reads the same table entry (and ``a @ b`` against ``apply(MATMUL, ...)``): for every
one-input method and every operator, at ordinary points, at domain boundaries, near overflow and
at non-finite inputs, both give bit-identical values and partials, the same singular inputs, or
the same error with the same message; with and without ``no_grad``, in float64 and float32."""

from __future__ import annotations

import math
from contextlib import nullcontext
from typing import Any

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor
from autograd import primitives as P
from autograd import tensor_table as T
from autograd.tensor import apply, elementwise

# Points where entries are ordinary, at a boundary of a domain (0, ±1), past one (-2 for log),
# near overflow (±700, 1e300) and not finite.
POINTS = [0.37, -1.3, 2.5, 0.0, 1.0, -1.0, -2.0, 700.0, -700.0, 1e300, -1e-300, math.inf, -math.inf]


def points(dtype: Any) -> list[float]:
    """POINTS in ``dtype``'s range: float32 holds 1e38 near its overflow, not 1e300 (an
    OverflowError on the way in)."""
    return [1e38 if x == 1e300 and dtype == np.float32 else x for x in POINTS]

METHODS = sorted(name for name, op in P.OPS.items() if op.fixed is not None and op.method and op.arity == 1)
OPERATORS = {"+": (P.ADD, lambda a, b: a + b), "-": (P.SUB, lambda a, b: a - b),
             "*": (P.MUL, lambda a, b: a * b), "/": (P.DIV, lambda a, b: a / b),
             "**": (P.POW, lambda a, b: a ** b)}


def outcome(make: Any, *args: Any) -> tuple[Any, ...]:
    """What a node-making call ``make(*args)`` gives: its data, partials, singular inputs and
    entry; or the error's type and message."""
    try:
        node = make(*args)
    except (ArithmeticError, ValueError, TypeError) as error:
        return ("error", type(error), str(error))
    partials = tuple(np.asarray(d) for d in node.local_grads or ())  # None: a tensor-only entry
    return ("node", node.data, node.data.dtype, partials, node.ctx, node.primitive, node.requires_grad)


def same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    if a[0] != b[0] or a[0] == "error":
        return a == b
    _, data_a, dtype_a, partials_a, *rest_a = a
    _, data_b, dtype_b, partials_b, *rest_b = b
    return (
        dtype_a == dtype_b
        and np.array_equal(data_a, data_b, equal_nan=True)
        and len(partials_a) == len(partials_b)
        and all(
            np.array_equal(p, q, equal_nan=True) and p.dtype == q.dtype
            for p, q in zip(partials_a, partials_b)
        )
        and rest_a == rest_b
    )


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", METHODS)
def test_every_method_agrees_with_the_generic_path_point_by_point(name: str, dtype: Any) -> None:
    prim = P.OPS[name].fixed
    for recording in (True, False):
        for x in points(dtype):
            t = Tensor([x, 0.5], requires_grad=True, dtype=dtype)
            with nullcontext() if recording else ag.no_grad():
                fast = outcome(getattr(t, name))
                generic = outcome(elementwise, prim, (t,))
            assert same(fast, generic), (name, x, recording, fast, generic)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("symbol", sorted(OPERATORS))
def test_every_operator_agrees_with_the_generic_path_point_by_point(symbol: str, dtype: Any) -> None:
    prim, op = OPERATORS[symbol]
    for x in points(dtype):
        for y in points(dtype):
            a = Tensor([x, 0.5], requires_grad=True, dtype=dtype)
            b = Tensor([y, 2.0], dtype=dtype)  # only a requires grad: b's partial is still kept
            fast = outcome(op, a, b)
            generic = outcome(elementwise, prim, (a, b))
            assert same(fast, generic), (symbol, x, y, fast, generic)


def test_operators_broadcast_and_refuse_mismatched_shapes_as_the_generic_path() -> None:
    a = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    b = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    for symbol, (prim, op) in OPERATORS.items():
        assert same(outcome(op, a, b), outcome(elementwise, prim, (a, b))), symbol
        bad = Tensor(np.ones(4))
        fast, generic = outcome(op, a, bad), outcome(elementwise, prim, (a, bad))
        assert fast == generic and fast[1] is ValueError and "do not broadcast" in fast[2], (symbol, fast)


def test_matmul_operator_agrees_with_its_entry_and_names_its_errors() -> None:
    rng = np.random.default_rng(3)
    cases = [
        (rng.standard_normal((3, 4)), rng.standard_normal((4, 2))),
        (rng.standard_normal(4), rng.standard_normal((4, 2))),
        (rng.standard_normal((2, 3, 4)), rng.standard_normal((4, 5))),
        (np.full((2, 2), 1e200), np.full((2, 2), 1e200)),  # overflows from finite inputs
        (np.array([[np.inf, 1.0]]), np.array([[0.0], [1.0]])),  # inf * 0: NaN
        (rng.standard_normal((3, 4)), rng.standard_normal((3, 2))),  # does not align
    ]
    for x, y in cases:
        a, b = Tensor(x, requires_grad=True), Tensor(y)
        fast = outcome(Tensor.__matmul__, a, b)
        generic = outcome(apply, T.MATMUL, (a, b))
        assert same(fast, generic), (x.shape, y.shape, fast, generic)
    kinds = [outcome(Tensor.__matmul__, Tensor(x), Tensor(y))[1] for x, y in cases[3:]]
    assert kinds == [OverflowError, ValueError, ValueError]


def test_the_specialized_path_records_what_backward_needs() -> None:
    """d/dx sum(relu(x * w + b) / 2) = 1[x w + b > 0] w / 2, by hand."""
    x = Tensor([1.0, -2.0, 3.0], requires_grad=True)
    w = Tensor([0.5, 0.5, -1.0], requires_grad=True)
    b = Tensor([0.25, 0.25, 0.25], requires_grad=True)
    ((x * w + b).relu() / 2.0).sum().backward()
    z = np.array([1.0 * 0.5 + 0.25, -2.0 * 0.5 + 0.25, 3.0 * -1.0 + 0.25])
    np.testing.assert_array_equal(x.grad, (z > 0) * np.array([0.5, 0.5, -1.0]) / 2)
    np.testing.assert_array_equal(w.grad, (z > 0) * np.array([1.0, -2.0, 3.0]) / 2)
    np.testing.assert_array_equal(b.grad, (z > 0) / 2)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape", [(), (0,), (5,), (3, 4), (2, 3, 2)])
def test_relu_on_arrays_is_max_x_0_entry_by_entry(dtype: Any, shape: tuple[int, ...]) -> None:
    """``arraymath.relu`` (the table's relu on arrays) against the closed form max(x, 0) taken
    one Python float at a time: values, NaN, ±0 and ±inf, the dtype and the shape kept."""
    from autograd import arraymath

    special = [-0.0, 0.0, -1.5, 2.25, math.nan, math.inf, -math.inf, 1e-45, -1e-45, 3e38]
    x = np.resize(np.array(special, dtype=dtype), shape)
    y = arraymath.relu(x)
    assert y.dtype == x.dtype and y.shape == x.shape
    for got, v in zip(np.ravel(y).tolist(), np.ravel(x).tolist()):
        want = v if (math.isnan(v) or v > 0) else 0.0
        assert (math.isnan(got) and math.isnan(want)) or (got == want and math.copysign(1, got) == 1)
