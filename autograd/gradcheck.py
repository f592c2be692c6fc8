"""``gradcheck``: the engine's gradient against central finite differences,
(f(x + eps e_i) - f(x - eps e_i)) / (2 eps), input by input, as ``torch.autograd.gradcheck``.
Inputs holding Tensors or numpy arrays are checked entry by entry, in both modes, by
``autograd.tensor_gradcheck``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd.grad_mode import no_grad
from autograd.sweeps import gradients
from autograd.tensor import Tensor
from autograd.value import Value, as_float


class GradcheckError(RuntimeError):
    """The analytic and numeric gradients disagree; the message lists every mismatch."""


def _outputs(out: Any) -> list[Any]:
    return list(out) if isinstance(out, (list, tuple)) else [out]


def _data(y: Any) -> float:
    return y.data if isinstance(y, Value) else as_float(y, "gradcheck (output of f)")


def gradcheck(f: Callable[..., Any], inputs: Sequence[Any], eps: float = 1e-6, rtol: float = 1e-5,
              atol: float = 1e-8) -> bool:
    """True when, for every output and input, |analytic - numeric| <= atol + rtol |numeric|;
    otherwise raises GradcheckError listing (output, input index, analytic, numeric)."""
    if any(isinstance(x, (np.ndarray, Tensor)) for x in inputs):
        from autograd.tensor_gradcheck import gradcheck_tensor  # it imports this module

        return gradcheck_tensor(f, inputs, eps, rtol, atol)
    xs = [x.data if isinstance(x, Value) else as_float(x, "gradcheck") for x in inputs]
    leaves = [Value(x) for x in xs]
    outputs = _outputs(f(*leaves))
    mismatches = []
    for j, y in enumerate(outputs):
        analytic = gradients(y, leaves) if isinstance(y, Value) else [0.0] * len(xs)
        for i in range(len(xs)):
            numeric = (_shifted(f, xs, i, eps, j) - _shifted(f, xs, i, -eps, j)) / (2.0 * eps)
            if not abs(analytic[i] - numeric) <= atol + rtol * abs(numeric):
                mismatches.append((j, i, analytic[i], numeric))
    if mismatches:
        lines = [f"output {j}, input {i}: analytic {a!r}, numeric {n!r}" for j, i, a, n in mismatches]
        hint = ""
        if any(a == 0.0 and n != 0.0 for _, _, a, n in mismatches):
            hint = ("\n(an analytic 0 where the numbers change: does f compute through .data or "
                    "build a new Value, cutting the graph?)")
        raise GradcheckError("gradcheck failed:\n  " + "\n  ".join(lines) + hint)
    return True


def _shifted(f: Callable[..., Any], xs: list[float], i: int, h: float, j: int) -> float:
    with no_grad():
        args = [Value(x + h if k == i else x) for k, x in enumerate(xs)]
        return _data(_outputs(f(*args))[j])
