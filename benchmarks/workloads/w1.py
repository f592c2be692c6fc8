"""W1, micrograd's demo step: MLP(2, [16, 16, 1]) with ReLU, 100 two-moons points (numpy,
seed 0), loss mean_i relu(1 - y_i s_i) + 1e-4 sum_p p^2, zero_grad, backward, SGD.

Every peer starts from the same weights and takes one step per round, so in every round all
peers must report the same loss (checked to 1e-9). A second group times the scalar peers with
the garbage collector on, as a user runs them.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from benchmarks.config import Config
from benchmarks.peers import moons
from benchmarks.results import Column, Group, Row, Section, median
from benchmarks.timing import alternate
from benchmarks.workloads.common import agreement, load_tasks, outputs, row

PEERS = {
    "edgegrad": "w1_edgegrad",
    "edgegrad nn": "w1_edgegrad_nn",
    "edgegrad Tensor": "w1_tensor",
    "edgegrad compiled": "w1_compiled",
    "edgegrad compiled/point": "w1_compiled_point",
    "micrograd": "w1_micrograd",
    "python": "w1_python",
    "numpy": "w1_numpy",
    "torch": "w1_torch",
}
"""Peer name -> module in ``benchmarks.peers``."""

SCALAR = ("edgegrad", "edgegrad nn", "edgegrad compiled", "edgegrad compiled/point", "micrograd",
          "python")
"""The scalar-at-a-time peers, timed again with the garbage collector on."""

TOL = 1e-9


COMPILED = ("edgegrad compiled", "edgegrad compiled/point")
"""The peers that run ``autograd.compile``d code; their setup records ``compile_seconds``."""


def _tasks(names: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    X, y = moons.make_moons()
    weights = moons.init_weights()
    return load_tasks(names, lambda peer: partial(peer.run_step, peer.setup(X, y, weights)))


def _group(title: str, order: dict[str, str], rounds: int, warmup: int, gc_enabled: bool,
           section: Section) -> Group:
    tasks, absent = _tasks(order)
    for name in COMPILED:
        if name in tasks:  # the time ag.compile took in setup: trace, generate, compile
            section.metrics[f"{name} compile s"] = tasks[name].args[0].compile_seconds
    runs = alternate(tasks, rounds, warmup, gc_enabled=gc_enabled)
    losses = outputs(runs)
    group = Group(title, "s", detail=f"median of {rounds} rounds after {warmup} warm-up",
                  columns=[Column("loss", "loss, step 1", "g"),
                           Column("cycles", "cyclic garbage", "objects")])
    for name in order:
        r = row(name, runs.get(name), absent,
                extra=lambda run: {"loss": run.outputs[0], "cycles": median(run.collected)})
        group.rows.append(r)
    section.checks.append(agreement(f"{title}: loss at every step, max spread across peers",
                                    losses, TOL))
    return group


def run(cfg: Config) -> Section:
    """Both groups, the loss agreement and the medians the targets read."""
    section = Section("W1", "micrograd's demo step: MLP(2,[16,16,1]) ReLU, 100 moons, hinge + L2, "
                            "zero_grad, backward, SGD")
    main = _group("gc off while timing", PEERS, cfg.rounds(7), cfg.warmup, False, section)
    section.groups.append(main)
    scalar = {name: PEERS[name] for name in SCALAR}
    # micrograd takes ~1 s a step with the collector on: one round is enough for a smoke run
    rounds, warmup = (1, 0) if cfg.quick else (cfg.rounds(5), cfg.warmup)
    gc_on = _group("gc on (Python's default)", scalar, rounds, warmup, True, section)
    section.groups.append(gc_on)
    for r in main.rows:
        section.metrics[r.peer] = r.value
    compile_times = Group("ag.compile, once per argument structure", "s", header="time",
                          detail="trace + generate + compile, in setup", ratios=False)
    for name in COMPILED:
        seconds = section.metrics.get(f"{name} compile s")
        compile_times.rows.append(Row(name, value=seconds) if seconds is not None else
                                  Row(name, status="absent"))
    section.groups.append(compile_times)
    for r in gc_on.rows:
        section.metrics[f"{r.peer} gc on"] = r.value
    section.notes += [
        "edgegrad: one autograd.dot(w, a, bias=b) node per neuron, one autograd.sum over the "
        "hinges, L2 as one autograd.dot(params, params); micrograd: its own nn.MLP and demo loss.",
        "edgegrad compiled: ag.compile(ag.value_and_grad(loss)) of the loss as a function of "
        "(params, X, y): one generated program for the whole batch (one point's block rolled "
        "into a loop over the points), no Value objects at run time; compiled/point: one program "
        "for one point's loss and gradient, "
        "called per point by a Python loop that sums the gradients.",
        "python: floats and hand-written backprop, no graph (the lower bound for "
        "scalar-at-a-time Python); numpy and torch: batched float64, for reference.",
        "cyclic garbage: objects the untimed gc.collect() after a step frees (micrograd's nodes "
        "and closures form cycles; edgegrad's graph is freed by reference counting inside the "
        "step, so its time is counted).",
    ]
    return section
