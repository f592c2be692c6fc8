"""W1 lower bound in pure Python: floats only, no graph, hand-written backprop.

Same step as ``w1_micrograd``: loss = mean_i relu(1 - y_i * s_i) + 1e-4 * sum_p p^2,
then SGD p <- p - lr * dL/dp, for an MLP with ReLU hidden layers and one linear output.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import mul

from .moons import Weights

ALPHA = 1e-4
"""L2 regularisation strength."""

Matrix = list[list[float]]


@dataclass
class State:
    Ws: list[Matrix]
    """Per layer, one row of input weights per neuron."""
    Bs: list[list[float]]
    """Per layer, one bias per neuron."""
    X: list[list[float]]
    y: list[float]
    lr: float


def step(Ws: list[Matrix], Bs: list[list[float]], X: list[list[float]], y: list[float], lr: float) -> float:
    """One SGD step in place on ``Ws``/``Bs``; returns the loss before the update.

    Forward: a_0 = x, a_l = relu(W_l a_{l-1} + b_l), s = W_L a_{L-1} + b_L.
    Backward: delta_L = dL/ds = -y/n where the hinge is active, else 0;
    dW_l += delta_l a_{l-1}^T, db_l += delta_l,
    delta_{l-1} = (W_l^T delta_l) * [a_{l-1} > 0]  (a > 0 iff its pre-activation > 0,
    so the activations double as the ReLU mask).
    """
    n_layers = len(Ws)
    assert len(Ws[-1]) == 1, "hinge loss needs a single output"
    gWs = [[[0.0] * len(row) for row in W] for W in Ws]
    gBs = [[0.0] * len(B) for B in Bs]
    hidden = list(zip(Ws[:-1], Bs[:-1]))
    w_out, b_out = Ws[-1][0], Bs[-1][0]
    inv_n = 1.0 / len(X)
    hinge_sum = 0.0

    for x, yi in zip(X, y):
        # forward, keeping each layer's input
        acts = [x]
        a = x
        for W, B in hidden:
            a = [max(0.0, sum(map(mul, w, a)) + b) for w, b in zip(W, B)]
            acts.append(a)
        margin = 1.0 - yi * (sum(map(mul, w_out, a)) + b_out)
        if margin <= 0.0:  # relu(margin) is flat: no loss, no gradient
            continue
        hinge_sum += margin

        # backward: delta recursion from the output
        deltas = [-yi * inv_n]
        for layer in range(n_layers - 1, -1, -1):
            a_prev = acts[layer]
            gW, gB, W = gWs[layer], gBs[layer], Ws[layer]
            for j, dj in enumerate(deltas):
                if dj:
                    gB[j] += dj
                    gW[j] = [g + dj * ai for g, ai in zip(gW[j], a_prev)]
            if layer:
                back = [0.0] * len(a_prev)
                for dj, w in zip(deltas, W):
                    if dj:
                        back = [s + dj * wi for s, wi in zip(back, w)]
                deltas = [s if ai > 0.0 else 0.0 for s, ai in zip(back, a_prev)]

    reg = sum(w * w for W in Ws for row in W for w in row) + sum(b * b for B in Bs for b in B)
    loss = hinge_sum * inv_n + ALPHA * reg

    # SGD with the L2 gradient 2 * ALPHA * p folded in
    decay = 1.0 - 2.0 * ALPHA * lr
    for W, B, gW, gB in zip(Ws, Bs, gWs, gBs):
        for j, (w, g) in enumerate(zip(W, gW)):
            W[j] = [wi * decay - lr * gi for wi, gi in zip(w, g)]
        B[:] = [b * decay - lr * g for b, g in zip(B, gB)]
    return loss


def setup(X: list[list[float]], y: list[float], weights: Weights, lr: float = 0.1) -> State:
    """State for ``run_step``: copies of ``weights`` as row lists and bias lists."""
    Ws = [[list(w) for w, _ in layer] for layer in weights]
    Bs = [[float(b) for _, b in layer] for layer in weights]
    return State(Ws, Bs, X, y, lr)


def run_step(state: State) -> float:
    """One training step; returns the loss before the update."""
    return step(state.Ws, state.Bs, state.X, state.y, state.lr)


def predict(state: State, points: list[list[float]]) -> list[float]:
    """Scores on ``points``: the forward pass alone, floats only (the inference lower bound)."""
    hidden = list(zip(state.Ws[:-1], state.Bs[:-1]))
    w_out, b_out = state.Ws[-1][0], state.Bs[-1][0]
    out = []
    for a in points:
        for W, B in hidden:
            a = [max(0.0, sum(map(mul, w, a)) + b) for w, b in zip(W, B)]
        out.append(sum(map(mul, w_out, a)) + b_out)
    return out
