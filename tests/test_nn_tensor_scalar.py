"""One network, two engines: a scalar nn.MLP and its nn.to_tensor twin (built from the same
weights) agree on outputs, loss and every parameter's gradient to 1e-12, for each activation
and loss; to_scalar goes back; nn.fit on mini-batches gives the same history, weights and early
stop in both engines."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import nn

TOL = 1e-12


def scalar_grads(mlp: nn.MLP) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per layer (dL/dW as (out, in), dL/db), read from the neurons' Values."""
    return [(np.array([[p.grad for p in n.w] for n in layer.neurons]),
             np.array([n.b.grad for n in layer.neurons])) for layer in mlp.layers]


def tensor_grads(model: nn.Sequential) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(m.weight.grad, m.bias.grad) for m in model if isinstance(m, nn.Linear)]


def both(mlp: nn.MLP, X: np.ndarray, targets: Any, loss: str) -> tuple[Any, Any, nn.Sequential]:
    """(scalar loss, Tensor loss, twin) after one backward pass in each engine."""
    twin = nn.to_tensor(mlp)
    outs = [mlp(x) for x in X]
    L_scalar = getattr(nn.losses, loss)(outs, targets.tolist())
    mlp.zero_grad()
    L_scalar.backward()
    out = twin(X)
    L_tensor = getattr(nn.losses, loss)(out, targets)
    twin.zero_grad()
    L_tensor.backward()
    ref = np.array([[v.data for v in o] if isinstance(o, list) else [o.data] for o in outs])
    np.testing.assert_allclose(out.data.reshape(ref.shape), ref, rtol=TOL, atol=TOL)
    return L_scalar, L_tensor, twin


CASES = [  # (hidden activation, output activation, loss, kind of target)
    ("relu", "linear", "cross_entropy", "class"),
    ("tanh", "linear", "cross_entropy", "class"),
    ("sigmoid", "log_softmax", "nll", "class"),
    ("leaky_relu", "linear", "mse", "real"),
    ("softplus", "tanh", "huber", "real"),
    ("abs", "linear", "mae", "real"),
    ("tanh", "sigmoid", "binary_cross_entropy", "binary"),
    ("relu", "linear", "binary_cross_entropy_with_logits", "binary"),
    ("tanh", "linear", "hinge", "sign"),
    ("relu", "softmax", "kl_divergence", "distribution"),
    ("tanh", "linear", "rss", "real"),
]


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


@pytest.mark.parametrize("hidden, output, loss, kind", CASES)
def test_engines_agree_on_loss_and_every_gradient(hidden: str, output: str, loss: str, kind: str) -> None:
    rng = np.random.default_rng(7)
    k = 4 if kind in ("class", "distribution") else 2
    mlp = nn.MLP(3, [5, 6, k], activation=hidden, output_activation=output, init="xavier",
                 bias_init=0.05, seed=11)
    X = rng.normal(size=(8, 3))
    L_scalar, L_tensor, twin = both(mlp, X, targets_for(kind, rng, 8, k), loss)
    assert abs(L_scalar.data - L_tensor.item()) <= TOL * max(1.0, abs(L_scalar.data))
    for (gW, gb), (tW, tb) in zip(scalar_grads(mlp), tensor_grads(twin)):
        np.testing.assert_allclose(tW, gW, rtol=TOL, atol=TOL)
        np.testing.assert_allclose(tb, gb, rtol=TOL, atol=TOL)


def test_one_output_regression_and_the_l2_penalty() -> None:
    """A single output unit (the scalar MLP returns one Value per sample, the Tensor model
    (B, 1)) with (B,) targets, plus 1e-3 * l2(model) on each engine's own parameters."""
    rng = np.random.default_rng(2)
    mlp = nn.MLP(2, [4, 1], activation="tanh", seed=5)
    twin = nn.to_tensor(mlp)
    X, y = rng.normal(size=(6, 2)), rng.normal(size=6)
    L1 = nn.losses.mse([mlp(x) for x in X], y.tolist()) + 1e-3 * nn.losses.l2(mlp)
    L2 = nn.losses.mse(twin(X), y) + 1e-3 * nn.losses.l2(twin)
    mlp.zero_grad()
    twin.zero_grad()
    L1.backward()
    L2.backward()
    assert abs(L1.data - L2.item()) < TOL
    for (gW, gb), (tW, tb) in zip(scalar_grads(mlp), tensor_grads(twin)):
        np.testing.assert_allclose(tW, gW, rtol=TOL, atol=TOL)
        np.testing.assert_allclose(tb, gb, rtol=TOL, atol=TOL)


