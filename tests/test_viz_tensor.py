"""draw_graph on Tensor graphs: shapes and dtypes in nodes, small arrays printed, the
vector-Jacobian rule on every edge in the graph's names, adjoints and tangents checked
against numpy closed forms for y = sum(tanh(x W)): ∂y/∂W = xᵀ (1 - tanh²(x W)),
and the tangent along W = ones, sum((1 - tanh²(x W)) * (x · ones))."""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pytest
from test_viz_svg import edge_triples, nodes_by_id

from autograd import Tensor
from viz import backprop_frames, draw_graph, forward_frames
from viz.tensor_graph import array_text, edge_rules, shape_text

X = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]])
W0 = np.array([[0.2, -0.1], [0.4, 0.3], [-0.6, 0.05]])


def graph(dtype: type = np.float64) -> tuple[Tensor, Tensor, Tensor]:
    x = Tensor(X, label="x", dtype=dtype)
    w = Tensor(W0, requires_grad=True, label="W", dtype=dtype)
    y = (x @ w).tanh().sum()
    y.label = "y"
    return x, w, y


def nodes(svg: str) -> dict[str, list[str]]:
    return {n.first: n.texts for n in nodes_by_id(svg).values() if not n.title.startswith("legend")}


def test_reverse_mode_shapes_values_rules_and_adjoints() -> None:
    x, w, y = graph()
    svg = draw_graph(y).svg()
    found = nodes(svg)
    assert found["x"][1:3] == ["2×3 float64", f"data = {array_text(X)}"]
    assert found["W"][1] == "3×2 float64"
    slope = 1.0 - np.tanh(X @ W0) ** 2
    assert found["W"][-1] == f"∂y/∂W = {array_text(X.T @ slope)}"
    assert found["x@W"][-1] == f"∂y/∂(x@W) = {array_text(slope)}"
    total = array_text(np.tanh(X @ W0).sum())
    assert found["y = sum(tanh(x@W))"][1:] == ["scalar float64", f"data = {total}", "∂y/∂y = 1"]
    triples = set(edge_triples(svg))
    # the tensor-only entry's vector-Jacobian products, as the table prints them
    assert ("x", "x@W", "G·Wᵀ") in triples and ("W", "x@W", "xᵀ·G") in triples
    assert ("x@W", "tanh(x@W)", "1-tanh²(x@W)") in triples


def test_forward_and_both_modes() -> None:
    x, w, y = graph()
    slope = 1.0 - np.tanh(X @ W0) ** 2
    tangent_y = float((slope * (X @ np.ones_like(W0))).sum())
    found = nodes(draw_graph(y, mode="forward", wrt=w).svg())
    assert found["y = sum(tanh(x@W))"][-1] == f"∂y/∂W·1 = {array_text(tangent_y)}"
    assert found["x"][-1] == "∂x/∂W·1 = [[0, 0, 0], [0, 0, 0]]"  # x does not depend on W
    both = nodes(draw_graph(y, mode="both", wrt=w).svg())
    assert both["W"][-2:] == [f"← ∂y/∂W = {array_text(X.T @ slope)}",
                              f"→ ∂W/∂W·1 = {array_text(np.ones_like(W0))}"]


def test_dtype_and_large_arrays() -> None:
    x, w, y = graph(np.float32)
    assert nodes(draw_graph(y).svg())["W"][1] == "3×2 float32"
    assert array_text(np.arange(12.0).reshape(4, 3)) == "4×3 in [0, 11]"
    assert array_text(np.array([[1.0, 2.0], [3.0, 4.0]])) == "[[1, 2], [3, 4]]"
    assert shape_text(()) == "scalar" and shape_text((4, 3)) == "4×3"


def test_rules_come_from_symbols_when_the_table_prints_them() -> None:
    class Prim:  # the interface of the one table (issue 10): symbols(names, out) per input
        name, math = "matmul", "C = A B;  gA = G B^T, gB = A^T G"

        @staticmethod
        def symbols(names: list[str], out: str) -> tuple[str, ...]:
            return (f"G {names[1]}^T", f"{names[0]}^T G")

    class Node:
        primitive, inputs = Prim(), (object(), object())

    assert edge_rules(Node(), ["x", "W"], "h") == ["G W^T", "x^T G"]


def test_highlight_is_refused_for_tensors() -> None:
    *_, y = graph()
    with pytest.raises(ValueError, match="highlight is for scalar"):
        draw_graph(y, highlight=object())  # type: ignore[arg-type]


def test_tensor_stepper_reverse_and_forward(tmp_path: Path) -> None:
    from test_viz_frames import positions
    x, w, y = graph()
    page = backprop_frames(y, tmp_path / "rev").read_text("utf-8")
    captions = [html.unescape(c)
                for c in re.findall(r'<figcaption class="caption">(.*?)</figcaption>', page, re.DOTALL)]
    assert captions[0] == "seed: ∂y/∂y = 1" and captions[-1] == "done: every number is final"
    # step 3 is the matmul: it passes G Wᵀ to x and xᵀ G to W
    slope = 1.0 - np.tanh(X @ W0) ** 2
    matmul = captions[3].split("\n")
    assert matmul[0].startswith("step 3: x@W passes its adjoint ∂y/∂(x@W) = ")
    assert f"∂y/∂W += xᵀ·G = {array_text(X.T @ slope)} → {array_text(X.T @ slope)}" in matmul
    svgs = [p.read_text("utf-8") for p in sorted((tmp_path / "rev").glob("step_*.svg"))]
    assert len(svgs) == len(captions) == 5 and all(positions(s) == positions(svgs[0]) for s in svgs)
    assert nodes(svgs[-1])["W"][-1] == f"∂y/∂W = {array_text(X.T @ slope)}"
    forward_frames(y, w, tmp_path / "fwd")
    last = sorted((tmp_path / "fwd").glob("step_*.svg"))[-1].read_text("utf-8")
    tangent_y = float((slope * (X @ np.ones_like(W0))).sum())
    assert nodes(last)["y = sum(tanh(x@W))"][-1] == f"∂y/∂W·1 = {array_text(tangent_y)}"
