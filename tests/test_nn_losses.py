"""nn.losses: each loss against its formula written out with numpy, against PyTorch in float64,
its gradient against central differences, its stability at extreme inputs, and its errors."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, Value
from nn import losses

P = [0.3, -1.2, 2.5, 0.0, 0.9]
Y = [0.5, -1.0, 1.0, 0.4, 3.0]
PROBS = [0.2, 0.9, 0.55, 0.01, 0.7]
LABELS01 = [0.0, 1.0, 1.0, 0.0, 0.3]
SIGNS = [1.0, -1.0, 1.0, -1.0, -1.0]
LOGITS = [[1.0, -0.5, 2.0], [0.3, 0.3, -1.0], [-2.0, 4.0, 0.5]]
CLASSES = [2, 0, 1]


def values(xs: list[float]) -> list[Value]:
    return [Value(x) for x in xs]


def fd(loss: Callable[[list[Value]], Value], xs: list[float], h: float = 1e-6) -> list[float]:
    """Central differences (L(x + h e_i) - L(x - h e_i)) / 2h of a loss of a flat list."""
    out = []
    for i in range(len(xs)):
        up = [x + h if k == i else x for k, x in enumerate(xs)]
        down = [x - h if k == i else x for k, x in enumerate(xs)]
        out.append((loss(values(up)).data - loss(values(down)).data) / (2 * h))
    return out


def grad(loss: Callable[[list[Value]], Value], xs: list[float]) -> list[float]:
    vs = values(xs)
    loss(vs).backward()
    return [v.grad for v in vs]


# ----------------------------------------------------------------------------- formulas (numpy)

p, y = np.array(P), np.array(Y)
d = p - y

ELEMENTWISE = [  # (name, loss on a flat list of Values, the formula in numpy, inputs)
    ("mse", lambda v: losses.mse(v, Y), np.mean(d**2), P),
    ("rss", lambda v: losses.rss(v, Y), np.sum(d**2), P),
    ("mae", lambda v: losses.mae(v, Y), np.mean(np.abs(d)), P),
    ("huber", lambda v: losses.huber(v, Y, delta=1.0),
     np.mean(np.where(np.abs(d) <= 1.0, 0.5 * d**2, np.abs(d) - 0.5)), P),
    ("huber 0.3", lambda v: losses.huber(v, Y, delta=0.3),
     np.mean(np.where(np.abs(d) <= 0.3, 0.5 * d**2, 0.3 * (np.abs(d) - 0.15))), P),
    ("bce", lambda v: losses.binary_cross_entropy(v, LABELS01),
     -np.mean(np.array(LABELS01) * np.log(PROBS)
              + (1 - np.array(LABELS01)) * np.log(1 - np.array(PROBS))), PROBS),
    ("bce logits", lambda v: losses.binary_cross_entropy_with_logits(v, LABELS01),
     -np.mean(np.array(LABELS01) * np.log(1 / (1 + np.exp(-p)))
              + (1 - np.array(LABELS01)) * np.log(1 - 1 / (1 + np.exp(-p)))), P),
    ("hinge", lambda v: losses.hinge(v, SIGNS), np.mean(np.maximum(0.0, 1.0 - np.array(SIGNS) * p)), P),
    ("l1", lambda v: losses.l1(v), np.sum(np.abs(p)), P),
    ("l2", lambda v: losses.l2(v), np.sum(p**2), P),
]


def _ce(v: list[Value]) -> Value:
    rows = [v[3 * i:3 * i + 3] for i in range(3)]
    return losses.cross_entropy(rows, CLASSES)


def _nll(v: list[Value]) -> Value:
    rows = [v[3 * i:3 * i + 3] for i in range(3)]
    return losses.nll(rows, CLASSES)


Z = np.array(LOGITS)
LOG_SOFTMAX = (Z - Z.max(axis=1, keepdims=True)
               - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True)))
FLAT_LOGITS = Z.ravel().tolist()
Q = np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]])
PT = np.array([[0.1, 0.6, 0.3], [0.0, 0.5, 0.5]])


def _kl(v: list[Value]) -> Value:
    return losses.kl_divergence([v[:3], v[3:]], PT.tolist())


CLASSWISE = [
    ("cross_entropy", _ce, -np.mean(LOG_SOFTMAX[np.arange(3), CLASSES]), FLAT_LOGITS),
    ("nll", _nll, -np.mean(Z[np.arange(3), CLASSES]), FLAT_LOGITS),
    ("kl", _kl, np.sum(np.where(PT > 0, PT * np.log(np.where(PT > 0, PT, 1) / Q), 0.0)) / 2,
     Q.ravel().tolist()),
]


@pytest.mark.parametrize("name, loss, expected, xs", ELEMENTWISE + CLASSWISE,
                         ids=lambda v: v if isinstance(v, str) else "")
def test_loss_value_matches_formula(name: str, loss: Callable, expected: float, xs: list[float]) -> None:
    assert loss(values(xs)).data == pytest.approx(float(expected), rel=1e-13, abs=1e-15)


@pytest.mark.parametrize("name, loss, expected, xs", ELEMENTWISE + CLASSWISE,
                         ids=lambda v: v if isinstance(v, str) else "")
def test_loss_gradient_matches_central_differences(name: str, loss: Callable, expected: float,
                                                   xs: list[float]) -> None:
    assert grad(loss, xs) == pytest.approx(fd(loss, xs), rel=1e-6, abs=1e-8)


def test_closed_form_gradients() -> None:
    # d mse / d p_i = 2 (p_i - y_i) / n;  d bce_logits / d z_i = (sigma(z_i) - y_i) / n
    assert grad(lambda v: losses.mse(v, Y), P) == pytest.approx((2 * d / len(P)).tolist(), rel=1e-14)
    sig = 1 / (1 + np.exp(-p))
    assert grad(lambda v: losses.binary_cross_entropy_with_logits(v, LABELS01), P) == pytest.approx(
        ((sig - np.array(LABELS01)) / len(P)).tolist(), rel=1e-12)
    # d cross_entropy / d z_j = softmax(z)_j - 1{j = t}, for one sample
    g = grad(lambda v: losses.cross_entropy(v, 2), LOGITS[0])
    soft = np.exp(LOG_SOFTMAX[0])
    assert g == pytest.approx((soft - np.eye(3)[2]).tolist(), rel=1e-12)


def test_rss_is_twice_the_lectures_half_squared_error() -> None:
    # seed 001/004: J = 1/2 ||y_hat - y||^2, so J = 0.5 * rss and mse = rss / n
    half = 0.5 * sum((a - b) ** 2 for a, b in zip(P, Y))
    assert 0.5 * losses.rss(values(P), Y).data == pytest.approx(half, rel=1e-15)
    assert losses.mse(values(P), Y).data == pytest.approx(losses.rss(values(P), Y).data / len(P), rel=1e-15)


def test_penalties_of_seed_002() -> None:
    # Omega(w) = 1/2 ||w||^2 is 0.5 * l2; L1 is sum |w_i|
    w = values([0.5, -2.0, 0.0, 1.5])
    assert losses.l2(w).data == 0.25 + 4.0 + 0.0 + 2.25
    assert losses.l1(w).data == 0.5 + 2.0 + 0.0 + 1.5
    losses.l1(w).backward()
    assert [v.grad for v in w] == [1.0, -1.0, 0.0, 1.0]  # sign(w), 0 at 0


# ----------------------------------------------------------------------------- shapes


def test_one_sample_a_list_and_a_batch_of_rows_agree() -> None:
    assert losses.mse(Value(2.0), 0.5).data == 2.25
    assert losses.mse(Value(2.0), [0.5]).data == 2.25
    batch = [[Value(1.0), Value(2.0)], [Value(3.0), Value(5.0)]]
    assert losses.mse(batch, [[0.0, 0.0], [1.0, 1.0]]).data == pytest.approx((1 + 4 + 4 + 16) / 4)
    # a batch of single outputs with targets given as rows [y]
    assert losses.mae([Value(1.0), Value(-1.0)], [[0.0], [0.0]]).data == 1.0
    expected = -LOG_SOFTMAX[0, 2]
    assert losses.cross_entropy(values(LOGITS[0]), CLASSES[0]).data == pytest.approx(expected, rel=1e-14)
    assert losses.mse(np.array([1.0, 2.0]), np.array([0.0, 0.0])) == 2.5  # plain numbers: a number


def test_losses_end_in_one_nary_node_not_a_chain() -> None:
    ws = values([0.1 * i for i in range(50)])
    l2 = losses.l2(ws)
    assert l2.op == "dot" and len(l2.inputs) == 100 and not any(v.inputs for v in l2.inputs)
    preds = values(P)
    mse = losses.mse(preds, Y)
    nodes = [v for v in autograd.topological_order(mse) if v.inputs]
    assert len(nodes) == len(P) + 2  # n differences, one dot, one scale by 1/n
    ce = losses.cross_entropy([values(r) for r in LOGITS], CLASSES)
    assert ce.op == "dot" and [v.op for v in ce.inputs[:3]] == ["logsumexp"] * 3
    bce = losses.binary_cross_entropy_with_logits(preds, LABELS01)
    assert bce.op == "dot"


# ----------------------------------------------------------------------------- stability


def test_logit_losses_are_stable_at_extreme_inputs() -> None:
    z = values([1000.0, -1000.0, 800.0])
    L = losses.binary_cross_entropy_with_logits(z, [0.0, 1.0, 1.0])
    assert L.data == pytest.approx((1000.0 + 1000.0 + 0.0) / 3, rel=1e-12)
    L.backward()
    assert [v.grad for v in z] == pytest.approx([1 / 3, -1 / 3, 0.0], abs=1e-15)
    logits = values([1000.0, 0.0, -1000.0])
    ce = losses.cross_entropy(logits, 1)
    assert ce.data == pytest.approx(1000.0, rel=1e-15)
    assert losses.cross_entropy(logits, 0).data == pytest.approx(0.0, abs=1e-300)
    kl = losses.kl_divergence(values([-1000.0, 0.0]), [0.0, 1.0], log_input=True)
    assert kl.data == 0.0


def test_bce_at_exact_zero_or_one_where_the_target_agrees_is_zero_not_an_error() -> None:
    assert losses.binary_cross_entropy(values([1.0, 0.0]), [1.0, 0.0]).data == 0.0
    with pytest.raises(ValueError, match="infinite loss.*with_logits"):
        losses.binary_cross_entropy(values([0.0]), [1.0])


# ----------------------------------------------------------------------------- PyTorch


def test_losses_match_pytorch_float64() -> None:
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    t = lambda xs: torch.tensor(xs, dtype=torch.float64, requires_grad=True)  # noqa: E731
    cases = [
        (lambda v: losses.mse(v, Y), lambda a: F.mse_loss(a, torch.tensor(Y, dtype=torch.float64)), P),
        (lambda v: losses.mae(v, Y), lambda a: F.l1_loss(a, torch.tensor(Y, dtype=torch.float64)), P),
        (lambda v: losses.huber(v, Y, 0.7),
         lambda a: F.huber_loss(a, torch.tensor(Y, dtype=torch.float64), delta=0.7), P),
        (lambda v: losses.binary_cross_entropy(v, LABELS01),
         lambda a: F.binary_cross_entropy(a, torch.tensor(LABELS01, dtype=torch.float64)), PROBS),
        (lambda v: losses.binary_cross_entropy_with_logits(v, LABELS01),
         lambda a: F.binary_cross_entropy_with_logits(a, torch.tensor(LABELS01, dtype=torch.float64)), P),
        (_ce, lambda a: F.cross_entropy(a.view(3, 3), torch.tensor(CLASSES)), FLAT_LOGITS),
        (_nll, lambda a: F.nll_loss(a.view(3, 3), torch.tensor(CLASSES)), FLAT_LOGITS),
        (_kl, lambda a: F.kl_div(a.view(2, 3).log(), torch.tensor(PT), reduction="batchmean"),
         Q.ravel().tolist()),
        (lambda v: losses.hinge(v, SIGNS),
         lambda a: torch.clamp(1 - torch.tensor(SIGNS, dtype=torch.float64) * a, min=0).mean(), P),
    ]
    for ours, theirs, xs in cases:
        a = t(xs)
        ref = theirs(a)
        ref.backward()
        assert ours(values(xs)).data == pytest.approx(ref.item(), rel=1e-12, abs=1e-15)
        assert grad(ours, xs) == pytest.approx(a.grad.tolist(), rel=1e-10, abs=1e-14)


def test_kl_with_log_input_matches_pytorch() -> None:
    torch = pytest.importorskip("torch")
    logq = np.log(Q)
    a = torch.tensor(logq, dtype=torch.float64, requires_grad=True)
    ref = torch.nn.functional.kl_div(a, torch.tensor(PT), reduction="batchmean")
    ref.backward()
    vs = values(logq.ravel().tolist())
    ours = losses.kl_divergence([vs[:3], vs[3:]], PT.tolist(), log_input=True)
    ours.backward()
    assert ours.data == pytest.approx(ref.item(), rel=1e-12)
    assert [v.grad for v in vs] == pytest.approx(a.grad.ravel().tolist(), rel=1e-12, abs=1e-15)


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize("call, error, message", [
    (lambda: losses.mse(values([1.0, 2.0]), [1.0]), ValueError, "mse: 2 predictions but 1 targets"),
    (lambda: losses.mse(values([1.0]), ["a"]), TypeError, "mse: targets must be numbers"),
    (lambda: losses.mae(values([1.0]), [math.nan]), ValueError, "mae: targets must be finite"),
    (lambda: losses.mse(["x"], [1.0]), TypeError, "mse: predictions must be Values or numbers"),
    (lambda: losses.mse([], []), ValueError, "mse: no predictions"),
    (lambda: losses.hinge(values([1.0]), [0.0]), ValueError, "hinge: labels must be \\+1 or -1, got 0.0"),
    (lambda: losses.huber(values([1.0]), [0.0], delta=0.0), ValueError, "huber: delta must be > 0"),
    (lambda: losses.cross_entropy(values([1.0, 2.0]), 2), ValueError,
     "cross_entropy: target must be a class index in 0..1, got 2"),
    (lambda: losses.cross_entropy(values([1.0, 2.0]), 0.5), ValueError, "class index"),
    (lambda: losses.cross_entropy(values([1.0, 2.0]), "0"), TypeError,
     "cross_entropy: target must be a class index"),
    (lambda: losses.nll([values([1.0, 2.0])] * 2, [0]), ValueError, "nll: 2 samples"),
    (lambda: losses.binary_cross_entropy(values([1.5]), [1.0]), ValueError,
     "probabilities in \\[0, 1\\], got 1.5"),
    (lambda: losses.binary_cross_entropy(values([0.5]), [2.0]), ValueError, "targets must be in \\[0, 1\\]"),
    (lambda: losses.kl_divergence(values([0.0, 1.0]), [0.5, 0.5]), ValueError, "kl_divergence: .*infinite"),
    (lambda: losses.kl_divergence(values([0.5, 0.5]), [-0.5, 1.5]), ValueError, "probabilities >= 0"),
    (lambda: losses.l2([]), ValueError, "l2: no parameters"),
    (lambda: losses.resolve("cross"), ValueError, "unknown loss 'cross'; known: mse"),
])
def test_errors_name_the_loss_and_the_value(call: Callable, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        call()


# ----------------------------------------------------------------------------- the lectures' penalty


def test_l1_and_l2_of_a_model_penalise_its_weights_and_biases_only_when_asked() -> None:
    # seed 002: Omega(w) = 1/2 ||w||^2 over the weights; micrograd's demo adds the biases
    mlp = nn.MLP(3, [4, 2], activation="tanh", bias_init=0.3, seed=2)
    Ws = [np.array(W) for W, _ in mlp.get_weights()]
    bs = [np.array(b) for _, b in mlp.get_weights()]
    assert losses.l2(mlp).data == pytest.approx(sum((W**2).sum() for W in Ws), rel=1e-14)
    assert losses.l1(mlp).data == pytest.approx(sum(np.abs(W).sum() for W in Ws), rel=1e-14)
    every = sum((W**2).sum() for W in Ws) + sum((b**2).sum() for b in bs)
    assert losses.l2(mlp, biases=True).data == pytest.approx(every, rel=1e-14)
    losses.l2(mlp).backward()
    assert all(n.b.grad == 0.0 for layer in mlp.layers for n in layer.neurons)
    twin = nn.to_tensor(mlp)
    assert losses.l2(twin).item() == pytest.approx(losses.l2(mlp).data, rel=1e-14)
    assert losses.l2(twin, biases=True).item() == pytest.approx(every, rel=1e-14)
    maxout = nn.Layer(2, 2, "maxout", k=2, bias_init=0.5, seed=1)
    pieces = np.array([w for w, _ in [n.get_weights() for n in maxout.neurons]])
    assert losses.l2(maxout).data == pytest.approx((pieces**2).sum(), rel=1e-14)


# ----------------------------------------------------------------------------- the same losses on a Tensor
# (nn.losses given Tensor predictions) against the scalar losses on the same numbers: value and
# gradient with respect to every prediction, the edge cases (0 ln 0, huber's two pieces), errors.


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
    params = [Tensor(np.array([[1.0, -2.0]]), requires_grad=True),
              Tensor(np.array([3.0]), requires_grad=True)]
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
    with pytest.raises(ValueError,
                       match="binary_cross_entropy: prediction 0.0 for target 1.0 gives an infinite loss"):
        losses.binary_cross_entropy(P, np.ones((4, 2)))
    with pytest.raises(ValueError, match="binary_cross_entropy_with_logits: targets must be in"):
        losses.binary_cross_entropy_with_logits(P, np.full((4, 2), 2.0))
    with pytest.raises(ValueError,
                       match="cross_entropy: target must be a class index in 0..1, got 5 at index 1"):
        losses.cross_entropy(P, np.array([0, 5, 1, 1]))
    with pytest.raises(ValueError,
                       match="nll: needs logits of shape \\(n, C\\) and targets of shape \\(n,\\)"):
        losses.nll(P, np.array([0, 1]))
    with pytest.raises(ValueError, match="mse: targets must be finite"):
        losses.mse(P, np.full((4, 2), np.inf))
    with pytest.raises(ValueError, match="kl_divergence: prediction 0.0 where the target is"):
        losses.kl_divergence(P, np.full((4, 2), 0.5))
