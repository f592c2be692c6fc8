"""One thread for numpy's BLAS and torch's OpenMP pool, chosen before either is imported.

On a small shared machine a multi-threaded BLAS makes W4's timings swing by 100x. The entry
points (``python -m benchmarks``, ``benchmarks/run.py``) call ``pin()`` first thing; torch
peers also call ``torch.set_num_threads(THREADS)``. ``EDGEGRAD_BENCH_THREADS`` overrides.
"""

from __future__ import annotations

import os
import sys

THREADS = int(os.environ.get("EDGEGRAD_BENCH_THREADS", "1"))
"""Threads for numpy's BLAS and torch's OpenMP pool in benchmark runs."""

pinned: bool | None = None
"""Whether ``pin()`` ran before numpy was imported (None: not called)."""

VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


def pin() -> bool:
    """Set the thread variables to ``THREADS``; False when numpy was already imported (then
    its BLAS pool is already sized and the variables come too late)."""
    global pinned
    for var in VARIABLES:
        os.environ[var] = str(THREADS)
    pinned = "numpy" not in sys.modules
    return pinned
