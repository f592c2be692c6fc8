"""The lecture notebooks run: each notebooks/NN_*.py (jupytext percent format) is executed cell by
cell in a Jupyter kernel (nbclient), with the in-process WebAssembly Graphviz (no system `dot`),
from an empty folder. Each notebook asserts the lecture's numbers itself (a failing assert fails
its cell); here we also check that it shows its pictures inline and prints those numbers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

jupytext = pytest.importorskip("jupytext", reason="the extra `docs` runs the notebooks")
nbclient = pytest.importorskip("nbclient", reason="the extra `docs` runs the notebooks")
pytest.importorskip("ipykernel", reason="the extra `docs` runs the notebooks")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))

# what each notebook must print (besides its own asserts): the lectures' numbers
PRINTS = {
    "01_paths.py": ["∂e/∂a = 2, ∂e/∂b = 5", "3,486,784,401 paths"],
    "02_forward_vs_reverse.py": ["forward sweeps = n", "reverse sweeps = m"],
    "03_backprop_step_by_step.py": ["adjoint[b] += 1 * adjoint[c]   # 5", "delta recursion"],
    "04_xor.py": ["x1 xor x2", "accuracy 100%"],
    "05_activations_losses.py": ["softmax - one-hot", "sigmoid"],
    "06_universal_approximation.py": ["N = 8", "171"],
    "07_tensors_digits.py": ["test accuracy", "delta recursion"],
}


def outputs(nb: object) -> tuple[str, int]:
    """All text a notebook printed, and how many pictures (SVG or PNG) it showed."""
    text, pictures = [], 0
    for cell in nb.cells:  # type: ignore[attr-defined]
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                text.append(out.get("text", ""))
            data = out.get("data", {})
            text.append(data.get("text/plain", ""))
            pictures += int("image/svg+xml" in data or "image/png" in data)
    return "".join(text), pictures


def test_there_is_a_notebook_per_lecture_topic() -> None:
    assert [p.name for p in NOTEBOOKS] == sorted(PRINTS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_shows_its_pictures(path: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDGEGRAD_RENDER", "wasm")  # as on a machine without Graphviz
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    nb = jupytext.read(path)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, if a cell fails
    text, pictures = outputs(nb)
    for expected in PRINTS[path.name]:
        assert expected in text, f"{path.name} does not print {expected!r}"
    assert pictures >= 2, f"{path.name} shows {pictures} pictures inline"
