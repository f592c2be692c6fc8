"""Names from the model (nn.names, viz.roles): parameters w[l][j,k] / b[l][j], neurons z[l][j] /
a[l][j], the output ŷ, the inputs x1, x2 even when given as numbers, and no v<number> name or
derivative with respect to a bare number in the pictures of a neuron, an MLP and its loss."""

from __future__ import annotations

import re

from test_viz_svg import all_texts, edge_triples, nodes_by_id

import nn
from autograd import Value
from viz import draw_graph
from viz.roles import box_title, neuron_of

GENERATED = re.compile(r"\bv\d+\b")
BY_NUMBER = re.compile(r"∂[^/]*/∂\(?-?\d")  # ∂y/∂2, ∂y/∂(-1.5)


def test_parameters_are_named_by_layer_neuron_and_input() -> None:
    model = nn.MLP(2, [3, 1], seed=0)
    names = [p.label for p in model.parameters()]
    assert names[:3] == ["w[1][1,1]", "w[1][1,2]", "b[1][1]"]
    assert names[-4:] == ["w[2][1,1]", "w[2][1,2]", "w[2][1,3]", "b[2][1]"]
    assert len(set(names)) == model.num_parameters() == 13
    assert [p.label for p in nn.Neuron(2).parameters()] == ["w[1]", "w[2]", "b"]
    assert [p.label for p in nn.Layer(2, 2).parameters()] == ["w[1,1]", "w[1,2]", "b[1]",
                                                             "w[2,1]", "w[2,2]", "b[2]"]
    assert [p.label for p in nn.Neuron(2, activation="maxout", k=2).parameters()] == [
        "w[1;1]", "w[2;1]", "w[1;2]", "w[2;2]", "b[1]", "b[2]"]
    seq = nn.Sequential(nn.Linear(2, 3), "relu", nn.Linear(3, 1))
    assert [(seq[0].weight.label, seq[0].bias.label), (seq[2].weight.label, seq[2].bias.label)] == [
        ("w[1]", "b[1]"), ("w[2]", "b[2]")]


def test_scopes_map_to_layer_and_neuron_from_one() -> None:
    assert neuron_of("layer0/neuron3") == (1, 4) and neuron_of("outer/layer2/neuron0") == (3, 1)
    assert neuron_of("neuron") == (0, 0) and neuron_of("layer/neuron1") == (1, 2)
    assert neuron_of("square") is None and box_title("layer1/neuron0") == "neuron a[2][1]"


def test_mlp_graph_from_numbers_has_model_names_only() -> None:
    model = nn.MLP(2, [4, 4, 1], seed=0)
    y = model([2.0, -1.0])
    loss = (y - 1.0) ** 2
    svg = draw_graph(loss, collapse=False).svg()
    texts = " | ".join(all_texts(svg))
    assert not GENERATED.search(texts), GENERATED.findall(texts)
    assert not BY_NUMBER.search(texts), BY_NUMBER.findall(texts)
    firsts = {n.first for n in nodes_by_id(svg).values()}
    assert {"x1", "x2", "w[1][1,1]", "b[3][1]", "ŷ-1", "L = (ŷ-1)²"} <= firsts
    assert {f"z[2][{j}] = Σ w·x + b (4 terms)" for j in range(1, 5)} <= firsts
    # ∂z/∂w = the input it multiplies: x1 = 2 for every first-layer neuron's w[1][j,1]
    triples = edge_triples(svg)
    for j in range(1, 5):
        (label,) = [t[2] for t in triples if t[0] == f"w[1][{j},1]"]
        assert label == f"∂z[1][{j}]/∂w[1][{j},1] = x1 = 2"
    # ∂L/∂ŷ: the loss's symbol in math notation, 2(ŷ-1) at ŷ = y.data
    (label,) = [t[2] for t in triples if t[0] == "ŷ-1"]
    assert label == f"∂L/∂(ŷ-1) = 2(ŷ-1) = {2 * (y.data - 1.0):.4g}"


def test_neuron_graph_names() -> None:
    neuron = nn.Neuron(2, activation="tanh", w=[0.5, -1.0], b=0.25)
    out = neuron([1.0, 2.0])  # z = 0.5 - 2 + 0.25 = -1.25
    svg = draw_graph(out, collapse=False).svg()
    texts = " | ".join(all_texts(svg))
    assert not GENERATED.search(texts) and not BY_NUMBER.search(texts)
    triples = set(edge_triples(svg))
    assert ("x2", "z = w[1]·x1 + w[2]·x2 + b", "∂z/∂x2 = w[2] = -1") in triples
    assert ("w[1]", "z = w[1]·x1 + w[2]·x2 + b", "∂z/∂w[1] = x1 = 1") in triples
    assert ("b", "z = w[1]·x1 + w[2]·x2 + b", "∂z/∂b = 1") in triples


def test_labelled_inputs_keep_their_labels() -> None:
    model = nn.MLP(2, [2, 1], seed=1)
    y = model([Value(0.5, label="u"), Value(1.5, label="v")])
    firsts = {n.first for n in nodes_by_id(draw_graph(y, collapse=False).svg()).values()}
    assert {"u", "v", "ŷ = Σ w·x + b (2 terms)"} <= firsts and "x1" not in firsts


def test_parameters_are_found_by_position_not_by_name() -> None:
    # the lecture's b (and a variable called w) are inputs; a lone neuron's bias "b" is a parameter
    b, w = Value(1.0, label="b"), Value(2.0, label="w")
    y = b * w
    nodes = nodes_by_id(draw_graph(y).svg())
    assert {n.first: n.tags[0] for n in nodes.values() if n.first in ("b", "w")} == {
        "b": "ellipse", "w": "ellipse"}
    neuron = nn.Neuron(1, activation="tanh", w=[0.5], b=0.25)
    nodes = nodes_by_id(draw_graph(neuron([1.0])).svg())
    assert {n.first: n.fills[0] for n in nodes.values() if n.first in ("b", "w[1]", "x1")} == {
        "b": "#fde68a", "w[1]": "#fde68a", "x1": "#dbeafe"}


def test_a_loss_over_a_batch_has_no_generated_names() -> None:
    import autograd as ag
    model = nn.MLP(2, [3, 1], seed=0)
    batch = [([2.0, -1.0], 1.0), ([0.5, 0.5], -1.0), ([1.0, 0.0], 1.0)]
    loss = ag.sum([(model(x) - t) ** 2 for x, t in batch]) / 3
    for collapse in (False, True):
        texts = all_texts(draw_graph(loss, collapse=collapse).svg())
        assert not any(GENERATED.search(t) or BY_NUMBER.search(t) for t in texts)
        assert "L = sum((ŷ-1)², …)/3" in texts
