"""Peer implementations the edgegrad engine is benchmarked against.

One workload and engine per module, each exposing ``setup(...) -> state`` and
``run_step(state) -> float`` (the loss before the update) so the harness times ``run_step``
alone; chains and wide sums expose functions that time their own phases.

- ``moons``: shared W1 data (two moons, the 100x100 grid) and initial weights.
- W1, one SGD step of a 2-16-16-1 ReLU MLP, hinge loss + L2, 100 moons points:
  ``w1_edgegrad`` (autograd directly), ``w1_edgegrad_nn`` (``nn.MLP``), ``w1_tensor`` (the
  edgegrad Tensor engine), ``w1_micrograd``, ``w1_python`` (floats, hand-written backprop:
  the lower bound), ``w1_numpy`` (batched, hand-written), ``w1_torch``, ``w1_compiled``
  (``autograd.compile`` of the whole batch's value and gradient) and ``w1_compiled_point`` (one
  point's compiled program, called per point).
- ``w2_chain``: W2, the deep chain y <- 1.0001 y + 0.001 and its derivative, per engine.
- ``w3_wide``: W3, sum_i w_i x_i over 10,000 products, per engine and summation style.
- W4, one SGD step of a 784-128-64-10 ReLU MLP with softmax cross-entropy, batch 64:
  ``w4_tensor`` (edgegrad Tensor), ``w4_numpy``, ``w4_torch``.

A peer whose engine is not installed (micrograd, torch) or not written yet (``nn.MLP``,
``autograd.Tensor``) fails to import; ``load`` turns that into an "absent" status.
"""

from __future__ import annotations

import importlib
from types import ModuleType


def load(name: str) -> tuple[ModuleType | None, str]:
    """Import ``benchmarks.peers.<name>``: (module, "") or (None, "absent: <why>")."""
    try:
        return importlib.import_module(f"{__name__}.{name}"), ""
    except ImportError as error:
        return None, "absent: " + str(error).split(" (/")[0]
