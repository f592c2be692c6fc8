"""nn.fit / nn.evaluate: batches of 1, B and n against SGD written out in numpy, the history,
early stopping, the progress output, and bad data rejected before training."""

from __future__ import annotations

import random
import sys

import numpy as np
import pytest

import nn
from nn import losses

X = [[0.5, -1.0], [1.5, 0.3], [-0.7, 0.8], [0.1, 0.1], [-1.2, -0.4]]
Y = [0.3, -0.2, 0.9, 0.0, -0.6]


def small() -> nn.MLP:
    return nn.MLP(2, [3, 1], activation="tanh", output_activation="linear", init="xavier",
                  bias_init=0.1, seed=4)


def numpy_sgd(m: nn.MLP, order: list[list[int]], lrs: list[float]) -> list[np.ndarray]:
    """Mini-batch SGD on the mean squared error of a 2-3-1 tanh network, written out: for each
    epoch, for each batch (indices), W <- W - lr * dL/dW with the delta recursion."""
    (W1, b1), (W2, b2) = [(np.array(W), np.array(b)) for W, b in m.get_weights()]
    Xa, Ya = np.array(X), np.array(Y)[:, None]
    for batches, lr in zip(order, lrs):
        for idx in batches:
            x, y = Xa[idx], Ya[idx]
            a1 = np.tanh(x @ W1.T + b1)
            out = a1 @ W2.T + b2
            delta2 = 2 * (out - y) / len(idx)          # d mean (out - y)^2 / d out
            delta1 = (delta2 @ W2) * (1 - a1**2)
            W2, b2, W1, b1 = (W2 - lr * delta2.T @ a1, b2 - lr * delta2.sum(0),
                              W1 - lr * delta1.T @ x, b1 - lr * delta1.sum(0))
    return [W1, b1, W2, b2]


def weights_of(m: nn.MLP) -> list[np.ndarray]:
    (W1, b1), (W2, b2) = m.get_weights()
    return [np.array(W1), np.array(b1), np.array(W2), np.array(b2)]


@pytest.mark.parametrize("batch_size, batches", [
    (1, [[0], [1], [2], [3], [4]]),            # seed 004, B = 1: one update per sample
    (2, [[0, 1], [2, 3], [4]]),                # B = 2: the last batch is smaller
    (None, [[0, 1, 2, 3, 4]]),                 # full batch: one update per epoch
])
def test_batches_match_sgd_written_out(batch_size: int | None, batches: list[list[int]]) -> None:
    m, ref = small(), small()
    lrs = [0.1, 0.05, 0.025]
    history = nn.fit(m, X, Y, loss="mse", optimizer=nn.SGD(m, lr=1.0), epochs=3, batch_size=batch_size,
                     shuffle=False, lr_schedule=lambda k: 0.1 / 2**k, progress=False)
    expected = numpy_sgd(ref, [batches] * 3, lrs)
    for ours, theirs in zip(weights_of(m), expected):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)
    assert len(history.loss) == 3 and history.accuracy == [] and history.val_loss == []


def test_shuffling_is_seeded_by_its_own_generator() -> None:
    m = small()
    order = list(range(5))
    shuffler = random.Random(7)
    batches = []
    for _ in range(2):
        shuffler.shuffle(order)
        batches.append([[i] for i in order])
    random.seed(0)  # the global generator plays no part
    nn.fit(m, X, Y, loss="mse", optimizer=nn.SGD(m, lr=0.1), epochs=2, batch_size=1, seed=7, progress=False)
    for ours, theirs in zip(weights_of(m), numpy_sgd(small(), batches, [0.1, 0.1])):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)
    other = small()
    nn.fit(other, X, Y, loss="mse", optimizer=nn.SGD(other, lr=0.1), epochs=2, batch_size=1, seed=8,
           progress=False)
    assert other.state_dict() != m.state_dict()


