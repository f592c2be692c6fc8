"""``gradcheck`` for functions of Tensors: both sweeps' Jacobians against central differences.

For every output y, input x and entry x_k: numeric column (f(x + eps e_k) - f(x - eps e_k)) /
(2 eps), against the reverse-mode Jacobian (the vjp rules, one sweep per entry of y) and the
forward-mode Jacobian (the jvp rules, one sweep per entry of x). Inputs are checked in float64,
whatever their dtype, so the finite differences are meaningful.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd.functional import _leaves
from autograd.grad_mode import no_grad
from autograd.gradcheck import GradcheckError
from autograd.tensor import Tensor
from autograd.tensor_data import as_array
from autograd.tensor_functional import _Trace, forward_blocks, reverse_blocks
from autograd.tensor_rules import Array

MAX_LISTED = 20


def _numeric_blocks(f: Callable[..., Any], xs: list[Array], eps: float) -> list[list[Array]]:
    """[[d y / d x for each input x] for each output y] by central differences."""

    def outputs(args: list[Array]) -> list[Array]:
        with no_grad():
            out = f(*[Tensor(a) for a in args])
        return [np.asarray(getattr(y, "data", y), dtype=np.float64) for y in _leaves(out)]

    ys = outputs(xs)
    blocks = [[np.zeros(y.shape + x.shape) for x in xs] for y in ys]
    for i, x in enumerate(xs):
        for k in range(x.size):
            shifted = []
            for h in (eps, -eps):
                moved = x.copy()
                moved.reshape(-1)[k] += h
                shifted.append(outputs(xs[:i] + [moved] + xs[i + 1:]))
            for j, (plus, minus) in enumerate(zip(*shifted)):
                blocks[j][i].reshape(plus.size, x.size)[:, k] = ((plus - minus) / (2.0 * eps)).reshape(-1)
    return blocks


def gradcheck_tensor(f: Callable[..., Any], inputs: Sequence[Any], eps: float = 1e-6,
                     rtol: float = 1e-5, atol: float = 1e-8, check_forward: bool = True) -> bool:
    """True when every entry of d(output)/d(input) agrees with central differences,
    |analytic - numeric| <= atol + rtol |numeric|, for reverse mode and (``check_forward``)
    forward mode; otherwise GradcheckError listing (output, entry, input, entry, values)."""
    xs = [np.array(as_array(getattr(x, "data", x), "gradcheck"), dtype=np.float64) for x in inputs]
    trace = _Trace("gradcheck", f, tuple(xs), tuple(range(len(xs))))
    numeric = _numeric_blocks(f, xs, eps)
    if len(numeric) != len(trace.outputs):
        raise GradcheckError(f"gradcheck: f returned {len(trace.outputs)} outputs on Tensors that "
                             f"require grad but {len(numeric)} under no_grad")
    modes = [("reverse-mode", reverse_blocks(trace))]
    if check_forward:
        modes.append(("forward-mode", forward_blocks(trace)))
    lines: list[str] = []
    cut = False
    for mode, analytic in modes:
        for j, (row_a, row_n) in enumerate(zip(analytic, numeric)):
            for i, (a, n) in enumerate(zip(row_a, row_n)):
                bad = ~(np.abs(a - n) <= atol + rtol * np.abs(n))
                cut = cut or bool(np.any(bad & (a == 0) & (n != 0)))
                y_ndim = trace.outputs[j].data.ndim
                for index in np.argwhere(bad):
                    lines.append(f"output {j} entry {tuple(index[:y_ndim].tolist())}, input {i} "
                                 f"entry {tuple(index[y_ndim:].tolist())}: {mode} "
                                 f"{float(a[tuple(index)])!r}, numeric {float(n[tuple(index)])!r}")
    if lines:
        more = f"\n  ... and {len(lines) - MAX_LISTED} more" if len(lines) > MAX_LISTED else ""
        hint = ("\n(an analytic 0 where the numbers change: does f compute through .data, numpy, "
                "or a new Tensor, cutting the graph?)") if cut else ""
        raise GradcheckError("gradcheck failed:\n  " + "\n  ".join(lines[:MAX_LISTED]) + more + hint)
    return True


__all__ = ["gradcheck_tensor"]
