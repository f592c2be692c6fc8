"""Whole Tensor graphs against PyTorch in float64 (skipped without torch): an MLP training step
with softmax cross-entropy, and a graph with broadcasting, reuse and every kind of primitive.
Single primitives are compared one by one in ``test_tensor_primitives.py``."""

from __future__ import annotations

import numpy as np
import pytest

from autograd import Tensor, concatenate, cross_entropy, stack

torch = pytest.importorskip("torch")
F = torch.nn.functional

SIZES = (12, 8, 6, 4)


def _params(rng: np.random.Generator) -> list[np.ndarray]:
    out = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
        out += [rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out)), rng.normal(size=n_out) * 0.1]
    return out


def test_mlp_sgd_steps_match_torch() -> None:
    rng = np.random.default_rng(0)
    X, t = rng.random((16, SIZES[0])), rng.integers(0, SIZES[-1], size=16)
    ours = [Tensor(p.copy(), requires_grad=True) for p in _params(rng)]
    theirs = [torch.tensor(p.data.copy(), requires_grad=True) for p in ours]
    for _ in range(3):
        h, g = Tensor(X), torch.tensor(X)
        for i in range(0, len(ours) - 2, 2):
            h = (h @ ours[i] + ours[i + 1]).relu()
            g = torch.relu(g @ theirs[i] + theirs[i + 1])
        loss = cross_entropy(h @ ours[-2] + ours[-1], t)
        ref = F.cross_entropy(g @ theirs[-2] + theirs[-1], torch.tensor(t))
        for p, q in zip(ours, theirs):
            p.grad, q.grad = None, None
        loss.backward()
        ref.backward()
        assert loss.item() == pytest.approx(ref.item(), rel=1e-13)
        for p, q in zip(ours, theirs):
            np.testing.assert_allclose(p.grad, q.grad.numpy(), rtol=1e-11, atol=1e-14)
            p.data -= 0.1 * p.grad
            with torch.no_grad():
                q -= 0.1 * q.grad


def test_a_graph_with_broadcasting_and_reuse_matches_torch() -> None:
    rng = np.random.default_rng(1)
    a, b, c = rng.normal(size=(3, 4)), rng.normal(size=(4,)), rng.uniform(0.5, 2.0, size=(3, 1))

    def ours_f(x: Tensor, y: Tensor, z: Tensor) -> Tensor:
        h = (x * y + z).tanh()
        s = h.softmax(axis=0) * h.log_softmax(axis=1) + h.logsumexp(axis=1, keepdims=True)
        m = concatenate([s, h], axis=1).max(axis=1) + stack([s.sum(axis=1), (z ** 1.5)[:, 0]]).mean(axis=0)
        tail = (h.T @ h)[1:, ::2].abs().sum()
        return (m / z.sqrt()[:, 0]).sigmoid().sum() + (x @ y).softplus().mean() + tail

    def torch_f(x: object, y: object, z: object) -> object:
        h = torch.tanh(x * y + z)
        s = torch.softmax(h, 0) * torch.log_softmax(h, 1) + torch.logsumexp(h, 1, keepdim=True)
        m = torch.cat([s, h], 1).amax(1) + torch.stack([s.sum(1), (z ** 1.5)[:, 0]]).mean(0)
        tail = (h.T @ h)[1:, :][:, ::2].abs().sum()
        return torch.sigmoid(m / z.sqrt()[:, 0]).sum() + F.softplus(x @ y).mean() + tail

    ours = [Tensor(v, requires_grad=True) for v in (a, b, c)]
    theirs = [torch.tensor(v, requires_grad=True) for v in (a, b, c)]
    out, ref = ours_f(*ours), torch_f(*theirs)
    out.backward()
    ref.backward()
    assert out.item() == pytest.approx(ref.item(), rel=1e-13)
    for p, q in zip(ours, theirs):
        np.testing.assert_allclose(p.grad, q.grad.numpy(), rtol=1e-11, atol=1e-14)
