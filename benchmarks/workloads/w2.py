"""W2, the deep chain y <- 1.0001 y + 0.001 for N = 1e3, 1e4, 1e5, 1e6: forward and backward
time per link (one link = one multiply and one add), and whether each peer survives.

A peer that fails at some N (micrograd's recursive sort raises RecursionError from N ~ 500)
is not run at larger N. Every engine's dy_N/dx must equal the pure-Python product exactly,
and that product 1.0001**N up to N roundings.
"""

from __future__ import annotations

import math
from functools import partial

from benchmarks.config import Config
from benchmarks.peers.w2_chain import CHAINS, python_chain
from benchmarks.results import Check, Column, Group, Row, Section, median
from benchmarks.timing import Runs, alternate
from benchmarks.workloads.common import probe

TORCH_MAX = 100_000
"""Largest N torch runs at: its ~15 us per link would make the 1e6 rounds take minutes."""


def _per_link(run: Runs, n: int, phase: int) -> float | None:
    return median([out[phase] / n * 1e9 for out in run.outputs[-len(run.seconds):]])


def _total(run: Runs, n: int) -> float | None:
    return median([(out[0] + out[1]) / n * 1e9 for out in run.outputs[-len(run.seconds):]])


def _exp(n: int) -> str:
    return f"1e{round(math.log10(n))}"


def run(cfg: Config) -> Section:
    """One group per N; metrics: edgegrad's ns/link at each N and whether 1e6 ran."""
    ns = (1_000, 10_000) if cfg.quick else (1_000, 10_000, 100_000, 1_000_000)
    section = Section("W2", "deep chain y <- y * 1.0001 + 0.001, then dy/dx: time per link, survival")
    _, absent = probe({name: partial(chain, 1) for name, chain in CHAINS.items()})
    failed: dict[str, tuple[int, str]] = {}
    grads: dict[str, float] = {}
    for n in ns:
        rounds = cfg.rounds(5)
        tasks = {name: partial(chain, n) for name, chain in CHAINS.items()
                 if name not in absent and name not in failed and not (name == "torch" and n > TORCH_MAX)}
        runs = alternate(tasks, rounds, cfg.warmup)
        group = Group(f"N = {n:,}", "ns/link", header="fwd+bwd", detail=f"median of {rounds} rounds "
                      f"after {cfg.warmup} warm-up",
                      columns=[Column("fwd", "forward", "ns/link"), Column("bwd", "backward", "ns/link"),
                               Column("total", "N links", "s")])
        for name in CHAINS:
            run = runs.get(name)
            if name in absent:
                group.rows.append(Row(name, status=absent[name]))
            elif name in failed:
                at, error = failed[name]
                group.rows.append(Row(name, status=f"fails: {error} (from N = {at:,})"))
            elif run is None:
                group.rows.append(Row(name, status=f"skipped: not run above N = {TORCH_MAX:,} "
                                                   "(time budget)"))
            elif run.error is not None:
                failed[name] = (n, run.error.split(":")[0])
                group.rows.append(Row(name, status=f"fails: {run.error}"))
            else:
                value = _total(run, n)
                group.rows.append(Row(name, value=value, samples=list(run.seconds), extra={
                    "fwd": _per_link(run, n, 0), "bwd": _per_link(run, n, 1),
                    "total": None if value is None else value * n * 1e-9}))
                grads[name] = run.outputs[-1][2]
        section.groups.append(group)
        _checks(section, n, grads)
        grads.clear()
        edge = group.row("edgegrad")
        section.metrics[f"edgegrad {_exp(n)} ns/link"] = edge.value if edge else None
    if ns[-1] == 1_000_000:
        edge = section.groups[-1].row("edgegrad")
        seconds = edge.extra["total"] if edge is not None and edge.ok else None
        section.metrics["edgegrad 1e6 runs"] = 0.0 if seconds is None else 1.0
        section.metrics["edgegrad 1e6 seconds"] = seconds  # type: ignore[assignment]
    section.notes += [
        "A link is y * 1.0001 + 0.001: two operations; edgegrad records two one-input nodes "
        "(the numbers are their parameters), micrograd two nodes and two constant leaves. "
        "forward/backward: ns per link, medians; fwd+bwd is what the ratios compare.",
        "micrograd runs under Python's default recursion limit (1000), as its users do.",
    ]
    return section


def _checks(section: Section, n: int, grads: dict[str, float]) -> None:
    """Every engine's derivative equals python's; python's is 1.0001**N to N roundings."""
    reference = python_chain(n)[2]
    if len(grads) > 1:
        spread = max(abs(g - reference) / reference for g in grads.values())
        section.checks.append(Check(f"N = {n:,}: dy/dx vs pure Python, max relative difference",
                                    spread, 1e-12, sorted(grads)))
    closed = 1.0001**n
    section.checks.append(Check(f"N = {n:,}: pure-Python dy/dx vs 1.0001**N, relative",
                                abs(reference - closed) / closed, 4 * n * 2.0**-52, ["python"]))
