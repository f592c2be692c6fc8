"""``TensorModule``: a ``Module`` whose parameters are ``autograd.Tensor`` leaves (whole weight
matrices and bias vectors) and whose forward pass takes a batch: x of shape (B, in_features),
one row per sample (seed 004's batches of size B), or a single sample of shape (in_features,).

What changes from the scalar Module: a parameter's ``grad`` is a numpy array or None (PyTorch's
``zero_grad`` sets it to None: ``backward`` then stores the first gradient without adding);
``num_parameters`` counts entries; ``state_dict`` maps names to array copies; ``save`` writes
them as nested JSON lists (``Module.save``), ``load`` reads them back with their shapes checked.
``batched = True`` tells ``nn.fit`` to run one forward pass per mini-batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from autograd import Tensor

from nn.module import Module, _state_parameters


class TensorModule(Module):
    """Base of the Tensor modules (``Linear``, ``Sequential``, the activation modules): call it
    on a Tensor or an array of shape (B, in) or (in,); subclasses write ``forward``."""

    batched = True
    """``nn.fit`` / ``nn.evaluate`` run one forward pass per mini-batch on Tensor models."""

    def forward(self, x: Tensor) -> Tensor:
        """The module's output for a Tensor input."""
        raise NotImplementedError(f"{type(self).__name__}.forward")

    def __call__(self, x: Any) -> Tensor:
        """``forward`` on x; numbers and arrays become a constant Tensor of the model's dtype."""
        if x.__class__ is not Tensor:
            x = as_input(x, self.dtype, type(self).__name__)
        return self.forward(x)

    @property
    def dtype(self) -> np.dtype[Any] | None:
        """The dtype of the first parameter (None for a module without parameters)."""
        params = self.parameters()
        return params[0].data.dtype if params else None

    def zero_grad(self) -> None:
        """grad <- None for every parameter (PyTorch's ``set_to_none``)."""
        for p in self.parameters():
            p.grad = None

    def num_parameters(self) -> int:
        """How many numbers the parameters hold (sum of their sizes)."""
        return sum(p.data.size for p in self.parameters())

    def state_dict(self) -> dict[str, np.ndarray]:  # type: ignore[override]
        """{name: a copy of the parameter's array}, in the order of ``parameters()``; names as
        PyTorch's ("0.weight", "0.bias", "2.weight" ... in a Sequential)."""
        return {name: p.data.copy() for name, p in self.named_parameters()}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Copy ``state`` {name: array or nested lists} into the parameters, in place. Every key
        must be present and no other, each value of the parameter's shape and finite; on any
        error nothing is changed."""
        op = f"{type(self).__name__}.load_state_dict"
        named = _state_parameters(self, state, op, "array")
        arrays = [_array(state[name], p.data.shape, f"{op}: {name!r}") for name, p in named]
        for (_, p), a in zip(named, arrays):
            p.data[...] = a


def _array(value: Any, shape: tuple[int, ...], where: str) -> np.ndarray:
    """``value`` (an array, a Tensor or nested lists) as a finite float array of ``shape``."""
    value = value.data if isinstance(value, Tensor) else value
    try:
        a = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{where}: expected an array of numbers of shape {shape}, got "
                        f"{type(value).__name__} ({error})") from None
    if a.shape != shape:
        raise ValueError(f"{where}: expected shape {shape}, got {a.shape}")
    if not np.isfinite(a).all():
        raise ValueError(f"{where}: holds a non-finite number")
    return a


def as_input(x: Any, dtype: Any, op: str) -> Tensor:
    """x (an array, nested lists, a number) as a constant Tensor of ``dtype`` (float64 if None)."""
    if isinstance(x, (list, tuple)) and any(not isinstance(v, (int, float, list, tuple, np.ndarray,
                                                               np.number)) for v in x):
        bad = next(v for v in x if not isinstance(v, (int, float, list, tuple, np.ndarray, np.number)))
        raise TypeError(f"{op}: inputs must be numbers, arrays or a Tensor, got {type(bad).__name__} "
                        f"({bad!r}); a Tensor model runs on a batch, not on scalar Values")
    return Tensor(x, dtype=dtype)


__all__ = ["TensorModule", "as_input"]
