"""nn.optim: SGD and Adam against their update rules written out, and against torch.optim in
float64, on Values and on numpy-array parameters (what a Tensor engine hands them)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import nn
from autograd import Value
from nn.optim import SGD, Adam

START = [1.5, -0.5, 2.0]
TARGET = [0.25, 1.0, -1.0]
SCALE = [1.0, 3.0, 0.5]


def quadratic(ws: list) -> object:
    """L(w) = sum_i s_i (w_i - t_i)^2 + w_0 w_1 (coupled, so the path is not trivial)."""
    total = ws[0] * ws[1]
    for w, t, s in zip(ws, TARGET, SCALE):
        total = total + s * (w - t) ** 2
    return total


def run(make_optimizer: object, steps: int = 6) -> list[float]:
    ws = [Value(v) for v in START]
    opt = make_optimizer(ws)  # type: ignore[operator]
    for _ in range(steps):
        opt.zero_grad()
        quadratic(ws).backward()  # type: ignore[attr-defined]
        opt.step()
    return [w.data for w in ws]


def gradient(w: list[float]) -> list[float]:
    g = [2 * s * (wi - t) for wi, t, s in zip(w, TARGET, SCALE)]
    g[0] += w[1]
    g[1] += w[0]
    return g


def test_plain_sgd_is_gradient_descent_of_seed_000() -> None:
    # w <- w - eps * grad loss(w), written out
    w = list(START)
    for _ in range(6):
        w = [wi - 0.05 * gi for wi, gi in zip(w, gradient(w))]
    assert run(lambda ws: SGD(ws, lr=0.05)) == pytest.approx(w, rel=1e-14)


def test_sgd_momentum_and_weight_decay_written_out() -> None:
    w, v = list(START), [0.0] * 3
    for _ in range(6):
        g = [gi + 0.01 * wi for gi, wi in zip(gradient(w), w)]
        v = [0.9 * vi + gi for vi, gi in zip(v, g)]
        w = [wi - 0.02 * vi for wi, vi in zip(w, v)]
    assert run(lambda ws: SGD(ws, lr=0.02, momentum=0.9, weight_decay=0.01)) == pytest.approx(w, rel=1e-13)


def test_adam_written_out() -> None:
    w, m, v = list(START), [0.0] * 3, [0.0] * 3
    b1, b2, eps, lr = 0.8, 0.99, 1e-8, 0.1
    for t in range(1, 7):
        g = gradient(w)
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g)]
        w = [wi - lr * (mi / (1 - b1**t)) / (math.sqrt(vi / (1 - b2**t)) + eps)
             for wi, mi, vi in zip(w, m, v)]
    assert run(lambda ws: Adam(ws, lr=lr, betas=(b1, b2), eps=eps)) == pytest.approx(w, rel=1e-12)


@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_optimisers_match_torch_optim(name: str) -> None:
    torch = pytest.importorskip("torch")
    w = torch.tensor(START, dtype=torch.float64, requires_grad=True)
    make = {"sgd": (lambda ps: torch.optim.SGD(ps, lr=0.05), lambda ws: SGD(ws, lr=0.05)),
            "momentum": (lambda ps: torch.optim.SGD(ps, lr=0.03, momentum=0.8, weight_decay=0.1),
                         lambda ws: SGD(ws, lr=0.03, momentum=0.8, weight_decay=0.1)),
            "adam": (lambda ps: torch.optim.Adam(ps, lr=0.1, betas=(0.9, 0.999), eps=1e-8),
                     lambda ws: Adam(ws, lr=0.1))}[name]
    opt = make[0]([w])
    for _ in range(10):
        opt.zero_grad()
        quadratic(list(w.unbind())).backward()
        opt.step()
    assert run(make[1], steps=10) == pytest.approx(w.tolist(), rel=1e-12)


class ArrayParam:
    """A parameter as a Tensor engine holds it: numpy arrays in .data and .grad."""

    def __init__(self, data: np.ndarray) -> None:
        self.data = data
        self.grad: object = 0.0


@pytest.mark.parametrize("make", [lambda ps: SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01),
                                  lambda ps: Adam(ps, lr=0.05)])
def test_optimisers_work_on_numpy_array_parameters(make: object) -> None:
    # the same coordinates as Values and as one array: the same trajectory
    arr = ArrayParam(np.array(START))
    opt = make([arr])  # type: ignore[operator]
    for _ in range(5):
        opt.zero_grad()
        assert arr.grad == 0.0
        arr.grad = arr.grad + np.array(gradient(arr.data.tolist()))  # 0.0 + array broadcasts
        opt.step()
    assert arr.data.tolist() == pytest.approx(run(make, steps=5), rel=1e-12)


def test_optimiser_takes_a_model_and_zero_grad_clears_it() -> None:
    m = nn.MLP(2, [3, 1], seed=0)
    opt = SGD(m, lr=0.1)
    assert opt.params == m.parameters()
    m([1.0, 2.0]).backward()
    opt.zero_grad()
    assert all(p.grad == 0.0 for p in m.parameters())
    opt.lr = 0.5  # settable, for schedules
    assert "lr=0.5" in repr(opt)


@pytest.mark.parametrize("call, error, message", [
    (lambda: SGD([], lr=0.1), ValueError, "SGD: got an empty parameter list"),
    (lambda: SGD([Value(1.0)], lr=0.0), ValueError, "SGD: lr must be in \\(0"),
    (lambda: SGD([Value(1.0)], lr="0.1"), TypeError, "SGD: lr must be a number"),
    (lambda: SGD([Value(1.0)], lr=0.1, momentum=1.0), ValueError, "momentum"),
    (lambda: SGD([Value(1.0)], lr=0.1, weight_decay=-1.0), ValueError, "weight_decay"),
    (lambda: SGD([1.0], lr=0.1), TypeError, "SGD: a parameter needs .data and .grad"),
    (lambda: Adam([Value(1.0)], betas=(0.9,)), TypeError, "Adam: betas"),
    (lambda: Adam([Value(1.0)], betas=(0.9, 1.0)), ValueError, "Adam: betas\\[1\\]"),
    (lambda: Adam([Value(1.0)], eps=0.0), ValueError, "Adam: eps"),
    (lambda: SGD(5, lr=0.1), TypeError, "SGD: params"),
])
def test_bad_arguments_name_the_optimiser_and_the_value(call: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        call()  # type: ignore[operator]
