"""Activation functions f in a = f(z), each written once for both engines: by name, as a
callable, or as a module in a ``Sequential`` (``nn.activation_modules``: PyTorch's names,
reading this file's table).

Elementwise (one node per unit, or one per Tensor; derivatives from autograd's primitives):

    linear / identity  f(z) = z                      Identity    (no node at all)
    relu               f(z) = max(0, z)              ReLU        f'(z) = 1{z > 0}
    leaky_relu         f(z) = max(z, 0.01 z)         LeakyReLU   f'(z) = 1 or 0.01 (PyTorch's slope)
    abs                f(z) = |z|                    Abs         f'(z) = sign(z)
    softplus           f(z) = ln(1 + e^z)            Softplus    f'(z) = sigma(z)
    sigmoid            f(z) = 1 / (1 + e^-z)         Sigmoid     f'(z) = sigma(z)(1 - sigma(z))
    tanh               f(z) = tanh z                 Tanh        f'(z) = 1 - tanh^2 z
    step               f(z) = 1{z >= 0}              Step        f'(z) = 0  (the threshold unit)

Across a layer (the output layer of a classifier): softmax p_i = e^{z_i} / sum_j e^{z_j}
(Softmax) and log_softmax z_i - ln sum_j e^{z_j} (LogSoftmax). Per unit with k weight vectors:
maxout f = max(z_1, ..., z_k), z_i = w_i . x + b_i (seed 001; scalar units only).

A callable activation takes one Value or Tensor (z) and returns one, e.g.
``lambda z: z.leaky_relu(0.2)``; its ``__name__`` is its name (``Lambda`` as a module).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import autograd
from autograd import Value
from nn import engine as E
from nn.lookup import by_name

Elementwise = Callable[[Any], Any]


def relu(z: Any) -> Any:
    """f(z) = max(0, z)."""
    return z.relu()


def leaky_relu(z: Any, alpha: float = 0.01) -> Any:
    """f(z) = z if z > 0 else alpha z."""
    return z.leaky_relu(alpha)


def absolute(z: Any) -> Any:
    """f(z) = |z|."""
    return abs(z)


def softplus(z: Any) -> Any:
    """f(z) = ln(1 + e^z)."""
    return z.softplus()


def sigmoid(z: Any) -> Any:
    """f(z) = 1 / (1 + e^-z)."""
    return z.sigmoid()


def tanh(z: Any) -> Any:
    """f(z) = tanh z."""
    return z.tanh()


def step(z: Any) -> Any:
    """f(z) = 1{z >= 0}: the threshold unit, derivative 0."""
    return E.step(z)


def softmax(zs: list[Value]) -> list[Value]:
    """p_i = e^{z_i} / sum_j e^{z_j} over a layer's units."""
    return autograd.softmax(zs)


def log_softmax(zs: list[Value]) -> list[Value]:
    """z_i - ln sum_j e^{z_j} over a layer's units."""
    return autograd.log_softmax(zs)


@dataclass(frozen=True)
class Activation:
    """A resolved activation: its ``name``, its ``kind`` ("elementwise", "layer" or "maxout"),
    ``fn`` for elementwise ones (None for linear: the unit returns z itself) and ``layer_fn``
    on the list of a layer's pre-activations."""

    name: str
    kind: str
    fn: Elementwise | None = None
    layer_fn: Callable[[list[Value]], list[Value]] | None = None
    key: str = ""  # what a saved file records: the name, or a callable's fingerprint

    @property
    def saved_as(self) -> str:
        return self.key or self.name


def fingerprint(fn: Any) -> str:
    """A callable's identity in saved files: its qualified name and a digest of its code,
    constants and closure, so a file saved with one lambda is refused by a model built with
    another (same code in a new process: same fingerprint)."""
    name = f"{getattr(fn, '__module__', None) or '?'}.{getattr(fn, '__qualname__', type(fn).__name__)}"
    code = getattr(fn, "__code__", None)
    if code is None:
        return name
    cells = [c.cell_contents for c in (getattr(fn, "__closure__", None) or ())]
    blob = code.co_code + repr((code.co_consts, code.co_names, cells)).encode()
    return f"{name}#{hashlib.sha256(blob).hexdigest()[:16]}"


_TABLE: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("linear", "elementwise"),
        Activation("identity", "elementwise"),
        Activation("relu", "elementwise", relu),
        Activation("leaky_relu", "elementwise", leaky_relu),
        Activation("abs", "elementwise", absolute),
        Activation("softplus", "elementwise", softplus),
        Activation("sigmoid", "elementwise", sigmoid),
        Activation("tanh", "elementwise", tanh),
        Activation("step", "elementwise", step),
        Activation("softmax", "layer", layer_fn=softmax),
        Activation("log_softmax", "layer", layer_fn=log_softmax),
        Activation("maxout", "maxout"),
    )
}

NAMES: tuple[str, ...] = tuple(_TABLE)
"""The known activation names."""

# The scalar hot path's one shortcut: a unit calls Value's own (unbound) method, one call per
# unit and no wrapper frame; the same function as the table's for a Value.
VALUE_METHODS: dict[Elementwise, Elementwise] = {
    fn: getattr(Value, name)  # the table's methods, installed on Value by autograd
    for fn, name in (
        (relu, "relu"),
        (leaky_relu, "leaky_relu"),
        (absolute, "__abs__"),
        (softplus, "softplus"),
        (sigmoid, "sigmoid"),
        (tanh, "tanh"),
        (step, "step"),
    )
}


def resolve(activation: str | Elementwise | Activation, op: str = "activation") -> Activation:
    """The :class:`Activation` for a name, a callable or an Activation; ``op`` names the caller
    in errors. Unknown names raise ValueError listing the known ones."""
    if isinstance(activation, Activation):
        return activation
    if isinstance(activation, str):
        return by_name(_TABLE, activation, "activation", op)
    if callable(activation):
        name = getattr(activation, "__name__", None) or type(activation).__name__
        return Activation(name, "elementwise", activation, key=fingerprint(activation))
    raise TypeError(
        f"{op}: activation must be a name or a callable, got {type(activation).__name__} ({activation!r})"
    )


def builtin(fn: Elementwise | None) -> str | None:
    """The name of a table activation whose function (or Value shortcut) is ``fn``, else None."""
    for a in _TABLE.values():
        if a.fn is not None and (fn is a.fn or fn is VALUE_METHODS.get(a.fn)):
            return a.name
    return None


__all__ = [
    "Activation",
    "Elementwise",
    "NAMES",
    "VALUE_METHODS",
    "resolve",
    "builtin",
    "relu",
    "leaky_relu",
    "absolute",
    "softplus",
    "sigmoid",
    "tanh",
    "step",
    "softmax",
    "log_softmax",
]
