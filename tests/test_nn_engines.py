"""One nn, two engines: every activation, every loss and every optimiser, tested once on both.

A scalar ``nn.MLP`` and its ``nn.to_tensor`` twin (the same weights) must give the same loss and
the same gradient for every weight and bias to 1e-12; where PyTorch is installed, a float64
``torch.nn`` network with those weights (the independent reference) must agree too. Optimisers:
three steps on each engine leave the same weights as three ``torch.optim`` steps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import nn

torch = pytest.importorskip("torch")
F = torch.nn.functional
TOL = 1e-12

# activation name -> the same function in torch (float64)
TORCH_ACTIVATIONS: dict[str, Callable[[Any], Any]] = {
    "linear": lambda z: z,
    "identity": lambda z: z,
    "relu": F.relu,
    "leaky_relu": lambda z: F.leaky_relu(z, 0.01),
    "abs": torch.abs,
    "softplus": F.softplus,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "step": lambda z: z * 0.0 + (z >= 0).double(),
    "softmax": lambda z: F.softmax(z, dim=-1),
    "log_softmax": lambda z: F.log_softmax(z, dim=-1),
}


def _hinge(s: Any, y: Any) -> Any:
    return torch.clamp(1.0 - s * y, min=0.0).mean()


# loss name -> (output activation, kind of target, the loss in torch)
TORCH_LOSSES: dict[str, tuple[str, str, Callable[[Any, Any], Any]]] = {
    "mse": ("linear", "real", F.mse_loss),
    "rss": ("linear", "real", lambda p, t: F.mse_loss(p, t, reduction="sum")),
    "mae": ("linear", "real", F.l1_loss),
    "huber": ("linear", "real", lambda p, t: F.huber_loss(p, t, delta=1.0)),
    "binary_cross_entropy": ("sigmoid", "binary", F.binary_cross_entropy),
    "binary_cross_entropy_with_logits": ("linear", "binary", F.binary_cross_entropy_with_logits),
    "cross_entropy": ("linear", "class", F.cross_entropy),
    "nll": ("log_softmax", "class", F.nll_loss),
    "hinge": ("linear", "sign", _hinge),
    "kl_divergence": ("softmax", "distribution", lambda q, p: F.kl_div(q.log(), p, reduction="batchmean")),
}


def targets_for(kind: str, rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    if kind == "class":
        return rng.integers(0, k, size=n)
    if kind == "binary":
        return rng.integers(0, 2, size=(n, k)).astype(float)
    if kind == "sign":
        return rng.choice([-1.0, 1.0], size=(n, k))
    if kind == "distribution":
        d = rng.random((n, k)) * (rng.random((n, k)) > 0.3)
        d[:, 0] += 0.1
        return d / d.sum(axis=1, keepdims=True)
    return rng.normal(size=(n, k))


def torch_twin(mlp: nn.MLP) -> tuple[list[Any], Callable[[Any], Any]]:
    """(parameters [W1, b1, W2, b2 ...], forward) of a float64 torch network holding mlp's weights."""
    params, acts = [], []
    for layer in mlp.layers:
        W, b = layer.get_weights()
        params += [
            torch.tensor(W, dtype=torch.float64, requires_grad=True),
            torch.tensor(b, dtype=torch.float64, requires_grad=True),
        ]
        acts.append(TORCH_ACTIVATIONS[layer.activation])

    def forward(x: Any) -> Any:
        for (W, b), f in zip(zip(params[::2], params[1::2]), acts):
            x = f(x @ W.T + b)
        return x

    return params, forward


def scalar_grads(mlp: nn.MLP) -> list[np.ndarray]:
    out = []
    for layer in mlp.layers:
        out.append(np.array([[p.grad for p in n.w] for n in layer.neurons]))
        out.append(np.array([n.b.grad for n in layer.neurons]))
    return out


