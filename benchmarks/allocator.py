"""glibc's allocator held steady for a run, so that timings measure the peers and not where
the C heap happens to be trimmed.

glibc hands blocks over 128 kB to ``mmap`` until one is freed, then raises that threshold to the
freed block's size and returns the top of the heap to the system (``sbrk``) whenever more than
twice that much is free there. An array of a few hundred kB allocated and freed every step (W4's
784 x 128 weight gradient and ``lr * grad``, 0.8 MB each in float64) can therefore land on pages
the system must fault in again on every step: measured here, 360 page faults per float64 W4
step, 2.0-2.6 ms a step instead of 0.8-1.3 ms, for numpy's hand-written step and edgegrad's
alike. Whether a peer pays it depends on what the process allocated before (a run of float32
first, the order of the peers), which made W4's ratios swing by up to 2x between two runs of
the same code.

``hold_steady()`` fixes the three thresholds (``mallopt``: blocks up to 32 MiB come from the
heap, the heap is trimmed only past 512 MiB free, grown 16 MiB at a time) for the whole run, the
same for every peer, as ``MALLOC_MMAP_THRESHOLD_`` / ``MALLOC_TRIM_THRESHOLD_`` /
``MALLOC_TOP_PAD_`` would at start-up. Elsewhere than glibc (macOS, musl) it changes nothing
and says so. ``python -m benchmarks --malloc default`` keeps glibc's dynamic thresholds.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3
"""``mallopt`` parameters (glibc's malloc.h)."""

SETTINGS = ((M_MMAP_THRESHOLD, 32 << 20), (M_TRIM_THRESHOLD, 512 << 20), (M_TOP_PAD, 16 << 20))
"""(parameter, bytes): the mmap threshold at glibc's maximum (32 MiB on 64-bit), trimming past
512 MiB, the heap grown 16 MiB at a time."""

STEADY = "glibc malloc held steady: mmap threshold 32 MiB, trim threshold 512 MiB, top pad 16 MiB"
DEFAULT = "glibc malloc's dynamic thresholds (--malloc default)"


def hold_steady() -> str:
    """Fix glibc's thresholds for this process (see the module); what was done, for the
    run's header."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return "unchanged (no glibc mallopt here)"
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    refused = [param for param, value in SETTINGS if mallopt(param, value) != 1]
    if refused:
        return f"unchanged (mallopt refused parameters {refused})"
    return STEADY


__all__ = ["hold_steady", "STEADY", "DEFAULT"]
