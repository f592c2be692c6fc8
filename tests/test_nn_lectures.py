"""The lectures' examples, with the lectures' numbers: XOR by hand with threshold units (seed
002), the forward pass on x = [36, 70, 1] (seed 004), the delta recursion (seeds 001, 004) in
numpy for B = 1 and B > 1, XOR learned by backprop, and micrograd's moons demo."""

from __future__ import annotations

import math

import numpy as np
import pytest

import nn
from nn import losses
from nn.metrics import ACCURACY

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0.0, 1.0, 1.0, 0.0]


def sigma(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# ----------------------------------------------------------------------------- seed 002


def test_xor_by_hand_with_threshold_units() -> None:
    # h(x) = f2(w2^T f1(W1 x + b1) + b2), f = 1{z >= 0}: an OR unit and a NAND unit feed an AND unit
    xor = nn.MLP(2, [2, 1], activation="step", output_activation="step")
    xor.set_weights([([[1.0, 1.0],      # OR:   x1 + x2 - 0.5 >= 0
                       [-1.0, -1.0]],   # NAND: -x1 - x2 + 1.5 >= 0
                      [-0.5, 1.5]),
                     ([[1.0, 1.0]],     # AND:  a1 + a2 - 1.5 >= 0
                      [-1.5])])
    hidden = [[a.data for a in xor.layers[0](x)] for x in XOR_X]
    assert hidden == [[0.0, 1.0], [1.0, 1.0], [1.0, 1.0], [1.0, 0.0]]  # the lecture's a1, a2 columns
    assert [xor(x).data for x in XOR_X] == [0.0, 1.0, 1.0, 0.0]


def test_the_same_network_from_hand_built_neurons() -> None:
    OR = nn.Neuron(2, "step", w=[1.0, 1.0], b=-0.5)
    NAND = nn.Neuron(2, "step", w=[-1.0, -1.0], b=1.5)
    AND = nn.Neuron(2, "step", w=[1.0, 1.0], b=-1.5)
    assert [AND([OR(x), NAND(x)]).data for x in XOR_X] == [0.0, 1.0, 1.0, 0.0]


# ----------------------------------------------------------------------------- seed 004

W1 = [[0.25, -0.125, -0.25],   # z1 = 9 - 8.75 - 0.25 = 0       -> h1 = sigma(0) = 0.5
      [-0.125, 0.0625, 1.125]]  # z2 = -4.5 + 4.375 + 1.125 = 1 -> h2 = sigma(1)
W2 = [[2.0, -1.0]]              # z = 2 (0.5) - sigma(1) = 1 - sigma(1) = sigma(-1)
X36 = [36.0, 70.0, 1.0]


def lecture_net() -> nn.MLP:
    m = nn.MLP(3, [2, 1], activation="sigmoid", output_activation="sigmoid", bias=False)
    m.set_weights([(W1, None), (W2, None)])
    return m


def test_forward_pass_of_seed_004_by_hand() -> None:
    m = lecture_net()
    assert m.num_parameters() == 8  # no biases
    h = m.layers[0](X36)
    assert h[0].data == 0.5
    assert h[1].data == pytest.approx(0.7310585786300049, rel=1e-15)      # sigma(1)
    z = m.layers[1].neurons[0]._forward(h)
    assert z.inputs[0].data == pytest.approx(0.2689414213699951, rel=1e-14)  # sigma(-1)
    y_hat = m(X36)
    assert y_hat.data == pytest.approx(0.5668330070205946, rel=1e-14)     # sigma(sigma(-1))
    assert y_hat.data == pytest.approx(sigma(sigma(-1.0)), rel=1e-15)


def test_backward_pass_of_seed_004_by_hand() -> None:
    # L = 1/2 (y_hat - y)^2, y = 1: delta2 = (y_hat - y) sigma'(z2), dL/dW2 = delta2 h,
    # delta1 = delta2 W2 * sigma'(z1), dL/dW1 = delta1 x^T
    m = lecture_net()
    L = 0.5 * losses.rss(m(X36), 1.0)
    L.backward()
    y_hat = 0.5668330070205946
    delta2 = (y_hat - 1.0) * y_hat * (1.0 - y_hat)
    assert delta2 == pytest.approx(-0.10635694253725109, rel=1e-14)
    (W1_grad, _), (W2_grad, _) = [(np.array([[p.grad for p in n.w] for n in layer.neurons]), None)
                                  for layer in m.layers]
    assert W2_grad[0].tolist() == pytest.approx([-0.05317847126862554, -0.07775315523871588], rel=1e-13)
    # delta2 * 2 * 0.25, delta2 * -1 * sigma(1)(1 - sigma(1))
    delta1 = [-0.05317847126862554, 0.02091104408590213]
    np.testing.assert_allclose(W1_grad, [[d * x for x in X36] for d in delta1], rtol=1e-13)


# ----------------------------------------------------------------------------- delta recursion


def numpy_deltas(Ws: list[np.ndarray], bs: list[np.ndarray], X: np.ndarray,
                 Y: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Gradients of J = (1/B) sum_b 1/2 ||a_L - y_b||^2 for tanh hidden layers and a sigmoid
    output, by the delta recursion, one row per sample (seed 004, B >= 1):
    delta_L = (a_L - y) * f'(z_L);  delta_l = (delta_{l+1} W_{l+1}) * f'(z_l);
    dJ/dW_l = delta_l^T a_{l-1} / B;  dJ/db_l = mean of delta_l over the batch."""
    acts, zs = [X], []
    for i, (W, b) in enumerate(zip(Ws, bs)):
        z = acts[-1] @ W.T + b
        zs.append(z)
        acts.append(1 / (1 + np.exp(-z)) if i == len(Ws) - 1 else np.tanh(z))
    out = acts[-1]
    delta = (out - Y) * out * (1 - out)
    grads = []
    for layer in range(len(Ws) - 1, -1, -1):
        grads.append((delta.T @ acts[layer] / len(X), delta.mean(axis=0)))
        if layer:
            delta = (delta @ Ws[layer]) * (1 - acts[layer] ** 2)  # tanh' = 1 - tanh^2
    return grads[::-1]


@pytest.mark.parametrize("batch", [1, 4])
def test_gradients_equal_the_delta_recursion(batch: int) -> None:
    m = nn.MLP(3, [4, 3, 2], activation="tanh", output_activation="sigmoid", init="xavier",
               bias_init=0.1, seed=21)
    rng = np.random.default_rng(5)
    X, Y = rng.normal(size=(batch, 3)), rng.uniform(size=(batch, 2))
    preds = [m(x) for x in X.tolist()]
    J = losses.rss(preds, Y.tolist()) * (0.5 / batch)
    J.backward()
    weights = m.get_weights()
    expected = numpy_deltas([np.array(W) for W, _ in weights], [np.array(b) for _, b in weights], X, Y)
    for layer, (dW, db) in zip(m.layers, expected):
        np.testing.assert_allclose([[p.grad for p in n.w] for n in layer.neurons], dW, rtol=1e-10, atol=1e-14)
        assert [n.b.grad for n in layer.neurons] == pytest.approx(db.tolist(), rel=1e-10, abs=1e-14)


def test_softmax_output_delta_is_a_minus_y() -> None:
    # seed 001: with softmax outputs and J = -y^T ln a, delta = a - y and dJ/dW = (a - y) h^T
    m = nn.MLP(3, [4, 3], activation="tanh", output_activation="linear", seed=8)
    x = [0.4, -1.1, 0.7]
    h = [a.data for a in m.layers[0](x)]
    logits = m(x)
    losses.cross_entropy(logits, 2).backward()
    z = np.array([v.data for v in logits])
    a = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    expected = np.outer(a - np.eye(3)[2], h)
    np.testing.assert_allclose([[p.grad for p in n.w] for n in m.layers[1].neurons], expected,
                               rtol=1e-10, atol=1e-14)


# ----------------------------------------------------------------------------- XOR by backprop


def xor_accuracy(m: nn.MLP) -> float:
    return sum((m(x).data > 0.5) == (t == 1.0) for x, t in zip(XOR_X, XOR_Y)) / 4


def train_xor(seed: int) -> nn.MLP:
    m = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=seed)
    nn.fit(m, XOR_X, XOR_Y, loss="binary_cross_entropy", optimizer=nn.Adam(m, lr=0.05), epochs=300,
           progress=False)
    return m


def test_xor_learned_by_backprop_from_a_fixed_seed() -> None:
    m = train_xor(0)
    assert xor_accuracy(m) == 1.0
    assert [round(m(x).data) for x in XOR_X] == [0, 1, 1, 0]


def test_xor_learned_from_at_least_9_of_10_seeds() -> None:
    assert sum(xor_accuracy(train_xor(seed)) == 1.0 for seed in range(10)) >= 9


def test_xor_with_two_hidden_units_and_plain_gradient_descent() -> None:
    # the lecture's 2-2-1 network, sigmoid everywhere, full-batch gradient descent on 1/2 RSS
    m = nn.MLP(2, [2, 1], activation="tanh", output_activation="sigmoid", seed=1)
    history = nn.fit(m, XOR_X, XOR_Y, loss="binary_cross_entropy", optimizer=nn.SGD(m, lr=0.5),
                     epochs=1500, progress=False)
    assert history.accuracy[-1] == 1.0 and xor_accuracy(m) == 1.0


# ----------------------------------------------------------------------------- micrograd's demo


def test_micrograds_moons_demo_reaches_full_training_accuracy() -> None:
    from benchmarks.peers.moons import make_moons

    X, y = make_moons(100, noise=0.1, seed=0)
    model = nn.MLP(2, [16, 16, 1], seed=0)  # ReLU hidden layers, linear output, U(-1, 1) weights
    # micrograd's demo penalises every parameter, biases too
    history = nn.fit(model, X, y, loss=lambda s, t: losses.hinge(s, t) + 1e-4 * losses.l2(model, biases=True),
                     optimizer=nn.SGD(model, lr=1.0), epochs=100, batch_size=None,
                     lr_schedule=lambda k: 1.0 - 0.9 * k / 100, accuracy="sign", progress=False)
    assert history.loss[0] == pytest.approx(1.0039534177189786, rel=1e-12)  # the benchmark peers' first loss
    assert history.loss[-1] < 0.05
    scores = [model(x).data for x in X]
    assert sum((s > 0) == (t > 0) for s, t in zip(scores, y)) == 100
    assert nn.evaluate(model, X, y, "hinge")[1] == 1.0
    assert ACCURACY[losses.hinge] is nn.metrics.ACCURACY_NAMES["sign"]
