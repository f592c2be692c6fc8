"""``fit(..., compile=True)`` and ``nn.compiled.compile_step`` train as the interpreted loop does.

Reference: the same model trained by ``fit`` on the interpreted engine (same seed, batches and
optimiser): loss histories and final weights agree to 1e-9 (the compiled step sums the same
gradient terms in another order).
"""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pytest

import autograd as ag
import nn
from nn.compiled import compile_step


def moons(n: int = 24, seed: int = 0) -> tuple[list[list[float]], list[float]]:
    rng = random.Random(seed)
    X, y = [], []
    for i in range(n):
        t = math.pi * i / n
        if i % 2:
            X.append([math.cos(t) + rng.gauss(0, 0.1), math.sin(t) + rng.gauss(0, 0.1)])
            y.append(-1.0)
        else:
            X.append([1 - math.cos(t) + rng.gauss(0, 0.1), 0.5 - math.sin(t) + rng.gauss(0, 0.1)])
            y.append(1.0)
    return X, y


def both(make: Any, X: Any, y: Any, **kw: Any) -> tuple[Any, Any, Any, Any]:
    plain, compiled = make(), make()
    h1 = nn.fit(plain, X, y, progress=False, **kw)
    h2 = nn.fit(compiled, X, y, progress=False, compile=True, **kw)
    return plain, compiled, h1, h2


def assert_same_training(plain: Any, compiled: Any, h1: Any, h2: Any) -> None:
    assert h2.loss == pytest.approx(h1.loss, rel=1e-9, abs=1e-12)
    assert h2.accuracy == h1.accuracy
    for p, q in zip(plain.parameters(), compiled.parameters()):
        assert q.data == pytest.approx(p.data, rel=1e-9, abs=1e-12)


def test_fit_compiled_trains_an_mlp_on_moons_as_the_interpreted_loop() -> None:
    X, y = moons()
    model = lambda: nn.MLP(2, [8, 8, 1], seed=1)  # noqa: E731
    assert_same_training(*both(model, X, y, loss="hinge", epochs=5, batch_size=8, lr=0.05))


def test_a_penalty_on_the_parameters_and_full_batches() -> None:
    X, y = moons(16)
    made: list[Any] = []

    def model() -> Any:
        made.append(nn.MLP(2, [6, 1], activation="tanh", seed=2))
        return made[-1]

    def loss_of(m: Any) -> Any:
        return lambda p, t: nn.losses.mse(p, t) + 1e-3 * nn.losses.l2(m)

    plain, compiled = model(), model()
    h1 = nn.fit(plain, X, y, loss=loss_of(plain), epochs=4, progress=False, lr=0.1)
    h2 = nn.fit(compiled, X, y, loss=loss_of(compiled), epochs=4, progress=False, lr=0.1,
                compile=True)
    assert_same_training(plain, compiled, h1, h2)


def test_several_outputs_with_cross_entropy() -> None:
    X, y = moons(18)
    labels = [0 if t < 0 else 1 for t in y]
    model = lambda: nn.MLP(2, [5, 2], seed=3)  # noqa: E731
    assert_same_training(*both(model, X, labels, loss="cross_entropy", epochs=3, batch_size=6,
                               optimizer="adam", lr=0.01))


def test_compile_step_by_hand_gives_the_interpreted_gradient() -> None:
    X, y = moons(10)
    model = nn.MLP(2, [4, 1], seed=4)
    step = compile_step(model)
    L = step(X, y, nn.losses.hinge)
    model.zero_grad()
    L.backward()
    compiled = [p.grad for p in model.parameters()]
    model.zero_grad()
    reference = nn.losses.hinge([model(x) for x in X], y)
    reference.backward()
    assert L.data == pytest.approx(reference.data, rel=1e-12)
    assert compiled == pytest.approx([p.grad for p in model.parameters()], rel=1e-12, abs=1e-15)
    assert step.program.traces == 1


def tensor_twins(make: Any) -> tuple[Any, Any]:
    a, b = make(), make()
    b.load_state_dict(a.state_dict())
    return a, b


def assert_same_tensor_training(plain: Any, compiled: Any, h1: Any, h2: Any) -> None:
    assert h2.loss == pytest.approx(h1.loss, rel=1e-9, abs=1e-12)
    assert h2.accuracy == h1.accuracy
    for p, q in zip(plain.parameters(), compiled.parameters()):
        np.testing.assert_allclose(q.data, p.data, rtol=1e-9, atol=1e-12)


def test_fit_compiled_trains_a_tensor_model_with_cross_entropy_as_the_interpreted_loop() -> None:
    X, y = moons(30)
    labels = np.array([0 if t < 0 else 1 for t in y])
    make = lambda: nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 2))  # noqa: E731
    plain, compiled = tensor_twins(make)
    kw = {"loss": "cross_entropy", "epochs": 4, "batch_size": 8, "optimizer": "adam", "lr": 0.01,
          "progress": False}
    h1 = nn.fit(plain, np.array(X), labels, **kw)
    h2 = nn.fit(compiled, np.array(X), labels, compile=True, **kw)
    assert_same_tensor_training(plain, compiled, h1, h2)


def test_compile_step_of_a_tensor_model_by_hand_with_a_penalty() -> None:
    X, y = moons(12)
    model = nn.Sequential(nn.Linear(2, 5), nn.Tanh(), nn.Linear(5, 1))
    Xa, ya = np.array(X), np.array(y).reshape(-1, 1)
    loss = lambda p, t: nn.losses.mse(p, t) + 1e-3 * nn.losses.l2(model)  # noqa: E731
    step = compile_step(model)
    L = step(Xa, ya, loss)
    model.zero_grad()
    L.backward()
    compiled = [p.grad.copy() for p in model.parameters()]
    model.zero_grad()
    reference = loss(model(ag.Tensor(Xa)), ya)
    reference.backward()
    assert float(L.data) == pytest.approx(float(reference.data), rel=1e-12)
    for got, p in zip(compiled, model.parameters()):
        np.testing.assert_allclose(got, p.grad, rtol=1e-12, atol=1e-15)
