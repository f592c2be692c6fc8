"""``fit(..., compile=True)`` and ``nn.compiled.compile_step`` train as the interpreted loop does.

Reference: the same model trained by ``fit`` on the interpreted engine (same seed, batches and
optimiser): loss histories and final weights agree to 1e-9 (the compiled step sums the same
gradient terms in another order).
"""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

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


def test_tensor_models_are_not_compiled_yet() -> None:
    with pytest.raises(NotImplementedError, match="Tensor models"):
        nn.fit(nn.Sequential(nn.Linear(2, 1)), [[0.0, 1.0]], [1.0], compile=True, progress=False)
