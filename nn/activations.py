"""Activation functions f in a = f(z), by name or as a callable.

Elementwise (one node per unit, its derivative from autograd's table of primitives):

    linear / identity  f(z) = z                      (no node at all)
    relu               f(z) = max(0, z)              f'(z) = 1{z > 0}
    leaky_relu         f(z) = max(z, 0.01 z)         f'(z) = 1 or 0.01   (PyTorch's default slope)
    abs                f(z) = |z|                    f'(z) = sign(z)
    softplus           f(z) = ln(1 + e^z)            f'(z) = sigma(z)
    sigmoid            f(z) = 1 / (1 + e^-z)         f'(z) = sigma(z)(1 - sigma(z))
    tanh               f(z) = tanh z                 f'(z) = 1 - tanh^2 z
    step               f(z) = 1{z >= 0}              f'(z) = 0             (the threshold unit)

Across a layer (the output layer of a classifier): softmax p_i = e^{z_i} / sum_j e^{z_j} and
log_softmax z_i - ln sum_j e^{z_j}.

Per unit with k weight vectors: maxout f = max(z_1, ..., z_k), z_i = w_i . x + b_i (seed 001).

A callable activation takes one Value (the unit's z) and returns a Value, e.g.
``lambda z: z.leaky_relu(0.2)``; its ``__name__`` is its name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import autograd
from autograd import Value

from nn.lookup import by_name

Elementwise = Callable[[Value], Value]


@dataclass(frozen=True)
class Activation:
    """A resolved activation: its ``name``, its ``kind`` ("elementwise", "layer" or "maxout")
    and, for elementwise ones, ``fn`` (None for linear: the unit returns z itself). Layer
    activations use ``layer_fn`` on the list of a layer's pre-activations."""

    name: str
    kind: str
    fn: Elementwise | None = None
    layer_fn: Callable[[list[Value]], list[Value]] | None = None


def linear(z: Any) -> Any:
    """f(z) = z."""
    return z


def relu(z: Value) -> Value:
    """f(z) = max(0, z)."""
    return z.relu()


def leaky_relu(z: Value, alpha: float = 0.01) -> Value:
    """f(z) = z if z > 0 else alpha z."""
    return z.leaky_relu(alpha)


def softplus(z: Value) -> Value:
    """f(z) = ln(1 + e^z)."""
    return z.softplus()


def sigmoid(z: Value) -> Value:
    """f(z) = 1 / (1 + e^-z)."""
    return z.sigmoid()


def tanh(z: Value) -> Value:
    """f(z) = tanh z."""
    return z.tanh()


def step(z: Value) -> Value:
    """f(z) = 1{z >= 0}: the threshold unit, derivative 0."""
    return z.step()


def softmax(zs: list[Value]) -> list[Value]:
    """p_i = e^{z_i} / sum_j e^{z_j} over a layer."""
    return autograd.softmax(zs)


def log_softmax(zs: list[Value]) -> list[Value]:
    """z_i - ln sum_j e^{z_j} over a layer."""
    return autograd.log_softmax(zs)


def _leaky(z: Value) -> Value:
    return z.leaky_relu(0.01)


# Elementwise activations resolve to Value's own (unbound) methods: one call per unit, no lookup.
_TABLE: dict[str, Activation] = {
    "linear": Activation("linear", "elementwise", None),
    "identity": Activation("identity", "elementwise", None),
    "relu": Activation("relu", "elementwise", Value.relu),
    "leaky_relu": Activation("leaky_relu", "elementwise", _leaky),
    "abs": Activation("abs", "elementwise", Value.__abs__),
    "softplus": Activation("softplus", "elementwise", Value.softplus),
    "sigmoid": Activation("sigmoid", "elementwise", Value.sigmoid),
    "tanh": Activation("tanh", "elementwise", Value.tanh),
    "step": Activation("step", "elementwise", Value.step),
    "softmax": Activation("softmax", "layer", None, softmax),
    "log_softmax": Activation("log_softmax", "layer", None, log_softmax),
    "maxout": Activation("maxout", "maxout"),
}

NAMES: tuple[str, ...] = tuple(_TABLE)
"""The known activation names."""


def resolve(activation: str | Callable[[Value], Value] | Activation, op: str = "activation") -> Activation:
    """The :class:`Activation` for a name, a callable or an Activation; ``op`` names the caller
    in errors. Unknown names raise ValueError listing the known ones."""
    if isinstance(activation, Activation):
        return activation
    if isinstance(activation, str):
        return by_name(_TABLE, activation, "activation", op)
    if callable(activation):
        name = getattr(activation, "__name__", None) or type(activation).__name__
        return Activation(name, "elementwise", activation)
    raise TypeError(f"{op}: activation must be a name or a callable, got {type(activation).__name__} "
                    f"({activation!r})")


__all__ = ["Activation", "NAMES", "resolve", "linear", "relu", "leaky_relu", "softplus", "sigmoid",
           "tanh", "step", "softmax", "log_softmax"]