def test_callable_activation_runs_on_both_engines() -> None:
    def leaky(z: Any) -> Any:
        return z.leaky_relu(0.2)

    mlp = nn.MLP(2, [3, 2], activation=leaky, seed=1)
    twin = nn.to_tensor(mlp)
    assert isinstance(twin[1], nn.Lambda) and twin[1].fn is leaky
    x = np.array([[-1.0, 0.5], [2.0, -3.0]])
    np.testing.assert_allclose(twin(x).data, [[v.data for v in mlp(r)] for r in x], rtol=TOL)
    assert nn.to_scalar(twin).layers[0].neurons[0]._act is leaky


def test_round_trip_and_tensor_mlp_hold_the_same_weights() -> None:
    mlp = nn.MLP(4, [6, 3], activation="tanh", output_activation="softmax", init="he_uniform",
                 bias_init=0.1, seed=9)
    twin = nn.to_tensor(mlp)
    built = nn.tensor_mlp(4, [6, 3], activation="tanh", output_activation="softmax",
                          init="he_uniform", bias_init=0.1, seed=9)
    for (name, a), b in zip(twin.state_dict().items(), built.state_dict().values()):
        assert np.array_equal(a, b), name
    back = nn.to_scalar(twin)
    assert back.config() == mlp.config() and back.state_dict() == mlp.state_dict()
    assert twin.num_parameters() == mlp.num_parameters()


def test_to_scalar_refuses_what_an_mlp_cannot_hold() -> None:
    with pytest.raises(ValueError, match="different activations"):
        nn.to_scalar(nn.Sequential(nn.Linear(2, 3), "relu", nn.Linear(3, 3), "tanh", nn.Linear(3, 1)))
    with pytest.raises(ValueError, match="follows another activation"):
        nn.to_scalar(nn.Sequential(nn.Linear(2, 3), "relu", "tanh", nn.Linear(3, 1)))
    with pytest.raises(ValueError, match="before the first Linear"):
        nn.to_scalar(nn.Sequential("relu", nn.Linear(2, 1)))
    with pytest.raises(ValueError, match="maxout layer"):
        nn.to_tensor(nn.MLP(2, [3, 1], activation="maxout"))


# ----------------------------------------------------------------------------- training


