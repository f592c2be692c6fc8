"""``gradcheck``: the engine's derivatives against central finite differences,
(f(x + eps e_k) - f(x - eps e_k)) / (2 eps), entry by entry, as ``torch.autograd.gradcheck``.

For every output y, input x and entry x_k, the numeric column is compared with the
reverse-mode Jacobian (one sweep per entry of y) and the forward-mode Jacobian (one sweep per
entry of x), for functions of floats (Values) and of arrays (Tensors) alike. Inputs are checked
in float64, whatever their dtype, so the finite differences are meaningful.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd.functional import _leaves, _Trace
from autograd.grad_mode import no_grad
from autograd.tensor import Tensor
from autograd.tensor_data import as_array
from autograd.value import Value, as_float

MAX_LISTED = 20


class GradcheckError(RuntimeError):
    """The analytic and numeric derivatives disagree; the message lists the mismatches."""


def _numeric_blocks(f: Callable[..., Any], xs: list[Any], tensors: bool, eps: float) -> list[list[Any]]:
    """[[d y / d x for each input x] for each output y] by central differences."""

    def outputs(args: list[Any]) -> list[Any]:
        with no_grad():
            out = f(*[Tensor(a) if tensors else Value(float(a)) for a in args])
        return [np.asarray(getattr(y, "data", y), dtype=np.float64) for y in _leaves(out)]

    arrays = [np.array(x, dtype=np.float64) for x in xs]
    ys = outputs(xs)
    blocks = [[np.zeros(y.shape + x.shape) for x in arrays] for y in ys]
    for i, x in enumerate(arrays):
        for k in range(x.size):
            shifted = []
            for h in (eps, -eps):
                moved = x.copy()
                moved.reshape(-1)[k] += h
                shifted.append(outputs(xs[:i] + [moved if tensors else float(moved)] + xs[i + 1 :]))
            for j, (plus, minus) in enumerate(zip(*shifted)):
                blocks[j][i].reshape(plus.size, x.size)[:, k] = ((plus - minus) / (2.0 * eps)).reshape(-1)
    return blocks


def gradcheck(
    f: Callable[..., Any],
    inputs: Sequence[Any],
    eps: float = 1e-6,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    check_forward: bool = True,
) -> bool:
    """True when every entry of d(output)/d(input) agrees with central differences,
    |analytic - numeric| <= atol + rtol |numeric|, in reverse mode and (``check_forward``)
    forward mode; otherwise GradcheckError listing (output, entry, input, entry, values)."""
    tensors = any(isinstance(x, (np.ndarray, Tensor)) for x in inputs)
    if tensors:
        xs: list[Any] = [
            np.array(as_array(getattr(x, "data", x), "gradcheck"), dtype=np.float64) for x in inputs
        ]
    else:
        xs = [x.data if isinstance(x, Value) else as_float(x, "gradcheck") for x in inputs]
    trace = _Trace("gradcheck", f, tuple(xs), tuple(range(len(xs))))
    numeric = _numeric_blocks(f, xs, tensors, eps)
    if len(numeric) != len(trace.outputs):
        raise GradcheckError(
            f"gradcheck: f returned {len(trace.outputs)} outputs on nodes that "
            f"require grad but {len(numeric)} under no_grad"
        )
    modes = [("reverse-mode", trace.reverse_blocks())]
    if check_forward:
        modes.append(("forward-mode", trace.forward_blocks()))
    lines: list[str] = []
    cut = False
    for mode, analytic in modes:
        for j, (row_a, row_n) in enumerate(zip(analytic, numeric)):
            for i, (a, n) in enumerate(zip(row_a, row_n)):
                a = np.asarray(getattr(a, "data", a), dtype=np.float64)
                bad = ~(np.abs(a - n) <= atol + rtol * np.abs(n))
                cut = cut or bool(np.any(bad & (a == 0) & (n != 0)))
                y_ndim = n.ndim - np.ndim(xs[i])
                for index in np.argwhere(bad):
                    where = (
                        (
                            f"output {j} entry {tuple(index[:y_ndim].tolist())}, input {i} entry "
                            f"{tuple(index[y_ndim:].tolist())}"
                        )
                        if tensors
                        else f"output {j}, input {i}"
                    )
                    lines.append(
                        f"{where}: {mode} {float(a[tuple(index)])!r}, numeric {float(n[tuple(index)])!r}"
                    )
    if lines:
        more = f"\n  ... and {len(lines) - MAX_LISTED} more" if len(lines) > MAX_LISTED else ""
        hint = (
            (
                "\n(an analytic 0 where the numbers change: does f compute through .data, numpy, "
                "or a new node, cutting the graph?)"
            )
            if cut
            else ""
        )
        raise GradcheckError("gradcheck failed:\n  " + "\n  ".join(lines[:MAX_LISTED]) + more + hint)
    return True


__all__ = ["gradcheck", "GradcheckError"]
