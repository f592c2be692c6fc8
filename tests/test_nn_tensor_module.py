"""TensorModule: parameters, zero_grad (None, as PyTorch), num_parameters, state_dict copies,
load_state_dict checks (atomic), and save/load through JSON (no pickle) with the architecture
checked; a saved Tensor model loads into the scalar twin's numbers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import nn


def model() -> nn.Sequential:
    return nn.Sequential(nn.Linear(3, 4, seed=1), nn.Tanh(), nn.Linear(4, 2, seed=2), nn.LogSoftmax())


def test_zero_grad_sets_none_and_backward_then_stores_the_first_gradient() -> None:
    m = model()
    x = np.array([[0.1, 0.2, 0.3]])
    m(x).sum().backward()
    first = m[0].weight.grad.copy()
    m(x).sum().backward()
    np.testing.assert_allclose(m[0].weight.grad, 2 * first, rtol=1e-15)  # backward adds
    m.zero_grad()
    assert all(p.grad is None for p in m.parameters())
    m(x).sum().backward()
    np.testing.assert_allclose(m[0].weight.grad, first, rtol=1e-15)


def test_num_parameters_counts_entries() -> None:
    assert model().num_parameters() == 3 * 4 + 4 + 4 * 2 + 2
    assert nn.Linear(5, 7, bias=False).num_parameters() == 35


def test_state_dict_is_a_copy_and_loads_back() -> None:
    a, b = model(), nn.Sequential(nn.Linear(3, 4, seed=8), nn.Tanh(), nn.Linear(4, 2, seed=9), nn.LogSoftmax())
    state = a.state_dict()
    state["0.weight"][0, 0] = 123.0
    assert a[0].weight.data[0, 0] != 123.0
    b.load_state_dict(a.state_dict())
    x = np.random.default_rng(0).normal(size=(5, 3))
    np.testing.assert_array_equal(a(x).data, b(x).data)
    b.load_state_dict({k: v.tolist() for k, v in a.state_dict().items()})  # nested lists work too


@pytest.mark.parametrize("change, message", [
    (lambda s: s.pop("2.bias"), r"1 missing key\(s\) \['2.bias'\]"),
    (lambda s: s.update(extra=np.zeros(1)), r"1 unexpected key\(s\) \['extra'\]"),
    (lambda s: s.update({"0.weight": np.zeros((3, 4))}), r"'0.weight': expected shape \(4, 3\), got \(3, 4\)"),
    (lambda s: s.update({"2.bias": np.array([0.0, np.nan])}), "'2.bias': holds a non-finite number"),
    (lambda s: s.update({"2.bias": ["a", "b"]}), "'2.bias': expected an array of numbers"),
])
def test_load_state_dict_changes_nothing_on_an_error(change: object, message: str) -> None:
    m = model()
    before = m.state_dict()
    state = {k: v + 1.0 for k, v in before.items()}
    change(state)  # type: ignore[operator]
    with pytest.raises((ValueError, TypeError), match=message):
        m.load_state_dict(state)
    for k, v in m.state_dict().items():
        np.testing.assert_array_equal(v, before[k])


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    a = model()
    path = tmp_path / "model.json"
    a.save(path)
    document = json.loads(path.read_text())
    assert document["format"] == "edgegrad.nn" and document["config"]["type"] == "Sequential"
    assert np.array(document["parameters"]["0.weight"]).shape == (4, 3)
    b = nn.Sequential(nn.Linear(3, 4, seed=5), nn.Tanh(), nn.Linear(4, 2, seed=6), nn.LogSoftmax())
    b.load(path)
    for (k, v), w in zip(a.state_dict().items(), b.state_dict().values()):
        np.testing.assert_array_equal(v, w, err_msg=k)
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]  # no temporary file left


def test_load_refuses_another_architecture(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    model().save(path)
    other = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2), nn.LogSoftmax())
    before = other.state_dict()
    with pytest.raises(ValueError, match="different architecture"):
        other.load(path)
    assert all(np.array_equal(v, other.state_dict()[k]) for k, v in before.items())


def test_save_refuses_non_finite_weights(tmp_path: Path) -> None:
    m = model()
    m[2].bias.data[1] = np.inf
    with pytest.raises(ValueError, match="parameter '2.bias' is inf"):
        m.save(tmp_path / "bad.json")
    assert not list(tmp_path.iterdir())


def test_scalar_save_is_unchanged(tmp_path: Path) -> None:
    """The scalar MLP's file still holds plain numbers, and the scalar twin of a Tensor model
    saves the same numbers as the Tensor model (one layout: row i = unit i)."""
    mlp = nn.MLP(3, [4, 2], activation="tanh", output_activation="log_softmax", seed=3)
    mlp.save(tmp_path / "scalar.json")
    twin = nn.to_tensor(mlp)
    twin.save(tmp_path / "tensor.json")
    scalar = json.loads((tmp_path / "scalar.json").read_text())["parameters"]
    tensor = json.loads((tmp_path / "tensor.json").read_text())["parameters"]
    assert all(isinstance(v, float) for v in scalar.values())
    assert tensor["0.weight"][1][2] == scalar["layers.0.neurons.1.w.2"]
    assert tensor["2.bias"][1] == scalar["layers.1.neurons.1.b"]
