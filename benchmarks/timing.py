"""How every peer is timed: the garbage-collector policy and alternating rounds.

GC policy (the same for every peer): Python's cyclic garbage collector is *disabled while a
call is timed*, and ``gc.collect()`` runs, untimed, before and after each call; the number of
objects the collection after a call frees (cyclic garbage the call left) is kept. Reference
counting still frees acyclic garbage inside the timed call (edgegrad's graphs, plain floats);
cyclic garbage (micrograd's nodes, whose ``_backward`` closures point back at them) waits for
the collection after the call. Before the rounds, ``gc.freeze()`` moves every object alive
(the imported libraries, the peers' states) out of the collector's sight, so a collection
costs what the peer's own objects cost, not what importing torch added to the heap.

Without this policy micrograd's step is dominated by collections the allocation count
triggers (W1: ~0.65 s per step instead of ~0.13 s, and 1.3-1.6 s when torch's objects are in
the heap too) and every timing depends on the heap left by the previous peer. W1 also reports
a group timed with the collector on (after the same ``gc.freeze()``), as a user would run it.

Rounds: after ``warmup`` rounds, each of ``repeats`` rounds calls every peer once, starting
from a different peer each round (A B C, B C A, C A B ...), so slow drifts of the machine hit
all peers alike; a peer's result is the median over its rounds. A peer that raises is timed no
further; its error is kept.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

GC_POLICY = ("gc disabled while timing, gc.collect() untimed before and after each call, "
             "gc.freeze() before the rounds; W1 also timed with gc on")


@dataclass
class Runs:
    """One peer's rounds: wall times and objects collected after the calls past the warm-up,
    and all outputs."""

    seconds: list[float] = field(default_factory=list)
    collected: list[int] = field(default_factory=list)
    outputs: list[Any] = field(default_factory=list)
    error: str | None = None


def timed_call(fn: Callable[[], Any], gc_enabled: bool = False) -> tuple[float, int, Any]:
    """(seconds of ``fn()``, objects the gc.collect() after it freed, its result), under the
    policy above; with ``gc_enabled`` the collector stays on while timing (Python's default)."""
    gc.collect()
    was_enabled = gc.isenabled()
    if not gc_enabled:
        gc.disable()
    try:
        start = perf_counter()
        out = fn()
        seconds = perf_counter() - start
    finally:
        if was_enabled:
            gc.enable()
    return seconds, gc.collect(), out


def alternate(tasks: dict[str, Callable[[], Any]], repeats: int, warmup: int = 1,
              gc_enabled: bool = False) -> dict[str, Runs]:
    """Call every task once per round for ``warmup + repeats`` rounds, rotating who goes first;
    keep times from the rounds after the warm-up and every output (for agreement checks)."""
    names = list(tasks)
    runs = {name: Runs() for name in names}
    gc.collect()
    gc.freeze()
    try:
        _rounds(tasks, runs, repeats, warmup, gc_enabled)
    finally:
        gc.unfreeze()
    return runs


def _rounds(tasks: dict[str, Callable[[], Any]], runs: dict[str, Runs], repeats: int, warmup: int,
            gc_enabled: bool) -> None:
    names = list(tasks)
    for round_ in range(warmup + repeats):
        k = round_ % len(names) if names else 0
        for name in names[k:] + names[:k]:
            run = runs[name]
            if run.error is not None:
                continue
            try:
                seconds, collected, out = timed_call(tasks[name], gc_enabled)
            except (Exception, RecursionError) as error:  # a failing peer is a result, not a crash
                run.error = f"{type(error).__name__}: {error}"[:120]
                gc.collect()
                continue
            run.outputs.append(out)
            if round_ >= warmup:
                run.seconds.append(seconds)
                run.collected.append(collected)
