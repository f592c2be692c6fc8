"""Helpers that read Graphviz SVG with xml.etree (imported by the other test_viz_* files),
and tests that the helpers read what Graphviz writes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import graphviz

from viz.render import render

SVG = "{http://www.w3.org/2000/svg}"
DRAWN = {f"{SVG}{tag}" for tag in ("path", "polygon", "ellipse", "polyline")}


@dataclass
class Shape:
    """One node or edge group of a Graphviz SVG: its id (the <title>), texts and styles."""

    title: str
    texts: list[str]
    strokes: list[str] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    fills: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    element: ET.Element | None = None

    @property
    def first(self) -> str:
        return self.texts[0] if self.texts else ""


def parse_svg(svg: str | bytes) -> ET.Element:
    """The SVG's root element; fails the test if the SVG is not well-formed XML."""
    root = ET.fromstring(svg.encode("utf-8") if isinstance(svg, str) else svg)
    assert root.tag == f"{SVG}svg"
    return root


def shapes(svg: str | bytes, cls: str) -> list[Shape]:
    """Every <g class=cls> (cls "node" or "edge") of the SVG."""
    found = []
    for g in parse_svg(svg).iter(f"{SVG}g"):
        if g.get("class") != cls:
            continue
        title = g.find(f"{SVG}title")
        shape = Shape(title.text if title is not None and title.text else "",
                      [t.text or "" for t in g.iter(f"{SVG}text")], element=g)
        for child in g.iter():  # drawn shapes, also inside the <a> a tooltip adds
            if child.tag not in DRAWN:
                continue
            shape.tags.append(child.tag.removeprefix(SVG))
            if child.get("stroke") not in (None, "none", "transparent"):
                shape.strokes.append(child.get("stroke"))  # type: ignore[arg-type]
            shape.widths.append(float(child.get("stroke-width", "1")))
            if child.get("fill") not in (None, "none"):
                shape.fills.append(child.get("fill"))  # type: ignore[arg-type]
        found.append(shape)
    return found


def nodes_by_id(svg: str | bytes) -> dict[str, Shape]:
    return {shape.title: shape for shape in shapes(svg, "node")}


def edge_triples(svg: str | bytes) -> list[tuple[str, str, str]]:
    """(first text of the tail node, first text of the head node, edge label) per edge."""
    nodes = nodes_by_id(svg)
    triples = []
    for edge in shapes(svg, "edge"):
        tail, head = edge.title.split("->")
        triples.append((nodes[tail].first, nodes[head].first, " ".join(edge.texts)))
    return triples


def all_texts(svg: str | bytes) -> list[str]:
    return [t.text or "" for t in parse_svg(svg).iter(f"{SVG}text")]


# ----------------------------------------------------------------------------- the helpers


def test_helpers_read_nodes_edges_and_styles() -> None:
    g = graphviz.Digraph()
    g.node("p", "first\\nsecond", shape="box", style="filled", fillcolor="#123456")
    g.node("q", "other")
    g.edge("p", "q", label="∂q/∂p = 2", color="#dc2626", penwidth="3", tooltip="p to q")
    svg = render(g.source, force="wasm")
    nodes = nodes_by_id(svg)
    assert nodes["p"].texts == ["first", "second"] and nodes["p"].fills == ["#123456"]
    assert edge_triples(svg) == [("first", "other", "∂q/∂p = 2")]
    (edge,) = shapes(svg, "edge")
    assert "#dc2626" in edge.strokes and 3.0 in edge.widths
