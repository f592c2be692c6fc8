"""micrograd code runs on edgegrad with only the import lines changed.

Each piece below is written as micrograd users write it (our own rewrite, from micrograd's
documented behaviour), as source text that imports micrograd; the test swaps the import lines
for ours and runs it:

- the expressions of micrograd's test/test_engine.py (``conftest.MICROGRAD_SOURCE``) and its
  comparison with PyTorch (``ENGINE_TESTS``: the two tests, asserting against torch);
- the helpers of its trace_graph.ipynb (``trace`` collecting nodes and edges over ``_prev``,
  ``draw_dot`` labelling ops by ``_op``) on a small expression and a ``nn.Neuron(2)``;
- the training loop of its demo.ipynb (an MLP(2, [16, 16, 1]) on two moons, max-margin loss,
  L2 regularisation, SGD with a decaying rate).

References: micrograd 0.1.0 itself where installed (the same source as written; the demo from
the same starting weights must give the same loss and accuracy at every step), PyTorch in
float64 where installed, and our graph's own ``inputs`` and ``op`` for the helpers.
"""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pytest
from conftest import MICROGRAD_IMPORT, MICROGRAD_SOURCE, run_micrograd_source

import autograd
from autograd import Value

OURS = {"from micrograd.engine import Value": "from autograd import Value",
        "from micrograd.nn import Neuron, Layer, MLP": "from nn import Neuron, Layer, MLP",
        "from micrograd import nn": "import nn"}


def ours(source: str) -> str:
    """``source`` with micrograd's import lines replaced by ours, and nothing else changed."""
    for theirs, mine in OURS.items():
        source = source.replace(theirs, mine)
    assert "micrograd" not in source
    return source


def run(source: str, namespace: dict[str, Any] | None = None) -> dict[str, Any]:
    namespace = {} if namespace is None else namespace
    exec(compile(source, "<micrograd code>", "exec"), namespace)
    return namespace


# ----------------------------------------------------------------------------- test_engine.py


def test_same_numbers_with_only_the_import_line_changed() -> None:
    pytest.importorskip("micrograd")
    mine = MICROGRAD_SOURCE.replace(MICROGRAD_IMPORT, "from autograd import Value")
    assert mine.count("autograd") == 1
    assert mine.replace("from autograd import Value", MICROGRAD_IMPORT) == MICROGRAD_SOURCE
    expected, actual = run_micrograd_source(MICROGRAD_SOURCE), run_micrograd_source(mine)
    assert len(actual) == len(expected) == 3
    for want, got in zip(expected, actual):
        assert len(got) == len(want)
        for w, g in zip(want, got):
            assert math.isclose(g, w, rel_tol=1e-12, abs_tol=1e-12), (got, want)
    # the numbers micrograd's README prints
    g, a_grad, b_grad = actual[1]
    assert (f"{g:.4f}", f"{a_grad:.4f}", f"{b_grad:.4f}") == ("24.7041", "138.8338", "645.5773")


# micrograd's test_engine.py: the same two expressions built on Values and on torch tensors, the
# forward values and the gradients compared (our rewrite).
ENGINE_TESTS = '''
import torch
from micrograd.engine import Value

def test_sanity_check():
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    xmg, ymg = x, y

    x = torch.Tensor([-4.0]).double()
    x.requires_grad = True
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    xpt, ypt = x, y

    assert ymg.data == ypt.data.item()
    assert xmg.grad == xpt.grad.item()

def test_more_ops():
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    amg, bmg, gmg = a, b, g

    a = torch.Tensor([-4.0]).double()
    b = torch.Tensor([2.0]).double()
    a.requires_grad = True
    b.requires_grad = True
    c = a + b
    d = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g = g + 10.0 / f
    g.backward()
    apt, bpt, gpt = a, b, g

    tol = 1e-6
    assert abs(gmg.data - gpt.data.item()) < tol
    assert abs(amg.grad - apt.grad.item()) < tol
    assert abs(bmg.grad - bpt.grad.item()) < tol
'''


