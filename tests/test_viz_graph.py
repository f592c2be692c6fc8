"""viz.draw_graph on the lectures' e = (a + b) * (b + 1): the SVG is parsed and every node's
numbers and every edge's derivative are checked against the closed forms

    de/dc = b + 1, de/dd = a + b, dc/da = dc/db = dd/db = 1, de/da = b + 1, de/db = a + 2b + 1.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from test_viz_svg import SVG, all_texts, edge_triples, nodes_by_id, parse_svg, shapes

import autograd as ag
import nn
from autograd import Value
from viz import RenderError, draw_graph
from viz.render import ENV_VAR
from viz.svgtext import ADJOINT_COLOUR, TANGENT_COLOUR

HAS_DOT = shutil.which("dot") is not None
POINTS = [(2.0, 1.0), (0.5, 3.0), (-1.5, 0.25)]


def g(x: float) -> str:
    """The reference format: 4 significant digits."""
    return f"{x:.4g}"


def colah(a0: float, b0: float, *, labels: bool = True) -> tuple[Value, ...]:
    a, b = Value(a0, label="a"), Value(b0, label="b")
    c = a + b
    d = b + 1
    e = c * d
    if labels:
        c.label, d.label, e.label = "c", "d", "e"
    return a, b, c, d, e


@pytest.fixture(autouse=True)
def _default_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


@pytest.fixture
def no_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Hide the system `dot`: the in-process wasm Graphviz must do the rendering."""
    monkeypatch.setenv("PATH", str(tmp_path))
    assert shutil.which("dot") is None


def expected_edges(a: float, b: float) -> set[tuple[str, str, str]]:
    """(tail, head, label) for the labelled graph, from the closed forms."""
    return {
        ("a", "c = a+b", "∂c/∂a = 1"),
        ("b", "c = a+b", "∂c/∂b = 1"),
        ("b", "d = b+1", "∂d/∂b = 1"),  # d = b + 1 is one node "+1": no node, no edge for the 1
        ("c = a+b", "e = c·d", f"∂e/∂c = d = {g(b + 1)}"),
        ("d = b+1", "e = c·d", f"∂e/∂d = c = {g(a + b)}"),
    }


def node_texts(svg: str) -> dict[str, list[str]]:
    """{first line: all lines} for the graph's nodes (the legend left out)."""
    return {n.first: n.texts for n in nodes_by_id(svg).values() if not n.title.startswith("legend")}


def legend_texts(svg: str) -> list[str]:
    return [t for n in nodes_by_id(svg).values() if n.title.startswith("legend") for t in n.texts]


@pytest.mark.parametrize("a, b", POINTS)
def test_reverse_mode_nodes_and_edges(a: float, b: float) -> None:
    svg = draw_graph(colah(a, b)[-1]).svg()
    assert set(edge_triples(svg)) == expected_edges(a, b)
    nodes = node_texts(svg)
    assert nodes["a"] == ["a", f"data = {g(a)}", f"∂e/∂a = {g(b + 1)}"]
    assert nodes["b"] == ["b", f"data = {g(b)}", f"∂e/∂b = {g(a + 2 * b + 1)}"]
    assert nodes["c = a+b"] == ["c = a+b", f"data = {g(a + b)}", f"∂e/∂c = {g(b + 1)}"]
    assert nodes["d = b+1"] == ["d = b+1", f"data = {g(b + 1)}", f"∂e/∂d = {g(a + b)}"]
    assert nodes["e = c·d"] == ["e = c·d", f"data = {g((a + b) * (b + 1))}", "∂e/∂e = 1"]


@pytest.mark.parametrize("a, b", POINTS)
def test_forward_mode_shows_tangents(a: float, b: float) -> None:
    a_, b_, *_, e = colah(a, b)
    nodes = node_texts(draw_graph(e, mode="forward", wrt=b_).svg())
    assert nodes["a"][-1] == "∂a/∂b = 0" and nodes["b"][-1] == "∂b/∂b = 1"
    assert nodes["c = a+b"][-1] == "∂c/∂b = 1" and nodes["d = b+1"][-1] == "∂d/∂b = 1"
    assert nodes["e = c·d"][-1] == f"∂e/∂b = {g(a + 2 * b + 1)}"
    wrt_a = node_texts(draw_graph(e, mode="forward", wrt=a_).svg())
    assert wrt_a["d = b+1"][-1] == "∂d/∂a = 0" and wrt_a["e = c·d"][-1] == f"∂e/∂a = {g(b + 1)}"


