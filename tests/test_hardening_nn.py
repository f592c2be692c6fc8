"""Hardening of nn (issue 13): optimisers refuse non-finite gradients and overflowing updates,
all or nothing, even when interrupted; model files: malformed values are ValueErrors naming the
key with the model unchanged, callables are fingerprinted, permissions kept, stale temporary
files removed, absurd sizes refused unread; mean losses on an empty batch are ValueErrors.

References: IEEE limits (1e300 is not a float32; 10**400 is not a float), the file system's
own mode bits, and the parameters' values before the call.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import autograd as ag
import nn
from autograd import Tensor, Value


def snapshot(model: Any) -> list[Any]:
    return [np.array(p.data, copy=True) for p in model.parameters()]


def unchanged(model: Any, before: list[Any]) -> bool:
    return all(np.array_equal(np.asarray(p.data), b) for p, b in zip(model.parameters(), before))


# ----------------------------------------------------------------------------- optimisers


def test_a_diverging_sgd_run_stops_with_a_named_error_and_no_nan() -> None:
    model = nn.MLP(2, [4, 1], activation="tanh", seed=0)
    opt = nn.SGD(model, lr=1e6)
    X, y = [[0.5, -1.0], [1.0, 2.0]], [1.0, -1.0]
    with pytest.raises((OverflowError, ValueError)) as info:
        for _ in range(50):
            opt.zero_grad()
            nn.losses.mse([model(x) for x in X], y).backward()
            before = snapshot(model)
            opt.step()
    assert "layers." in str(info.value) or "overflow" in str(info.value)
    assert all(math.isfinite(p.data) for p in model.parameters())
    if "step" in str(info.value):
        assert unchanged(model, before)


@pytest.mark.parametrize("make", [lambda m: nn.SGD(m, lr=0.1), lambda m: nn.SGD(m, lr=0.1, momentum=0.9),
                                  lambda m: nn.Adam(m, lr=0.1)])
def test_a_non_finite_gradient_is_refused_naming_the_parameter(make: Any) -> None:
    model = nn.MLP(2, [3, 1], seed=1)
    opt = make(model)
    for p in model.parameters():
        p.grad = 0.5
    model.layers[1].neurons[0].w[2].grad = math.nan
    before = snapshot(model)
    state = {k: list(v) if isinstance(v, list) else v for k, v in vars(opt).items()}
    with pytest.raises(ValueError, match=r"layers\.1\.neurons\.0\.w\.2.*not finite.*no parameter"):
        opt.step()
    assert unchanged(model, before)
    assert {k: list(v) if isinstance(v, list) else v for k, v in vars(opt).items()} == state
    t = nn.Sequential(nn.Linear(2, 2))
    topt = make(t)
    for p in t.parameters():
        p.grad = np.ones_like(p.data)
    t.parameters()[1].grad[0] = np.inf
    tb = snapshot(t)
    with pytest.raises(ValueError, match=r"0\.bias"):
        topt.step()
    assert unchanged(t, tb)


class Slow:
    """A parameter whose writes are watched: the third write raises SIGINT (Ctrl-C) in the
    middle of the optimiser's update."""

    writes = 0

    def __init__(self, x: float) -> None:
        self._data, self.grad = x, 1.0

    @property
    def data(self) -> float:
        return self._data

    @data.setter
    def data(self, x: float) -> None:
        Slow.writes += 1
        if Slow.writes == 3:
            signal.raise_signal(signal.SIGINT)
        self._data = x


def test_ctrl_c_inside_a_step_applies_all_of_the_update_or_none() -> None:
    params = [Slow(float(i)) for i in range(6)]
    opt = nn.SGD(params, lr=0.5)
    with pytest.raises(KeyboardInterrupt):
        opt.step()
    assert [p.data for p in params] == [i - 0.5 for i in range(6)]  # all of it, then Ctrl-C


# ----------------------------------------------------------------------------- files