def blobs(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Three Gaussian blobs in the plane, labels 0, 1, 2."""
    rng = np.random.default_rng(seed)
    t = rng.integers(0, 3, size=n)
    centres = np.array([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
    return centres[t] + rng.normal(scale=0.7, size=(n, 2)), t


@pytest.mark.parametrize("optimizer", ["sgd_momentum", "adam"])
def test_fit_gives_the_same_history_in_both_engines(optimizer: str) -> None:
    X, t = blobs(30, seed=0)
    Xv, tv = blobs(12, seed=1)
    models = [nn.MLP(2, [5, 3], activation="tanh", init="xavier", seed=3)]
    models.append(nn.to_tensor(models[0]))
    histories = []
    for m in models:
        opt = nn.SGD(m, lr=0.05, momentum=0.9) if optimizer == "sgd_momentum" else nn.Adam(m, lr=0.02)
        histories.append(nn.fit(m, X, t, loss="cross_entropy", optimizer=opt, epochs=6, batch_size=7,
                                validation=(Xv, tv), progress=False, seed=4))
    (hs, ht), (ms, mt) = histories, models
    for key in ("loss", "val_loss", "accuracy", "val_accuracy"):
        np.testing.assert_allclose(ht[key], hs[key], rtol=1e-11, atol=1e-12, err_msg=key)
    assert ht.best_epoch == hs.best_epoch and ht.stopped_epoch is None
    for (W, b), lin in zip(ms.get_weights(), [m for m in mt if isinstance(m, nn.Linear)]):
        np.testing.assert_allclose(lin.weight.data, W, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(lin.bias.data, b, rtol=1e-10, atol=1e-12)
    assert ht.loss[-1] < 0.5 * ht.loss[0]  # mini-batch training on Tensors learns the blobs


def test_early_stopping_restores_the_best_epoch_in_both_engines() -> None:
    """Noisy labels and a large learning rate: the validation loss turns up, training stops
    `patience` epochs after its minimum, and the weights are the best epoch's (its validation
    loss, recomputed, is the minimum of the history)."""
    X, t = blobs(40, seed=5)
    t[::3] = (t[::3] + 1) % 3  # a third of the labels wrong: overfitting is easy
    Xv, tv = blobs(20, seed=6)
    scalar = nn.MLP(2, [16, 3], activation="relu", init="he_uniform", seed=2)
    twin = nn.to_tensor(scalar)
    runs = [nn.fit(m, X, t, loss="cross_entropy", optimizer=nn.Adam(m, lr=0.05), epochs=200,
                   batch_size=8, validation=(Xv, tv), patience=5, progress=False)
            for m in (scalar, twin)]
    hs, ht = runs
    assert ht.stopped_epoch is not None and ht.stopped_epoch < 199
    assert (ht.stopped_epoch, ht.best_epoch) == (hs.stopped_epoch, hs.best_epoch)
    assert ht.stopped_epoch - ht.best_epoch == 5
    np.testing.assert_allclose(ht.val_loss, hs.val_loss, rtol=1e-9, atol=1e-11)
    v_loss, _ = nn.evaluate(twin, Xv, tv, loss="cross_entropy")
    assert abs(v_loss - min(ht.val_loss)) < 1e-12
    assert abs(v_loss - nn.evaluate(scalar, Xv, tv, loss="cross_entropy")[0]) < 1e-9


def test_tensor_fit_rejects_bad_data_before_training() -> None:
    model = nn.Sequential(nn.Linear(2, 1))
    before = model.state_dict()
    X = np.array([[0.0, 1.0], [np.nan, 2.0]])
    with pytest.raises(ValueError, match=r"X\[1\]\[0\] must be finite, got nan"):
        nn.fit(model, X, [0.0, 1.0], progress=False)
    with pytest.raises(ValueError, match="3 features per row but the model takes 2"):
        nn.fit(model, np.ones((2, 3)), [0.0, 1.0], progress=False)
    with pytest.raises(ValueError, match="2 rows in X but 3 targets"):
        nn.fit(model, np.ones((2, 2)), [0.0, 1.0, 2.0], progress=False)
    with pytest.raises(ValueError, match="ragged"):
        nn.fit(model, [[0.0, 1.0], [2.0]], [0.0, 1.0], progress=False)
    with pytest.raises(ValueError, match="needs validation"):
        nn.fit(model, np.ones((2, 2)), [0.0, 1.0], patience=2, progress=False)
    assert all(np.array_equal(a, b) for a, b in zip(before.values(), model.state_dict().values()))


def test_fit_with_a_custom_accuracy_goes_row_by_row() -> None:
    X, t = blobs(20, seed=8)
    model = nn.tensor_mlp(2, [4, 3], seed=1)
    seen: list[Any] = []

    def first_class(prediction: Any, target: Any) -> tuple[int, int]:
        seen.append(prediction)
        return int(target == 0), 1

    h = nn.fit(model, X, t, loss=lambda p, y: nn.losses.cross_entropy(p, y), epochs=1, batch_size=5,
               accuracy=first_class, progress=False, shuffle=False)
    assert len(seen) == 20 and isinstance(seen[0], list) and len(seen[0]) == 3
    assert h.accuracy == [float(np.mean(t == 0))]
