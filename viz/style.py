"""How each kind of node and edge looks, and the legend that says so.

Kinds: an ``input`` (a leaf the user made), a ``parameter`` (a leaf being learned), a
``constant`` (a number given to an n-ary operation, the 2 of ``dot([a, 2.0], [b, c])``; the 1
of b + 1 is no node, it is part of the operation "+1"), an ``operation``, the ``output``, and
a ``scope`` (a collapsed neuron or user scope). Shape and colour both differ,
so the picture reads in grey scale too.
"""

from __future__ import annotations

from collections.abc import Iterable

import graphviz

from viz.svgtext import FONT

KINDS = ("input", "parameter", "constant", "operation", "output", "scope", "current", "final")

NODE_STYLE: dict[str, dict[str, str]] = {
    "input": {"shape": "ellipse", "style": "filled", "fillcolor": "#dbeafe", "color": "#1d4ed8"},
    "parameter": {"shape": "box", "style": "filled", "fillcolor": "#fde68a", "color": "#b45309"},
    "constant": {"shape": "box", "style": "filled,dashed", "fillcolor": "#f3f4f6",
                 "color": "#6b7280", "fontcolor": "#374151"},
    "operation": {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff",
                  "color": "#111827"},
    "output": {"shape": "box", "style": "rounded,filled,bold", "fillcolor": "#bbf7d0",
               "color": "#15803d", "peripheries": "2"},
    "scope": {"shape": "box3d", "style": "filled", "fillcolor": "#ede9fe", "color": "#6d28d9"},
}
HIGHLIGHT = {"color": "#dc2626", "penwidth": "3", "fontcolor": "#b91c1c"}
DONE = {"fillcolor": "#e0f2fe"}  # frames: nodes whose number is final
# the frames' shadings, in the legend too
NODE_STYLE["current"] = {**NODE_STYLE["operation"], **HIGHLIGHT}
NODE_STYLE["final"] = {**NODE_STYLE["operation"], **DONE}

LEGEND_TEXT = {
    "input": "input (leaf)",
    "parameter": "parameter",
    "constant": "constant",
    "operation": "operation",
    "output": "output",
    "scope": "collapsed neuron/scope",
    "current": "this step",
    "final": "number final",
}
GRAPH_ATTR = {"fontname": FONT, "fontsize": "11", "nodesep": "0.3", "ranksep": "0.5"}
NODE_ATTR = {"fontname": FONT, "fontsize": "11", "margin": "0.08,0.04"}
EDGE_ATTR = {"fontname": FONT, "fontsize": "10", "color": "#4b5563", "arrowsize": "0.7"}


def label(lines: Iterable[str], end: str = "\\n") -> str:
    """Lines of plain text as one DOT label, each line ended by ``end`` ("\\n" centred, "\\l"
    left), except a centred label's last; backslashes and <...> lose their DOT meaning."""
    text = end.join(line.replace("\\", "\\\\") for line in lines)
    return graphviz.nohtml(text + end if end != "\\n" else text)


def add_legend(graph: graphviz.Digraph, kinds: Iterable[str], after: str,
               columns: int | None = None) -> None:
    """A compact boxed legend: a small sample node per kind present, in rows of ``columns``
    (the picture's ranks, so that it is no wider than the graph) chained by invisible edges.
    Plain nodes, not an HTML table: the WebAssembly Graphviz has no HTML-like labels.
    ``after`` is the output's shape, kept for callers; the legend does not hang off it."""
    present = [kind for kind in KINDS if kind in set(kinds)]
    cols = max(2, columns or len(present))
    with graph.subgraph(name="cluster_legend") as box:
        box.attr(label="legend", style="rounded", color="#9ca3af", fontcolor="#374151",
                 fontsize="10", margin="6")
        for kind in present:
            box.node(f"legend_{kind}", LEGEND_TEXT[kind], fontsize="9", height="0.25",
                     margin="0.05,0.02", **NODE_STYLE[kind])
        for i in range(1, len(present)):
            if i % cols:  # the next in its row, one rank on
                box.edge(f"legend_{present[i - 1]}", f"legend_{present[i]}", style="invis")
        for c in range(min(cols, len(present))):  # a column shares a rank
            with box.subgraph(name=f"legend_column{c}") as column:
                column.attr(rank="same")
                for kind in present[c::cols]:
                    column.node(f"legend_{kind}")
