"""demos/digits.py: the printed test accuracy is checked against an independent recount. The
true labels come from scikit-learn's load_digits() itself (by the saved indices), and the saved
predictions are recomputed from the saved weights by a forward pass written out in numpy,
relu(X W1^T + b1) W2^T + b2, then argmax. The full run must reach 95%; without scikit-learn
the demo names the `data` extra."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sklearn_datasets = pytest.importorskip("sklearn.datasets")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    from demos import digits

    assert digits.main(list(argv)) == 0
    return capsys.readouterr().out


def recount(out: str, folder: Path) -> tuple[int, int]:
    """(right, total) from the saved files; asserts the printed line and the confusion matrix
    say the same."""
    digits = sklearn_datasets.load_digits()
    with open(folder / "digits_predictions.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    index = np.array([int(r["index"]) for r in rows])
    saved_labels = np.array([int(r["label"]) for r in rows])
    predictions = np.array([int(r["prediction"]) for r in rows])
    assert len(set(index.tolist())) == len(index) == round(0.2 * len(digits.target))
    assert np.array_equal(saved_labels, digits.target[index])  # labels from the data set itself

    params = json.loads((folder / "digits_model.json").read_text())["parameters"]
    W1, b1, W2, b2 = (np.array(params[k]) for k in ("0.weight", "0.bias", "2.weight", "2.bias"))
    X = digits.data[index] / 16.0
    logits = np.maximum(X @ W1.T + b1, 0.0) @ W2.T + b2
    assert np.array_equal(logits.argmax(axis=1), predictions)  # the saved model made them

    right, total = int((digits.target[index] == predictions).sum()), len(index)
    printed = re.search(r"test accuracy: ([\d.]+)% \((\d+) of (\d+) test images\)", out)
    assert printed is not None, out
    assert (int(printed.group(2)), int(printed.group(3))) == (right, total)
    assert float(printed.group(1)) == pytest.approx(100 * right / total, abs=0.005)

    lines = out.split("confusion matrix")[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("true"))
    matrix = np.array([[int(c) for c in line.split()[1:]] for line in lines[start + 2:start + 12]])
    expected = np.zeros((10, 10), dtype=int)
    np.add.at(expected, (digits.target[index], predictions), 1)
    assert np.array_equal(matrix, expected)
    return right, total


def assert_svg(path: Path) -> None:
    assert path.is_file(), f"{path} was not written"
    assert "<svg" in path.read_text(encoding="utf-8")[:2000]


def test_quick_run_prints_the_accuracy_it_recounts(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    out = run(capsys, "--quick", "--no-progress", "--out", str(tmp_path))
    right, total = recount(out, tmp_path)
    assert right / total > 0.85  # 8 epochs already learn most digits
    for name in ("digits_predictions.csv", "digits_model.json", "digits_confusion.svg", "digits_loss.svg"):
        assert f"wrote {tmp_path / name}" in out
    assert_svg(tmp_path / "digits_confusion.svg")
    assert_svg(tmp_path / "digits_loss.svg")
    cells = re.findall(r"<rect ", (tmp_path / "digits_confusion.svg").read_text())
    assert len(cells) == 100


def test_full_run_reaches_95_percent(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = run(capsys, "--no-progress", "--out", str(tmp_path))
    right, total = recount(out, tmp_path)
    assert right / total >= 0.95
    assert "kept the weights of epoch" in out  # early stopping ended it


def test_without_scikit_learn_it_names_the_data_extra(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    from demos import digits

    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    assert digits.main(["--quick", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "edgegrad[data]" in err and "scikit-learn" in err
    assert not list(tmp_path.iterdir())


def test_confusion_counts() -> None:
    from demos.digits import confusion

    C = confusion(np.array([0, 1, 1, 2, 2, 2]), np.array([0, 1, 2, 2, 2, 0]), k=3)
    assert C.tolist() == [[1, 0, 0], [0, 1, 1], [1, 0, 2]]


def test_script_help() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "demos" / "digits.py"), "--help"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "--quick" in proc.stdout and "edgegrad[data]" in proc.stdout
