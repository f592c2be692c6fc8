"""``gradcheck`` on Tensor functions: it passes correct rules and catches a wrong vector-Jacobian
rule or a wrong Jacobian-vector rule, naming the mode, the output entry and the input entry."""

from __future__ import annotations

import re

import numpy as np
import pytest

from autograd import GradcheckError, Tensor, gradcheck
from autograd.primitive import TensorPrimitive, templates
from autograd.tensor import apply

RNG = np.random.default_rng(11)


def _value(x: np.ndarray) -> tuple[np.ndarray, None]:
    return np.tanh(x), None


def _vjp(m, ctx, xs, y, g, needs):  # type: ignore[no-untyped-def]
    return (g * (1.0 - y * y),)


def _jvp(m, ctx, xs, y, ts):  # type: ignore[no-untyped-def]
    return ts[0] * (1.0 - y * y)


# tanh as a tensor-only entry with one rule off by a factor of 2: d tanh = 1 - y^2, not 2 (1 - y^2)
WRONG_VJP = TensorPrimitive("tanh", _value,
                            lambda m, ctx, xs, y, g, needs: (2.0 * _vjp(m, ctx, xs, y, g, needs)[0],),
                            _jvp, templates("1-y²"), "tanh; wrong vjp; jvp")
WRONG_JVP = TensorPrimitive("tanh", _value, _vjp, lambda m, ctx, xs, y, ts: 2.0 * _jvp(m, ctx, xs, y, ts),
                            templates("1-y²"), "tanh; vjp; wrong jvp")


def test_a_correct_function_passes() -> None:
    X, W = RNG.normal(size=(3, 4)), RNG.normal(size=(4, 2))
    assert gradcheck(lambda x, w: (x @ w).tanh().log_softmax(axis=1), [X, W])


def test_a_wrong_vjp_is_caught_in_reverse_mode_only() -> None:
    x = RNG.normal(size=(2, 2))
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda t: apply(WRONG_VJP, (t,)), [x])
    message = str(caught.value)
    assert "output 0 entry (0, 0), input 0 entry (0, 0): reverse-mode" in message
    assert "forward-mode" not in message
    assert "output 0 entry (0, 1), input 0 entry (0, 0)" not in message  # off-diagonal zeros agree


def test_a_wrong_jvp_is_caught_in_forward_mode_only() -> None:
    x = RNG.normal(size=(3,))
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda t: apply(WRONG_JVP, (t,)).sum(), [x])
    message = str(caught.value)
    assert "forward-mode" in message and "reverse-mode" not in message
    found = re.search(r"input 0 entry \(1,\): forward-mode (\S+), numeric (\S+)", message)
    assert found is not None
    expected = 1 - np.tanh(x[1]) ** 2
    assert float(found[1]) == pytest.approx(2 * expected, rel=1e-12)
    assert float(found[2]) == pytest.approx(expected, rel=1e-6)


def test_a_cut_graph_gets_a_hint() -> None:
    with pytest.raises(GradcheckError, match="cutting the graph"):
        gradcheck(lambda t: Tensor(t.data) * 2.0 + t * 0.0, [np.ones(2)])


def test_long_reports_are_truncated() -> None:
    with pytest.raises(GradcheckError, match=r"\.\.\. and \d+ more"):
        gradcheck(lambda t: apply(WRONG_VJP, (t,)).sum(), [RNG.normal(size=(6, 5))])


def test_float32_inputs_are_checked_in_float64() -> None:
    seen = []

    def f(t: Tensor) -> Tensor:
        seen.append(t.dtype)
        return (t * t).sum()

    assert gradcheck(f, [np.ones(3, np.float32)])
    assert set(seen) == {np.dtype(np.float64)}


def test_several_inputs_and_outputs() -> None:
    a, b = RNG.normal(size=(2, 3)), RNG.uniform(0.5, 2.0, size=3)
    assert gradcheck(lambda x, y: [x / y, (x * y).sum(axis=0), y.sqrt()], [a, Tensor(b)])
