"""Tests for benchmarks/: the quick run produces the table with every workload, and the peers
agree numerically. No test asserts a time.

The harness runs once, as ``python -m benchmarks --quick --json PATH`` in a subprocess (as
``make bench`` runs it, with its own thread settings); the assertions read its table and JSON.
Parts that need micrograd or PyTorch check those peers only when they are installed.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("W1", "W2", "W3", "W4", "MEM", "CG", "INF")
HAS_TORCH = importlib.util.find_spec("torch") is not None
HAS_MICROGRAD = importlib.util.find_spec("micrograd") is not None


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    """(printed table, JSON results) of one quick run."""
    out = tmp_path_factory.mktemp("bench") / "quick.json"
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"quick run failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout, json.loads(out.read_text())


def section(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(s for s in data["sections"] if s["key"] == key)


def rows(group: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["peer"]: r for r in group["rows"]}


def expected_peers(*always: str) -> list[str]:
    """The peers that must have run: ``always`` plus micrograd and torch when installed."""
    return [*always, *(["micrograd"] if HAS_MICROGRAD else []), *(["torch"] if HAS_TORCH else [])]


def test_table_has_every_workload_and_the_targets(quick: tuple[str, dict[str, Any]]) -> None:
    table, data = quick
    for key in SECTIONS:
        assert f"== {key} " in table
    assert "== Targets" in table
    assert [s["key"] for s in data["sections"]] == list(SECTIONS)
    assert {"date", "machine", "python", "versions", "threads", "gc policy", "malloc"} <= set(data["meta"])
    assert all("met" in t and "measured" in t for t in data["targets"])


def test_every_agreement_check_passes(quick: tuple[str, dict[str, Any]]) -> None:
    _, data = quick
    checks = [c for s in data["sections"] for c in s["checks"]]
    assert checks
    assert [c["name"] for c in checks if not c["ok"]] == []


def test_w1_peers_report_the_same_loss(quick: tuple[str, dict[str, Any]]) -> None:
    _, data = quick
    w1 = section(data, "W1")
    main = rows(w1["groups"][0])
    peers = expected_peers("edgegrad", "python", "numpy")
    for peer in peers:
        assert main[peer]["status"] == "ok", main[peer]
    losses = [main[p]["extra"]["loss"] for p in peers]
    assert max(losses) - min(losses) <= 1e-9
    every_step = w1["checks"][0]
    assert set(peers) <= set(every_step["peers"]) and every_step["max_diff"] <= 1e-9


@pytest.mark.skipif(HAS_TORCH, reason="PyTorch is installed")
def test_torch_is_listed_as_absent(quick: tuple[str, dict[str, Any]]) -> None:
    _, data = quick
    assert rows(section(data, "W1")["groups"][0])["torch"]["status"].startswith("absent")


def test_w2_chain_gradient_agrees_and_micrograd_fails(quick: tuple[str, dict[str, Any]]) -> None:
    _, data = quick
    w2 = section(data, "W2")
    agree = [c for c in w2["checks"] if "vs pure Python" in c["name"]]
    assert agree and all(c["ok"] for c in agree)
    assert set(expected_peers("edgegrad")) - {"micrograd"} <= set(agree[0]["peers"])
    if HAS_MICROGRAD:
        first = rows(w2["groups"][0])["micrograd"]
        assert first["status"].startswith("fails: RecursionError")


def test_memory_and_cheap_gradient_are_measured(quick: tuple[str, dict[str, Any]]) -> None:
    _, data = quick
    mem = section(data, "MEM")["metrics"]
    assert mem["edgegrad B/node"] > 0 and mem["edgegrad ns/node"] > 0
    cg = section(data, "CG")["metrics"]
    assert cg["edgegrad forward"] > 0 and cg["edgegrad reverse"] > 0
    assert section(data, "INF")["metrics"]["no_grad speedup"] is not None


def test_alternate_rotates_peers_and_keeps_failures() -> None:
    from benchmarks.timing import alternate

    calls: list[str] = []

    def task(name: str) -> Any:
        def call() -> str:
            calls.append(name)
            if name == "c" and calls.count("c") == 2:
                raise RecursionError("too deep")
            return name
        return call

    runs = alternate({n: task(n) for n in "abc"}, repeats=2, warmup=1)
    assert calls == ["a", "b", "c", "b", "c", "a", "a", "b"]
    assert len(runs["a"].seconds) == 2 and runs["a"].outputs == ["a"] * 3
    assert runs["c"].error is not None and runs["c"].error.startswith("RecursionError")


def test_fmt_scales_units() -> None:
    from benchmarks.table import fmt

    assert fmt(0.0123, "s") == "12.3 ms"
    assert fmt(2.5e-6, "s") == "2.5 us"
    assert fmt(1234.4, "B/node") == "1,234 B/node"
    assert fmt(None, "s") == "-"


BLOCKED = """
import runpy, sys
for name in ("torch", "micrograd"):
    sys.modules[name] = None  # import raises ImportError, as when not installed