@pytest.mark.parametrize("engine", ["edgegrad", "micrograd"])
def test_micrograd_test_engine_passes_against_torch(engine: str) -> None:
    pytest.importorskip("torch")
    if engine == "micrograd":  # the rewrite is faithful: micrograd itself passes it
        pytest.importorskip("micrograd")
    namespace = run(ours(ENGINE_TESTS) if engine == "edgegrad" else ENGINE_TESTS)
    namespace["test_sanity_check"]()
    namespace["test_more_ops"]()


# ----------------------------------------------------------------------------- trace_graph.ipynb

# The notebook's two helpers as micrograd users write them: walk the graph through ``_prev``
# (here with an explicit stack), then one record node per Value and one small node per ``_op``.
TRACE_GRAPH = '''
from graphviz import Digraph
from micrograd.engine import Value

def trace(root):
    nodes, edges, todo = set(), set(), [root]
    while todo:
        v = todo.pop()
        if v not in nodes:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                todo.append(child)
    return nodes, edges

def draw_dot(root, format="svg", rankdir="LR"):
    nodes, edges = trace(root)
    dot = Digraph(format=format, graph_attr={"rankdir": rankdir})
    for n in nodes:
        dot.node(name=str(id(n)), label="{ data %.4f | grad %.4f }" % (n.data, n.grad), shape="record")
        if n._op:
            dot.node(name=str(id(n)) + n._op, label=n._op)
            dot.edge(str(id(n)) + n._op, str(id(n)))
    for n1, n2 in edges:
        dot.edge(str(id(n1)), str(id(n2)) + n2._op)
    return dot

x = Value(1.0)
y = (x * 2 + 1).relu()
y.backward()
first = draw_dot(y)

import random
from micrograd import nn
random.seed(1337)
n = nn.Neuron(2)
x2 = [Value(1.0), Value(-2.0)]
y2 = n(x2)
y2.backward()
second = draw_dot(y2)
'''


def test_value_has_micrograds_prev_and_op_read_only() -> None:
    a, b = Value(2.0), Value(-3.0)
    c = a * b
    d = c.tanh()
    assert c._prev == {a, b} and d._prev == {c} and a._prev == set()
    assert (c._op, d._op, a._op) == ("*", "tanh", "")
    assert c._op == c.op and c._prev == set(c.inputs)
    with pytest.raises(AttributeError):
        c._prev = set()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        c._op = "+"  # type: ignore[misc]


def test_trace_graph_helpers_draw_our_graph() -> None:
    pytest.importorskip("graphviz")
    namespace = run(ours(TRACE_GRAPH))
    for root, dot in ((namespace["y"], namespace["first"]), (namespace["y2"], namespace["second"])):
        nodes, edges = namespace["trace"](root)
        graph = autograd.topological_order(root)
        assert nodes == set(graph)
        assert edges == {(child, node) for node in graph for child in node.inputs}
        source = dot.source
        for node in graph:
            assert f"{{ data {node.data:.4f} | grad {node.grad:.4f} }}" in source
            if node.op:
                assert f'label="{node.op}"' in source or f"label={node.op}" in source
        assert source.count("->") == len(edges) + sum(1 for node in graph if node.op)
    y = namespace["y"]
    assert (y.data, namespace["x"].grad) == (3.0, 2.0)  # relu(2x + 1) at 1: slope 2
    assert namespace["y2"].data == max(0.0, sum(w.data * x.data for w, x in zip(
        namespace["n"].w, namespace["x2"])) + namespace["n"].b.data)


# ----------------------------------------------------------------------------- demo.ipynb

DEMO_MODEL = '''
from micrograd.engine import Value
from micrograd.nn import Neuron, Layer, MLP
model = MLP(2, [16, 16, 1])
'''

# the notebook's loss and training cells (our rewrite), full batch, 100 steps
DEMO_TRAIN = '''
def loss(batch_size=None):
    if batch_size is None:
        Xb, yb = X, y
    else:
        ri = np.random.permutation(X.shape[0])[:batch_size]
        Xb, yb = X[ri], y[ri]
    inputs = [list(map(Value, xrow)) for xrow in Xb]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(yb, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    alpha = 1e-4
    reg_loss = alpha * sum((p * p for p in model.parameters()))
    total_loss = data_loss + reg_loss
    accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(yb, scores)]
    return total_loss, sum(accuracy) / len(accuracy)

history = []
for k in range(STEPS):
    total_loss, acc = loss()
    model.zero_grad()
    total_loss.backward()
    learning_rate = 1.0 - 0.9 * k / 100
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    history.append((total_loss.data, acc))
'''


