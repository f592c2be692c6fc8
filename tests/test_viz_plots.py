"""viz.plots: loss curves and decision boundaries (matplotlib, the extra "plots")."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("matplotlib", reason="the 'plots' extra (matplotlib) is not installed")

import autograd
import nn
from viz import plots
from viz.plots import decision_grid, plot_decision_boundary, plot_loss

SVG_TEXT = "{http://www.w3.org/2000/svg}text"


def svg_words(path: Path) -> str:
    return " ".join("".join(t.itertext()) for t in ET.parse(path).getroot().iter(SVG_TEXT))


def test_plot_loss_draws_both_curves_and_marks_the_best_epoch(tmp_path: Path) -> None:
    history = nn.History(loss=[1.0, 0.5, 0.25, 0.2], val_loss=[1.1, 0.6, 0.4, 0.45], best_epoch=2)
    fig = plot_loss(history, tmp_path / "loss.svg")
    lines = fig.axes[0].lines
    assert list(lines[0].get_xdata()) == [1, 2, 3, 4] and list(lines[0].get_ydata()) == history.loss
    assert list(lines[1].get_ydata()) == history.val_loss
    assert list(lines[2].get_xdata()) == [3, 3]  # epoch 2 (0-based) is epoch 3 on the axis
    words = svg_words(tmp_path / "loss.svg")
    assert "training loss" in words and "validation loss" in words and "best epoch 3" in words
    assert plot_loss({"loss": [3.0, 2.0]}, tmp_path / "loss.png") is not None
    assert (tmp_path / "loss.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(ValueError, match="plot_loss: the history has no 'loss' or 'val_loss'"):
        plot_loss({})


def test_plot_loss_from_fit(tmp_path: Path) -> None:
    X, y = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0.0, 1.0, 1.0, 0.0]
    model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=1)
    history = nn.fit(model, X, y, loss="binary_cross_entropy", optimizer=nn.optim.Adam(model, lr=0.05),
                     epochs=20, progress=False, validation=(X, y))
    fig = plot_loss(history)
    assert list(fig.axes[0].lines[0].get_ydata()) == history.loss
    assert list(fig.axes[0].lines[1].get_ydata()) == history.val_loss


def test_decision_grid_evaluates_the_model_without_recording() -> None:
    seen = []

    def model(p: list[float]) -> autograd.Value:
        seen.append(autograd.is_grad_enabled())
        return autograd.Value(p[0]) - 2.0 * p[1]

    xs, ys, scores = decision_grid(model, (-1.0, 1.0, 0.0, 2.0), resolution=5)
    assert xs == [-1.0, -0.5, 0.0, 0.5, 1.0] and ys == [0.0, 0.5, 1.0, 1.5, 2.0]
    assert scores == [[[x - 2.0 * y] for x in xs] for y in ys]
    assert len(seen) == 25 and not any(seen)


def xor_model() -> nn.MLP:
    model = nn.MLP(2, [2, 1], activation="relu")
    model.set_weights([([[1.0, 1.0], [1.0, 1.0]], [0.0, -1.0]), ([[1.0, -2.0]], [0.0])])
    return model  # y = relu(x1 + x2) - 2 relu(x1 + x2 - 1): XOR on the corners


def test_decision_boundary_of_the_xor_net(tmp_path: Path) -> None:
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    labels = [0, 1, 1, 0]
    fig = plot_decision_boundary(xor_model(), X, labels, tmp_path / "xor.svg", resolution=41)
    ax = fig.axes[0]
    assert ax.get_title() == "Decision boundary (score ≥ 0)"  # linear output: threshold 0
    points = {tuple(map(float, p)): c for c, col in enumerate(ax.collections[-2:])
              for p in col.get_offsets()}
    assert points == {(0.0, 0.0): 0, (1.0, 1.0): 0, (0.0, 1.0): 1, (1.0, 0.0): 1}
    assert "class 0" in svg_words(tmp_path / "xor.svg")


def test_probabilities_get_threshold_one_half() -> None:
    fig = plot_decision_boundary(lambda p: 0.2 + 0.6 * p[0], [[0.0, 0.0], [1.0, 1.0]], [0, 1],
                                 resolution=3)
    assert fig.axes[0].get_title() == "Decision boundary (score ≥ 0.5)"


def test_multiclass_uses_argmax() -> None:
    def model(p: list[float]) -> list[float]:
        return [p[0], p[1], 0.5]

    fig = plot_decision_boundary(model, [[0.0, 0.0], [1.0, 0.2], [0.1, 1.0]], [[0, 0, 1], [1, 0, 0],
                                                                               [0, 1, 0]])
    assert fig.axes[0].get_title() == "Decision boundary (arg-max of the outputs)"
    classes = [c for col in fig.axes[0].collections if col.get_offsets().shape[0]
               for c in [col.get_label()] if c.startswith("class")]
    assert classes == ["class 0", "class 1", "class 2"]


def test_without_matplotlib_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError, match=r"pip install 'edgegrad\[plots\]'"):
        plot_loss({"loss": [1.0]})
    with pytest.raises(ImportError, match=r"edgegrad\[plots\]"):
        plot_decision_boundary(lambda p: 0.0, [[0.0, 0.0]], [0])


def test_save_refuses_unknown_suffix(tmp_path: Path) -> None:
    fig = plot_loss({"loss": [1.0, 0.5]})
    with pytest.raises(ValueError, match=r"save_figure: unknown file suffix '\.gif'"):
        plots.save_figure(fig, tmp_path / "loss.gif")


def test_decision_grid_fast_path_equals_point_by_point() -> None:
    """An nn model's grid is evaluated as one Tensor batch (the inference fast path); the
    numbers must be those of the scalar model point by point (a lambda takes the slow path)."""
    import nn
    from viz.plots import decision_grid

    model = nn.MLP(2, [8, 8, 1], activation="tanh", seed=3)
    bounds = (-1.5, 2.0, -1.0, 1.5)
    fast = decision_grid(model, bounds, resolution=7)
    slow = decision_grid(lambda p: model(p), bounds, resolution=7)
    assert fast[0] == slow[0] and fast[1] == slow[1]
    for row_fast, row_slow in zip(fast[2], slow[2]):
        for a, b in zip(row_fast, row_slow):
            assert a == pytest.approx(b, rel=1e-12, abs=1e-12)
