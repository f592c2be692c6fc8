"""Back propagation step by step: one picture per step of a sweep, and a page to step through.

Reverse (``backprop_frames``): the seed ∂y/∂y = 1, then one step per operation in reverse
topological order, each passing its adjoint down its edges, adjoint[input] += d(node)/d(input)
· adjoint[node]; a node's adjoint is final (shaded) once every node that uses it has passed.
Captions write each local derivative d(node)/d(input) by its symbol from the primitive table
("∂e/∂c += d · ∂e/∂e = 3 · 1"), so it is not confused with the adjoint ∂e/∂c being summed.
Forward (``forward_frames``): the seed ∂x/∂x = 1, then one step per operation that depends on
x, in topological order: tangent[node] = Σ d(node)/d(input) · tangent[input].

The numbers are recorded from the engine's own sweep drivers (``autograd.sweeps.pull_back``
and ``push_forward``) as they run, so the frames show exactly what the engine does.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograd import Constant, Tensor, Value, sweeps
from autograd.files import write_atomic
from viz.collapse import Collapse
from viz.format import DIGITS, factor, number, operand, partial
from viz.frame_boxes import by_box
from viz.layout import node_sizes, widest
from viz.render import render
from viz.scene import EdgeKey, Scene
from viz.stepper import stepper_page
from viz.style import DONE
from viz.svgtext import finish
from viz.tensor_frames import tensor_frames

FRAME_MAX_NODES = 100
_STEP_FILE = re.compile(r"step_(\d+)\.svg")


@dataclass(frozen=True)
class Frame:
    """One step: what happens (``caption``), the node at work and its edges, the numbers known
    so far {node: adjoint or tangent}, and the nodes whose number is final."""

    caption: str
    current: Value | None
    edges: tuple[EdgeKey, ...]
    numbers: dict[Value, float]
    done: frozenset[Value] = field(default_factory=frozenset)


# ----------------------------------------------------------------------------- reverse


def reverse_steps(scene: Scene) -> list[Frame]:
    """The frames of the reverse sweep from ``scene.y`` (seed, one per operation, done)."""
    y, names, digits = scene.y, scene.names, scene.digits
    events: list[tuple[Value, float, list[float]]] = []

    def vjp(node: Value, g: float) -> list[float]:
        contributions = node.vjp(g)  # the engine's own rule, recorded
        events.append((node, g, list(contributions)))
        return contributions

    sweeps.pull_back(scene.order, {y: 1.0}, vjp)

    def adj(node: Value) -> str:
        return partial(names[y], names[node])

    pending = {node: 0 for node in scene.order}  # edges still to pass an adjoint down
    for node in scene.order:
        for child in node.inputs:
            pending[child] += 1
    numbers: dict[Value, float] = {y: 1.0}
    done = {y}
    frames = [Frame(f"seed: {adj(y)} = 1. Reverse mode finds ∂{names[y]}/∂node for every node, "
                    "from the output down.", y, (), dict(numbers), frozenset(done))]
    for k, (node, g, contributions) in enumerate(events, start=1):
        lines = [f"step {k}: {names.headline(node)} passes its adjoint {adj(node)} = "
                 f"{number(g, digits)} down its {len(node.inputs)} edge(s)"]
        for index, (child, c) in enumerate(zip(node.inputs, contributions)):
            numbers[child] = numbers.get(child, 0.0) + c
            pending[child] -= 1
            if pending[child] == 0:
                done.add(child)
            lines.append(f"{adj(child)} += {operand(names.symbol(node, index))} · {adj(node)} = "
                         f"{number(node.local_grads[index], digits)} · {factor(g, digits)} = "
                         f"{number(c, digits)}  → {number(numbers[child], digits)}"
                         f"{'' if pending[child] == 0 else ' so far'}")
        edges = tuple((child, node, i) for i, child in enumerate(node.inputs))
        frames.append(Frame("\n".join(lines), node, edges, dict(numbers), frozenset(done)))
    leaves = [n for n in scene.order if not n.inputs and not isinstance(n, Constant)]
    summary = ", ".join(f"{adj(n)} = {number(numbers.get(n, 0.0), digits)}" for n in leaves)
    frames.append(Frame(f"done: {summary}", None, (),
                        {n: numbers.get(n, 0.0) for n in scene.order}, frozenset(scene.order)))
    return frames


# ----------------------------------------------------------------------------- forward


def forward_steps(scene: Scene, wrt: Value) -> list[Frame]:
    """The frames of the forward sweep seeded at ``wrt`` (seed, one per operation, done)."""
    names, digits = scene.names, scene.digits
    events: list[tuple[Value, list[Any], float]] = []

    def jvp(node: Value, ts: list[Any]) -> float:
        total = node.jvp(ts)  # the engine's own rule, recorded
        events.append((node, list(ts), total))
        return total

    sweeps.push_forward(scene.order, {wrt: 1.0}, jvp)
    x = names[wrt]

    def tan(node: Value) -> str:
        return partial(names[node], x)

    leaves = [n for n in scene.order if not n.inputs]
    numbers: dict[Value, float] = {n: (1.0 if n is wrt else 0.0) for n in leaves}
    done = set(leaves)
    frames = [Frame(f"seed: {tan(wrt)} = 1, and 0 for the other leaves. Forward mode finds "
                    f"∂node/∂{x} for every node, from the inputs up.",
                    wrt, (), dict(numbers), frozenset(done))]
    for k, (node, ts, total) in enumerate(events, start=1):
        used = [(i, child, t) for i, (child, t) in enumerate(zip(node.inputs, ts)) if t is not None]
        symbols = " + ".join(f"{operand(names.symbol(node, i))}·{tan(c)}" for i, c, _ in used)
        values = " + ".join(f"{number(node.local_grads[i], digits)}·{factor(t, digits)}"
                            for i, _, t in used)
        numbers[node] = total
        done.add(node)
        caption = (f"step {k}: {names.headline(node)}\n{tan(node)} = {symbols} = {values} = "
                   f"{number(total, digits)}")
        edges = tuple((c, node, i) for i, c, _ in used)
        frames.append(Frame(caption, node, edges, dict(numbers), frozenset(done)))
    untouched = [n for n in scene.order if n not in numbers]
    final = {n: numbers.get(n, 0.0) for n in scene.order}
    note = f"; {len(untouched)} node(s) do not depend on {x}: ∂node/∂{x} = 0" if untouched else ""
    frames.append(Frame(f"done: {tan(scene.y)} = {number(final[scene.y], digits)}{note}",
                        None, (), final, frozenset(scene.order)))
    return frames


# ----------------------------------------------------------------------------- writing


def _frame_extra(scene: Scene, frame: Frame, lhs: Any) -> Any:
    digits = scene.digits

    def extra(node: Value) -> list[str]:
        if node not in frame.numbers:
            return [f"{lhs(node)} = ?"]
        tail = "" if node in frame.done else " so far"
        return [f"{lhs(node)} = {number(frame.numbers[node], digits)}{tail}"]

    return extra


def _frame_dot(scene: Scene, frame: Frame, lhs: Any, rankdir: str, legend: list[str],
               sizes: dict[str, dict[str, str]]) -> str:
    def final(node: Value) -> bool:  # shade finished operations; kinds keep their colours
        return node in frame.done and scene.kind(node) == "operation"

    return scene.dot(_frame_extra(scene, frame, lhs), rankdir=rankdir,
                     highlight_nodes=() if frame.current is None else (frame.current,),
                     highlight_edges=frame.edges,
                     node_attrs=lambda node: DONE if final(node) else {},
                     legend=legend, sizes=sizes, legend_kinds=("current", "final"))


def write_frames(scene: Scene, frames: list[Frame], outdir: str | os.PathLike[str], title: str,
                 lhs: Any, rankdir: str, legend: list[str]) -> Path:
    """Render ``frames`` to outdir/step_000.svg ... and outdir/index.html; returns the page.
    The graph is laid out once (``viz.layout``): no node moves or resizes between steps; the
    captions go in the page's fixed-height caption area, not in the pictures."""
    if scene.box:
        frames = by_box(scene, frames)
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    widest_extra = widest([_frame_extra(scene, frame, lhs) for frame in frames])
    sizes = node_sizes(scene.dot(widest_extra, rankdir=rankdir, legend=legend,
                                 legend_kinds=("current", "final")))
    pages = []
    for k, frame in enumerate(frames):
        svg = finish(render(_frame_dot(scene, frame, lhs, rankdir, legend, sizes), "svg").decode("utf-8"))
        write_atomic(out / f"step_{k:03d}.svg", svg)
        pages.append((frame.caption, svg))
    for stale in out.iterdir():  # steps left over from a longer run
        match = _STEP_FILE.fullmatch(stale.name)
        if match and int(match.group(1)) >= len(frames):
            stale.unlink()
    return write_atomic(out / "index.html", stepper_page(title, pages))


