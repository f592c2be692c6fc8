"""Helpers the workloads share: loading peers, turning timed rounds into rows, checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from benchmarks.peers import load
from benchmarks.results import Check, Row, max_spread, median
from benchmarks.timing import Runs

Task = Callable[[], Any]


def load_tasks(peers: dict[str, str], make: Callable[[Any], Task]) -> tuple[dict[str, Task], dict[str, str]]:
    """For each peer name -> module in ``benchmarks.peers``: a task ``make(module)``, or its
    "absent: ..." status when the module cannot be imported (engine missing or not written)."""
    tasks: dict[str, Task] = {}
    absent: dict[str, str] = {}
    for name, module_name in peers.items():
        module, status = load(module_name)
        if module is None:
            absent[name] = status
        else:
            tasks[name] = make(module)
    return tasks, absent


def probe(setups: dict[str, Callable[[], Any]]) -> tuple[dict[str, Any], dict[str, str]]:
    """Run each setup; an ImportError marks the peer absent (its engine is not installed)."""
    states: dict[str, Any] = {}
    absent: dict[str, str] = {}
    for name, setup in setups.items():
        try:
            states[name] = setup()
        except ImportError as error:
            absent[name] = f"absent: {error}"
    return states, absent


def row(name: str, run: Runs | None, absent: dict[str, str],
        value: Callable[[Runs], float | None] | None = None,
        extra: Callable[[Runs], dict[str, Any]] | None = None) -> Row:
    """The row of one peer: absent, failing, or its median ``value`` (default: the median wall
    time) with ``extra`` columns (default: the cyclic garbage a call leaves, in objects)."""
    if name in absent:
        return Row(name, status=absent[name])
    if run is None:
        return Row(name, status="skipped")
    if run.error is not None:
        return Row(name, status=f"fails: {run.error}")
    if not run.seconds:
        return Row(name, status="skipped: no timed rounds")
    got = median(run.seconds) if value is None else value(run)
    cols = {"cycles": median(run.collected)} if extra is None else extra(run)
    return Row(name, value=got, samples=list(run.seconds), extra=cols)


def agreement(name: str, per_peer: dict[str, list[float]], tol: float) -> Check:
    """Largest spread across peers of the k-th output, over every k all peers produced."""
    peers = [p for p, xs in per_peer.items() if xs]
    rounds = min((len(per_peer[p]) for p in peers), default=0)
    spread = max((max_spread([per_peer[p][k] for p in peers]) for k in range(rounds)), default=0.0)
    return Check(name, spread, tol, peers)


def outputs(runs: dict[str, Runs], pick: Callable[[Any], Any] = lambda out: out) -> dict[str, list[Any]]:
    """Per peer that did not fail, ``pick`` of each of its outputs."""
    return {name: [pick(o) for o in run.outputs] for name, run in runs.items() if run.error is None}


def max_abs_diff(a: Iterable[float], b: Iterable[float]) -> float:
    """max_i |a_i - b_i|."""
    return max((abs(x - y) for x, y in zip(a, b, strict=True)), default=0.0)