def test_both_modes_show_adjoint_then_tangent() -> None:
    a, b, c, d, e = colah(2.0, 1.0)
    svg = draw_graph(e, mode="both", wrt=b).svg()
    nodes = node_texts(svg)
    # ← marks the adjoint ∂e/∂node, → the tangent ∂node/∂b, each line in its own colour
    assert nodes["c = a+b"] == ["c = a+b", "data = 3", "← ∂e/∂c = 2", "→ ∂c/∂b = 1"]
    assert nodes["b"] == ["b", "data = 1", "← ∂e/∂b = 5", "→ ∂b/∂b = 1"]
    assert nodes["e = c·d"][-2:] == ["← ∂e/∂e = 1", "→ ∂e/∂b = 5"]
    assert set(edge_triples(svg)) == expected_edges(2.0, 1.0)
    notes = all_texts(svg)
    assert "← ∂e/∂node: adjoint (reverse mode), from e back" in notes
    assert "→ ∂node/∂b: tangent (forward mode), from b on" in notes
    fills = {t.text: t.get("fill") for t in parse_svg(svg).iter(f"{SVG}text")}
    assert fills["← ∂e/∂c = 2"] == fills["← ∂e/∂node: adjoint (reverse mode), from e back"] == ADJOINT_COLOUR
    assert fills["→ ∂c/∂b = 1"] == fills["→ ∂node/∂b: tangent (forward mode), from b on"] == TANGENT_COLOUR
    assert ADJOINT_COLOUR != TANGENT_COLOUR and fills["data = 3"] in (None, "black", "#000000")


def test_unlabelled_nodes_are_named_by_small_expressions() -> None:
    # The example: c labelled, d = b + 1 unlabelled, so ∂e/∂c reads "b+1".
    a, b, c, d, e = colah(2.0, 1.0, labels=False)
    c.label, e.label = "c", "e"
    triples = set(edge_triples(draw_graph(e).svg()))
    assert ("c = a+b", "e = c·(b+1)", "∂e/∂c = b+1 = 2") in triples
    assert ("b+1", "e = c·(b+1)", "∂e/∂(b+1) = c = 3") in triples
    # Nothing labelled but a, b: the output is "y", the rest their expressions.
    triples = set(edge_triples(draw_graph(colah(2.0, 1.0, labels=False)[-1]).svg()))
    assert ("a+b", "y = (a+b)·(b+1)", "∂y/∂(a+b) = b+1 = 2") in triples
    assert ("b+1", "y = (a+b)·(b+1)", "∂y/∂(b+1) = a+b = 3") in triples


def test_large_expressions_get_generated_names() -> None:
    x = Value(0.5, label="x")
    z = ((x * x).sin() + 1.0).exp() * 3.0  # exp(sin(x·x)+1) is over 12 characters
    triples = set(edge_triples(draw_graph(z).svg()))
    # d sin(u)/du = cos(u) at u = 0.25, d(v1·3)/dv1 = 3
    assert ("x·x", "sin(x·x)", f"∂sin(x·x)/∂(x·x) = cos(x·x) = {g(0.9689124217106447)}") in triples
    assert ("v1 = exp(sin(x·x)+1)", "y = 3v1", "∂y/∂v1 = 3") in triples


def test_an_edge_used_twice_is_drawn_twice() -> None:
    a = Value(3.0, label="a")
    y = a * a
    y.label = "y"
    svg = draw_graph(y).svg()
    assert sorted(edge_triples(svg)) == [("a", "y = a·a", "∂y/∂a = a = 3")] * 2
    assert node_texts(svg)["a"][-1] == "∂y/∂a = 6"  # the two edges summed: 2a
    s = a + a
    assert [t[2] for t in edge_triples(draw_graph(s).svg())] == ["∂y/∂a = 1"] * 2