def saved(model: Any, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    path = tmp_path / "model.json"
    model.save(path)
    return path, json.loads(path.read_text())


@pytest.mark.parametrize("value,words", [
    (10**400, "too large"), (True, "boolean"), ("0.5", "number"), ([1.0], "number"),
])
def test_malformed_scalar_values_name_the_key_and_change_nothing(tmp_path: Path, value: Any,
                                                                 words: str) -> None:
    model = nn.MLP(2, [2, 1], seed=0)
    path, document = saved(model, tmp_path)
    key = next(iter(document["parameters"]))
    document["parameters"][key] = value
    path.write_text(json.dumps(document))
    before = snapshot(model)
    with pytest.raises(ValueError, match=rf"{key.replace('.', '[.]')}.*") as info:
        model.load(path)
    assert words in str(info.value) or "must be" in str(info.value)
    assert unchanged(model, before)


@pytest.mark.parametrize("bad,words", [
    ([[1e300, 0.0], [0.0, 0.0]], "out of range for float32"), ([[True, 0.0], [0.0, 0.0]], "boolean"),
    ([[10**400, 0.0], [0.0, 0.0]], "too large"),
])
def test_malformed_arrays_name_the_key_and_change_nothing(tmp_path: Path, bad: Any, words: str) -> None:
    model = nn.Sequential(nn.Linear(2, 2, dtype=np.float32))
    path, document = saved(model, tmp_path)
    document["parameters"]["0.weight"] = bad
    path.write_text(json.dumps(document))
    before = snapshot(model)
    with pytest.raises(ValueError, match=rf"'0.weight'.*{words}"):
        model.load(path)
    assert unchanged(model, before)


def test_a_callable_activation_loads_only_into_the_same_callable(tmp_path: Path) -> None:
    def soft(z: Any) -> Any:
        return z.softplus()

    model = nn.MLP(2, [2, 1], activation=soft, seed=0)
    path, _ = saved(model, tmp_path)
    nn.MLP(2, [2, 1], activation=soft, seed=1).load(path)  # the same function: fine
    with pytest.raises(ValueError, match="different architecture"):
        nn.MLP(2, [2, 1], activation=lambda z: z.tanh(), seed=1).load(path)
    seq = nn.Sequential(nn.Linear(2, 2), nn.Lambda(lambda t: t.tanh()))
    spath = tmp_path / "seq.json"
    seq.save(spath)
    with pytest.raises(ValueError, match="different architecture"):
        nn.Sequential(nn.Linear(2, 2), nn.Lambda(lambda t: t.sigmoid())).load(spath)


def test_saving_over_a_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text("{}")
    os.chmod(path, 0o600)
    nn.MLP(2, [1]).save(path)
    assert (os.stat(path).st_mode & 0o777) == 0o600


def test_a_save_removes_temporary_files_left_by_a_killed_save(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    pid = int(dead.stdout)
    orphan = tmp_path / f".model.json.{pid}.abc123.tmp"
    orphan.write_bytes(b"x" * 1000)
    mine = tmp_path / f".model.json.{os.getpid()}.def456.tmp"  # this process's own: left alone
    mine.write_bytes(b"y")
    nn.MLP(2, [1]).save(tmp_path / "model.json")
    assert not orphan.exists() and mine.exists()


def test_an_absurdly_large_file_is_refused_unread(tmp_path: Path) -> None:
    model = nn.MLP(2, [1])
    path, _ = saved(model, tmp_path)
    with pytest.raises(ValueError, match=r"more than max_bytes=100"):
        model.load(path, max_bytes=100)
    model.load(path)


# ----------------------------------------------------------------------------- empty batches


def test_mean_losses_on_an_empty_batch_are_value_errors() -> None:
    with pytest.raises(ValueError, match="cross_entropy: an empty batch"):
        ag.cross_entropy(Tensor(np.zeros((0, 3))), np.zeros(0, dtype=int))
    assert ag.cross_entropy(Tensor(np.zeros((0, 3))), np.zeros(0, dtype=int), reduction="sum").item() == 0.0
    for loss in ("mse", "mae"):
        with pytest.raises(ValueError, match=loss):
            getattr(nn.losses, loss)(Tensor(np.zeros((0,))), np.zeros(0))
    with pytest.raises(ValueError, match="empty"):
        nn.losses.cross_entropy(Tensor(np.zeros((0, 3))), np.zeros(0, dtype=int))
    with pytest.raises(ValueError):
        nn.losses.mse([], [])
    assert Value(1.0)  # the scalar engine is untouched by this
