"""CG, the cheap gradient principle on W1: the time of one reverse sweep over the time of the
forward pass that built the graph (target: <= 1), and one forward-mode sweep over one reverse
sweep (forward mode pays per input: one sweep gives one directional derivative, here
dL/dp_0, where one reverse sweep gives all 337).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from benchmarks.config import Config
from benchmarks.peers import moons, w1_phases
from benchmarks.results import Check, Column, Group, Section, median, ratio
from benchmarks.timing import Runs, alternate
from benchmarks.workloads.common import load_tasks, row

PEERS = {"edgegrad": ("w1_edgegrad", w1_phases.edgegrad),
         "edgegrad nn": ("w1_edgegrad_nn", w1_phases.edgegrad_nn),
         "micrograd": ("w1_micrograd", w1_phases.micrograd),
         "torch": ("w1_torch", w1_phases.torch)}
"""Peer name -> (module in ``benchmarks.peers``, its phases function)."""


def _phase(run: Runs, key: str) -> float | None:
    values = [out[key] for out in run.outputs[-len(run.seconds):] if key in out]
    return median(values) if values else None


def _extra(run: Runs) -> dict[str, Any]:
    forward, reverse, fsweep = (_phase(run, k) for k in ("forward", "reverse", "fsweep"))
    return {"forward": forward, "reverse": reverse, "fsweep": fsweep,
            "fsweep/reverse": ratio(fsweep, reverse), "topo": _phase(run, "topo"),
            "nodes": _phase(run, "nodes")}


def run(cfg: Config) -> Section:
    """One group; metrics "<peer> forward" and "<peer> reverse" (median seconds)."""
    X, y = moons.make_moons()
    weights = moons.init_weights()
    tasks, absent = load_tasks({name: module for name, (module, _) in PEERS.items()},
                               lambda peer: peer.setup(X, y, weights))
    tasks = {name: partial(PEERS[name][1], state) for name, state in tasks.items()}
    rounds = cfg.rounds(7)
    runs = alternate(tasks, rounds, cfg.warmup)
    section = Section("CG", "cheap gradient on W1's loss: reverse sweep / forward pass, forward "
                            "sweep / reverse sweep")
    group = Group("W1 loss graph", "x", header="reverse/fwd", ratios=False,
                  detail=f"medians of {rounds} rounds after {cfg.warmup} warm-up",
                  columns=[Column("forward", "forward pass", "s"), Column("reverse", "reverse sweep", "s"),
                           Column("fsweep", "forward sweep", "s"),
                           Column("fsweep/reverse", "fwd sweep/reverse", "x"),
                           Column("topo", "of which topo order", "s"), Column("nodes", "nodes", "")])
    for name in PEERS:
        r = row(name, runs.get(name), absent,
                value=lambda run: ratio(_phase(run, "reverse"), _phase(run, "forward")), extra=_extra)
        group.rows.append(r)
        section.metrics[f"{name} forward"] = r.extra.get("forward")  # type: ignore[assignment]
        section.metrics[f"{name} reverse"] = r.extra.get("reverse")  # type: ignore[assignment]
    section.groups.append(group)
    last = {name: run.outputs[-1] for name, run in runs.items() if run.error is None and run.outputs}
    for key, what in (("loss", "loss"), ("grad", "dL/dp_0 by reverse sweep")):
        values = [out[key] for out in last.values()]
        if values:
            section.checks.append(Check(f"{what}, max spread across peers", max(values) - min(values),
                                        1e-9, sorted(last)))
    for name, out in last.items():
        if "tangent" in out:
            section.checks.append(Check(f"{name}: dL/dp_0 forward sweep vs reverse sweep",
                                        abs(out["tangent"] - out["grad"]), 1e-12, [name]))
    section.notes += [
        "reverse sweep: backward() (topological order, pull-back, accumulation into .grad); "
        "forward sweep: autograd.forward_sweep(loss, wrt=p_0) (its own topological order, "
        "tangents of every node). 'of which topo order': topological_order(loss) alone.",
    ]
    return section
