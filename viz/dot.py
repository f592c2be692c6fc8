"""``draw_graph``: a computational graph with the local derivative on every edge.

Reverse mode shows in each node the adjoint ∂y/∂node (how the node moves the output); forward
mode the tangent ∂node/∂x (how the input x moves the node); "both" shows both. Each edge
input -> node shows d(node)/d(input) as a symbol and a number, from the primitive table, so a
path's product and the sum over paths can be read off the picture (the lectures' "sum over all
paths, multiplying the derivatives on each edge").
"""

from __future__ import annotations

from typing import Any

from autograd import Path, Tensor, Value, forward_sweep, reverse_sweep
from viz.collapse import AUTO_COLLAPSE, Collapse
from viz.format import DIGITS, number, partial
from viz.picture import Picture
from viz.scene import Scene
from viz.svgtext import ADJOINT, TANGENT
from viz.tensor_graph import draw_tensor_graph

MODES = ("reverse", "forward", "both")
EDGE_LABEL_LIMIT = 200  # past this many arrows, labels are off by default: dot lays each label
# out as a node of its own, and a 200-neuron MLP's 3,500 labelled edges take dot half a minute


def check_mode(mode: str, wrt: Any, caller: str) -> None:
    """``mode`` is a known one, and forward modes name the input they differentiate by."""
    if mode not in MODES:
        raise ValueError(f"{caller}: mode must be one of {', '.join(MODES)}, got {mode!r}")
    if mode != "reverse" and wrt is None:
        raise ValueError(f"{caller}: mode={mode!r} needs wrt=<the input Value x> for the tangents "
                         "∂node/∂x")
    if wrt is not None and not isinstance(wrt, (Value, Tensor)):
        raise TypeError(f"{caller}: wrt must be a Value, got {type(wrt).__name__} ({wrt!r})")


def mode_notes(scene: Scene, mode: str, wrt: Value | None) -> list[str]:
    """The legend's lines saying what the numbers mean."""
    y = scene.names[scene.y]
    notes = ["edge input → node: ∂node/∂input = symbol = value"]
    if mode == "both" and wrt is not None:
        return [*notes, f"{ADJOINT}{partial(y, 'node')}: adjoint (reverse mode), from {y} back",
                f"{TANGENT}{partial('node', scene.names[wrt])}: tangent (forward mode), from "
                f"{scene.names[wrt]} on"]
    if mode == "reverse":
        notes.append(f"reverse mode: {partial(y, 'node')} in each node (adjoint)")
    if mode == "forward" and wrt is not None:
        notes.append(f"forward mode: {partial('node', scene.names[wrt])} in each node (tangent)")
    return notes


def path_caption(scene: Scene, path: Path) -> str:
    """"path a → c → e: ∂e/∂c · ∂c/∂a = 2 · 1 = 2", the chain rule along one path."""
    names, digits = scene.names, scene.digits
    nodes = [path.edges[0].source, *(edge.target for edge in path.edges)]
    factors = list(reversed(path.edges))
    symbols = " · ".join(partial(names[e.target], names[e.source]) for e in factors)
    numbers = " · ".join(number(e.local_grad, digits) for e in factors)
    return f"path {' → '.join(names[n] for n in nodes)}: {symbols} = {numbers} = " \
           f"{number(path.product, digits)}"


def _check_path(scene: Scene, path: Any) -> Path:
    if not isinstance(path, Path) or not path.edges:
        raise TypeError(f"draw_graph: highlight must be a Path from autograd.paths(y, x), got {path!r}")
    for edge in path.edges:
        target = edge.target
        if (target not in scene.index or edge.index >= len(target.inputs)
                or target.inputs[edge.index] is not edge.source):
            raise ValueError(f"draw_graph: highlight path edge {edge.source!r} -> {target!r} "
                             "is not in the graph of the output")
    return path


def draw_graph(y: Value, mode: str = "reverse", wrt: Value | None = None, rankdir: str = "LR",
               max_nodes: int = 500, *, highlight: Path | None = None, collapse: Collapse = "auto",
               params: Any = None, digits: int = DIGITS, legend: bool = True,
               edge_labels: bool | None = None, auto_collapse: int = AUTO_COLLAPSE) -> Picture:
    """Draw y's graph: nodes with label, op and data plus ∂y/∂node (``mode="reverse"``),
    ∂node/∂wrt (``"forward"``) or both; edges with ∂node/∂input as symbol and number.

    ``highlight``: a path from ``autograd.paths(y, x)``, drawn bold with its product.
    ``collapse``: "auto" (default) draws each neuron as one box when the graph has more than
    ``auto_collapse`` (80) nodes; True always does; False never; a name or list of names
    collapses those scopes. ``params``: Values (or a module with ``.parameters()``) drawn as
    parameters. ``digits``: significant digits of every number. ``edge_labels``: None labels
    the edges when there are at most 200 arrows. A Tensor ``y`` is drawn by
    ``viz.tensor_graph`` (shapes in nodes, vector-Jacobian rules on edges). Past ``max_nodes`` drawn shapes, raises
    ValueError suggesting ``collapse=True``.
    """
    check_mode(mode, wrt, "draw_graph")
    if isinstance(y, Tensor):
        if highlight is not None:
            raise ValueError("draw_graph: highlight is for scalar (Value) graphs; got a Tensor graph")
        return draw_tensor_graph(y, mode=mode, wrt=wrt, rankdir=rankdir, digits=digits, legend=legend)
    scene = Scene(y, wrt=wrt, params=params, collapse=collapse, max_nodes=max_nodes,
                  auto_collapse=auto_collapse,
                  digits=digits, caller="draw_graph")
    names = scene.names
    adjoint = reverse_sweep(y) if mode in ("reverse", "both") else {}
    tangent = forward_sweep(y, wrt=wrt) if mode in ("forward", "both") else {}

    marks = (ADJOINT, TANGENT) if mode == "both" else ("", "")

    def extra(node: Value) -> list[str]:
        lines = []
        if adjoint:
            lines.append(f"{marks[0]}{partial(names[y], names[node])} = {number(adjoint[node], digits)}")
        if tangent:
            lines.append(f"{marks[1]}{partial(names[node], names[wrt])} = {number(tangent[node], digits)}")
        return lines

    caption: list[str] = []
    hot_nodes: list[Value] = []
    hot_edges: list[tuple[Any, Any, int]] = []
    if highlight is not None:
        path = _check_path(scene, highlight)
        caption.append(path_caption(scene, path))
        hot_nodes = [path.edges[0].source, *(e.target for e in path.edges)]
        hot_edges = [(e.source, e.target, e.index) for e in path.edges]
    if edge_labels is None:
        edge_labels = len(scene.edges) <= EDGE_LABEL_LIMIT
    source = scene.dot(extra, rankdir=rankdir, highlight_nodes=hot_nodes, highlight_edges=hot_edges,
                       caption=caption, legend=mode_notes(scene, mode, wrt) if legend else None,
                       edge_labels=edge_labels)
    return Picture(source)
