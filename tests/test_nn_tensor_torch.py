"""nn.Linear / nn.Sequential, the Tensor losses and the optimisers on Tensors against PyTorch in
float64 (skipped without torch): the same state_dict loads into torch.nn.Sequential unchanged,
and outputs, losses, gradients and a few optimiser steps agree."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import nn

torch = pytest.importorskip("torch")
F = torch.nn.functional

TORCH_ACTIVATIONS = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid,
                     "softplus": torch.nn.Softplus, "leaky_relu": torch.nn.LeakyReLU}


def twins(activation: str, sizes: tuple[int, ...] = (6, 8, 5, 4), seed: int = 0) -> tuple[nn.Sequential, Any]:
    """Our Sequential (PyTorch's default init) and a torch.nn.Sequential loaded from its state_dict."""
    rng = np.random.default_rng(seed)
    ours: list[Any] = []
    theirs: list[Any] = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        ours.append(nn.Linear(a, b, rng=rng))
        theirs.append(torch.nn.Linear(a, b).double())
        if i < len(sizes) - 2:
            ours.append(activation)
            theirs.append(TORCH_ACTIVATIONS[activation]())
    model, ref = nn.Sequential(*ours), torch.nn.Sequential(*theirs)
    # same names, same layout
    ref.load_state_dict({k: torch.tensor(v) for k, v in model.state_dict().items()})
    return model, ref


def assert_grads_match(model: nn.Sequential, ref: Any) -> None:
    for (name, p), (tname, q) in zip(model.named_parameters(), ref.named_parameters()):
        assert name == tname
        np.testing.assert_allclose(p.grad, q.grad.numpy(), rtol=1e-10, atol=1e-13, err_msg=name)


@pytest.mark.parametrize("activation", sorted(TORCH_ACTIVATIONS))
def test_sequential_matches_torch_with_cross_entropy(activation: str) -> None:
    model, ref = twins(activation)
    rng = np.random.default_rng(1)
    X, t = rng.normal(size=(10, 6)), rng.integers(0, 4, size=10)
    loss = nn.losses.cross_entropy(model(X), t)
    loss.backward()
    out = ref(torch.tensor(X))
    ref_loss = F.cross_entropy(out, torch.tensor(t))
    ref_loss.backward()
    np.testing.assert_allclose(model(X).data, out.detach().numpy(), rtol=1e-12, atol=1e-14)
    assert abs(loss.item() - ref_loss.item()) < 1e-12
    assert_grads_match(model, ref)


LOSSES = {  # our name -> (torch loss on (output, target), kind of target)
    "mse": (F.mse_loss, "real"),
    "mae": (F.l1_loss, "real"),
    "huber": (lambda o, y: F.huber_loss(o, y, delta=1.0), "real"),
    "binary_cross_entropy_with_logits": (F.binary_cross_entropy_with_logits, "binary"),
    "binary_cross_entropy": (lambda o, y: F.binary_cross_entropy(torch.sigmoid(o), y), "binary"),
    "nll": (lambda o, y: F.nll_loss(F.log_softmax(o, dim=1), y), "class"),
    "kl_divergence": (lambda o, y: F.kl_div(F.log_softmax(o, dim=1), y, reduction="batchmean"), "dist"),
}


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_losses_match_torch(name: str) -> None:
    torch_loss, kind = LOSSES[name]
    model, ref = twins("tanh", seed=2)
    rng = np.random.default_rng(3)
    X = rng.normal(size=(7, 6))
    y = {"real": rng.normal(size=(7, 4)) * 2, "binary": rng.integers(0, 2, size=(7, 4)).astype(float),
         "class": rng.integers(0, 4, size=7), "dist": rng.dirichlet(np.ones(4), size=7)}[kind]
    out = model(X)
    if name == "binary_cross_entropy":
        out = out.sigmoid()
    elif name == "nll" or name == "kl_divergence":
        out = out.log_softmax(axis=1)
    kwargs = {"log_input": True} if name == "kl_divergence" else {}
    loss = getattr(nn.losses, name)(out, y, **kwargs)
    loss.backward()
    ref_loss = torch_loss(ref(torch.tensor(X)), torch.tensor(y))
    ref_loss.backward()
    assert abs(loss.item() - ref_loss.item()) < 1e-12
    assert_grads_match(model, ref)


@pytest.mark.parametrize("which", ["sgd", "momentum", "weight_decay", "adam"])
def test_optimiser_steps_on_tensors_match_torch(which: str) -> None:
    model, ref = twins("relu", seed=4)
    make = {"sgd": (lambda ps: nn.SGD(ps, lr=0.1), lambda ps: torch.optim.SGD(ps, lr=0.1)),
            "momentum": (lambda ps: nn.SGD(ps, lr=0.1, momentum=0.9),
                         lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)),
            "weight_decay": (lambda ps: nn.SGD(ps, lr=0.1, weight_decay=0.01),
                             lambda ps: torch.optim.SGD(ps, lr=0.1, weight_decay=0.01)),
            "adam": (lambda ps: nn.Adam(ps, lr=0.01), lambda ps: torch.optim.Adam(ps, lr=0.01))}[which]
    opt, ref_opt = make[0](model), make[1](ref.parameters())
    rng = np.random.default_rng(5)
    for _ in range(4):
        X, t = rng.normal(size=(8, 6)), rng.integers(0, 4, size=8)
        opt.zero_grad()
        nn.losses.cross_entropy(model(X), t).backward()
        opt.step()
        ref_opt.zero_grad()
        F.cross_entropy(ref(torch.tensor(X)), torch.tensor(t)).backward()
        ref_opt.step()
    for (name, p), q in zip(model.named_parameters(), ref.parameters()):
        np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=1e-10, atol=1e-12, err_msg=name)


def test_a_parameter_no_loss_reaches_is_skipped_as_in_torch() -> None:
    """zero_grad sets Tensor grads to None; a step leaves a parameter with grad None alone."""
    model, ref = twins("relu", seed=6)
    unused = nn.Linear(3, 3, seed=1)
    before = unused.weight.data.copy()
    opt = nn.Adam(model.parameters() + unused.parameters(), lr=0.01)
    opt.zero_grad()
    assert all(p.grad is None for p in opt.params)
    nn.losses.cross_entropy(model(np.ones((2, 6))), [0, 1]).backward()
    opt.step()
    assert np.array_equal(unused.weight.data, before) and unused.weight.grad is None
