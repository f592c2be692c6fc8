"""Learning XOR in three steps, as the lectures do it (lecture 000's "Learning XOR 1/3, 2/3,
3/3" and lecture 002's hand-built network).

1. By hand (lecture 002): threshold units f(z) = 1{z >= 0}, h(x) = f(w2 . f(W1 x + b1) + b2)
   with W1 = [[1, 1], [-1, -1]], b1 = [-0.5, 1.5] (a1 = x1 OR x2, a2 = NOT(x1 AND x2)),
   w2 = [1, 1], b2 = -1.5 (y = a1 AND a2). Step units have derivative 0: no learning here.
2. Gradient descent with the gradient from forward mode: a 2-2-1 tanh/sigmoid MLP, the
   binary cross-entropy L, and one forward sweep per parameter (P sweeps per step).
3. Back propagation: the same network from the same start, nn.fit: one reverse sweep per step.
   Steps 2 and 3 compute the same gradient, so they follow the same loss curve.

Writes out/xor_hand_built.svg, out/xor_network.svg (learned weights), out/xor_loss.svg and
out/xor_boundary.svg.
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: python demos/xor.py
    import sys
    from pathlib import Path as _Path
    sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import autograd as ag
import nn
import viz
from demos._common import how_to_view, note, parse_args, save_picture, table, wrote
from demos._data import XOR_X, XOR_Y

HAND_BUILT = [([[1.0, 1.0], [-1.0, -1.0]], [-0.5, 1.5]), ([[1.0, 1.0]], [-1.5])]
HIDDEN, LR, SEED = 2, 0.1, 0


def hand_built() -> nn.MLP:
    """Lecture 002's threshold network, weights set by hand."""
    model = nn.MLP(2, [2, 1], activation="step", output_activation="step")
    model.set_weights(HAND_BUILT)
    return model


def truth_table(model: nn.MLP) -> list[list[Any]]:
    """x1, x2, the hidden units a1, a2, the output y and x1 XOR x2, for the four inputs."""
    rows = []
    for x in XOR_X:
        a1, a2 = (a.data for a in model.layers[0](x))
        y = model(x).data
        rows.append([f"{x[0]:g}", f"{x[1]:g}", f"{a1:g}", f"{a2:g}", f"{y:g}", f"{int(x[0]) ^ int(x[1])}"])
    return rows


def fresh_model() -> nn.MLP:
    return nn.MLP(2, [HIDDEN, 1], activation="tanh", output_activation="sigmoid", seed=SEED)


def train_forward_mode(epochs: int) -> tuple[nn.MLP, list[float], int]:
    """Full-batch Adam on L with dL/dw_j from one forward sweep per parameter w_j.
    Returns (model, loss per epoch, forward sweeps per step)."""
    model = fresh_model()
    params = model.parameters()
    optimizer = nn.optim.Adam(model, lr=LR)
    losses = []
    for _ in range(epochs):
        loss = nn.losses.binary_cross_entropy([model(x) for x in XOR_X], XOR_Y)
        for p in params:  # P forward sweeps: "how one input affects every node"
            p.grad = ag.forward_sweep(loss, wrt=p)[loss]
        optimizer.step()
        losses.append(loss.data)
    return model, losses, len(params)


def train_backprop(epochs: int) -> tuple[nn.MLP, nn.History]:
    """The same, with nn.fit: dL/dw for every w from one reverse sweep per step."""
    model = fresh_model()
    history = nn.fit(model, XOR_X, XOR_Y, loss="binary_cross_entropy",
                     optimizer=nn.optim.Adam(model, lr=LR), epochs=epochs, shuffle=False, progress=False)
    return model, history


def pictures(hand: nn.MLP, model: nn.MLP, history: nn.History, out: Path) -> None:
    save_picture(viz.draw_network(hand, show="weights"), out / "xor_hand_built.svg")
    save_picture(viz.draw_network(model, show="weights"), out / "xor_network.svg")
    try:
        viz.plot_loss(history, out / "xor_loss.svg", log=True,
                      title="XOR, 2-2-1 MLP: binary cross-entropy per epoch")
        wrote(out / "xor_loss.svg")
        viz.plot_decision_boundary(model, XOR_X, XOR_Y, out / "xor_boundary.svg",
                                   bounds=(-0.5, 1.5, -0.5, 1.5), title="XOR, 2-2-1 MLP")
        wrote(out / "xor_boundary.svg")
    except ImportError as error:
        note(f"no loss curve or decision boundary: {error}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv, __doc__)
    epochs = 150 if args.quick else 300

    print("1. By hand (lecture 002): threshold units, a1 = OR, a2 = NAND, y = a1 AND a2\n")
    hand = hand_built()
    rows = truth_table(hand)
    print(table(["x1", "x2", "a1", "a2", "y", "x1 xor x2"], rows))
    ok_hand = all(r[4] == r[5] for r in rows)
    print(f"\nhand-built network computes XOR: {ok_hand}\n")

    print(f"2. and 3. A {'-'.join(map(str, [2, HIDDEN, 1]))} MLP (tanh, sigmoid output), binary "
          f"cross-entropy, Adam lr = {LR:g},\n{epochs} epochs, the same start (seed {SEED}).\n")
    model_fwd, losses_fwd, sweeps = train_forward_mode(epochs)
    model, history = train_backprop(epochs)
    marks = sorted({1, 2, 5, 10, 20, 50, 100, 200, 500, epochs} & set(range(1, epochs + 1)))
    print(table(["epoch", f"loss, forward mode ({sweeps} sweeps/step)", "loss, backprop (1 sweep/step)"],
                [[e, f"{losses_fwd[e - 1]:.10f}", f"{history.loss[e - 1]:.10f}"] for e in marks]))
    gap = max(abs(a - b) for a, b in zip(losses_fwd, history.loss))
    print(f"\nsame loss curve: max |difference| = {gap:.1e}; forward mode swept {sweeps * epochs} "
          f"times, backprop {epochs} times\n")

    print("Learned network (backprop):\n")
    learned = [[f"{x[0]:g}", f"{x[1]:g}", f"{model(x).data:.4f}", f"{round(model(x).data)}",
                f"{int(x[0]) ^ int(x[1])}"] for x in XOR_X]
    print(table(["x1", "x2", "p = h(x)", "round(p)", "x1 xor x2"], learned))
    ok_learned = all(r[3] == r[4] for r in learned)
    print(f"\nlearned network computes XOR: {ok_learned}\n")
    pictures(hand, model, history, args.out)
    how_to_view(args.out)
    return 0 if ok_hand and ok_learned else 1


if __name__ == "__main__":
    raise SystemExit(main())
