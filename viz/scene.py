"""``Scene``: what a drawing of y's graph holds whatever numbers it shows: the nodes, their
names and kinds, collapsed boxes, and the edges labelled with local derivatives.

Each edge input -> node carries d(node)/d(input), printed as "∂e/∂c = d = 2": the symbol from
the primitive table (``node.primitive.symbols``) and the number from ``node.local_grads``.
A drawing (``draw_graph``, a frame of ``backprop_frames``) adds per-node lines (the adjoint
∂y/∂node, the tangent ∂node/∂x) and highlights, then asks for DOT with :meth:`Scene.dot`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import graphviz

from autograd import Value, topological_order
from viz.boxes import box_lines
from viz.collapse import AUTO_COLLAPSE, Collapse, groups, resolve
from viz.format import DIGITS, equation, number, partial
from viz.names import Names
from viz.roles import model_parameters, neuron_of
from viz.style import (
    EDGE_ATTR,
    GRAPH_ATTR,
    HIGHLIGHT,
    NODE_ATTR,
    NODE_STYLE,
    add_legend,
    label,
)

RANKDIRS = ("LR", "RL", "TB", "BT")
EdgeKey = tuple[Any, Any, int]  # (source, target, input index): one edge, even in a + a


class DrawnEdge(NamedTuple):
    """One arrow: from ``tail`` to ``head`` (drawn ids), standing for the graph edges ``keys``."""

    tail: str
    head: str
    keys: tuple[EdgeKey, ...]
    label: str


def parameter_set(params: Any) -> set[Any]:
    """Values marked as parameters: None, an iterable of Values, or a module with .parameters()."""
    if params is None:
        return set()
    if hasattr(params, "parameters") and callable(params.parameters):
        params = params.parameters()
    found = set()
    for p in params:
        if not isinstance(p, Value):
            raise TypeError(f"params: expected Values, got {type(p).__name__} ({p!r})")
        found.add(p)
    return found


class Scene:
    """The nodes and edges of y's graph as they will be drawn (see the module docstring)."""

    def __init__(self, y: Value, *, wrt: Value | None = None, params: Any = None,
                 collapse: Collapse = False, max_nodes: int = 500, digits: int = DIGITS,
                 auto_collapse: int = AUTO_COLLAPSE,
                 caller: str = "draw_graph") -> None:
        if not isinstance(y, Value):
            raise TypeError(f"{caller}: expected a Value to draw, got {type(y).__name__} ({y!r})")
        self.y = y
        self.digits = digits
        self.caller = caller
        self.order: list[Value] = topological_order(y)
        self.index = {node: i for i, node in enumerate(self.order)}
        if wrt is not None and wrt not in self.index:
            raise ValueError(f"{caller}: wrt={wrt!r} is not in the graph of the output {y!r}")
        self.names = Names(self.order, y, digits)
        self.params = parameter_set(params) | model_parameters(self.order)
        self.collapse = collapse = resolve(self.order, collapse, auto_collapse)
        self.box = groups(self.order, collapse, keep=(y, wrt), params=self.params)
        self.box_ids = {name: f"g{i}" for i, name in enumerate(dict.fromkeys(self.box.values()))}
        count = len(self.box_ids) + sum(1 for node in self.order if node not in self.box)
        if count > max_nodes:
            raise ValueError(self._too_many(count, max_nodes, collapse))
        self.members: dict[str, list[Value]] = {name: [] for name in self.box_ids}
        for node, name in self.box.items():
            self.members[name].append(node)
        for nodes in self.members.values():
            nodes.sort(key=self.index.__getitem__)
        self._outputs = self._box_outputs()
        self.edges = self._edges()

    # ------------------------------------------------------------------ structure
    def _too_many(self, count: int, max_nodes: int, collapse: Collapse) -> str:
        what = f"{self.caller}: the graph of {self.names[self.y]} has {count} nodes to draw, " \
               f"more than max_nodes={max_nodes}"
        if collapse:
            return f"{what} even with collapse={collapse!r}; collapse coarser scopes " \
                   "(e.g. collapse=['layer1', 'layer2']) or raise max_nodes"
        return f"{what}; pass collapse=True to draw each neuron (each autograd.scope) as one box, " \
               "or raise max_nodes"

    def kind(self, node: Value) -> str:
        """"output", "constant", "parameter", "input" or "operation"."""
        if node is self.y:
            return "output"
        if node.inputs:
            return "operation"
        if self.names.is_number(node):
            return "constant"
        if node in self.params:
            return "parameter"
        return "input"

    def drawn_id(self, node: Value) -> str:
        """The id of the shape that shows ``node``: its own, or its collapsed box's."""
        name = self.box.get(node)
        return f"n{self.index[node]}" if name is None else self.box_ids[name]

    def edge_label(self, source: Value, target: Value, index: int) -> str:
        """"∂target/∂source = symbol = number" for input ``index`` of ``target``; "" from a
        constant (no derivative with respect to a bare number)."""
        names = self.names
        if names.is_number(source):
            return ""
        return equation(partial(names[target], names[source]), names.symbol(target, index),
                        target.local_grads[index], self.digits)

    def _edges(self) -> list[DrawnEdge]:
        merged: dict[tuple[str, str], list[EdgeKey]] = {}
        drawn: list[DrawnEdge] = []
        for target in self.order:
            head = self.drawn_id(target)
            for index, source in enumerate(target.inputs):
                tail = self.drawn_id(source)
                key = (source, target, index)
                if not self.box:  # every edge drawn, a + a twice
                    drawn.append(DrawnEdge(tail, head, (key,), self.edge_label(*key)))
                elif tail != head:  # edges inside a box are not drawn
                    merged.setdefault((tail, head), []).append(key)
        for (tail, head), keys in merged.items():
            drawn.append(DrawnEdge(tail, head, tuple(keys), self._merged_label(keys)))
        return drawn

    def _merged_label(self, keys: list[EdgeKey]) -> str:
        """An arrow of a collapsed view, in names drawn on the page: none into a box (the box
        lists ∂out/∂input, ``viz.boxes``); else the edge's own label, or how many it stands for."""
        if keys[0][1] in self.box:
            return ""
        return self.edge_label(*keys[0]) if len(keys) == 1 else f"{len(keys)} edges"

    def _box_outputs(self) -> dict[str, list[Value]]:
        outs: dict[str, dict[Value, None]] = {name: {} for name in self.members}
        if self.y in self.box:
            outs[self.box[self.y]][self.y] = None
        for node in self.order:
            for child in node.inputs:
                name = self.box.get(child)
                if name is not None and self.box.get(node) != name:
                    outs[name][child] = None
        return {name: list(nodes) for name, nodes in outs.items()}

    def outputs(self, name: str) -> list[Value]:
        """The nodes of box ``name`` used outside it (or the output y)."""
        return self._outputs[name]

    # ------------------------------------------------------------------ DOT
    def node_lines(self, node: Value, extra: Callable[[Value], list[str]]) -> list[str]:
        """The lines in a node's shape: "e = c*d", "data = 6", then ``extra(node)``."""
        head = self.names.headline(node)
        if self.names.is_number(node):
            return [head]
        return [head, f"data = {number(node.data, self.digits)}", *extra(node)]

    def ranks(self) -> int:
        """How many columns (ranks) the drawn graph takes: its longest path in shapes, plus 1."""
        level: dict[str, int] = {}
        for node in self.order:
            here = self.drawn_id(node)
            for child in node.inputs:
                there = self.drawn_id(child)
                if there != here:
                    level[here] = max(level.get(here, 0), level.get(there, 0) + 1)
        return max(level.values(), default=0) + 1

    def _keep_neuron_order(self, graph: graphviz.Digraph) -> None:
        """Neurons of a layer drawn in order, 1 at the top (LR): each layer's boxes, or its
        affine nodes, on one rank chained by invisible edges."""
        layers: dict[int, dict[str, None]] = {}
        for node in self.order:
            where = neuron_of(node.scope) if node.inputs else None
            if where is None or where[0] == 0 or (node not in self.box and node.op not in ("dot+b", "dot")):
                continue
            layers.setdefault(where[0], {})[self.drawn_id(node)] = None
        for depth, ids in layers.items():
            if len(ids) < 2:
                continue
            with graph.subgraph(name=f"layer{depth}") as rank:
                rank.attr(rank="same")
                chain = list(ids)
                for upper, lower in zip(chain, chain[1:]):
                    rank.edge(upper, lower, style="invis")

    def dot(self, extra: Callable[[Value], list[str]], *, rankdir: str = "LR",
            highlight_nodes: Iterable[Value] = (), highlight_edges: Iterable[EdgeKey] = (),
            node_attrs: Callable[[Value], dict[str, str]] | None = None,
            caption: Iterable[str] = (), legend: Iterable[str] | None = (),
            edge_labels: bool = True, caption_on_top: bool = False, title: str = "edgegrad",
            sizes: dict[str, dict[str, str]] | None = None, legend_kinds: Iterable[str] = ()) -> str:
        """DOT source: every node with :meth:`node_lines`, every edge with its derivative;
        ``highlight_*`` drawn bold red, ``node_attrs(node)`` merged into a node's style,
        ``caption`` lines under the picture after the ``legend`` notes (None: no legend), or
        with ``caption_on_top`` above it, before the notes. ``sizes`` fixes shapes' sizes by
        drawn id (``viz.layout``); ``legend_kinds`` adds samples such as "current", "final"."""
        fixed = sizes or {}
        if rankdir not in RANKDIRS:
            raise ValueError(f"{self.caller}: rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}")
        hot_ids = {self.drawn_id(node) for node in highlight_nodes}
        hot_keys = set(highlight_edges)
        graph = graphviz.Digraph(title, graph_attr={**GRAPH_ATTR, "rankdir": rankdir},
                                 node_attr=NODE_ATTR, edge_attr=EDGE_ATTR)
        kinds = set()
        for node in self.order:
            if node in self.box:
                continue
            kind = self.kind(node)
            kinds.add(kind)
            node_id = self.drawn_id(node)
            attrs = {**NODE_STYLE[kind], **(node_attrs(node) if node_attrs else {}),
                     **fixed.get(node_id, {})}
            if node_id in hot_ids:
                attrs.update(HIGHLIGHT)
            graph.node(node_id, label(self.node_lines(node, extra)), **attrs)
        for name, box_id in self.box_ids.items():
            kinds.add("scope")
            attrs = {**NODE_STYLE["scope"], **fixed.get(box_id, {})}
            if node_attrs and (out := self.outputs(name)) and len(out) == 1:
                attrs.update({k: v for k, v in node_attrs(out[0]).items() if k == "fillcolor"})
            if self.y in self.members[name]:
                attrs.update(color=NODE_STYLE["output"]["color"], penwidth="2")
            if box_id in hot_ids:
                attrs.update(HIGHLIGHT)
            graph.node(box_id, label(box_lines(self, name, extra)), **attrs)
        self._keep_neuron_order(graph)
        for edge in self.edges:
            attrs = dict(HIGHLIGHT) if hot_keys.intersection(edge.keys) else {}
            if len(edge.keys[0][1].inputs) > 2 and edge.label:  # n-ary: a line to its arrow
                attrs["decorate"] = "true"
            text = label([edge.label]) if edge_labels else ""
            graph.edge(edge.tail, edge.head, label=text, **attrs)
        lines = list(caption)
        if legend is not None:
            add_legend(graph, [*kinds, *legend_kinds], after=self.drawn_id(self.y),
                       columns=self.ranks())
            lines = [*lines, *legend] if caption_on_top else [*legend, *lines]
        if lines:
            graph.attr(label=label(lines, end="\\l"), labelloc="t" if caption_on_top else "b",
                       labeljust="l")
        return graph.source