def check(
    mlp: nn.MLP, X: np.ndarray, targets: np.ndarray, loss: str, torch_loss: Callable[[Any, Any], Any]
) -> None:
    """Scalar MLP, Tensor twin and torch agree on the loss and every gradient."""
    twin = nn.to_tensor(mlp)
    fn = getattr(nn.losses, loss)
    L_scalar = fn([mlp(x) for x in X], targets.tolist())
    mlp.zero_grad()
    L_scalar.backward()
    L_tensor = fn(twin(X), targets)
    twin.zero_grad()
    L_tensor.backward()
    params, forward = torch_twin(mlp)
    out = forward(torch.tensor(X, dtype=torch.float64))
    t = torch.tensor(targets)
    L_torch = torch_loss(out.reshape(-1) if out.shape[1] == 1 and t.ndim == 1 else out, t)
    L_torch.backward()
    assert abs(L_scalar.data - L_tensor.item()) <= TOL * max(1.0, abs(L_scalar.data))
    assert abs(L_scalar.data - L_torch.item()) <= TOL * max(1.0, abs(L_scalar.data))
    tensor_grads = [p.grad for p in twin.parameters()]
    for g_scalar, g_tensor, p in zip(scalar_grads(mlp), tensor_grads, params):
        np.testing.assert_allclose(g_tensor, g_scalar, rtol=TOL, atol=TOL)
        np.testing.assert_allclose(g_scalar, p.grad.numpy(), rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize(
    "activation", ["linear", "identity", "relu", "leaky_relu", "abs", "softplus", "sigmoid", "tanh", "step"]
)
def test_every_elementwise_activation_on_both_engines(activation: str) -> None:
    rng = np.random.default_rng(3)
    mlp = nn.MLP(3, [5, 2], activation=activation, init="xavier", bias_init=0.05, seed=4)
    X = rng.normal(size=(7, 3))
    check(mlp, X, rng.normal(size=(7, 2)), "mse", F.mse_loss)


@pytest.mark.parametrize("activation, loss", [("softmax", "kl_divergence"), ("log_softmax", "nll")])
def test_every_layer_activation_on_both_engines(activation: str, loss: str) -> None:
    rng = np.random.default_rng(5)
    mlp = nn.MLP(3, [5, 4], activation="tanh", output_activation=activation, seed=6)
    X = rng.normal(size=(7, 3))
    _, kind, torch_loss = TORCH_LOSSES[loss]
    check(mlp, X, targets_for(kind, rng, 7, 4), loss, torch_loss)


@pytest.mark.parametrize("loss", list(TORCH_LOSSES))
def test_every_loss_on_both_engines(loss: str) -> None:
    output, kind, torch_loss = TORCH_LOSSES[loss]
    rng = np.random.default_rng(len(loss))
    k = 4 if kind in ("class", "distribution") else 2
    mlp = nn.MLP(3, [5, k], activation="tanh", output_activation=output, bias_init=0.05, seed=9)
    X = rng.normal(size=(8, 3))
    check(mlp, X, targets_for(kind, rng, 8, k), loss, torch_loss)


@pytest.mark.parametrize("penalty", ["l1", "l2"])
@pytest.mark.parametrize("biases", [False, True])
def test_every_penalty_on_both_engines(penalty: str, biases: bool) -> None:
    mlp = nn.MLP(3, [4, 2], activation="tanh", bias_init=0.2, seed=1)
    twin = nn.to_tensor(mlp)
    params, _ = torch_twin(mlp)
    fn = getattr(nn.losses, penalty)
    L_scalar, L_tensor = fn(mlp, biases=biases), fn(twin, biases=biases)
    mlp.zero_grad()
    twin.zero_grad()
    L_scalar.backward()
    L_tensor.backward()
    penalised = params if biases else params[::2]
    L_torch = sum((p.abs() if penalty == "l1" else p * p).sum() for p in penalised)
    L_torch.backward()
    assert abs(L_scalar.data - L_torch.item()) <= TOL and abs(L_tensor.item() - L_torch.item()) <= TOL
    for g_scalar, p_tensor, p in zip(scalar_grads(mlp), twin.parameters(), params):
        expected = p.grad.numpy() if p.grad is not None else np.zeros(tuple(p.shape))
        np.testing.assert_allclose(g_scalar, expected, rtol=TOL, atol=TOL)
        tensor_grad = p_tensor.grad if p_tensor.grad is not None else np.zeros(tuple(p.shape))
        np.testing.assert_allclose(tensor_grad, expected, rtol=TOL, atol=TOL)


OPTIMISERS: list[tuple[str, dict[str, Any]]] = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.1, "momentum": 0.5, "weight_decay": 0.01}),
    ("Adam", {"lr": 0.05}),
    ("Adam", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6}),
]


@pytest.mark.parametrize("name, options", OPTIMISERS)
def test_every_optimiser_on_both_engines(name: str, options: dict[str, Any]) -> None:
    rng = np.random.default_rng(11)
    X, y = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    mlp = nn.MLP(3, [4, 2], activation="tanh", seed=2)
    twin = nn.to_tensor(mlp)
    params, forward = torch_twin(mlp)
    opt_scalar, opt_tensor = getattr(nn, name)(mlp, **options), getattr(nn, name)(twin, **options)
    opt_torch = getattr(torch.optim, name)(params, **options)
    for _ in range(3):
        for opt, L in (
            (opt_scalar, lambda: nn.losses.mse([mlp(x) for x in X], y.tolist())),
            (opt_tensor, lambda: nn.losses.mse(twin(X), y)),
        ):
            loss = L()
            opt.zero_grad()
            loss.backward()
            opt.step()
        opt_torch.zero_grad()
        F.mse_loss(forward(torch.tensor(X)), torch.tensor(y)).backward()
        opt_torch.step()
    for layer, lin, (W, b) in zip(
        mlp.layers, [m for m in twin if isinstance(m, nn.Linear)], zip(params[::2], params[1::2])
    ):
        W_scalar, b_scalar = (np.array(a) for a in layer.get_weights())
        np.testing.assert_allclose(lin.weight.data, W_scalar, rtol=TOL, atol=TOL)
        np.testing.assert_allclose(lin.bias.data, b_scalar, rtol=TOL, atol=TOL)
        np.testing.assert_allclose(W_scalar, W.detach().numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(b_scalar, b.detach().numpy(), rtol=1e-10, atol=1e-12)
