"""``Picture``: DOT source that knows how to become an SVG, a PNG, a PDF or a Jupyter cell.

SVG renders anywhere (system ``dot`` if present, else in-process WebAssembly Graphviz), so
``_repr_svg_`` works in Jupyter with pip as the whole install. PNG and PDF need the system
``dot``; without it ``save`` raises :class:`viz.render.RenderError` saying what to install.
"""

from __future__ import annotations

import os
from pathlib import Path

from autograd.files import write_atomic
from viz.render import render
from viz.svgtext import finish

TEXT_SUFFIXES = {".dot": "dot", ".gv": "dot"}
IMAGE_SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf"}


class Picture:
    """A drawing as DOT text (``.source``), rendered on demand with layout ``engine``."""

    def __init__(self, source: str, engine: str = "dot") -> None:
        self.source = source
        self.engine = engine
        self._svg: str | None = None

    def svg(self) -> str:
        """The picture as SVG text (rendered once, then cached)."""
        if self._svg is None:
            self._svg = finish(render(self.source, "svg", engine=self.engine).decode("utf-8"))
        return self._svg

    def _repr_svg_(self) -> str:
        return self.svg()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the picture to ``path``, the format from its suffix: .svg, .png, .pdf, or
        .dot/.gv for the source. Returns the path."""
        suffix = Path(path).suffix.lower()
        if suffix in TEXT_SUFFIXES:
            return write_atomic(path, self.source)
        if suffix == ".svg":
            return write_atomic(path, self.svg())
        if suffix in IMAGE_SUFFIXES:
            return write_atomic(path, render(self.source, IMAGE_SUFFIXES[suffix], engine=self.engine))
        known = ", ".join(sorted({*IMAGE_SUFFIXES, *TEXT_SUFFIXES}))
        raise ValueError(f"Picture.save: unknown file suffix {suffix or '(none)'!r} in {str(path)!r}; "
                         f"use one of {known}")

    def __repr__(self) -> str:
        return f"Picture({len(self.source)} characters of DOT, engine={self.engine!r})"
