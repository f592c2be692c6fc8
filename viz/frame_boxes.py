"""Frames of a collapsed graph step by box: the steps of the nodes inside one neuron become one
step, in names drawn on the page.

Reverse: a neuron with output a passes ∂y/∂a to each input s drawn outside it,
∂y/∂s += ∂a/∂s · ∂y/∂a, where ∂a/∂s is the sum over the paths inside the box (for a neuron
f'(z)·w). Forward: ∂a/∂x = Σ_s ∂a/∂s · ∂s/∂x. The numbers are the engine's, recorded step by
step (``viz.frames``); only the captions and the grouping are new here.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from viz.boxes import box_sources
from viz.collapse import through_box
from viz.format import factor, number, partial
from viz.roles import box_title, neuron_of

_STEP = re.compile(r"^step \d+")


def _title(scene: Any, name: str, out: Any) -> str:
    return f"neuron {scene.names[out]}" if neuron_of(name) is not None else box_title(name)


def _caption(scene: Any, name: str, before: dict[Any, float], after: Any, k: int) -> str | None:
    """The caption of box ``name``'s step, reverse or forward, from the numbers before and
    after it; None when the box has no single output."""
    outs = scene.outputs(name)
    if len(outs) != 1:
        return None
    out, names, digits = outs[0], scene.names, scene.digits
    y = scene.y
    sources = [s for s in box_sources(scene, name) if s in after.numbers or s in before]
    slope = {s: through_box(scene.members[name], s, out) for s in sources}
    title = _title(scene, name, out)
    if after.reverse:
        g = after.numbers.get(out, 0.0)
        lines = [f"step {k}: {title} passes its adjoint {partial(names[y], names[out])} = "
                 f"{number(g, digits)} to its {len(sources)} input(s)"]
        for s in sources:
            total = after.numbers.get(s, 0.0)
            tail = "" if s in after.done else " so far"
            lines.append(f"{partial(names[y], names[s])} += {partial(names[out], names[s])} · "
                         f"{partial(names[y], names[out])} = {number(slope[s], digits)} · "
                         f"{factor(g, digits)} → {number(total, digits)}{tail}")
        return "\n".join(lines)
    x = after.wrt_name
    used = [s for s in sources if before.get(s, 0.0) != 0.0]
    terms = " + ".join(f"{number(slope[s], digits)}·{factor(before[s], digits)}" for s in used) or "0"
    symbols = " + ".join(f"{partial(names[out], names[s])}·{partial(names[s], x)}" for s in used) or "0"
    return (f"step {k}: {title}\n{partial(names[out], x)} = {symbols} = {terms} = "
            f"{number(after.numbers.get(out, 0.0), digits)}")


class _After:
    """A group's last frame, and which sweep it belongs to."""

    def __init__(self, frame: Any, reverse: bool, wrt_name: str) -> None:
        self.numbers, self.done, self.reverse, self.wrt_name = frame.numbers, frame.done, reverse, wrt_name


def by_box(scene: Any, frames: list[Any]) -> list[Any]:
    """``frames`` (seed, steps, done) with consecutive steps inside one box merged."""
    if len(frames) < 3:
        return frames
    reverse = frames[0].caption.startswith("seed: ") and "Reverse mode" in frames[0].caption
    wrt_name = next((scene.names[n] for n in scene.order if frames[0].current is n), "x")
    groups: list[list[int]] = []
    for i in range(1, len(frames) - 1):
        box = scene.box.get(frames[i].current)
        if groups and box is not None and scene.box.get(frames[groups[-1][0]].current) == box:
            groups[-1].append(i)
        else:
            groups.append([i])
    merged = [frames[0]]
    for k, group in enumerate(groups, start=1):
        first, last = frames[group[0]], frames[group[-1]]
        name = scene.box.get(first.current)
        caption = None
        if name is not None:
            before = frames[group[0] - 1].numbers
            caption = _caption(scene, name, before, _After(last, reverse, wrt_name), k)
        if caption is None:
            caption = _STEP.sub(f"step {k}", first.caption if len(group) == 1 else last.caption)
        edges = tuple(e for i in group for e in frames[i].edges)
        merged.append(replace(last, caption=caption, edges=edges, current=first.current))
    merged.append(frames[-1])
    return merged
