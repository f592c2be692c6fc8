"""Draw every picture of docs/viz.md into docs/pictures/ (or another directory).

    python docs/make_pictures.py            # rewrites docs/pictures/
    python docs/make_pictures.py /tmp/pics  # somewhere else (tests/test_docs.py compares)

The pictures are checked in, so the site builds without running code; tests/test_docs.py draws
them again and checks that every word and number in them is still what the code draws.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # this checkout's packages, also when run as a script

import numpy as np  # noqa: E402

import autograd as ag  # noqa: E402
import nn  # noqa: E402
import viz  # noqa: E402
from autograd import Tensor, Value  # noqa: E402


def lecture_graph() -> tuple[Value, Value, Value]:
    """e = (a + b)(b + 1) at a = 2, b = 1, labelled as in the lectures; returns (e, a, b)."""
    a, b = Value(2.0, label="a"), Value(1.0, label="b")
    c = a + b
    c.label = "c"
    d = b + 1
    d.label = "d"
    e = c * d
    e.label = "e"
    return e, a, b


def xor_model() -> tuple[nn.MLP, list[list[int]], list[int], nn.History]:
    """A 2-2-1 tanh/sigmoid MLP trained on XOR (seed 0, 300 epochs of Adam)."""
    X, y = [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]
    model = nn.MLP(2, [2, 1], activation="tanh", output_activation="sigmoid", seed=0)
    history = nn.fit(model, X, y, loss="binary_cross_entropy", optimizer=nn.Adam(model, lr=0.1),
                     epochs=300, progress=False)
    return model, X, y, history


def main(out: Path) -> list[Path]:
    """Write every picture into ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []

    e, a, b = lecture_graph()
    written.append(viz.draw_graph(e).save(out / "reverse.svg"))
    written.append(viz.draw_graph(e, mode="forward", wrt=b).save(out / "forward.svg"))
    written.append(viz.draw_graph(e, mode="both", wrt=b).save(out / "both.svg"))
    path = list(ag.paths(e, b))[1]  # b -> d -> e
    written.append(viz.draw_graph(e, highlight=path).save(out / "highlight.svg"))
    written.append(viz.backprop_frames(e, out / "backprop"))
    written.append(viz.forward_frames(e, b, out / "forward_steps"))

    # a neuron's loss, each neuron drawn as one box
    model = nn.MLP(2, [3, 1], activation="tanh", seed=0)
    loss = (model([1.0, -1.0]) - 1.0) ** 2
    loss.backward()
    written.append(viz.draw_graph(loss, collapse=True, params=model).save(out / "collapsed.svg"))

    # a Tensor graph: shapes and values in the nodes, vector-Jacobian rules on the edges
    x = Tensor(np.array([[1.0, 2.0]]), label="x")
    W = Tensor(np.array([[0.5, -1.0], [2.0, 0.0]]), requires_grad=True, label="W")
    y_t = (x @ W).tanh().sum()
    y_t.label = "y"
    written.append(viz.draw_graph(y_t, mode="both", wrt=W).save(out / "tensor.svg"))

    xor, X, y, history = xor_model()
    written.append(viz.draw_network(xor, show="weights").save(out / "network_weights.svg"))
    xor.zero_grad()
    nn.losses.binary_cross_entropy([xor(x) for x in X], y).backward()
    written.append(viz.draw_network(xor, show="grads").save(out / "network_grads.svg"))
    viz.plot_loss(history, out / "loss.svg")
    viz.plot_decision_boundary(xor, X, y, out / "boundary.svg")
    written += [out / "loss.svg", out / "boundary.svg"]
    return written


if __name__ == "__main__":
    for file in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "pictures"):
        print("wrote", file)
