"""The step-by-step pages for Tensor graphs: the reverse sweep g_input += VJP(g_node) node by
node, or the forward sweep t_node = Σ JVP(t_input), with the same page and the same
lay-out-once rule as the scalar frames (``viz.frames``, ``viz.layout``).

The numbers are recorded from the sweep drivers (``autograd.sweeps.pull_back`` /
``push_forward``) running the Tensor table's vjp / jvp, so the frames show what the engine does.
"""

from __future__ import annotations

import os
from pathlib import Path
from collections.abc import Callable
from typing import Any

import numpy as np

import autograd
from autograd import sweeps
from autograd.files import write_atomic
from viz.format import DIGITS, partial
from viz.layout import node_sizes, widest
from viz.names import Names
from viz.render import render
from viz.stepper import stepper_page
from viz.style import DONE
from viz.svgtext import finish
from viz.tensor_graph import EDGE_NOTE, array_text, edge_rules, tensor_dot

# caption, node at work, its edges, numbers so far, nodes whose number is final
Step = tuple[str, Any, tuple[tuple[Any, Any], ...], dict[Any, Any], frozenset[Any]]


def _reverse(y: Any, order: list[Any], names: Names) -> list[Step]:
    events: list[tuple[Any, Any, list[Any]]] = []

    def vjp(node: Any, g: Any) -> list[Any]:
        contributions = list(node.vjp(g))  # the engine's own rule, recorded
        events.append((node, g, contributions))
        return contributions

    seed = np.ones_like(y.data)
    sweeps.pull_back(order, {y: seed}, vjp)
    adj = lambda node: partial(names[y], names[node])
    numbers: dict[Any, Any] = {y: seed}
    pending = {node: 0 for node in order}  # edges still to pass an adjoint down
    for node in order:
        for child in node.inputs:
            pending[child] += 1
    done = {y}
    steps: list[Step] = [(f"seed: {adj(y)} = {array_text(seed, names.digits)}", y, (), dict(numbers),
                          frozenset(done))]
    for k, (node, g, contributions) in enumerate(events, start=1):
        rules = edge_rules(node, [names[c] for c in node.inputs], names[node])
        lines = [f"step {k}: {names.headline(node)} passes its adjoint {adj(node)} = "
                 f"{array_text(g, names.digits)} down its {len(node.inputs)} edge(s), g = {adj(node)}"]
        for child, c, rule in zip(node.inputs, contributions, rules):
            pending[child] -= 1
            if pending[child] == 0:
                done.add(child)
            if c is None:
                continue
            numbers[child] = c if child not in numbers else numbers[child] + c
            lines.append(f"{adj(child)} += {rule} = {array_text(c, names.digits)} → "
                         f"{array_text(numbers[child], names.digits)}")
        steps.append(("\n".join(lines), node, tuple((c, node) for c in node.inputs), dict(numbers),
                      frozenset(done)))
    return steps


def _forward(y: Any, wrt: Any, order: list[Any], names: Names) -> list[Step]:
    events: list[tuple[Any, Any]] = []

    def jvp(node: Any, ts: list[Any]) -> Any:
        total = node.jvp(ts)  # the engine's own rule, recorded
        events.append((node, total))
        return total

    seed = np.ones_like(wrt.data)
    sweeps.push_forward(order, {wrt: seed}, jvp)
    tan = lambda node: f"{partial(names[node], names[wrt])}·1"
    numbers: dict[Any, Any] = {wrt: seed}
    steps: list[Step] = [(f"seed: {tan(wrt)} = ones, 0 for the other leaves", wrt, (), dict(numbers),
                          frozenset(numbers))]
    for k, (node, total) in enumerate(events, start=1):
        numbers[node] = total
        used = tuple((c, node) for c in node.inputs if c in numbers)
        steps.append((f"step {k}: {names.headline(node)}\n{tan(node)} = Σ JVP of its inputs' tangents = "
                      f"{array_text(total, names.digits)}", node, used, dict(numbers), frozenset(numbers)))
    return steps


def _shade(done: frozenset[Any], y: Any) -> Callable[[Any], dict[str, str]]:
    """Finished operations shaded as "number final"."""
    return lambda n: DONE if n in done and n.inputs and n is not y else {}


def tensor_frames(y: Any, outdir: str | os.PathLike[str], wrt: Any = None, *, rankdir: str = "LR",
                  digits: int = DIGITS) -> Path:
    """Write the reverse sweep of Tensor ``y`` (or, with ``wrt``, the forward sweep from it)
    step by step: outdir/step_000.svg ... and outdir/index.html. Returns the page's path."""
    order = autograd.topological_order(y)
    names = Names(order, y, digits)
    steps = _reverse(y, order, names) if wrt is None else _forward(y, wrt, order, names)
    lhs = (lambda n: partial(names[y], names[n])) if wrt is None else \
        (lambda n: f"{partial(names[n], names[wrt])}·1")
    steps.append(("done: every number is final", None, (), steps[-1][3], frozenset(order)))

    def extra_of(numbers: dict[Any, Any]) -> Any:
        return lambda node: [f"{lhs(node)} = " + (array_text(numbers[node], digits) if node in numbers else "?")]

    notes = [EDGE_NOTE, f"each node: {lhs(y) if wrt is not None else partial(names[y], 'node')}"
                        " so far (? = not reached yet)"]
    sizes = node_sizes(tensor_dot(y, order, names, widest([extra_of(s[3]) for s in steps]), notes,
                                  rankdir=rankdir, legend_kinds=("current", "final")))
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for k, (caption, node, edges, numbers, done) in enumerate(steps):
        source = tensor_dot(y, order, names, extra_of(numbers), notes, rankdir=rankdir,
                            highlight_nodes=() if node is None else (node,), highlight_edges=edges,
                            node_attrs=_shade(done, y),
                            sizes=sizes, legend_kinds=("current", "final"))
        svg = finish(render(source, "svg").decode("utf-8"))
        write_atomic(out / f"step_{k:03d}.svg", svg)
        pages.append((caption, svg))
    title = f"{'Reverse' if wrt is None else 'Forward'} mode of the Tensor graph of {names[y]}"
    return write_atomic(out / "index.html", stepper_page(title, pages))
