"""The Tensor losses (nn.losses given Tensor predictions) against the scalar losses on the same
numbers: value and gradient with respect to every prediction, including the edge cases the
scalar losses define (0 ln 0, the two pieces of huber), and the errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from autograd import Tensor, Value
from nn import losses


def scalar_and_tensor(name: str, preds: np.ndarray, targets: Any, **kw: Any) -> None:
    """Assert value and d loss / d predictions agree between the engines to 1e-12."""
    values = [[Value(v) for v in row] for row in preds.tolist()]
    flat = [v for row in values for v in row]
    t_list = targets.tolist() if isinstance(targets, np.ndarray) else targets
    L = getattr(losses, name)(values, t_list, **kw)
    L.backward()
    P = Tensor(preds, requires_grad=True)
    LT = getattr(losses, name)(P, targets, **kw)
    LT.backward()
    assert abs(L.data - LT.item()) <= 1e-12 * max(1.0, abs(L.data)), (L.data, LT.item())
    np.testing.assert_allclose(P.grad.reshape(-1), [v.grad for v in flat], rtol=1e-12, atol=1e-14)


RNG = np.random.default_rng(0)
REAL = RNG.normal(size=(5, 3))
TARGET = RNG.normal(size=(5, 3))


@pytest.mark.parametrize("name", ["mse", "rss", "mae", "huber"])
def test_regression_losses(name: str) -> None:
    scalar_and_tensor(name, REAL * 2, TARGET)


def test_huber_uses_both_pieces() -> None:
    d = np.array([[0.2, -0.4, 1.5], [-3.0, 0.9, 2.2]])
    assert (np.abs(d) > 0.5).any() and (np.abs(d) <= 0.5).any()
    scalar_and_tensor("huber", d, np.zeros_like(d), delta=0.5)


def test_classification_losses() -> None:
    classes = np.array([2, 0, 1, 1, 0])
    scalar_and_tensor("cross_entropy", REAL * 3, classes)
    log_p = REAL - np.log(np.exp(REAL).sum(axis=1, keepdims=True))
    scalar_and_tensor("nll", log_p, classes)
    labels = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.3], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.5, 1.0, 0.0]])
    scalar_and_tensor("binary_cross_entropy_with_logits", REAL * 4, labels)
    scalar_and_tensor("binary_cross_entropy", 1 / (1 + np.exp(-REAL)), labels)
    scalar_and_tensor("hinge", REAL, np.where(labels > 0.4, 1.0, -1.0))


def test_binary_cross_entropy_leaves_out_zero_weight_terms() -> None:
    """p = y = 1 and p = y = 0 give 0 (not 0 ln 0) and a finite gradient, as the scalar loss."""
    p = np.array([[1.0, 0.0, 0.7]])
    scalar_and_tensor("binary_cross_entropy", p, np.array([[1.0, 0.0, 1.0]]))


def test_kl_divergence_with_zero_targets() -> None:
    q = np.exp(REAL) / np.exp(REAL).sum(axis=1, keepdims=True)
    p = np.array([[0.5, 0.5, 0.0], [0.2, 0.3, 0.5], [0.0, 0.0, 1.0], [1 / 3, 1 / 3, 1 / 3], [0.1, 0.0, 0.9]])
    scalar_and_tensor("kl_divergence", q, p)
    scalar_and_tensor("kl_divergence", np.log(q), p, log_input=True)


def test_single_sample_rows_and_column_outputs() -> None:
    """One sample's logits (C,) with one class index; a (B, 1) output with (B,) targets."""
    z = Tensor(np.array([0.3, -1.2, 2.0]), requires_grad=True)
    L = losses.cross_entropy(z, 2)
    L.backward()
    p = np.exp(z.data) / np.exp(z.data).sum()
    assert abs(L.item() - (-np.log(p[2]))) < 1e-15
    np.testing.assert_allclose(z.grad, p - np.eye(3)[2], rtol=1e-14)
    col = Tensor(np.array([[1.0], [2.0], [4.0]]), requires_grad=True)
    losses.mse(col, np.array([0.0, 2.0, 1.0])).backward()
    np.testing.assert_allclose(col.grad, [[2 / 3], [0.0], [2.0]], rtol=1e-15)


def test_l1_and_l2_over_tensors() -> None:
    params = [Tensor(np.array([[1.0, -2.0]]), requires_grad=True), Tensor(np.array([3.0]), requires_grad=True)]
    L = losses.l1(params) + losses.l2(params)
    L.backward()
    assert L.item() == 6.0 + 14.0
    np.testing.assert_allclose(params[0].grad, [[1.0 + 2.0, -1.0 - 4.0]])
    np.testing.assert_allclose(params[1].grad, [1.0 + 6.0])


def test_errors_name_the_loss_and_shapes() -> None:
    P = Tensor(np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"mse: predictions of shape \(4, 2\) but targets of shape \(3,\)"):
        losses.mse(P, np.zeros(3))
    with pytest.raises(ValueError, match="hinge: labels must be \\+1 or -1, got 0.5"):
        losses.hinge(P, np.full((4, 2), 0.5))
    with pytest.raises(ValueError, match="binary_cross_entropy: prediction 0.0 for target 1.0 gives an infinite loss"):
        losses.binary_cross_entropy(P, np.ones((4, 2)))
    with pytest.raises(ValueError, match="binary_cross_entropy_with_logits: targets must be in"):
        losses.binary_cross_entropy_with_logits(P, np.full((4, 2), 2.0))
    with pytest.raises(ValueError, match="cross_entropy: target must be a class index in 0..1, got 5 at index 1"):
        losses.cross_entropy(P, np.array([0, 5, 1, 1]))
    with pytest.raises(ValueError, match="nll: needs logits of shape \\(n, C\\) and targets of shape \\(n,\\)"):
        losses.nll(P, np.array([0, 1]))
    with pytest.raises(ValueError, match="mse: targets must be finite"):
        losses.mse(P, np.full((4, 2), np.inf))
    with pytest.raises(ValueError, match="kl_divergence: prediction 0.0 where the target is"):
        losses.kl_divergence(P, np.full((4, 2), 0.5))
