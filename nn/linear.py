"""``Linear``: the fully connected layer on a batch, z = x W^T + b (PyTorch's ``nn.Linear``).

The lectures write one sample as a column, z = W a + b (seed 001: row i of W holds unit i's
weights). A batch stacks B samples as the rows of x (B, in_features) (seed 004), so the same
layer reads Z = X W^T + b, b added to every row. Layout as in PyTorch: ``weight`` has shape
(out_features, in_features), row i = unit i's weights, exactly a scalar ``nn.Layer``'s neuron
i; ``bias`` has shape (out_features,).

The backward sweep gives the lectures' batch formulas (seed 004), delta = dL/dZ of shape
(B, out): dL/dW = delta^T X, dL/db = sum over the batch of delta, dL/dX = delta W.

Memory: the (out, in) weight array is stored column-major (``np.asfortranarray``), so W^T is a
row-major (in, out) view, and the gradient the sweep returns for W (the transpose of X^T delta)
comes back in that same layout: the optimiser's ``W -= lr * grad`` then runs over two arrays of
one layout, as fast as in a hand-written (in, out) network.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd import Tensor
from nn import init as _init
from nn.checks import count, finite
from nn.module import TensorModule
from nn.names import label_parameters


class Linear(TensorModule):
    """z = x W^T + b: ``in_features``, ``out_features``, ``weight`` (a Tensor (out, in)),
    ``bias`` (a Tensor (out,), or None with ``bias=False``).

    ``init=None`` draws PyTorch's default, W and b ~ U(-k, k) with k = 1 / sqrt(in_features);
    a name or function from ``nn.init`` ("he_uniform", "xavier", "uniform" ...) draws W from
    it and sets b to ``bias_init`` (0 by default). ``seed`` or ``rng`` (a numpy Generator,
    shared by the layers of one network) make the draw repeatable; ``dtype`` is float64 or
    float32."""

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        *,
        init: str | _init.Init | None = None,
        bias_init: float | None = None,
        seed: int = 0,
        rng: np.random.Generator | None = None,
        dtype: Any = np.float64,
    ) -> None:
        op = "Linear"
        self.in_features = count(in_features, op, "in_features")
        self.out_features = count(out_features, op, "out_features")
        gen = _init.make_rng(seed, rng, op)
        shape = (self.out_features, self.in_features)
        if init is None:
            k = 1.0 / math.sqrt(self.in_features)
            W = gen.uniform(-k, k, size=shape)
            b = (
                gen.uniform(-k, k, size=self.out_features)
                if bias_init is None
                else np.full(self.out_features, finite(bias_init, f"{op}: bias_init"))
            )
        else:
            W = np.asarray(
                _init.resolve(init, op)(self.in_features, self.out_features, gen), dtype=np.float64
            )
            if W.shape != shape or not np.isfinite(W).all():
                raise ValueError(f"{op}: init returned {W.shape} weights (need {shape}, finite)")
            b = np.full(
                self.out_features, 0.0 if bias_init is None else finite(bias_init, f"{op}: bias_init")
            )
        self.weight = _parameter(W, dtype, "Linear: weight")
        self.bias: Tensor | None = _parameter(b, dtype, "Linear: bias") if bias else None
        label_parameters(self)  # w, b: names for pictures (nn/names.py)

    def forward(self, x: Tensor) -> Tensor:
        """x W^T + b for x of shape (B, in_features) (or (in_features,) for one sample)."""
        try:
            z = x @ self.weight.T
        except ValueError:
            raise ValueError(
                f"{self!r}: expected inputs of shape (B, {self.in_features}), got shape {x.shape}"
            ) from None
        return z if self.bias is None else z + self.bias

    def _own_parameters(self) -> list[tuple[str, Tensor]]:
        own = [("weight", self.weight)]
        return own + [("bias", self.bias)] if self.bias is not None else own

    def config(self) -> dict[str, Any]:
        return {
            "type": "Linear",
            "in_features": self.in_features,
            "out_features": self.out_features,
            "bias": self.bias is not None,
        }

    def __repr__(self) -> str:
        return (
            f"Linear(in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None})"
        )


def _parameter(values: np.ndarray, dtype: Any, op: str) -> Tensor:
    """A leaf that requires grad; a matrix is stored column-major (see the module docstring)."""
    p = Tensor(values, requires_grad=True, dtype=dtype)
    if p.data.ndim == 2:
        p.data = np.asfortranarray(p.data)
    return p


__all__ = ["Linear"]