sys.argv = ["benchmarks", "--quick", "--only", "W1,W2,W3,MEM"]
runpy.run_module("benchmarks", run_name="__main__")
"""


def test_missing_engines_are_listed_as_absent() -> None:
    proc = subprocess.run([sys.executable, "-c", BLOCKED], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    for peer in ("micrograd", "torch"):
        assert f"{peer}: absent" in proc.stdout
    assert "edgegrad: absent" not in proc.stdout


FAULTS = """
import resource, sys
import numpy as np
from benchmarks.allocator import STEADY, hold_steady
from benchmarks.peers import w4_numpy
done = hold_steady() if sys.argv[1] == "steady" else "dynamic"
state = w4_numpy.setup(np.float64)
for _ in range(5):
    w4_numpy.run_step(state)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):
    w4_numpy.run_step(state)
print(done == STEADY, (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 20)
"""


def faults_per_step(mode: str) -> tuple[bool, float]:
    """(whether glibc's thresholds were held, page faults per float64 W4 numpy step) in a
    fresh process."""
    proc = subprocess.run([sys.executable, "-c", FAULTS, mode], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    held, faults = proc.stdout.split()
    return held == "True", float(faults)


def test_the_allocator_held_steady_spares_every_peer_the_page_faults_of_trimming() -> None:
    """Fresh processes, the W4 float64 step allocating and freeing 0.8 MB arrays: with glibc's
    thresholds held (``benchmarks.allocator``, what every run does by default) a step faults in
    no page; with glibc's dynamic thresholds it may fault in hundreds (360 on the project's
    machine), which is what the benchmark stops measuring."""
    held, faults = faults_per_step("steady")
    if not held:
        pytest.skip("not glibc: the allocator is left alone")
    assert faults < 2.0
    dynamic = faults_per_step("dynamic")[1]
    assert dynamic >= faults  # usually hundreds; never fewer than when held


def test_a_measurement_across_layouts_merges_the_rounds_of_fresh_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """W4's full-run path (``benchmarks.layouts``) on two layouts of two rounds, called from
    another working directory (as ``python benchmarks/run.py`` may be): each peer's rounds from
    both processes, in order; each fresh process replays the same steps from the same weights,
    so its losses repeat the other's; and the peers agree."""
    from benchmarks.layouts import across_layouts

    monkeypatch.chdir(tmp_path)

    result = across_layouts("benchmarks.workloads.w4:measure", [["float32"], 2, 0], layouts=2)
    runs = result["groups"]["float32"]
    assert set(runs) | set(result["absent"]) == {"edgegrad Tensor", "numpy", "torch"}
    for peer, run in runs.items():
        assert run.error is None, peer
        assert len(run.seconds) == 4 and len(run.outputs) == 4
        assert run.outputs[:2] == run.outputs[2:]
        assert run.outputs[1] < run.outputs[0]  # an SGD step lowers the loss
    assert abs(runs["edgegrad Tensor"].outputs[0] - runs["numpy"].outputs[0]) < 1e-4
