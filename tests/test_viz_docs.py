"""The README's picture: docs/colah.svg is what the code in README.md draws."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from test_viz_svg import all_texts, edge_triples

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
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
    code = next((block for block in blocks if 'save("docs/colah.svg")' in block), None)
    assert code is not None
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(README), "exec"), {})
    made = (tmp_path / "docs" / "colah.svg").read_text("utf-8")
    # Graphviz versions lay out differently; the words must be the same.
    assert sorted(all_texts(made)) == sorted(all_texts(PICTURE.read_text("utf-8")))
    assert os.path.getsize(PICTURE) < 40_000  # small enough for a README


def test_readme_network_picture_and_command_line() -> None:
    readme = README.read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    code = next((block for block in blocks if 'save("docs/mlp.svg")' in block), None)
    assert code is not None and "![" in readme.split('save("docs/mlp.svg")')[1][:400]
    svg = (ROOT / "docs" / "mlp.svg").read_text("utf-8")
    texts = all_texts(svg)
    assert {"neuron a[1][1]", "neuron a[2][4]", "neuron ŷ", "x1", "x2"} <= set(texts)
    assert not any(re.search(r"\bv\d+\b", t) for t in texts)
    assert 'python -m viz "e = (a + b) * (b + 1)" --at a=2 b=1 --mode both --wrt b -o e.svg' in readme