def test_full_batch_loss_history_is_the_loss_before_each_update() -> None:
    m = small()
    before, _ = nn.evaluate(m, X, Y, "mse")
    history = nn.fit(m, X, Y, loss="mse", optimizer="sgd", lr=0.1, epochs=2, progress=False)
    assert history.loss[0] == pytest.approx(before, rel=1e-14)
    assert history["loss"] is history.loss and history.as_dict()["loss"] == history.loss
    # the batch losses are weighted by the batch sizes: B = 2 gives (2 L1 + 2 L2 + 1 L3) / 5
    m2 = small()
    batch_losses = []
    tracked = lambda p, t: batch_losses.append(losses.mse(p, t)) or batch_losses[-1]  # noqa: E731
    h2 = nn.fit(m2, X, Y, loss=tracked, optimizer="sgd", lr=0.1, epochs=1, batch_size=2, shuffle=False,
                progress=False)
    weighted = 2 * batch_losses[0].data + 2 * batch_losses[1].data + batch_losses[2].data
    assert h2.loss[0] == pytest.approx(weighted / 5, rel=1e-14)


def test_accuracy_and_validation_for_a_classifier() -> None:
    Xc = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.9, 0.1], [0.1, 0.9]]
    yc = [0, 1, 1, 2, 1, 1]
    m = nn.MLP(2, [6, 3], activation="tanh", seed=2)
    history = nn.fit(m, Xc, yc, loss="cross_entropy", optimizer=nn.Adam(m, lr=0.05), epochs=150,
                     validation=(Xc, yc), progress=False)
    assert len(history.accuracy) == len(history.val_accuracy) == len(history.val_loss) == 150
    predicted = [max(range(3), key=lambda j: m(x)[j].data) for x in Xc]
    expected_accuracy = sum(p == t for p, t in zip(predicted, yc)) / 6
    assert history.val_accuracy[-1] == expected_accuracy == 1.0
    assert history.val_loss[-1] == pytest.approx(nn.evaluate(m, Xc, yc, "cross_entropy")[0], rel=1e-14)
    assert history.best_epoch == int(np.argmin(history.val_loss)) and history.stopped_epoch is None


def test_early_stopping_stops_after_patience_and_restores_the_best_weights() -> None:
    # training pulls w towards +1 (y = x); the validation set wants w = -1 (y = -x): the
    # validation loss only rises, so the best epoch is the first
    Xs, ys, Xv, yv = [[1.0], [2.0]], [1.0, 2.0], [[1.0], [2.0]], [-1.0, -2.0]
    model = nn.MLP(1, [1], seed=0)
    history = nn.fit(model, Xs, ys, loss="mse", optimizer="sgd", lr=0.05, epochs=50,
                     validation=(Xv, yv), patience=3, progress=False)
    assert history.best_epoch == 0 and history.stopped_epoch == 3
    assert len(history.loss) == len(history.val_loss) == 4
    assert all(a < b for a, b in zip(history.val_loss, history.val_loss[1:]))
    one_epoch = nn.MLP(1, [1], seed=0)
    nn.fit(one_epoch, Xs, ys, loss="mse", optimizer="sgd", lr=0.05, epochs=1, progress=False)
    assert model.state_dict() == one_epoch.state_dict()  # the weights after the best epoch


def test_without_a_plateau_early_stopping_runs_every_epoch() -> None:
    model = nn.MLP(1, [1], seed=0)
    data = [[1.0], [2.0]], [1.0, 2.0]
    history = nn.fit(model, *data, loss="mse", optimizer="sgd", lr=0.05, epochs=20, validation=data,
                     patience=2, progress=False)
    assert history.stopped_epoch is None and len(history.val_loss) == 20 and history.best_epoch == 19


