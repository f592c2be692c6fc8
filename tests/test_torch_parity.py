"""Parity with PyTorch in float64 (skipped cleanly when torch is not installed).

Reference: torch.autograd on float64 tensors: micrograd's classic test expressions
(``conftest.MICROGRAD_SOURCE``, run with ``Value`` bound to a float64 leaf tensor), each
primitive of the table at a few points, and the lecture example.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from conftest import MICROGRAD_IMPORT, MICROGRAD_SOURCE, run_micrograd_source

import autograd
from autograd import Value

torch = pytest.importorskip("torch")
F = torch.nn.functional
TOL = 1e-9


def leaf(x: float) -> Any:
    return torch.tensor(x, dtype=torch.float64, requires_grad=True)


def test_micrograd_expressions_match_torch() -> None:
    ours = run_micrograd_source(MICROGRAD_SOURCE.replace(MICROGRAD_IMPORT, "from autograd import Value"))
    theirs = run_micrograd_source(MICROGRAD_SOURCE.replace(MICROGRAD_IMPORT, ""), {"Value": leaf})
    for got, want in zip(ours, theirs):
        assert got == pytest.approx(want, rel=TOL, abs=TOL)


# (name, edgegrad on a list of Values, torch on a list of tensors, points)
CASES: list[tuple[str, Callable[[list[Any]], Any], Callable[[list[Any]], Any], list[list[float]]]] = [
    ("mul-div-pow", lambda v: v[0] * v[1] / v[2] ** 2.5 - v[0] ** v[1],
     lambda t: t[0] * t[1] / t[2] ** 2.5 - t[0] ** t[1], [[1.5, 0.5, 2.0], [0.3, -1.2, 0.7]]),
    ("exp-log-sqrt", lambda v: v[0].exp() * v[1].log() + v[1].sqrt() + 2 ** v[0],
     lambda t: t[0].exp() * t[1].log() + t[1].sqrt() + 2 ** t[0], [[0.4, 3.0], [-2.0, 0.1]]),
    ("trig", lambda v: v[0].sin() * v[0].cos() + v[0].tan() + v[1].asin() - v[1].acos() + v[0].atan(),
     lambda t: t[0].sin() * t[0].cos() + t[0].tan() + t[1].asin() - t[1].acos() + t[0].atan(),
     [[0.3, -0.5], [1.2, 0.9]]),
    ("activations", lambda v: v[0].tanh() + v[0].sigmoid() * v[1].relu() + v[1].softplus()
     + v[0].leaky_relu(0.1) + abs(v[1]),
     lambda t: t[0].tanh() + t[0].sigmoid() * t[1].relu() + F.softplus(t[1]) + F.leaky_relu(t[0], 0.1)
     + t[1].abs(), [[-0.7, 1.3], [2.0, -0.4], [-30.0, 30.0]]),
    ("log-base", lambda v: v[0].log(10) + v[0].log(2.0), lambda t: t[0].log10() + t[0].log2(),
     [[0.5], [7.0]]),
    ("nary", lambda v: autograd.logsumexp(v) + autograd.max(v) * autograd.sum(v)
     + autograd.dot(v[:2], v[1:], v[0]),
     lambda t: torch.logsumexp(torch.stack(t), 0) + torch.stack(t).max() * torch.stack(t).sum()
     + (torch.stack(t[:2]) * torch.stack(t[1:])).sum() + t[0], [[0.1, -2.0, 1.5], [3.0, 2.0, -1.0]]),
    ("softmax", lambda v: autograd.softmax(v)[0] * 3 + autograd.log_softmax(v)[2],
     lambda t: torch.softmax(torch.stack(t), 0)[0] * 3 + torch.log_softmax(torch.stack(t), 0)[2],
     [[0.1, -2.0, 1.5], [1000.0, 999.0, -1000.0]]),
]


@pytest.mark.parametrize("name,ours,theirs,points", CASES, ids=[c[0] for c in CASES])
def test_primitives_match_torch(name: str, ours: Callable[[list[Any]], Any],
                                theirs: Callable[[list[Any]], Any], points: list[list[float]]) -> None:
    for xs in points:
        values = [Value(x) for x in xs]
        y = ours(values)
        y.backward()
        tensors = [leaf(x) for x in xs]
        out = theirs(tensors)
        out.backward()
        assert y.data == pytest.approx(out.item(), rel=TOL, abs=TOL)
        assert [v.grad for v in values] == pytest.approx([t.grad.item() for t in tensors], rel=TOL, abs=TOL)


def test_lecture_example_matches_torch() -> None:
    a, b = leaf(2.0), leaf(1.0)
    ((a + b) * (b + 1)).backward()
    assert (a.grad.item(), b.grad.item()) == (2.0, 5.0)
    assert math.isclose(autograd.grad(lambda x, y: (x + y) * (y + 1), argnums=1)(2.0, 1.0), b.grad.item())


def test_second_derivatives_match_torch() -> None:
    x = leaf(0.8)
    (g,) = torch.autograd.grad(x.sin() * x ** 3, x, create_graph=True)
    (h,) = torch.autograd.grad(g, x)
    second = autograd.grad(autograd.grad(lambda v: v.sin() * v ** 3))(0.8)
    assert second == pytest.approx(h.item(), rel=TOL)
