"""PyTorch for the peers, pinned to the benchmark's thread count before any peer uses it."""

from __future__ import annotations

from types import ModuleType


def import_torch() -> ModuleType:
    """``torch`` with ``torch.set_num_threads`` set to ``benchmarks.threads.THREADS``;
    ImportError (so the peer is listed as absent) when PyTorch is not installed."""
    import torch

    from benchmarks.threads import THREADS

    torch.set_num_threads(THREADS)
    return torch
