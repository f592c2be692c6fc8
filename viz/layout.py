"""One layout for many frames: every node keeps its size, so Graphviz places it in the same spot
in every frame and only the styling and the numbers change.

A frame's node text changes ("∂e/∂c = ?", then "∂e/∂c = 2 so far", then "∂e/∂c = 2"), and a
node sized to its text would grow and push the others. So the frames' texts are merged, line
by line the longest, laid out once (``render(..., "json")``), and each node's width and height
are then fixed (``fixedsize=true``) in every frame.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from viz.render import render

PAD = 0.06  # inches added to each width: a narrower text may still draw wider glyphs


def widest(extras: Sequence[Callable[[Any], list[str]]]) -> Callable[[Any], list[str]]:
    """An ``extra`` whose lines are, line by line, the longest of the frames' lines."""

    def extra(node: Any) -> list[str]:
        options = [ex(node) for ex in extras]
        return [max(column, key=len) for column in zip(*options)]

    return extra


def node_sizes(source: str) -> dict[str, dict[str, str]]:
    """{node id: {"width", "height", "fixedsize"}} from laying out the DOT ``source`` once."""
    layout = json.loads(render(source, "json"))
    sizes = {}
    for obj in layout.get("objects", []):
        if "width" in obj and "height" in obj:
            sizes[obj["name"]] = {"width": f"{float(obj['width']) + PAD:.4f}",
                                  "height": obj["height"], "fixedsize": "true"}
    return sizes
