"""W3, a wide graph: s = sum_i w_i x_i over n = 10,000 products, forward and backward, built
as one n-ary ``sum`` node, as Python's left fold (n binary additions) and as one ``dot`` node.

Every peer must give the same s (to 1e-9) and ds/dw_i = x_i exactly.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from benchmarks.config import Config
from benchmarks.peers.w3_wide import PEERS
from benchmarks.results import Check, Column, Group, Section, median
from benchmarks.timing import Runs, alternate
from benchmarks.workloads.common import max_abs_diff, probe, row

N = 10_000


def _phase(run: Runs, phase: int) -> float | None:
    return median([out[phase] for out in run.outputs[-len(run.seconds):]])


def run(cfg: Config) -> Section:
    """One group; metrics: each peer's forward + backward seconds."""
    rng = np.random.default_rng(0)
    w, x = rng.uniform(-1.0, 1.0, size=(2, N)).tolist()
    states, absent = probe({name: partial(setup, w, x) for name, (setup, _) in PEERS.items()})
    tasks = {name: partial(PEERS[name][1], state) for name, state in states.items()}
    rounds = cfg.rounds(7)
    runs = alternate(tasks, rounds, cfg.warmup)
    section = Section("W3", f"wide: s = sum of {N:,} products w_i * x_i, forward + backward")
    group = Group(f"n = {N:,}", "s", header="fwd+bwd",
                  detail=f"median of {rounds} rounds after {cfg.warmup} warm-up",
                  columns=[Column("fwd", "forward", "s"), Column("bwd", "backward", "s")])
    for name in PEERS:
        r = row(name, runs.get(name), absent,
                value=lambda run: median([o[0] + o[1] for o in run.outputs[-len(run.seconds):]]),
                extra=lambda run: {"fwd": _phase(run, 0), "bwd": _phase(run, 1)})
        group.rows.append(r)
        section.metrics[name] = r.value
    section.groups.append(group)
    done = {name: run.outputs[-1] for name, run in runs.items() if run.error is None and run.outputs}
    if done:
        sums = [out[2] for out in done.values()]
        section.checks.append(Check("s, max spread across peers", max(sums) - min(sums), 1e-9,
                                    sorted(done)))
        section.checks.append(Check("ds/dw_i vs x_i, max |difference| over i and peers",
                                    max(max_abs_diff(out[3], x) for out in done.values()), 0.0,
                                    sorted(done)))
    section.notes += [
        "sum: n product nodes + one n-ary sum node (n + 1 nodes); fold: Python's sum(), n "
        "product nodes + n binary additions, a chain n deep; dot: one node with 2n input edges.",
        "micrograd has no n-ary node; its recursive sort needs ~n frames, beyond Python's "
        "default limit of 1000.",
    ]
    return section
