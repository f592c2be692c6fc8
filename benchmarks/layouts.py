"""One measurement over several heap layouts: repeated in fresh processes, each of which sets
aside a different amount of memory first, and the rounds of all of them merged.

Where numpy's arrays land in the heap moves a step's time by up to ±10% (cache sets and
alignment the BLAS kernels see), the same for every peer in a process but not the same in two
processes: one process's ratio between two peers reads its layout as much as the peers. W4 runs
``LAYOUTS`` processes, the i-th after setting aside i * ``PAD`` bytes, so its medians are
over layouts as well as rounds. The child processes inherit the run's thread variables
(``benchmarks.threads``) and hold the allocator as the run does (``benchmarks.allocator``,
``EDGEGRAD_BENCH_MALLOC``).

Child: ``python -m benchmarks.layouts module:function JSON-ARGS PAD`` prints, as one JSON line,
what ``function(*args)`` returns: {"groups": {group: {peer: Runs}}, "absent": {peer: status}}.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.timing import Runs

LAYOUTS = 5
"""Fresh processes per measurement in a full run."""

PAD = 37_000
"""Bytes set aside before measuring, per layout index (0, 37 kB, 74 kB ...)."""

ROOT = Path(__file__).resolve().parents[1]
"""The repository's root: the children import ``benchmarks`` and the engine from there, as the
entry points do, whatever the caller's working directory."""

MALLOC = "EDGEGRAD_BENCH_MALLOC"
"""Environment variable carrying the run's ``--malloc`` choice to the child processes."""


def across_layouts(target: str, args: list[Any], layouts: int = LAYOUTS) -> dict[str, Any]:
    """``target`` ("module:function") called with ``args`` in ``layouts`` fresh processes;
    {"groups": {group: {peer: Runs}}, "absent": {...}} with each peer's rounds (times, collected
    objects, outputs) concatenated in layout order and its first error kept."""
    groups: dict[str, dict[str, Runs]] = {}
    absent: dict[str, str] = {}
    for i in range(layouts):
        result = _in_child(target, args, i * PAD)
        absent.update(result["absent"])
        for group, peers in result["groups"].items():
            for peer, r in peers.items():
                run = groups.setdefault(group, {}).setdefault(peer, Runs())
                run.seconds += r["seconds"]
                run.collected += r["collected"]
                run.outputs += r["outputs"]
                run.error = run.error or r["error"]
    return {"groups": groups, "absent": absent}


def _in_child(target: str, args: list[Any], pad: int) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "benchmarks.layouts", target, json.dumps(args), str(pad)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f"{target} in a fresh process (pad {pad} B) failed:\n{proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    return result


def child(target: str, args: str, pad: str) -> None:
    """Set ``pad`` bytes aside, hold the allocator as the run does, call the target, print
    its result as one JSON line."""
    reserve = bytearray(int(pad) + 1)  # kept alive: every later allocation lands past it
    if os.environ.get(MALLOC, "steady") == "steady":
        from benchmarks.allocator import hold_steady

        hold_steady()
    module, function = target.split(":")
    result = getattr(importlib.import_module(module), function)(*json.loads(args))
    groups = {g: {p: asdict(r) for p, r in peers.items()} for g, peers in result["groups"].items()}
    print(json.dumps({"groups": groups, "absent": result["absent"]}))
    del reserve


if __name__ == "__main__":
    from benchmarks import threads

    threads.pin()  # a no-op for the values the parent set, before numpy is imported
    child(*sys.argv[1:])
