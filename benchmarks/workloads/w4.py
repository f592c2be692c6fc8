"""W4, a tensor MLP step: 784-128-64-10, ReLU, softmax cross-entropy, batch 64, SGD, in
float32 and in float64: edgegrad's Tensor engine against hand-written numpy and PyTorch.

All peers start from the same weights (drawn in float64, then cast) and must report the same
loss every step: to 1e-9 in float64, 1e-4 in float32. BLAS and torch run on one thread. A full
run measures in several fresh processes, each with its own heap layout (``benchmarks.layouts``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from benchmarks.config import Config
from benchmarks.layouts import LAYOUTS, across_layouts
from benchmarks.results import Column, Group, Section
from benchmarks.timing import alternate
from benchmarks.workloads.common import agreement, load_tasks, outputs, row

PEERS = {"edgegrad Tensor": "w4_tensor", "numpy": "w4_numpy", "torch": "w4_torch"}
"""Peer name -> module in ``benchmarks.peers``."""

DTYPES = ((np.float32, 1e-4), (np.float64, 1e-9))
"""Each dtype and the loss agreement it must reach."""


def measure(dtypes: list[str], rounds: int, warmup: int) -> dict[str, Any]:
    """In this process, for each dtype: every peer's step alternating; {"groups": {dtype:
    {peer: Runs}}, "absent": {peer: status}} (what ``benchmarks.layouts`` merges)."""
    groups: dict[str, Any] = {}
    absent: dict[str, str] = {}
    for name in dtypes:
        dtype = np.dtype(name).type
        tasks, absent = load_tasks(PEERS, lambda peer, dtype=dtype: partial(peer.run_step, peer.setup(dtype)))
        groups[name] = alternate(tasks, rounds, warmup)
    return {"groups": groups, "absent": absent}


def run(cfg: Config) -> Section:
    """One group per dtype; metrics: "<peer> <dtype>" medians. A full run measures in
    ``LAYOUTS`` fresh processes (``benchmarks.layouts``), a quick one in this process."""
    section = Section("W4", "tensor MLP step 784-128-64-10, ReLU, softmax cross-entropy, batch 64, "
                            "SGD")
    rounds = cfg.rounds(21)
    names = [np.dtype(dtype).name for dtype, _ in DTYPES]
    layouts = 1 if cfg.quick else LAYOUTS
    if layouts == 1:
        result = measure(names, rounds, cfg.warmup)
    else:
        result = across_layouts("benchmarks.workloads.w4:measure", [names, rounds, cfg.warmup], layouts)
    absent = result["absent"]
    for (_, tol), name in zip(DTYPES, names):
        runs = result["groups"].get(name, {})
        detail = f"median of {rounds} rounds after {cfg.warmup} warm-up" + (
            f", in each of {layouts} fresh processes (heap layouts)" if layouts > 1 else "")
        group = Group(name, "s", detail=detail, columns=[Column("loss", "loss, step 1", "g")])
        for peer in PEERS:
            r = row(peer, runs.get(peer), absent, extra=lambda run: {"loss": run.outputs[0]})
            group.rows.append(r)
            section.metrics[f"{peer} {name}"] = r.value
        section.groups.append(group)
        section.checks.append(agreement(f"{name}: loss at every step, max spread across peers",
                                        outputs(runs), tol))
    section.notes.append("numpy: hand-written forward and backward (the lower bound); torch: "
                         "autograd and F.cross_entropy. One BLAS/OpenMP thread.")
    return section
