"""``Module``: what every model shares, on either engine. Parameters, in micrograd's order (layer
by layer, neuron by neuron, its weights then its bias) or PyTorch's ("0.weight", "0.bias" ...);
gradients reset; a state dict {name: number or array}; saving to and loading from a JSON file
(no pickle: loading never runs code). ``TensorModule`` adds what a module that runs on a batch
needs: ``forward`` on a Tensor, numbers and arrays lifted to one, the parameters' dtype.

A module lists its own parameters (``_own_parameters``) and its sub-modules (``_children``);
everything else walks that tree with an explicit stack (no recursion). What a parameter holds
(a float in a Value, an array in a Tensor) is handled by ``nn.engine``'s parameter helpers.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from autograd import Tensor
from autograd.files import write_atomic
from nn import engine as E

FORMAT = "edgegrad.nn"
"""The ``format`` field of a saved model file."""
VERSION = 1


class Module:
    """Base class: ``parameters()``, ``named_parameters()``, ``zero_grad()``,
    ``num_parameters()``, ``state_dict()``, ``load_state_dict()``, ``save()``, ``load()``."""

    # -------------------------------------------------------------- the tree (subclasses fill in)
    def _own_parameters(self) -> list[tuple[str, Any]]:
        """(name, parameter) pairs held directly by this module, in order."""
        return []

    def _children(self) -> list[tuple[str, Module]]:
        """(name, sub-module) pairs, in order."""
        return []

    def config(self) -> dict[str, Any]:
        """The architecture as JSON-able data; a saved file must match it to load."""
        return {"type": type(self).__name__}

    # -------------------------------------------------------------- parameters
    def named_parameters(self) -> list[tuple[str, Any]]:
        """[(dotted name, parameter)], e.g. ("layers.0.neurons.3.w.1", Value), in the order of
        ``parameters()``."""
        out: list[tuple[str, Any]] = []
        stack: list[tuple[str, Module]] = [("", self)]
        while stack:
            prefix, module = stack.pop()
            out.extend((prefix + name, p) for name, p in module._own_parameters())
            stack.extend((f"{prefix}{name}.", child) for name, child in reversed(module._children()))
        return out

    def parameters(self) -> list[Any]:
        """Every parameter (layer by layer, neuron by neuron, weights then bias)."""
        return [p for _, p in self.named_parameters()]

    def num_parameters(self) -> int:
        """How many numbers the parameters hold (a Value one, a Tensor its size)."""
        return sum(int(np.size(p.data)) for p in self.parameters())

    def zero_grad(self) -> None:
        """Reset every parameter's ``grad``: 0 for a Value (``backward`` adds into it), None for a
        Tensor (PyTorch's ``set_to_none``: ``backward`` then stores its first gradient)."""
        for p in self.parameters():
            E.zero_grad(p)

    # -------------------------------------------------------------- state
    def state_dict(self) -> dict[str, Any]:
        """{name: its number, or a copy of its array}, in the order of ``parameters()``."""
        return {name: E.snapshot(p) for name, p in self.named_parameters()}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Set every parameter from ``state`` {name: number, or array / nested lists of the
        parameter's shape}. Every key must be present and no other, every value finite; on any
        error nothing is changed (ValueError for keys and values, TypeError for a non-number)."""
        op = f"{type(self).__name__}.load_state_dict"
        named = _state_parameters(self, state, op, "value")
        values = [E.checked(p, state[name], f"{op}: {name!r}") for name, p in named]
        for (_, p), v in zip(named, values):
            E.restore(p, v)

    # -------------------------------------------------------------- files
    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the architecture and parameters to ``path`` as JSON (a Tensor module's arrays
        as nested lists), atomically: a temporary file in the same directory, then ``os.replace``."""
        op = f"{type(self).__name__}.save"
        state = self.state_dict()
        for name, v in state.items():
            if hasattr(v, "tolist"):  # a Tensor module's array: nested JSON lists
                state[name] = v = v.tolist()
            if not all(map(math.isfinite, _numbers(v))):
                bad = next(x for x in _numbers(v) if not math.isfinite(x))
                raise ValueError(f"{op}: parameter {name!r} is {bad!r}; JSON holds finite numbers only")
        document = {"format": FORMAT, "version": VERSION, "config": self.config(), "parameters": state}
        text = json.dumps(document, indent=1, allow_nan=False)
        write_atomic(path, text)

    def load(self, path: str | os.PathLike[str], max_bytes: int | None = None) -> Module:
        """Load parameters saved by ``save`` into this model, which must have the same
        architecture. A file that is not ours, has another architecture, lacks a key or holds
        garbage raises ValueError naming the problem, and the model is left unchanged. A file
        larger than ``max_bytes`` (default ``MAX_FILE_BYTES``, 256 MiB) is refused unread."""
        op = f"{type(self).__name__}.load"
        where = f"{op}: {os.fspath(path)}"
        limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
        size = os.stat(path).st_size
        if size > limit:
            raise ValueError(
                f"{where} is {size:,} bytes, more than max_bytes={limit:,}; pass a larger "
                f"max_bytes if you trust it"
            )
        with open(path, "rb") as f:
            raw = f.read(limit + 1)
        try:
            document = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        except (ValueError, RecursionError) as error:  # bad UTF-8, bad JSON, absurd nesting
            raise ValueError(f"{where} is not valid JSON ({error})") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError(f'{where} is not an edgegrad model file (no "format": {FORMAT!r})')
        if document.get("version") != VERSION:
            raise ValueError(
                f"{where} has version {document.get('version')!r}; this edgegrad reads version {VERSION}"
            )
        config = self.config()
        if document.get("config") != config:
            raise ValueError(
                f"{where} holds a different architecture: file {document.get('config')!r}, model {config!r}"
            )
        state = document.get("parameters")
        if not isinstance(state, dict):
            raise ValueError(f'{where} has no "parameters" object')
        try:
            self.load_state_dict(state)
        except (TypeError, ValueError) as error:
            raise ValueError(f"{where}: {error}") from None
        return self


MAX_FILE_BYTES = 256 * 2**20
"""The largest model file ``Module.load`` reads unless told otherwise."""


def _state_parameters(module: Module, state: Any, op: str, value: str) -> list[tuple[str, Any]]:
    """``module.named_parameters()`` after checking that ``state`` is a mapping with exactly
    their names as keys (TypeError / ValueError naming the missing and unexpected keys);
    ``value`` names what a value should be in the message ("number", "array")."""
    if not isinstance(state, Mapping):
        raise TypeError(f"{op}: expected a mapping {{name: {value}}}, got {type(state).__name__}")
    named = module.named_parameters()
    names = {name for name, _ in named}
    missing = [name for name, _ in named if name not in state]
    unexpected = [key for key in state if key not in names]
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(f"{len(missing)} missing key(s) {_few(missing)}")
        if unexpected:
            parts.append(f"{len(unexpected)} unexpected key(s) {_few(unexpected)}")
        raise ValueError(f"{op}: {'; '.join(parts)} (this model has {len(named)} parameters)")
    return named


def _numbers(v: Any) -> Iterator[float]:
    """The numbers of a number or of nested lists of numbers."""
    stack = [v]
    while stack:
        x = stack.pop()
        if isinstance(x, list):
            stack.extend(x)
        else:
            yield x


def _few(names: list[str], k: int = 5) -> str:
    shown = ", ".join(repr(n) for n in names[:k])
    return f"[{shown}{', ...' if len(names) > k else ''}]"


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


class TensorModule(Module):
    """A module whose parameters are Tensor leaves (whole weight matrices and bias vectors) and
    whose forward pass takes a batch x of shape (B, in_features), one row per sample (seed 004),
    or one sample of shape (in_features,): ``Linear``, ``Sequential``, the activation modules."""

    batched = True
    """``nn.fit`` / ``nn.evaluate`` run one forward pass per mini-batch on such a model."""

    def forward(self, x: Tensor) -> Tensor:
        """The module's output for a Tensor input."""
        raise NotImplementedError(f"{type(self).__name__}.forward")

    def __call__(self, x: Any) -> Tensor:
        """``forward`` on x; numbers and arrays become a constant Tensor of the model's dtype."""
        if not E.is_tensor(x):
            x = as_input(x, self.dtype, type(self).__name__)
        return self.forward(x)

    @property
    def dtype(self) -> np.dtype[Any] | None:
        """The dtype of the first parameter (None for a module without parameters)."""
        params = self.parameters()
        return params[0].data.dtype if params else None


def as_input(x: Any, dtype: Any, op: str) -> Tensor:
    """x (an array, nested lists, a number) as a constant Tensor of ``dtype`` (float64 if None)."""
    allowed = (int, float, list, tuple, np.ndarray, np.number)
    if isinstance(x, (list, tuple)) and any(not isinstance(v, allowed) for v in x):
        bad = next(v for v in x if not isinstance(v, allowed))
        raise TypeError(
            f"{op}: inputs must be numbers, arrays or a Tensor, got {type(bad).__name__} "
            f"({bad!r}); a Tensor model runs on a batch, not on scalar Values"
        )
    return Tensor(x, dtype=dtype)


__all__ = ["Module", "TensorModule", "as_input", "FORMAT", "VERSION"]
