"""Finishing touches on rendered SVG text: a font stack, and colours for marked lines.

Graphviz sizes every shape for the font named in the DOT (``style.FONT``, DejaVu Sans: the
wider of the common sans metrics, so text also fits when the viewer's sans font is Arial,
Helvetica or Liberation Sans). Here each ``font-family`` becomes a stack that starts with
that font and falls back to narrower ones, never to a wider one.

In "both" mode a node's adjoint line starts with ``ADJOINT`` (←, computed from the output
back) and its tangent line with ``TANGENT`` (→, computed from the input forward); plain DOT
labels (all that the in-process WebAssembly Graphviz draws) cannot colour one line, so the
lines are coloured here, after rendering.
"""

from __future__ import annotations

import re

FONT = "DejaVu Sans"
FONT_STACK = "'DejaVu Sans', Helvetica, Arial, 'Liberation Sans', sans-serif"
ADJOINT, TANGENT = "← ", "→ "
ADJOINT_COLOUR, TANGENT_COLOUR = "#9a3412", "#1d4ed8"

_FAMILY = re.compile(r'font-family="[^"]*"')
_TEXT = re.compile(r"<text([^>]*)>([^<]*)</text>")


def _colour(match: re.Match[str]) -> str:
    attrs, content = match.groups()
    for mark, colour in ((ADJOINT, ADJOINT_COLOUR), (TANGENT, TANGENT_COLOUR)):
        if content.startswith(mark) and 'fill="' not in attrs:
            return f'<text{attrs} fill="{colour}">{content}</text>'
    return match.group(0)


def finish(svg: str) -> str:
    """``svg`` with the font stack on every text and the marked lines coloured."""
    svg = _FAMILY.sub(f'font-family="{FONT_STACK}"', svg)
    return _TEXT.sub(_colour, svg)
