"""Numerically stable softmax family for inputs of magnitude 1000: values against closed forms
written with the shift by hand (or by the shift invariance softmax(x) = softmax(x - c)),
gradients finite and equal to the gradients at the shifted inputs."""

from __future__ import annotations

import numpy as np
import pytest

from autograd import Tensor, cross_entropy

BIG = np.array([[1000.0, 999.0, -1000.0], [-1000.0, -998.0, -999.0]])
SMALL = BIG - BIG.max(axis=1, keepdims=True)  # the same rows shifted: softmax is unchanged


def test_logsumexp_of_magnitude_1000() -> None:
    out = Tensor(BIG).logsumexp(axis=1)
    expected = BIG.max(axis=1) + np.log(np.exp(SMALL).sum(axis=1))
    np.testing.assert_allclose(out.data, expected, rtol=1e-15)
    np.testing.assert_allclose(out.data[0], 1000.0 + np.log(1.0 + np.exp(-1.0)), rtol=1e-15)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_and_log_softmax_of_magnitude_1000(dtype: type) -> None:
    p = np.exp(SMALL) / np.exp(SMALL).sum(axis=1, keepdims=True)
    tol = 1e-6 if dtype == np.float32 else 1e-14
    np.testing.assert_allclose(Tensor(BIG, dtype=dtype).softmax(axis=1).data, p, rtol=tol, atol=tol)
    np.testing.assert_allclose(Tensor(BIG, dtype=dtype).log_softmax(axis=1).data,
                               SMALL - np.log(np.exp(SMALL).sum(axis=1, keepdims=True)), rtol=tol)


@pytest.mark.parametrize("method", ["softmax", "log_softmax", "logsumexp"])
def test_gradients_at_magnitude_1000_equal_the_shifted_ones(method: str) -> None:
    seed = np.random.default_rng(0).normal(size=(2, 3) if method != "logsumexp" else (2,))
    grads = []
    for x in (BIG, SMALL):
        t = Tensor(x, requires_grad=True)
        getattr(t, method)(axis=1).backward(seed)
        grads.append(t.grad)
    assert np.all(np.isfinite(grads[0]))
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-12, atol=1e-15)


def test_cross_entropy_of_magnitude_1000() -> None:
    z = Tensor(BIG, requires_grad=True)
    loss = cross_entropy(z, np.array([2, 0]))
    # -log p: row 0 target logit -1000 sits 2000 below the max; row 1 target is 2 below.
    expected = np.mean([-(SMALL[0, 2] - np.log(np.exp(SMALL[0]).sum())),
                        -(SMALL[1, 0] - np.log(np.exp(SMALL[1]).sum()))])
    assert loss.item() == pytest.approx(expected, rel=1e-14)
    loss.backward()
    p = np.exp(SMALL) / np.exp(SMALL).sum(axis=1, keepdims=True)
    onehot = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    np.testing.assert_allclose(z.grad, (p - onehot) / 2, atol=1e-15)


def test_sigmoid_and_softplus_do_not_overflow() -> None:
    x = Tensor(np.array([-1000.0, 0.0, 1000.0]), requires_grad=True)
    np.testing.assert_array_equal(x.sigmoid().data, [0.0, 0.5, 1.0])
    np.testing.assert_allclose(x.softplus().data, [0.0, np.log(2.0), 1000.0])
    x.softplus().sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.5, 1.0])


def test_an_all_minus_inf_row_is_not_nan_in_logsumexp() -> None:
    x = Tensor(np.array([[-np.inf, -np.inf], [0.0, 0.0]]))
    out = x.logsumexp(axis=1).data
    assert out[0] == -np.inf and out[1] == pytest.approx(np.log(2.0))