def test_progress_without_tqdm_prints_one_line_per_epoch(capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm now raises ImportError
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    nn.fit(small(), X, Y, loss="mse", epochs=3, progress=True)
    lines = capsys.readouterr().err.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["epoch 1/3", "epoch 2/3", "epoch 3/3"]
    assert all("loss" in line for line in lines)


def test_progress_with_tqdm_draws_a_bar(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    nn.fit(small(), X, Y, loss="mse", epochs=3, progress=True)
    err = capsys.readouterr().err
    assert "fit" in err and "3/3" in err and "epoch 1/3:" not in err


def test_progress_false_is_silent(capsys: pytest.CaptureFixture[str]) -> None:
    nn.fit(small(), X, Y, loss="mse", epochs=2, progress=False)
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("Xb, yb, error, message", [
    ([[0.5, -1.0], [1.5]], [0.0, 1.0], ValueError, "fit: X is ragged: row 1 has 1 features, row 0 has 2"),
    ([[0.5, -1.0, 2.0]] * 2, [0.0, 1.0], ValueError, "fit: X has 3 features per row but the model takes 2"),
    ([[0.5, float("nan")], [1.5, 0.0]], [0.0, 1.0], ValueError,
     "fit: X\\[0\\]\\[1\\] must be finite, got nan"),
    ([[0.5, "a"], [1.5, 0.0]], [0.0, 1.0], TypeError, "fit: X\\[0\\]\\[1\\] must be a number"),
    ([[0.5, 1.0], [1.5, 0.0]], [0.0], ValueError, "fit: 2 rows in X but 1 targets"),
    ([[0.5, 1.0], [1.5, 0.0]], [0.0, float("inf")], ValueError, "fit: y\\[1\\] must be finite, got inf"),
    ([], [], ValueError, "fit: X is empty"),
    ([0.5, 1.0], [0.0, 1.0], TypeError, "fit: X\\[0\\] must be a row of numbers"),
])
def test_bad_data_is_rejected_before_training(Xb: list, yb: list, error: type, message: str) -> None:
    m = small()
    before = m.state_dict()
    with pytest.raises(error, match=message):
        nn.fit(m, Xb, yb, loss="mse", epochs=1, progress=False)
    assert m.state_dict() == before


def test_bad_validation_data_and_arguments_are_rejected_before_training() -> None:
    m = small()
    before = m.state_dict()
    calls = [
        (lambda: nn.fit(m, X, Y, validation=([[1.0, 2.0, 3.0]], [0.0]), progress=False), ValueError,
         "validation X has 3 features"),
        (lambda: nn.fit(m, X, Y, patience=2, progress=False), ValueError, "needs validation"),
        (lambda: nn.fit(m, X, Y, batch_size=0, progress=False), ValueError, "batch_size must be >= 1"),
        (lambda: nn.fit(m, X, Y, epochs=1.5, progress=False), TypeError, "epochs must be an int"),
        (lambda: nn.fit(m, X, Y, optimizer="rmsprop", progress=False), ValueError,
         "unknown optimizer 'rmsprop'"),
        (lambda: nn.fit(m, X, Y, optimizer=nn.SGD(m, lr=0.1), lr=0.2, progress=False), ValueError, "lr=0.2"),
        (lambda: nn.fit(m, X, Y, loss="bogus", progress=False), ValueError, "unknown loss 'bogus'"),
        (lambda: nn.fit(m, X, Y, accuracy="bogus", progress=False), ValueError, "unknown accuracy"),
    ]
    for call, error, message in calls:
        with pytest.raises(error, match=message):
            call()
    assert m.state_dict() == before


def test_numpy_arrays_are_accepted() -> None:
    a, b = small(), small()
    nn.fit(a, np.array(X), np.array(Y), loss="mse", epochs=2, progress=False)
    nn.fit(b, X, Y, loss="mse", epochs=2, progress=False)
    assert a.state_dict() == b.state_dict()


def test_evaluate_does_not_record_a_graph_or_touch_gradients() -> None:
    m = small()
    value, accuracy = nn.evaluate(m, X, Y, "mse")
    expected = np.mean([(m(x).data - t) ** 2 for x, t in zip(X, Y)])
    assert value == pytest.approx(expected, rel=1e-14) and accuracy is None
    assert all(p.grad == 0.0 for p in m.parameters())
    _, acc = nn.evaluate(m, X, [1.0, -1.0, 1.0, -1.0, 1.0], "hinge")
    signs = [m(x).data > 0 for x in X]
    assert acc == sum(s == (t > 0) for s, t in zip(signs, [1.0, -1.0, 1.0, -1.0, 1.0])) / 5
