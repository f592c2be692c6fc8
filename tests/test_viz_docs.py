"""The README's picture: docs/colah.svg is what the code in README.md draws (into out/); the
network picture docs/mlp.svg is what the code on docs/viz.md draws; docs/cli.md shows the command."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from test_viz_svg import all_texts, edge_triples

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
VIZ_PAGE = ROOT / "docs" / "viz.md"
CLI_PAGE = ROOT / "docs" / "cli.md"
PICTURE = ROOT / "docs" / "colah.svg"


def test_committed_svg_shows_the_lecture_numbers() -> None:
    svg = PICTURE.read_text("utf-8")
    assert set(edge_triples(svg)) == {
        ("a", "c = a+b", "∂c/∂a = 1"), ("b", "c = a+b", "∂c/∂b = 1"),
        ("b", "d = b+1", "∂d/∂b = 1"),  # d = b + 1 is one node: no node for the 1, as in colah's
        ("c = a+b", "e = c·d", "∂e/∂c = d = 2"), ("d = b+1", "e = c·d", "∂e/∂d = c = 3")}
    texts = all_texts(svg)
    assert {"← ∂e/∂a = 2", "← ∂e/∂b = 5", "← ∂e/∂c = 2", "← ∂e/∂d = 3", "→ ∂e/∂b = 5"} <= set(texts)


def test_readme_code_draws_the_committed_picture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text("utf-8"), re.DOTALL)
    code = next((block for block in blocks if 'save("out/colah.svg")' in block), None)
    assert code is not None
    assert "](docs/colah.svg)" in README.read_text("utf-8")  # the picture it shows
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(README), "exec"), {})
    made = (tmp_path / "out" / "colah.svg").read_text("utf-8")
    # Graphviz versions lay out differently; the words must be the same.
    assert sorted(all_texts(made)) == sorted(all_texts(PICTURE.read_text("utf-8")))
    assert os.path.getsize(PICTURE) < 40_000  # small enough for a README


def test_network_picture_and_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = VIZ_PAGE.read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", page, re.DOTALL)
    code = next((block for block in blocks if 'save("out/mlp.svg")' in block), None)
    assert code is not None and "](mlp.svg)" in page.split('save("out/mlp.svg")')[1][:400]
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(VIZ_PAGE), "exec"), {})
    made = (tmp_path / "out" / "mlp.svg").read_text("utf-8")
    svg = (ROOT / "docs" / "mlp.svg").read_text("utf-8")
    assert sorted(all_texts(made)) == sorted(all_texts(svg))
    texts = all_texts(svg)
    assert {"neuron a[1][1]", "neuron a[2][4]", "neuron ŷ", "x1", "x2"} <= set(texts)
    assert not any(re.search(r"\bv\d+\b", t) for t in texts)
    cli = CLI_PAGE.read_text("utf-8")
    assert 'python -m viz "e = (a + b) * (b + 1)" --at a=2 b=1 --mode both --wrt b -o e.svg' in cli
