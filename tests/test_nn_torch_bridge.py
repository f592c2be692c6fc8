"""``nn.to_torch`` and ``nn.from_torch``: the same network on both sides, outputs and every
gradient equal to 1e-12 in float64 (skipped cleanly when torch is not installed).

Reference: PyTorch itself, forward and ``backward()`` on the converted module, against our
Tensor engine (Sequential) and scalar engine (MLP) on the same inputs and loss.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import nn
from autograd import Tensor

torch = pytest.importorskip("torch")
TOL = 1e-12


def batch(n: int, features: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, features))


def torch_loss_and_grads(module: Any, X: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Outputs of ``module`` on X and the gradients of sum(out²) / 2 for its parameters."""
    out = module(torch.tensor(X, dtype=torch.float64))
    (0.5 * (out * out).sum()).backward()
    return out.detach().numpy(), [p.grad.numpy() for p in module.parameters()]


SEQUENTIALS = [
    lambda: nn.Sequential(nn.Linear(3, 5, seed=1), nn.Tanh(), nn.Linear(5, 2, seed=2)),
    lambda: nn.Sequential(nn.Linear(3, 4, seed=3), nn.ReLU(), nn.Linear(4, 4, seed=4),
                          nn.LeakyReLU(0.2), nn.Linear(4, 3, bias=False, seed=5), nn.LogSoftmax()),
    lambda: nn.Sequential(nn.Linear(3, 2, seed=6), nn.Sigmoid(), nn.Linear(2, 2, seed=7),
                          nn.Softplus(), nn.Identity(), nn.Linear(2, 3, seed=8), nn.Softmax(dim=-1)),
]


@pytest.mark.parametrize("make", SEQUENTIALS)
def test_to_torch_from_a_sequential_same_outputs_and_gradients(make: Any) -> None:
    model = make()
    module = nn.to_torch(model)
    assert isinstance(module, torch.nn.Sequential)
    assert list(module.state_dict()) == list(model.state_dict())
    X = batch(6, 3)
    out, grads = torch_loss_and_grads(module, X)
    ours = model(X)
    (0.5 * (ours * ours).sum()).backward()
    np.testing.assert_allclose(ours.data, out, rtol=TOL, atol=TOL)
    for p, g in zip(model.parameters(), grads):
        np.testing.assert_allclose(p.grad, g, rtol=TOL, atol=TOL)


@pytest.mark.parametrize("sizes, activation", [([4, 1], "relu"), ([5, 3, 2], "tanh"),
                                                ([3, 3], "sigmoid")])
def test_to_torch_from_a_scalar_mlp_same_outputs_and_gradients(sizes: list[int], activation: str) -> None:
    mlp = nn.MLP(3, sizes, activation=activation, seed=4)
    module = nn.to_torch(mlp)
    X = batch(4, 3, seed=1)
    out, grads = torch_loss_and_grads(module, X)
    mlp.zero_grad()
    total = 0.0
    for i, row in enumerate(X):
        y = mlp(list(row))
        ys = y if isinstance(y, list) else [y]
        np.testing.assert_allclose([v.data for v in ys], out[i], rtol=TOL, atol=TOL)
        for v in ys:
            total = total + 0.5 * v * v
    total.backward()
    # torch's W (out, in) row i is neuron i's weights; its bias entry i is neuron i's bias
    ours = [p.grad for p in mlp.parameters()]
    theirs = []
    for W, b in zip(grads[0::2], grads[1::2]):
        for i in range(W.shape[0]):
            theirs += list(W[i]) + [b[i]]
    np.testing.assert_allclose(ours, theirs, rtol=TOL, atol=TOL)


def test_from_torch_builds_our_sequential_with_the_same_function() -> None:
    torch.manual_seed(0)
    module = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(),
                                 torch.nn.Sequential(torch.nn.Linear(4, 2), torch.nn.Tanh()),
                                 torch.nn.Linear(2, 2, bias=False), torch.nn.LogSoftmax(dim=-1)).double()
    model = nn.from_torch(module)
    assert isinstance(model, nn.Sequential) and model.dtype == np.float64
    assert [type(m).__name__ for m in model] == ["Linear", "ReLU", "Linear", "Tanh", "Linear", "LogSoftmax"]
    X = batch(5, 3, seed=2)
    out, grads = torch_loss_and_grads(module, X)
    ours = model(Tensor(X))
    (0.5 * (ours * ours).sum()).backward()
    np.testing.assert_allclose(ours.data, out, rtol=TOL, atol=TOL)
    for p, g in zip(model.parameters(), grads):
        np.testing.assert_allclose(p.grad, g, rtol=TOL, atol=TOL)


def test_round_trip_and_float32() -> None:
    model = SEQUENTIALS[0]()
    back = nn.from_torch(nn.to_torch(model))
    for a, b in zip(model.state_dict().values(), back.state_dict().values()):
        np.testing.assert_array_equal(a, b)
    module32 = torch.nn.Sequential(torch.nn.Linear(2, 2))
    assert nn.from_torch(module32).dtype == np.float32
    assert nn.to_torch(nn.from_torch(module32))[0].weight.dtype == torch.float32


def test_from_torch_names_the_layer_it_cannot_convert() -> None:
    module = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU())
    with pytest.raises(ValueError, match="Conv2d"):
        nn.from_torch(module)
    with pytest.raises(ValueError, match=r"module 1 .*Dropout"):
        nn.from_torch(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Dropout(0.5)))
    with pytest.raises(TypeError, match="torch.nn.Module"):
        nn.from_torch([1, 2])


def test_to_torch_refuses_what_torch_has_no_module_for() -> None:
    with pytest.raises(ValueError, match="Step"):
        nn.to_torch(nn.Sequential(nn.Linear(2, 2), nn.Step()))
    with pytest.raises(ValueError, match="abs"):
        nn.to_torch(nn.MLP(2, [2, 1], activation="abs"))
    with pytest.raises(TypeError, match="nn.Sequential or nn.MLP"):
        nn.to_torch(nn.Linear(2, 2))


def test_the_readme_example_runs() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "docs" / "compatibility.md").read_text("utf-8")
    marker = "<!-- run by tests/test_nn_torch_bridge.py when torch is installed -->"
    assert readme.count(marker) == 1
    block = readme.split(marker)[1].split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {}
    exec(compile(block, "docs/compatibility.md", "exec"), namespace)
    assert isinstance(namespace["net"], torch.nn.Sequential)
    assert isinstance(namespace["twin"], nn.Sequential)
