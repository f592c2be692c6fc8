"""INF, the fast path for inference: the W1 model's scores over a 100 x 100 grid (a decision
boundary picture), recording graphs as in training against ``autograd.no_grad()``.

Under ``no_grad`` an operation makes a leaf: it records no inputs and no local derivatives,
and the point's graph is never built. Every peer must give the same 10,000 scores (to 1e-9).
micrograd has no such mode and is left out: its recorded graphs are cyclic garbage, millions
of nodes for the grid, that the gc-off policy would let pile up.
"""

from __future__ import annotations

from functools import partial

from benchmarks.config import Config
from benchmarks.peers import moons
from benchmarks.results import Check, Group, Row, Section, ratio
from benchmarks.timing import alternate
from benchmarks.workloads.common import load_tasks, outputs, row

PEERS = {
    "edgegrad recording": ("w1_edgegrad", "predict"),
    "edgegrad no_grad": ("w1_edgegrad", "predict_no_grad"),
    "edgegrad nn recording": ("w1_edgegrad_nn", "predict"),
    "edgegrad nn no_grad": ("w1_edgegrad_nn", "predict_no_grad"),
    "edgegrad Tensor no_grad": ("w1_tensor", "predict"),
    "python": ("w1_python", "predict"),
    "numpy": ("w1_numpy", "predict"),
    "torch no_grad": ("w1_torch", "predict"),
}
"""Peer name -> (module in ``benchmarks.peers``, its prediction function)."""


def run(cfg: Config) -> Section:
    """One group; metrics: each peer's median and "no_grad speedup" (recording / no_grad)."""
    side = cfg.size(100, 20)
    grid = moons.make_grid(side)
    X, y = moons.make_moons()
    weights = moons.init_weights()
    tasks, absent = {}, {}
    for name, (module, fn) in PEERS.items():
        got, missing = load_tasks(
            {name: module}, lambda peer, fn=fn: partial(getattr(peer, fn), peer.setup(X, y, weights), grid)
        )
        tasks.update(got)
        absent.update(missing)
    rounds = cfg.rounds(5)
    runs = alternate(tasks, rounds, cfg.warmup)
    section = Section("INF", f"inference fast path: W1 model's scores on a {side}x{side} grid, "
                             "recording vs autograd.no_grad()")
    group = Group(f"{side * side:,} points", "s",
                  detail=f"median of {rounds} rounds after {cfg.warmup} warm-up")
    for name in PEERS:
        r = row(name, runs.get(name), absent, extra=lambda run: {})
        group.rows.append(r)
        section.metrics[name] = r.value
    group.rows.append(Row("micrograd", status="skipped: no inference mode (see note)"))
    section.groups.append(group)
    section.metrics["no_grad speedup"] = ratio(section.metrics.get("edgegrad recording"),
                                               section.metrics.get("edgegrad no_grad"))
    scores = {name: outs[-1] for name, outs in outputs(runs).items() if outs}
    if scores:
        columns = list(zip(*scores.values()))
        spread = max(max(c) - min(c) for c in columns)
        section.checks.append(Check("scores, max spread across peers over the grid", spread, 1e-9,
                                    sorted(scores)))
    speedup = section.metrics["no_grad speedup"]
    if speedup is not None:
        section.notes.append(f"edgegrad: recording takes {speedup:.2f}x the time of no_grad.")
    section.notes.append("micrograd has no no_grad; its graphs are cyclic (closures), so a "
                         "recorded grid is millions of nodes of garbage for the collector.")
    return section