def backprop_frames(y: Value, outdir: str | os.PathLike[str], *, rankdir: str = "LR",
                    digits: int = DIGITS, max_nodes: int = FRAME_MAX_NODES,
                    collapse: Collapse = "auto", params: Any = None) -> Path:
    """Write the reverse sweep from ``y`` step by step: one SVG per step (the node at work and
    its edges in red, adjoints known so far, final ones shaded) and an index.html that steps
    through them. Returns the path of index.html. A Tensor ``y`` steps through its Tensor
    graph (``viz.tensor_frames``)."""
    if isinstance(y, Tensor):
        return tensor_frames(y, outdir, rankdir=rankdir, digits=digits)
    scene = Scene(y, params=params, collapse=collapse, max_nodes=max_nodes, digits=digits,
                  caller="backprop_frames")
    frames = reverse_steps(scene)
    name = scene.names[y]
    legend = ["edge input → node: ∂node/∂input = symbol = value",
              f"each node: its adjoint ∂{name}/∂node (? = not reached yet, so far = still summing)"]
    return write_frames(scene, frames, outdir, f"Reverse mode (back propagation) of {name}",
                        lambda node: partial(name, scene.names[node]), rankdir, legend)


def forward_frames(y: Value, wrt: Value, outdir: str | os.PathLike[str], *, rankdir: str = "LR",
                   digits: int = DIGITS, max_nodes: int = FRAME_MAX_NODES,
                   collapse: Collapse = "auto", params: Any = None) -> Path:
    """Write the forward sweep seeded at ``wrt`` step by step, like :func:`backprop_frames`:
    each node shows its tangent ∂node/∂wrt. Returns the path of index.html."""
    if isinstance(y, Tensor) and isinstance(wrt, Tensor):
        return tensor_frames(y, outdir, wrt, rankdir=rankdir, digits=digits)
    if not isinstance(wrt, Value):
        raise TypeError(f"forward_frames: wrt must be a Value, got {type(wrt).__name__} ({wrt!r})")
    scene = Scene(y, wrt=wrt, params=params, collapse=collapse, max_nodes=max_nodes,
                  digits=digits, caller="forward_frames")
    frames = forward_steps(scene, wrt)
    x = scene.names[wrt]
    legend = ["edge input → node: ∂node/∂input = symbol = value",
              f"each node: its tangent ∂node/∂{x} (? = not reached yet)"]
    return write_frames(scene, frames, outdir, f"Forward mode of {scene.names[y]} from {x}",
                        lambda node: partial(scene.names[node], x), rankdir, legend)
