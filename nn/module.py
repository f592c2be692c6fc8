"""``Module``: what every model shares. Parameters, in micrograd's order (layer by layer, neuron
by neuron, its weights then its bias); gradients reset; a state dict {name: number}; saving to and
loading from a JSON file (no pickle: loading never runs code).

A module lists its own parameters (``_own_parameters``) and its sub-modules (``_children``);
everything else walks that tree with an explicit stack (no recursion).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator, Mapping
from typing import Any

from autograd.files import write_atomic

from nn.checks import finite

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
        """How many scalar parameters the model has."""
        return len(self.parameters())

    def zero_grad(self) -> None:
        """Set every parameter's ``grad`` to 0 (``backward`` adds into it)."""
        for p in self.parameters():
            p.grad = 0.0

    # -------------------------------------------------------------- state
    def state_dict(self) -> dict[str, float]:
        """{name: value} for every parameter, in order."""
        return {name: p.data for name, p in self.named_parameters()}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Set every parameter from ``state`` {name: number}. Every key must be present and no
        other; on any error nothing is changed (ValueError for keys and values, TypeError for a
        value that is not a number)."""
        op = f"{type(self).__name__}.load_state_dict"
        named = _state_parameters(self, state, op, "number")
        values = [finite(state[name], f"{op}: {name!r}") for name, _ in named]
        for (_, p), v in zip(named, values):
            p.data = v

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

    def load(self, path: str | os.PathLike[str]) -> Module:
        """Load parameters saved by ``save`` into this model, which must have the same
        architecture. A file that is not ours, has another architecture, lacks a key or holds
        garbage raises ValueError naming the problem, and the model is left unchanged."""
        op = f"{type(self).__name__}.load"
        where = f"{op}: {os.fspath(path)}"
        with open(path, "rb") as f:
            raw = f.read()
        try:
            document = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        except (ValueError, RecursionError) as error:  # bad UTF-8, bad JSON, absurd nesting
            raise ValueError(f"{where} is not valid JSON ({error})") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError(f"{where} is not an edgegrad model file (no \"format\": {FORMAT!r})")
        if document.get("version") != VERSION:
            raise ValueError(f"{where} has version {document.get('version')!r}; this edgegrad reads "
                             f"version {VERSION}")
        config = self.config()
        if document.get("config") != config:
            raise ValueError(f"{where} holds a different architecture: file {document.get('config')!r}, "
                             f"model {config!r}")
        state = document.get("parameters")
        if not isinstance(state, dict):
            raise ValueError(f"{where} has no \"parameters\" object")
        try:
            self.load_state_dict(state)
        except (TypeError, ValueError) as error:
            raise ValueError(f"{where}: {error}") from None
        return self


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


def walk(module: Module) -> Iterator[Module]:
    """The module and all its sub-modules, parents first (no recursion)."""
    stack = [module]
    while stack:
        m = stack.pop()
        yield m
        stack.extend(child for _, child in reversed(m._children()))


__all__ = ["Module", "FORMAT", "VERSION", "walk"]
