"""nn.Linear and nn.Sequential on batches, against the lectures' matrix backpropagation written
out in numpy (seeds 001 and 004: Z = X W^T + b, delta^(L) = (softmax(Z) - Y) / B,
dW = delta^T A, db = sum of delta over the batch, delta^(l) = (delta^(l+1) W) * f'(Z^(l))),
and the module API: layout, names, errors."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

import nn
from autograd import Tensor

SIZES = (5, 7, 6, 4)

ACTIVATIONS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]] = {
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)),
    "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "softplus": (lambda z: np.log1p(np.exp(z)), lambda z: 1 / (1 + np.exp(-z))),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z: np.where(z > 0, 1.0, 0.01)),
}


def numpy_backprop(Ws: list[np.ndarray], bs: list[np.ndarray], X: np.ndarray, t: np.ndarray,
                   f: Callable[[np.ndarray], np.ndarray], df: Callable[[np.ndarray], np.ndarray]
                   ) -> tuple[float, np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """(loss, logits, [(dL/dW_l, dL/db_l)]) of a softmax classifier, by the delta recursion."""
    acts, zs = [X], []
    for W, b in zip(Ws[:-1], bs[:-1]):
        zs.append(acts[-1] @ W.T + b)
        acts.append(f(zs[-1]))
    logits = acts[-1] @ Ws[-1].T + bs[-1]
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    B = len(X)
    Y = np.eye(p.shape[1])[t]
    loss = -np.log(p[np.arange(B), t]).mean()
    delta = (p - Y) / B
    grads = []
    for layer in reversed(range(len(Ws))):
        grads.insert(0, (delta.T @ acts[layer], delta.sum(axis=0)))
        if layer:
            delta = (delta @ Ws[layer]) * df(zs[layer - 1])
    return loss, logits, grads


def model_and_data(activation: str, seed: int = 0) -> tuple[nn.Sequential, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    model = nn.tensor_mlp(SIZES[0], list(SIZES[1:]), activation=activation, init="xavier",
                          bias_init=0.1, seed=seed)
    return model, rng.normal(size=(9, SIZES[0])), rng.integers(0, SIZES[-1], size=9)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_gradients_match_the_delta_recursion(activation: str) -> None:
    model, X, t = model_and_data(activation)
    linears = [m for m in model if isinstance(m, nn.Linear)]
    Ws = [lin.weight.data.copy() for lin in linears]
    bs = [lin.bias.data.copy() for lin in linears]
    loss_ref, logits_ref, grads_ref = numpy_backprop(Ws, bs, X, t, *ACTIVATIONS[activation])
    logits = model(X)
    loss = nn.losses.cross_entropy(logits, t)
    model.zero_grad()
    loss.backward()
    np.testing.assert_allclose(logits.data, logits_ref, rtol=1e-12, atol=1e-14)
    assert abs(loss.item() - loss_ref) < 1e-12
    for lin, (gW, gb) in zip(linears, grads_ref):
        np.testing.assert_allclose(lin.weight.grad, gW, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(lin.bias.grad, gb, rtol=1e-10, atol=1e-14)


def test_linear_is_x_times_w_transposed_plus_b() -> None:
    layer = nn.Linear(3, 2, seed=1)
    assert layer.weight.shape == (2, 3) and layer.bias.shape == (2,)
    x = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0]])
    W, b = layer.weight.data, layer.bias.data
    expected = np.array([[sum(W[i, j] * x[n, j] for j in range(3)) + b[i] for i in range(2)]
                         for n in range(2)])
    np.testing.assert_allclose(layer(x).data, expected, rtol=1e-15)
    np.testing.assert_allclose(layer(x[0]).data, expected[0], rtol=1e-15)  # one sample (in,)


def test_linear_backward_for_one_layer_by_hand() -> None:
    """L = sum(G * (X W^T + b)): dL/dW = G^T X, dL/db = column sums of G, dL/dX = G W."""
    rng = np.random.default_rng(3)
    layer = nn.Linear(4, 3, seed=2)
    X = Tensor(rng.normal(size=(5, 4)), requires_grad=True)
    G = rng.normal(size=(5, 3))
    (layer(X) * G).sum().backward()
    np.testing.assert_allclose(layer.weight.grad, G.T @ X.data, rtol=1e-13)
    np.testing.assert_allclose(layer.bias.grad, G.sum(axis=0), rtol=1e-13)
    np.testing.assert_allclose(X.grad, G @ layer.weight.data, rtol=1e-13)


def test_default_init_is_pytorchs_uniform_bound() -> None:
    layer = nn.Linear(100, 50, seed=0)
    k = 1 / np.sqrt(100)
    for p in (layer.weight.data, layer.bias.data):
        assert np.abs(p).max() <= k and np.abs(p).max() > 0.9 * k
    same = nn.Linear(100, 50, seed=0)
    assert np.array_equal(layer.weight.data, same.weight.data)
    he = nn.Linear(100, 50, init="he_uniform", seed=0)
    assert np.abs(he.weight.data).max() <= np.sqrt(6 / 100) and not he.bias.data.any()


def test_no_bias_and_float32() -> None:
    layer = nn.Linear(3, 2, bias=False, dtype=np.float32)
    assert layer.bias is None and [n for n, _ in layer.named_parameters()] == ["weight"]
    out = layer(np.ones((4, 3), dtype=np.float32))
    assert out.dtype == np.float32 and out.shape == (4, 2)
    np.testing.assert_allclose(out.data[0], layer.weight.data.sum(axis=1), rtol=1e-6)


def test_sequential_names_and_container() -> None:
    model = nn.Sequential(nn.Linear(2, 4), "tanh", nn.Linear(4, 3), nn.Softmax())
    assert len(model) == 4 and isinstance(model[1], nn.Tanh) and list(model)[3] is model[3]
    assert [n for n, _ in model.named_parameters()] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert (model.nin, model.nout) == (2, 3)
    assert model.num_parameters() == 2 * 4 + 4 + 4 * 3 + 3
    probabilities = model(np.array([[0.3, -0.2], [1.0, 2.0]])).data
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-15)
    assert "Linear(in_features=2, out_features=4, bias=True)" in repr(model)
    model.append(nn.Lambda(lambda z: z * 2.0))
    np.testing.assert_allclose(model(np.zeros(2)).data.sum(), 2.0, rtol=1e-15)


def test_step_module_passes_a_zero_gradient() -> None:
    model = nn.Sequential(nn.Linear(2, 3, seed=4), nn.Step(), nn.Linear(3, 1, seed=5))
    out = model(np.array([[0.5, -1.0], [2.0, 0.1]]))
    hidden = (np.array([[0.5, -1.0], [2.0, 0.1]]) @ model[0].weight.data.T + model[0].bias.data >= 0)
    np.testing.assert_allclose(out.data, hidden @ model[2].weight.data.T + model[2].bias.data, rtol=1e-15)
    out.sum().backward()
    assert not model[0].weight.grad.any() and not model[0].bias.grad.any()
    np.testing.assert_allclose(model[2].weight.grad, hidden.sum(axis=0, keepdims=True), rtol=1e-15)


def test_errors_name_the_module_and_shapes() -> None:
    with pytest.raises(ValueError, match=r"Linear\(in_features=3, out_features=2.*\(B, 3\).*\(4, 5\)"):
        nn.Linear(3, 2)(np.ones((4, 5)))
    with pytest.raises(ValueError, match="unknown activation 'relu6'"):
        nn.Sequential(nn.Linear(2, 2), "relu6")
    with pytest.raises(ValueError, match="maxout has no Tensor module"):
        nn.Sequential(nn.Linear(2, 2), "maxout")
    with pytest.raises(TypeError, match="in_features must be an int"):
        nn.Linear(2.5, 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="out_features must be >= 1"):
        nn.Linear(2, 0)
    with pytest.raises(TypeError, match="not on scalar Values"):
        nn.Linear(2, 1)([nn.Neuron(1).w[0], 1.0])
    with pytest.raises(ValueError, match="got NaN"):
        nn.Linear(2, 1)(np.array([[np.nan, 1.0]]))