@pytest.mark.parametrize("which", [0, 1])
def test_highlight_path_bold_with_product(which: int) -> None:
    a, b, c, d, e = colah(2.0, 1.0)
    path = list(ag.paths(e, b))[which]
    svg = draw_graph(e, highlight=path).svg()
    nodes = nodes_by_id(svg)
    hot = {(nodes[x.title.split("->")[0]].first, nodes[x.title.split("->")[1]].first)
           for x in shapes(svg, "edge") if "#dc2626" in x.strokes and max(x.widths) >= 3}
    middle = "c = a+b" if path.edges[0].target is c else "d = b+1"
    assert hot == {("b", middle), (middle, "e = c·d")}
    caption = [t for t in all_texts(svg) if t.startswith("path ")]
    factor = 2 if middle == "c = a+b" else 3  # de/dc = b+1, de/dd = a+b
    assert caption == [f"path b → {middle[0]} → e: ∂e/∂{middle[0]} · ∂{middle[0]}/∂b = "
                       f"{factor} · 1 = {factor}"]


def test_path_products_shown_add_up_to_the_gradient() -> None:
    a, b, c, d, e = colah(0.5, 3.0)
    total = 0.0
    for path in ag.paths(e, b):
        (caption,) = [t for t in all_texts(draw_graph(e, highlight=path).svg()) if t.startswith("path")]
        total += float(caption.rsplit("= ", 1)[1])
    assert total == pytest.approx(0.5 + 2 * 3.0 + 1)


def test_kinds_differ_in_shape_and_colour_and_have_a_legend() -> None:
    w, x = Value(0.5, label="w"), Value(2.0, label="x")
    y = ag.sum([w * x, 1.0])  # a number given to an n-ary operation is a constant node
    y.label = "y"
    svg = draw_graph(y, params=[w]).svg()
    nodes = {n.first: n for n in nodes_by_id(svg).values()}
    fills = {name: nodes[name].fills[0] for name in ("w", "x", "1", "w·x", "y = sum(w·x, 1)")}
    assert fills == {"w": "#fde68a", "x": "#dbeafe", "1": "#f3f4f6", "w·x": "#ffffff",
                     "y = sum(w·x, 1)": "#bbf7d0"}
    assert nodes["x"].tags[0] == "ellipse" and nodes["w"].tags[0] == "polygon"
    assert nodes["1"].texts == ["1"]  # its number: no "data =" line, no derivative w.r.t. a number
    assert nodes["1"].element is not None and any(
        el.get("stroke-dasharray") for el in nodes["1"].element)
    assert len(nodes["y = sum(w·x, 1)"].tags) >= 2  # a double border
    assert ("1", "y = sum(w·x, 1)", "") in set(edge_triples(svg))  # no ∂y/∂1 on its edge
    legend = legend_texts(svg)
    assert {"input (leaf)", "parameter", "constant", "operation", "output"} <= set(legend)


def test_digits_are_configurable() -> None:
    a, b = Value(1 / 3, label="a"), Value(2 / 3, label="b")
    y = a * b
    y.label = "y"
    four = edge_triples(draw_graph(y).svg())
    two = edge_triples(draw_graph(y, digits=2).svg())
    assert ("a", "y = a·b", "∂y/∂a = b = 0.6667") in four
    assert ("a", "y = a·b", "∂y/∂a = b = 0.67") in two


def test_wasm_path_with_dot_hidden(no_dot: None) -> None:
    a, b, c, d, e = colah(2.0, 1.0)
    picture = draw_graph(e, mode="both", wrt=b)
    svg = picture.svg()
    assert "graphviz version" in svg and set(edge_triples(svg)) == expected_edges(2.0, 1.0)
    assert node_texts(svg)["e = c·d"][-2:] == ["← ∂e/∂e = 1", "→ ∂e/∂b = 5"]
    parse_svg(picture._repr_svg_())  # what Jupyter shows, without the system binary


@pytest.mark.skipif(not HAS_DOT, reason="system Graphviz `dot` not on PATH")
def test_system_dot_and_wasm_draw_the_same_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    e = colah(2.0, 1.0)[-1]
    with_dot = draw_graph(e).svg()
    monkeypatch.setenv(ENV_VAR, "wasm")
    with_wasm = draw_graph(e).svg()
    assert with_dot != with_wasm  # two different Graphviz builds ...
    assert sorted(all_texts(with_dot)) == sorted(all_texts(with_wasm))  # ... the same words


