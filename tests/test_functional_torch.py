"""The JAX-style options against PyTorch's own functional transforms (``torch.func``) in float64
(skipped cleanly when torch is not installed): grad with has_aux, jvp, vjp, linearize and the
Hessian-vector product, on dict arguments."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import autograd as ag

torch = pytest.importorskip("torch")
TOL = 1e-12


def loss(p: dict[str, Any], lib: Any) -> Any:
    """A small network-shaped loss: sum tanh(w * x + b)² with an aux output (the predictions)."""
    x = lib.asarray([0.5, -1.0, 2.0]) if lib is np else torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64)
    pred = (p["w"] * x + p["b"]).tanh()
    return (pred * pred).sum(), pred


def params(rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {"w": rng.normal(size=3), "b": rng.normal(size=3)}


def as_torch(p: dict[str, np.ndarray]) -> dict[str, Any]:
    return {k: torch.tensor(v, dtype=torch.float64) for k, v in p.items()}


@pytest.mark.parametrize("seed", range(3))
def test_grad_with_aux_matches_torch_func(seed: int) -> None:
    p = params(np.random.default_rng(seed))
    g, aux = ag.grad(lambda q: loss(q, np), has_aux=True)(p)
    tg, taux = torch.func.grad(lambda q: loss(q, torch), has_aux=True)(as_torch(p))
    for k in p:
        np.testing.assert_allclose(g[k], tg[k].numpy(), rtol=TOL, atol=TOL)
    np.testing.assert_allclose(aux, taux.numpy(), rtol=TOL)


@pytest.mark.parametrize("seed", range(3))
def test_hvp_jvp_vjp_and_linearize_match_torch_func(seed: int) -> None:
    rng = np.random.default_rng(seed)
    p, v = params(rng), params(rng)

    def f(q: Any) -> Any:
        return loss(q, np)[0]

    def tf(q: Any) -> Any:
        return loss(q, torch)[0]

    ours = ag.hvp(f, (p,), (v,))
    theirs = torch.func.jvp(torch.func.grad(tf), (as_torch(p),), (as_torch(v),))[1]
    for k in p:
        np.testing.assert_allclose(ours[k], theirs[k].numpy(), rtol=1e-10, atol=TOL)
    y, t = ag.jvp(f, (p,), (v,))
    ty, tt = torch.func.jvp(tf, (as_torch(p),), (as_torch(v),))
    assert (float(y), float(t)) == pytest.approx((ty.item(), tt.item()), rel=TOL)
    y, f_jvp = ag.linearize(f, p)
    assert float(f_jvp(v)) == pytest.approx(tt.item(), rel=TOL)
    _, pullback = ag.vjp(lambda q: loss(q, np)[1], p)
    u = rng.normal(size=3)
    (cot,) = pullback(u)
    _, tpull = torch.func.vjp(lambda q: loss(q, torch)[1], as_torch(p))
    (tcot,) = tpull(torch.tensor(u, dtype=torch.float64))
    for k in p:
        np.testing.assert_allclose(cot[k], tcot[k].numpy(), rtol=TOL, atol=TOL)
