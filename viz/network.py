"""``draw_network``: an MLP as the lectures draw it, layers as columns of neurons.

Inputs x1..xn, hidden neurons a[l][j] (layer l, neuron j, from 1, as in ``draw_graph``),
outputs ŷ; each edge is a weight w (``show="weights"``) or its gradient w.grad
(``show="grads"``): blue for > 0, red for < 0, grey for 0, width ∝ |value| (the largest edge
gets the widest line), the value printed on the edge when the net is small. Positions are
pinned (neato), so columns stay columns, and each printed value sits a third of the way along
its edge, where no two edges meet.
"""

from __future__ import annotations

from typing import Any

import graphviz

from viz.format import number
from viz.picture import Picture
from viz.style import label
from viz.svgtext import FONT

SHOWS = ("weights", "grads")
POSITIVE, NEGATIVE, ZERO = "#2563eb", "#dc2626", "#9ca3af"
COLUMN_GAP = 2.6  # inches (neato reads pos in inches)
ROW_GAP = {True: 1.4, False: 0.85}  # small net (bias and activation in the circle) or not
LABEL_AT = 0.35  # a weight's value sits this far along its edge from the tail: edges leaving
# one unit fan out there, and edges from different units cross only further on
MIN_WIDTH = 0.4
MAX_WIDTH = {True: 4.0, False: 2.2}  # small net or not
SMALL_NET = 20  # edges: print values on the edges up to this many


def _layers(mlp: Any) -> list[list[Any]]:
    """The neurons of each layer, checked against nn's API (``.layers``, ``.neurons``, ``.w``)."""
    layers = getattr(mlp, "layers", None)
    if layers is None:
        raise TypeError(f"draw_network: expected an MLP with .layers, got {type(mlp).__name__}")
    columns = [list(getattr(layer, "neurons", ())) for layer in layers]
    if not columns or not all(columns):
        raise ValueError(f"draw_network: {type(mlp).__name__} has an empty layer: "
                         f"sizes {[len(c) for c in columns]}")
    width = None
    for depth, column in enumerate(columns):
        for j, neuron in enumerate(column):
            w = getattr(neuron, "w", None)
            if w is None:
                raise TypeError(f"draw_network: layer {depth} neuron {j} is a "
                                f"{type(neuron).__name__} without one weight vector .w "
                                "(maxout units are not drawn); draw its graph with draw_graph")
            if width is None:
                width = len(w)
            if len(w) != width:
                raise ValueError(f"draw_network: layer {depth} neuron {j} has {len(w)} weights, "
                                 f"expected {width}")
        width = len(column)
    return columns


def _activation(layer: Any, neuron: Any) -> str:
    """The unit's activation: the layer's (softmax acts on the whole layer), else the neuron's."""
    return str(getattr(layer, "activation", None) or getattr(neuron, "activation", "") or "")


def neuron_names(sizes: list[int]) -> list[list[str]]:
    """["x1", "x2"], ["a[1][1]", "a[1][2]"], ["ŷ"]: every unit by layer, named as in the graph
    pictures (``viz.roles``: a[l][j] = neuron j of layer l, both from 1; ŷ the output)."""
    names = [[f"x{j + 1}" for j in range(sizes[0])]]
    for depth, size in enumerate(sizes[1:-1], start=1):
        names.append([f"a[{depth}][{j + 1}]" for j in range(size)])
    names.append(["ŷ"] if sizes[-1] == 1 else [f"ŷ{j + 1}" for j in range(sizes[-1])])
    return names


def _number(v: Any, show: str) -> float:
    return float(v.grad if show == "grads" else v.data)