def moons(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles with Gaussian noise, labels -1 / +1 (the demo's data)."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0.0, math.pi, n // 2)
    upper = np.c_[np.cos(t), np.sin(t)]
    lower = np.c_[1.0 - np.cos(t), 0.5 - np.sin(t)]
    X = np.r_[upper, lower] + rng.normal(scale=noise, size=(n, 2))
    return X, np.r_[-np.ones(n // 2, int), np.ones(n // 2, int)]


def demo(source_model: str, weights: list[float] | None, steps: int) -> dict[str, Any]:
    X, y = moons(40, 0.1, seed=1337)
    random.seed(1337)
    namespace = run(source_model, {"np": np})
    if weights is not None:
        for p, w in zip(namespace["model"].parameters(), weights):
            p.data = w
    namespace.update(X=X, y=y, STEPS=steps)
    return run(DEMO_TRAIN, namespace)


def test_demo_training_loop_learns_the_moons() -> None:
    namespace = demo(ours(DEMO_MODEL), None, steps=100)
    assert len(namespace["model"].parameters()) == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1
    history = namespace["history"]
    assert history[-1][0] < 0.5 * history[0][0]
    assert history[-1][1] >= 0.95


def test_demo_training_loop_steps_exactly_as_micrograd() -> None:
    pytest.importorskip("micrograd")
    mine = demo(ours(DEMO_MODEL), None, steps=6)
    start = demo(ours(DEMO_MODEL), None, steps=0)["model"].parameters()
    theirs = demo(DEMO_MODEL, [p.data for p in start], steps=6)
    for (loss_ours, acc_ours), (loss_theirs, acc_theirs) in zip(mine["history"], theirs["history"]):
        assert loss_ours == pytest.approx(loss_theirs, rel=1e-9)
        assert acc_ours == acc_theirs
    for p, q in zip(mine["model"].parameters(), theirs["model"].parameters()):
        assert p.data == pytest.approx(q.data, rel=1e-8, abs=1e-12)


# ----------------------------------------------------------------------------- nn: micrograd's API


def test_mlp_is_micrograds_relu_hidden_linear_output() -> None:
    from nn import MLP

    model = MLP(3, [4, 1])
    x = [0.5, -1.0, 2.0]
    hidden = [max(0.0, sum(w.data * xi for w, xi in zip(n.w, x)) + n.b.data)
              for n in model.layers[0].neurons]
    out_neuron = model.layers[1].neurons[0]
    expect = sum(w.data * h for w, h in zip(out_neuron.w, hidden)) + out_neuron.b.data
    out = model(x)
    assert isinstance(out, Value)  # one output: a Value, not a list
    assert out.data == pytest.approx(expect, rel=1e-14)


def test_neuron_and_layer_take_micrograds_nonlin() -> None:
    from nn import Layer, Neuron

    x = [1.0, -2.0]
    linear = Neuron(2, nonlin=False)
    relu = Neuron(2, nonlin=True)
    for n in (linear, relu):
        for w, v in zip(n.w, (1.0, 2.0)):
            w.data = v
        n.b.data = 0.5
    assert linear(x).data == 1.0 - 4.0 + 0.5  # no ReLU: negative kept
    assert relu(x).data == 0.0
    layer = Layer(2, 3, nonlin=False)
    out = layer(x)
    assert len(out) == 3
    for n, o in zip(layer.neurons, out):
        assert o.data == pytest.approx(sum(w.data * xi for w, xi in zip(n.w, x)) + n.b.data)


def test_a_one_unit_layer_gives_one_value_as_micrograds() -> None:
    from nn import Layer

    out = Layer(2, 1, nonlin=False)([1.0, -2.0])
    assert isinstance(out, Value)