def test_save_svg_and_source(tmp_path: Path) -> None:
    picture = draw_graph(colah(2.0, 1.0)[-1])
    svg_path = picture.save(tmp_path / "sub" / "e.svg")
    assert set(edge_triples(svg_path.read_text("utf-8"))) == expected_edges(2.0, 1.0)
    assert picture.save(tmp_path / "e.dot").read_text("utf-8") == picture.source
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files left
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(svg_path.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600
    with pytest.raises(ValueError, match=r"'\.jpeg'.*\.svg"):
        picture.save(tmp_path / "e.jpeg")


@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_binary_formats_without_dot_say_what_to_install(no_dot: None, tmp_path: Path,
                                                         suffix: str) -> None:
    with pytest.raises(RenderError, match="apt-get install graphviz"):
        draw_graph(colah(2.0, 1.0)[-1]).save(tmp_path / f"e{suffix}")
    assert not (tmp_path / f"e{suffix}").exists()


@pytest.mark.skipif(not HAS_DOT, reason="system Graphviz `dot` not on PATH")
def test_binary_formats_with_dot(tmp_path: Path) -> None:
    picture = draw_graph(colah(2.0, 1.0)[-1])
    assert picture.save(tmp_path / "e.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert picture.save(tmp_path / "e.pdf").read_bytes().startswith(b"%PDF-")


def test_errors_name_the_operation_and_the_value() -> None:
    a, b, c, d, e = colah(2.0, 1.0)
    with pytest.raises(ValueError, match="draw_graph: mode.*'sideways'"):
        draw_graph(e, mode="sideways")
    with pytest.raises(ValueError, match="draw_graph: mode='forward' needs wrt"):
        draw_graph(e, mode="forward")
    stranger = Value(7.0, label="z")
    with pytest.raises(ValueError, match="draw_graph: wrt=Value\\(data=7.0.*not in the graph"):
        draw_graph(e, mode="forward", wrt=stranger)
    with pytest.raises(ValueError, match="rankdir.*'UP'"):
        draw_graph(e, rankdir="UP")
    with pytest.raises(TypeError, match="draw_graph: expected a Value.*float"):
        draw_graph(3.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="highlight must be a Path"):
        draw_graph(e, highlight="a->c")  # type: ignore[arg-type]
    other = colah(2.0, 1.0)[-1]
    with pytest.raises(ValueError, match="highlight path edge"):
        draw_graph(e, highlight=next(iter(ag.paths(other, other.inputs[0].inputs[0]))))


# ----------------------------------------------------------------------------- large graphs


def test_past_max_nodes_suggests_collapse() -> None:
    a, b, c, d, e = colah(2.0, 1.0)
    with pytest.raises(ValueError, match=r"has 5 nodes to draw, more than max_nodes=4; "
                                         r"pass collapse=True"):
        draw_graph(e, max_nodes=4)
    draw_graph(e, max_nodes=5)  # a, b, c, d, e: exactly at the limit is fine


def test_collapse_draws_each_neuron_as_one_box_with_its_jacobian_row() -> None:
    model = nn.MLP(2, [3, 1], activation="tanh", seed=3)
    x1, x2 = Value(0.5, label="x1"), Value(-1.0, label="x2")
    y = model([x1, x2])
    svg = draw_graph(y, collapse=True).svg()
    boxes = {n.first: n for n in nodes_by_id(svg).values() if n.first.startswith("neuron")}
    assert set(boxes) == {"neuron a[1][1]", "neuron a[1][2]", "neuron a[1][3]", "neuron ŷ"}
    assert boxes["neuron a[1][1]"].texts[1] == "dot+b → tanh (5 nodes)"  # w1, w2, b, z, a
    # the output box shows ŷ's value and ∂ŷ/∂ŷ, then ∂ŷ/∂a[1][k] = w[2][1,k] (a linear output)
    out_w = model.layers[1].neurons[0].w
    assert boxes["neuron ŷ"].texts[2:] == [
        f"data = {g(y.data)}", "∂ŷ/∂ŷ = 1", "∂ŷ/∂(a[1][1] … a[1][3])",
        "= (" + ", ".join(g(w.data) for w in out_w) + ")"]
    # a hidden neuron: ∂a/∂x_k = (1 - tanh²(z))·w[1][j,k], the closed form
    for j, neuron in enumerate(model.layers[0].neurons, start=1):
        z = sum(w.data * x for w, x in zip(neuron.w, (0.5, -1.0))) + neuron.b.data
        slope = 1.0 - math.tanh(z) ** 2
        assert boxes[f"neuron a[1][{j}]"].texts[-2:] == [
            f"∂a[1][{j}]/∂(x1, x2)", f"= ({g(slope * neuron.w[0].data)}, {g(slope * neuron.w[1].data)})"]
    triples = edge_triples(svg)
    assert len(triples) == 2 * 3 + 3
    assert all(label == "" for _, head, label in triples if head.startswith("neuron"))
    # neurons keep their order: a[1][1] above a[1][2] above a[1][3]
    tops = [min(float(v) for v in re.findall(r"-?\d+\.?\d*", " ".join(
        el.get("points", "") for el in boxes[f"neuron a[1][{j}]"].element.iter()))[1::2]) for j in (1, 2, 3)]
    assert tops == sorted(tops)


def test_collapse_a_user_scope_by_name() -> None:
    x = Value(1.5, label="x")
    with ag.scope("square"):
        s = x * x
    with ag.scope("shift"):
        t = s + 2.0
    t.label = "t"
    svg = draw_graph(t, collapse="square").svg()
    firsts = {n.first for n in nodes_by_id(svg).values()}
    assert "square" in firsts and "t = v1+2" not in firsts  # only "square" collapsed
    assert any(f.startswith("t = ") for f in firsts)


def test_an_mlp_of_200_neurons_renders_collapsed() -> None:
    model = nn.MLP(2, [20] * 9 + [19, 1], activation="tanh", seed=0)
    y = model([Value(0.5, label="x1"), Value(-1.0, label="x2")])
    with pytest.raises(ValueError, match="pass collapse=True"):
        draw_graph(y, collapse=False)
    svg = draw_graph(y, collapse=True, params=model).svg()
    boxes = [n for n in nodes_by_id(svg).values() if n.first.startswith("neuron")]
    assert len(boxes) == 200
    assert len(shapes(svg, "edge")) == 2 * 20 + 8 * 20 * 20 + 20 * 19 + 19


def test_auto_collapse_past_a_configurable_node_count() -> None:
    model = nn.MLP(2, [4, 4, 1], seed=0)
    y = model([2.0, -1.0])  # 2 inputs, 37 parameters, 9 neurons of 2 nodes (ŷ: 1): 56 nodes
    assert len(ag.topological_order(y)) == 2 + 37 + 17

    def boxes(svg: str) -> list[Any]:
        return [n for n in nodes_by_id(svg).values() if n.first.startswith("neuron")]

    assert boxes(draw_graph(y).svg()) == []  # 56 <= 80: every node drawn
    assert len(boxes(draw_graph(y, auto_collapse=50).svg())) == 9
    big = nn.MLP(2, [16, 16, 1], seed=0)([2.0, -1.0])
    svg = draw_graph(big).svg()
    assert len(boxes(svg)) == 33 and len(nodes_by_id(svg)) < 45
    with pytest.raises(ValueError, match="auto_collapse must be an int >= 1, got 0"):
        draw_graph(y, auto_collapse=0)


@pytest.mark.parametrize("backend", ["wasm", "dot"])
def test_labels_with_dot_and_xml_special_characters_print_verbatim(
        backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if backend == "dot" and not HAS_DOT:
        pytest.skip("system Graphviz `dot` not on PATH")
    monkeypatch.setenv(ENV_VAR, backend)
    x, w = Value(2.0, label='<x> "in"'), Value(3.0, label="w\\n")
    y = x * w
    y.label = "y&z"
    svg = draw_graph(y).svg()
    assert set(edge_triples(svg)) == {
        ('<x> "in"', 'y&z = (<x> "in")·(w\\n)', '∂(y&z)/∂(<x> "in") = w\\n = 3'),
        ("w\\n", 'y&z = (<x> "in")·(w\\n)', '∂(y&z)/∂(w\\n) = <x> "in" = 2')}
