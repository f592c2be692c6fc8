"""viz.draw_network: the XOR 2-2-1 net with the lectures' hand-set weights, and a 2-16-16-1
net; edges are parsed from the SVG and their colour, width and label checked against the
weights (or gradients) they stand for."""

from __future__ import annotations

import re

import pytest
from test_viz_svg import all_texts, nodes_by_id, shapes

import nn
from autograd import Value
from viz import draw_network
from viz.network import MAX_WIDTH, MIN_WIDTH, NEGATIVE, POSITIVE, neuron_names

# XOR with ReLU (Goodfellow et al. 6.1): h = relu(W x + c), y = w . h + b
W, C, w, b0 = [[1.0, 1.0], [1.0, 1.0]], [0.0, -1.0], [1.0, -2.0], 0.0


def xor_net() -> nn.MLP:
    model = nn.MLP(2, [2, 1], activation="relu")
    model.set_weights([(W, C), ([w], [b0])])
    return model


def edges(svg: str) -> dict[tuple[str, str], tuple[str, float]]:
    """{(tail name, head name): (colour without alpha, width)} from the SVG."""
    nodes = nodes_by_id(svg)
    found = {}
    for edge in shapes(svg, "edge"):
        tail, head = edge.title.split("->")
        found[(nodes[tail].first, nodes[head].first)] = (edge.strokes[0][:7], edge.widths[0])
    return found


def expected_width(v: float, scale: float, small: bool = True) -> float:
    return MIN_WIDTH + (MAX_WIDTH[small] - MIN_WIDTH) * abs(v) / scale


def test_xor_weights_colour_width_and_labels() -> None:
    svg = draw_network(xor_net()).svg()
    nodes = {n.first: n.texts for n in nodes_by_id(svg).values()}
    assert nodes["a[1][1]"] == ["a[1][1]", "relu", "b = 0"]
    assert nodes["a[1][2]"] == ["a[1][2]", "relu", "b = -1"]
    assert nodes["ŷ"] == ["ŷ", "linear", "b = 0"] and nodes["x1"] == ["x1"]
    found = edges(svg)
    want = {("x1", "a[1][1]"): 1.0, ("x2", "a[1][1]"): 1.0, ("x1", "a[1][2]"): 1.0, ("x2", "a[1][2]"): 1.0,
            ("a[1][1]", "ŷ"): 1.0, ("a[1][2]", "ŷ"): -2.0}
    assert set(found) == set(want)
    for key, v in want.items():
        colour, width = found[key]
        assert colour == (POSITIVE if v > 0 else NEGATIVE)
        assert width == pytest.approx(expected_width(v, 2.0), abs=0.01)
    # Each weight printed once, as a label node on its edge.
    labels = sorted(n.first for n in nodes_by_id(svg).values() if re.fullmatch(r"w\d+_\d+_\d+", n.title))
    assert labels == sorted(["1", "1", "1", "1", "1", "-2"])


def test_columns_are_layers() -> None:
    svg = draw_network(xor_net()).svg()
    xs = {}
    for node in nodes_by_id(svg).values():
        if node.element is not None and node.first in ("x1", "x2", "a[1][1]", "a[1][2]", "ŷ"):
            ellipse = next(node.element.iter("{http://www.w3.org/2000/svg}ellipse"))
            xs[node.first] = float(ellipse.get("cx"))
    assert xs["x1"] == xs["x2"] < xs["a[1][1]"] == xs["a[1][2]"] < xs["ŷ"]


def test_grads_are_drawn_from_w_grad() -> None:
    model = xor_net()
    x = [1.0, 1.0]
    y = model(x)
    loss = (y - 1.0) ** 2 + 0.0
    model.zero_grad()
    loss.backward()
    # closed form: dL/dy = 2(y - 1); h = relu(Wx + c) = [2, 1]; y = 0; dL/dw_j = dL/dy h_j
    h = [max(0.0, sum(Wi[k] * x[k] for k in range(2)) + c) for Wi, c in zip(W, C)]
    dy = 2 * (y.data - 1.0)
    out = model.layers[1].neurons[0]
    assert [p.grad for p in out.w] == pytest.approx([dy * hj for hj in h])
    assert h == [2.0, 1.0] and y.data == 0.0 and dy == -2.0
    svg = draw_network(model, show="grads").svg()
    found = edges(svg)
    scale = max(abs(p.grad) for layer in model.layers for n in layer.neurons for p in n.w)
    for j, hj in enumerate(h):  # dL/dw_j = -2 h_j < 0: red, width by |dL/dw_j|
        colour, width = found[(f"a[1][{j + 1}]", "ŷ")]
        assert colour == NEGATIVE and width == pytest.approx(expected_width(dy * hj, scale), abs=0.01)
    nodes = {n.first: n.texts for n in nodes_by_id(svg).values()}
    assert nodes["ŷ"][-1] == f"b.grad = {dy:.3g}"
    labels = {n.first for n in nodes_by_id(svg).values() if re.fullmatch(r"w2_0_\d", n.title)}
    assert labels == {"-4", "-2"}
    assert "2-2-1 network; each edge: gradient ∂loss/∂w (w.grad)" in all_texts(svg)


def test_a_2_16_16_1_net() -> None:
    model = nn.MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=4)
    svg = draw_network(model).svg()
    names = neuron_names(model.sizes)
    assert names[1][0] == "a[1][1]" and names[2][15] == "a[2][16]" and names[3] == ["ŷ"]
    found = edges(svg)
    assert len(found) == 2 * 16 + 16 * 16 + 16
    weights = [p.data for layer in model.layers for n in layer.neurons for p in n.w]
    scale = max(abs(v) for v in weights)
    for j, neuron in enumerate(model.layers[1].neurons):
        for k, p in enumerate(neuron.w):
            colour, width = found[(f"a[1][{k + 1}]", f"a[2][{j + 1}]")]
            assert colour == (POSITIVE if p.data > 0 else NEGATIVE)
            assert width == pytest.approx(expected_width(p.data, scale, small=False), abs=0.01)
    nodes = {n.first: n.texts for n in nodes_by_id(svg).values()}
    assert nodes["a[2][3]"] == ["a[2][3]", "relu"] and nodes["ŷ"] == ["ŷ", "sigmoid"]
    assert not any(re.fullmatch(r"w\d+_\d+_\d+", n) for n in nodes_by_id(svg))  # no labels


def test_errors_name_the_operation() -> None:
    with pytest.raises(ValueError, match="draw_network: show must be .*'biases'"):
        draw_network(xor_net(), show="biases")
    with pytest.raises(TypeError, match="draw_network: expected an MLP with .layers, got Value"):
        draw_network(Value(1.0))
    maxout = nn.MLP(2, [2, 1], activation="maxout")
    with pytest.raises(TypeError, match="draw_network: layer 0 neuron 0 is a Maxout"):
        draw_network(maxout)
