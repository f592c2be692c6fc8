"""What a collapsed box (a neuron, a scope) says, in names drawn on the page.

A box with one output ``out`` (a neuron's activation a[l][j]) lists its row of the Jacobian,
∂out/∂s for each input s drawn outside it: the sum over the paths inside the box of the
products of the local derivatives on them (for a neuron, f'(z)·w[l][j,k]). So the arrows
between boxes need no labels naming nodes hidden in the boxes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from viz.collapse import through_box
from viz.format import number, partial
from viz.roles import box_title, neuron_of

PER_LINE = 4  # numbers per line of a box's Jacobian row
MAX_LISTED = 8  # inputs: past this, the row is summarised by its range
MAX_SOURCES = 24  # characters of input names written out before "a[1][1]…a[1][16]"


def box_sources(scene: Any, name: str) -> list[Any]:
    """The drawn inputs of box ``name`` (not numbers), in the graph's order."""
    found: dict[Any, None] = {}
    for node in scene.members[name]:
        for child in node.inputs:
            if scene.box.get(child) != name and not scene.names.is_number(child):
                found[child] = None
    return sorted(found, key=scene.index.__getitem__)


def jacobian_row(scene: Any, name: str) -> list[str]:
    """"∂a[2][1]/∂(a[1][1], a[1][2])" and "= (0.08725, 0.8701)": ∂out/∂source through the box."""
    outs = scene.outputs(name)
    sources = box_sources(scene, name)
    if len(outs) != 1 or not sources:
        return []
    out, names = outs[0], scene.names
    slopes = [through_box(scene.members[name], s, out) for s in sources]
    values = [number(v, scene.digits) for v in slopes]
    if len(sources) == 1:
        return [f"{partial(names[out], names[sources[0]])} = {values[0]}"]
    listed = ", ".join(names[s] for s in sources)
    if len(listed) > MAX_SOURCES:
        listed = f"{names[sources[0]]} … {names[sources[-1]]}"
    head = f"∂{names[out]}/∂({listed})"
    if len(sources) > MAX_LISTED:  # a summary: the range, or 0 for a dead unit
        if not any(slopes):
            return [head, f"= 0 ({len(sources)} inputs)"]
        low, high = number(min(slopes), scene.digits), number(max(slopes), scene.digits)
        return [head, f"from {low} to {high} ({len(sources)} inputs)"]
    rows = [", ".join(values[i:i + PER_LINE]) for i in range(0, len(values), PER_LINE)]
    rows[0] = "= (" + rows[0]
    rows[-1] = rows[-1] + ")"
    return [head, *rows]


def box_lines(scene: Any, name: str, extra: Callable[[Any], list[str]]) -> list[str]:
    """The lines in a collapsed box: its title and operations, its output's value and
    numbers (``extra``), then its Jacobian row."""
    members: Sequence[Any] = scene.members[name]
    ops = list(dict.fromkeys(node.op for node in members if node.inputs))
    outs = scene.outputs(name)
    title = box_title(name)
    if len(outs) == 1 and neuron_of(name) is not None:
        title = f"neuron {scene.names[outs[0]]}"  # the box is named by what it computes
    lines = [title, f"{' → '.join(ops) or 'leaves'} ({len(members)} nodes)"]
    if len(outs) == 1:
        out = outs[0]
        head = "data" if title.endswith(scene.names[out]) else f"{scene.names[out]}"
        lines += [f"{head} = {number(out.data, scene.digits)}", *extra(out)]
    else:
        lines.append(f"{len(outs)} outputs")
    return lines + jacobian_row(scene, name)
