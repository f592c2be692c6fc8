"""nn.Module: zero_grad, state dicts, and JSON files written atomically and loaded safely."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

import nn
from autograd import Value


def model() -> nn.MLP:
    return nn.MLP(3, [4, 2], activation="tanh", seed=1)


def test_zero_grad_resets_every_parameter() -> None:
    m = model()
    out = m([0.1, 0.2, 0.3])
    (out[0] + out[1]).backward()
    assert any(p.grad != 0.0 for p in m.parameters())
    m.zero_grad()
    assert all(p.grad == 0.0 for p in m.parameters())


def test_state_dict_is_names_to_floats_and_round_trips() -> None:
    m, other = model(), nn.MLP(3, [4, 2], activation="tanh", seed=2)
    state = m.state_dict()
    assert list(state) == [name for name, _ in m.named_parameters()]
    assert list(state.values()) == [p.data for p in m.parameters()]
    other.load_state_dict(state)
    assert other.state_dict() == state
    x = [0.3, -0.2, 0.9]
    assert [v.data for v in other(x)] == [v.data for v in m(x)]


def test_load_state_dict_errors_name_the_problem_and_change_nothing() -> None:
    m = model()
    before = m.state_dict()
    missing = dict(before)
    del missing["layers.1.neurons.0.b"]
    with pytest.raises(ValueError, match="missing.*layers.1.neurons.0.b"):
        m.load_state_dict(dict.fromkeys(missing, 0.0))
    extra = {**dict.fromkeys(before, 0.0), "layers.2.neurons.0.b": 1.0}
    with pytest.raises(ValueError, match="unexpected.*layers.2.neurons.0.b"):
        m.load_state_dict(extra)
    bad = dict.fromkeys(before, 0.0)
    bad["layers.0.neurons.3.w.2"] = "zero"
    with pytest.raises(TypeError, match="layers.0.neurons.3.w.2"):
        m.load_state_dict(bad)
    bad["layers.0.neurons.3.w.2"] = float("inf")
    with pytest.raises(ValueError, match="finite"):
        m.load_state_dict(bad)
    assert m.state_dict() == before


def test_save_then_load_restores_exact_floats(tmp_path: Path) -> None:
    m = model()
    m.parameters()[0].data = 0.1 + 0.2  # not representable in short decimal form
    path = tmp_path / "model.json"
    m.save(path)
    document = json.loads(path.read_text())
    assert document["format"] == "edgegrad.nn" and document["config"]["type"] == "MLP"
    fresh = nn.MLP(3, [4, 2], activation="tanh", seed=99)
    assert fresh.state_dict() != m.state_dict()
    assert fresh.load(path) is fresh
    assert fresh.state_dict() == m.state_dict()  # bit for bit
    assert [p.data for p in fresh.parameters()][0] == 0.1 + 0.2


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "model.json"
    path.write_text("previous contents")
    m = model()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        m.save(path)
    assert path.read_text() == "previous contents"  # the old file is intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]
    monkeypatch.undo()
    m.save(path)
    assert json.loads(path.read_text())["parameters"] == m.state_dict()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]


@pytest.mark.parametrize("contents, message", [
    ("this is not json", "not valid JSON"),
    (b"\xff\xfe\x00garbage", "not valid JSON"),
    ("[1, 2, 3]", "not an edgegrad model file"),
    ('{"format": "something else"}', "not an edgegrad model file"),
    ('{"format": "edgegrad.nn", "version": 7}', "version 7"),
    ("[" * 100000, "not valid JSON"),
])
def test_loading_garbage_raises_value_error_and_changes_nothing(tmp_path: Path, contents: str | bytes,
                                                                message: str) -> None:
    path = tmp_path / "bad.json"
    if isinstance(contents, bytes):
        path.write_bytes(contents)
    else:
        path.write_text(contents)
    m = model()
    before = m.state_dict()
    with pytest.raises(ValueError, match=message):
        m.load(path)
    assert m.state_dict() == before


def _saved(tmp_path: Path, edit: object) -> Path:
    path = tmp_path / "m.json"
    model().save(path)
    document = json.loads(path.read_text())
    edit(document)  # type: ignore[operator]
    path.write_text(json.dumps(document))
    return path


def test_loading_a_missing_key_or_bad_value_raises_value_error(tmp_path: Path) -> None:
    m = nn.MLP(3, [4, 2], activation="tanh", seed=5)
    before = m.state_dict()
    path = _saved(tmp_path, lambda d: d["parameters"].pop("layers.0.neurons.2.b"))
    with pytest.raises(ValueError, match="missing key.*layers.0.neurons.2.b"):
        m.load(path)
    path = _saved(tmp_path, lambda d: d["parameters"].update({"layers.0.neurons.2.b": "0.5"}))
    with pytest.raises(ValueError, match="layers.0.neurons.2.b.*must be a number"):
        m.load(path)
    path = _saved(tmp_path, lambda d: d.pop("parameters"))
    with pytest.raises(ValueError, match="no \"parameters\""):
        m.load(path)
    nan_path = tmp_path / "nan.json"
    model().save(nan_path)
    text = nan_path.read_text()
    nan_path.write_text(text.replace('"layers.0.neurons.0.b": 0.0', '"layers.0.neurons.0.b": NaN'))
    with pytest.raises(ValueError, match="NaN"):
        m.load(nan_path)
    assert m.state_dict() == before


def test_loading_into_another_architecture_raises_value_error(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    model().save(path)
    for other in (nn.MLP(3, [5, 2], activation="tanh"), nn.MLP(3, [4, 2], activation="relu"),
                  nn.MLP(2, [4, 2], activation="tanh"), nn.MLP(3, [4, 4, 2], activation="tanh")):
        before = other.state_dict()
        with pytest.raises(ValueError, match="different architecture"):
            other.load(path)
        assert other.state_dict() == before


def test_loading_never_executes_code(tmp_path: Path) -> None:
    import pickle

    path = tmp_path / "evil.json"
    path.write_bytes(pickle.dumps(os.system))  # a pickle is not JSON: rejected, never unpickled
    with pytest.raises(ValueError, match="not valid JSON"):
        model().load(path)


def test_save_refuses_non_finite_parameters(tmp_path: Path) -> None:
    m = model()
    m.parameters()[4].data = float("inf")  # neuron 1 of layer 0, its first weight
    with pytest.raises(ValueError, match="layers.0.neurons.1.w.0.*inf"):
        m.save(tmp_path / "m.json")
    assert not list(tmp_path.iterdir())


def test_neuron_and_layer_are_modules_too(tmp_path: Path) -> None:
    n = nn.Neuron(2, "sigmoid", w=[0.5, -0.5], b=0.1)
    assert n.state_dict() == {"w.0": 0.5, "w.1": -0.5, "b": 0.1}
    layer = nn.Layer(2, 2, "maxout", k=2, seed=3)
    path = tmp_path / "layer.json"
    layer.save(path)
    fresh = nn.Layer(2, 2, "maxout", k=2, seed=4)
    fresh.load(path)
    assert fresh.state_dict() == layer.state_dict()
    with pytest.raises(ValueError, match="different architecture"):
        nn.Layer(2, 2, "maxout", k=3).load(path)
    assert isinstance(n([1.0, 1.0]), Value)


# ----------------------------------------------------------------------------- a Tensor model
# zero_grad (None, as PyTorch), num_parameters, state_dict copies, load_state_dict checks
# (atomic), save/load through JSON with the architecture checked; a saved Tensor model loads
# into the scalar twin's numbers.


def tensor_model() -> nn.Sequential:
    return nn.Sequential(nn.Linear(3, 4, seed=1), nn.Tanh(), nn.Linear(4, 2, seed=2), nn.LogSoftmax())


def test_zero_grad_sets_none_and_backward_then_stores_the_first_gradient() -> None:
    m = tensor_model()
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
    assert tensor_model().num_parameters() == 3 * 4 + 4 + 4 * 2 + 2
    assert nn.Linear(5, 7, bias=False).num_parameters() == 35


def test_state_dict_is_a_copy_and_loads_back() -> None:
    a = tensor_model()
    b = nn.Sequential(nn.Linear(3, 4, seed=8), nn.Tanh(), nn.Linear(4, 2, seed=9), nn.LogSoftmax())
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
    (lambda s: s.update({"0.weight": np.zeros((3, 4))}),
     r"'0.weight': expected shape \(4, 3\), got \(3, 4\)"),
    (lambda s: s.update({"2.bias": np.array([0.0, np.nan])}), "'2.bias': holds a non-finite number"),
    (lambda s: s.update({"2.bias": ["a", "b"]}), "'2.bias': expected an array of numbers"),
])
def test_load_state_dict_changes_nothing_on_an_error(change: object, message: str) -> None:
    m = tensor_model()
    before = m.state_dict()
    state = {k: v + 1.0 for k, v in before.items()}
    change(state)  # type: ignore[operator]
    with pytest.raises((ValueError, TypeError), match=message):
        m.load_state_dict(state)
    for k, v in m.state_dict().items():
        np.testing.assert_array_equal(v, before[k])


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    a = tensor_model()
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
    tensor_model().save(path)
    other = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2), nn.LogSoftmax())
    before = other.state_dict()
    with pytest.raises(ValueError, match="different architecture"):
        other.load(path)
    assert all(np.array_equal(v, other.state_dict()[k]) for k, v in before.items())


def test_save_refuses_non_finite_weights(tmp_path: Path) -> None:
    m = tensor_model()
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
