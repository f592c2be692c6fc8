"""``draw_graph`` for the Tensor engine: each node shows its shape and dtype ("4×3 float64"),
its values when there are at most ``SMALL`` of them (else their range), and in reverse mode
the adjoint ∂y/∂node (an array of the node's shape; y summed if it is not a scalar), in forward
mode the tangent, the Jacobian-vector product with the input's tangent set to ones; each edge
shows its rule from the table, ``primitive.symbols(names, out)[i]``: an elementwise entry's
local derivative, a tensor-only entry's vector-Jacobian product ("G·Wᵀ"). The numbers come
from the engine's sweeps, ``autograd.reverse_sweep`` and ``forward_sweep``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import graphviz
import numpy as np

import autograd
from viz.format import DIGITS, math_text, number, operand, partial
from viz.names import Names
from viz.picture import Picture
from viz.style import (
    EDGE_ATTR,
    GRAPH_ATTR,
    HIGHLIGHT,
    NODE_ATTR,
    NODE_STYLE,
    add_legend,
    label,
)
from viz.svgtext import ADJOINT, TANGENT

EDGE_NOTE = "edge input → node: its vector-Jacobian rule (g = the adjoint arriving from the node)"
SMALL = 6  # values: up to this many are printed, more are summarised by their range


def array_text(a: Any, digits: int = DIGITS) -> str:
    """[[1, 2], [3, 4]] for a small array, "4×3 in [-1, 2]" for a large one, 2 for a scalar."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 0:
        return number(float(a), digits)
    if a.size <= SMALL:
        def nest(x: Any) -> str:
            return "[" + ", ".join(nest(v) if np.ndim(v) else number(float(v), digits) for v in x) + "]"
        return nest(a)
    return f"{shape_text(a.shape)} in [{number(a.min(), digits)}, {number(a.max(), digits)}]"


def shape_text(shape: tuple[int, ...]) -> str:
    """(4, 3) -> "4×3"; () -> "scalar"."""
    return "×".join(map(str, shape)) or "scalar"


def edge_rules(node: Any, names: list[str], out: str) -> list[str]:
    """One printable rule per input of ``node``: the table's symbols (every entry has them)."""
    return [math_text(s) for s in node.primitive.symbols(names, out)]


def adjoints(y: Any, order: list[Any]) -> dict[Any, Any]:
    """d(sum of y)/d(node) for every node: the engine's reverse sweep seeded with ones."""
    return dict(autograd.reverse_sweep(y, seed=np.ones_like(y.data)))


def tangents(y: Any, wrt: Any, order: list[Any]) -> dict[Any, Any]:
    """d(node)/d(wrt) . ones for every node: the engine's forward sweep."""
    return dict(autograd.forward_sweep(y, wrt=wrt, seed=np.ones_like(wrt.data)))


def tensor_dot(y: Any, order: list[Any], names: Names, extra: Callable[[Any], list[str]],
               notes: list[str], *, rankdir: str = "LR", legend: bool = True,
               highlight_nodes: Iterable[Any] = (), highlight_edges: Iterable[tuple[Any, Any]] = (),
               node_attrs: Callable[[Any], dict[str, str]] | None = None,
               sizes: dict[str, dict[str, str]] | None = None, legend_kinds: Iterable[str] = ()) -> str:
    """DOT for a Tensor graph: each node its name, shape, dtype, values and ``extra(node)``
    lines; each edge its rule; ``highlight_*`` in red (edges as (input, node) pairs)."""
    ids = {node: f"n{i}" for i, node in enumerate(order)}
    hot, hot_edges, fixed = set(highlight_nodes), set(highlight_edges), sizes or {}
    graph = graphviz.Digraph("edgegrad", graph_attr={**GRAPH_ATTR, "rankdir": rankdir},
                             node_attr=NODE_ATTR, edge_attr=EDGE_ATTR)
    kinds = set()
    for node in order:
        kind = "output" if node is y else "operation" if node.inputs else \
            "parameter" if getattr(node, "requires_grad", False) else "input"
        kinds.add(kind)
        lines = [names.headline(node), f"{shape_text(node.data.shape)} {node.data.dtype}",
                 f"data = {array_text(node.data, names.digits)}", *extra(node)]
        attrs = {**NODE_STYLE[kind], **(node_attrs(node) if node_attrs else {}), **fixed.get(ids[node], {})}
        if node in hot:
            attrs.update(HIGHLIGHT)
        graph.node(ids[node], label(lines), **attrs)
    for node in order:
        if not node.inputs:
            continue
        rules = edge_rules(node, [names[c] for c in node.inputs], names[node])
        for child, rule in zip(node.inputs, rules):
            attrs = {"decorate": "true"} if len(node.inputs) > 2 else {}
            if (child, node) in hot_edges:
                attrs.update(HIGHLIGHT)
            graph.edge(ids[child], ids[node], label=label([rule]), **attrs)
    if legend:
        add_legend(graph, [*kinds, *legend_kinds], after=ids[y])
        graph.attr(label=label(notes, end="\\l"), labelloc="b", labeljust="l")
    return graph.source


def draw_tensor_graph(y: Any, mode: str = "reverse", wrt: Any = None, rankdir: str = "LR",
                      digits: int = DIGITS, legend: bool = True) -> Picture:
    """Draw a Tensor graph (see the module docstring); ``wrt`` is a Tensor for forward modes."""
    order = autograd.topological_order(y)
    if wrt is not None and wrt not in set(order):
        raise ValueError(f"draw_graph: wrt={wrt!r} is not in the graph of the output")
    names = Names(order, y, digits)
    adjoint = adjoints(y, order) if mode in ("reverse", "both") else {}
    tangent = tangents(y, wrt, order) if mode in ("forward", "both") else {}
    marks = (ADJOINT, TANGENT) if mode == "both" else ("", "")

    def extra(node: Any) -> list[str]:
        lines = []
        if adjoint:
            g = adjoint.get(node)
            lines.append(f"{marks[0]}{partial(names[y], names[node])} = "
                         f"{'0' if g is None else array_text(g, digits)}")
        if tangent:
            t = tangent.get(node)
            lines.append(f"{marks[1]}{partial(names[node], names[wrt])}·1 = "
                         f"{'0' if t is None else array_text(t, digits)}")
        return lines

    notes = [EDGE_NOTE]
    if mode in ("reverse", "both"):
        notes.append(f"{marks[0]}{partial(names[y], 'node')}: adjoint, an array of the node's shape")
    if mode in ("forward", "both"):
        notes.append(f"{marks[1]}{partial('node', names[wrt])}·1: tangent with ∂{names[wrt]} = ones")
    return Picture(tensor_dot(y, order, names, extra, notes, rankdir=rankdir, legend=legend))