def draw_network(mlp: Any, show: str = "weights", *, labels: bool | None = None,
                 digits: int = 3) -> Picture:
    """Draw ``mlp`` (nn.MLP: ``.layers``, each with ``.neurons`` having ``.w``, ``.b``,
    ``.activation``) with every weight (or its ``.grad``) as an edge: colour by sign, width by
    |value|; ``labels`` prints values on edges (default: when there are at most 20 edges)."""
    if show not in SHOWS:
        raise ValueError(f"draw_network: show must be one of {', '.join(SHOWS)}, got {show!r}")
    columns = _layers(mlp)
    sizes = [len(columns[0][0].w), *(len(c) for c in columns)]
    names = neuron_names(sizes)
    n_edges = sum(len(n.w) for column in columns for n in column)
    if labels is None:
        labels = n_edges <= SMALL_NET
    values = [_number(w, show) for column in columns for n in column for w in n.w]
    scale = max((abs(v) for v in values), default=0.0) or 1.0
    small = max(sizes) <= 8

    graph = graphviz.Digraph("network", engine="neato", graph_attr={
        "splines": "line", "outputorder": "edgesfirst", "fontname": FONT, "fontsize": "11",
        "forcelabels": "true", "labelloc": "b", "labeljust": "l"},
        node_attr={"fontname": FONT, "shape": "circle",
                   "fixedsize": "true", "width": "1.05" if small else "0.7", "style": "filled",
                   "fontsize": "10" if small else "8"},
        edge_attr={"fontname": FONT, "fontsize": "9", "arrowsize": "0.5",
                   "arrowhead": "normal" if small else "none"})
    alpha = "" if small else "b0"  # many edges: let the crossings show through

    def xy(depth: int, j: int) -> tuple[float, float]:
        return depth * COLUMN_GAP, ((sizes[depth] - 1) / 2.0 - j) * ROW_GAP[small]

    def pos(depth: int, j: int) -> str:
        x, y = xy(depth, j)
        return f"{x:.3f},{y:.3f}!"

    for j, name in enumerate(names[0]):
        graph.node(f"L0_{j}", name, pos=pos(0, j), fillcolor="#dbeafe", color="#1d4ed8")
    for depth, (layer, column) in enumerate(zip(mlp.layers, columns), start=1):
        is_output = depth == len(columns)
        for j, neuron in enumerate(column):
            activation = _activation(layer, neuron)
            lines = [names[depth][j], activation]
            if small and getattr(neuron, "b", None) is not None:
                bias = _number(neuron.b, show)
                lines.append(f"{'b' if show == 'weights' else 'b.grad'} = {number(bias, digits)}")
            graph.node(f"L{depth}_{j}", label(lines), pos=pos(depth, j),
                       fillcolor="#bbf7d0" if is_output else "#fef3c7",
                       color="#15803d" if is_output else "#b45309",
                       tooltip=f"{names[depth][j]} (scope layer{depth - 1}/neuron{j}): {activation}")
            for k, w in enumerate(neuron.w):
                v = _number(w, show)
                colour = POSITIVE if v > 0 else NEGATIVE if v < 0 else ZERO
                width = MIN_WIDTH + (MAX_WIDTH[small] - MIN_WIDTH) * abs(v) / scale
                attrs = {"color": colour + alpha, "penwidth": f"{width:.2f}",
                         "tooltip": f"{names[depth - 1][k]} → {names[depth][j]}: {number(v, 6)}"}
                graph.edge(f"L{depth - 1}_{k}", f"L{depth}_{j}", **attrs)
                if labels:
                    (x0, y0), (x1, y1) = xy(depth - 1, k), xy(depth, j)
                    x, y = x0 + LABEL_AT * (x1 - x0), y0 + LABEL_AT * (y1 - y0)
                    graph.node(f"w{depth}_{j}_{k}", number(v, digits), pos=f"{x:.3f},{y:.3f}!",
                               shape="plaintext", fixedsize="false", width="0", height="0",
                               margin="0.02", fontsize="9", fontcolor=colour, fillcolor="white",
                               tooltip=attrs["tooltip"])
    what = "weight w" if show == "weights" else "gradient ∂loss/∂w (w.grad)"
    graph.attr(label=label([f"{'-'.join(map(str, sizes))} network; each edge: {what}",
                            f"blue > 0, red < 0, width ∝ |value| (widest = {number(scale, digits)})"],
                           end="\\l"))
    return Picture(graph.source, engine="neato")
