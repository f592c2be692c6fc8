"""Activation functions f in a = f(z), each written once for both engines: by name, as a
callable, or as a module (PyTorch's names) in a ``Sequential``.

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

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import autograd
from autograd import Tensor, Value
from nn import engine as E
from nn.lookup import by_name
from nn.module import TensorModule

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
    relu: Value.relu,
    leaky_relu: Value.leaky_relu,
    absolute: Value.__abs__,
    softplus: Value.softplus,
    sigmoid: Value.sigmoid,
    tanh: Value.tanh,
    step: Value.step,
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
        return Activation(name, "elementwise", activation)
    raise TypeError(
        f"{op}: activation must be a name or a callable, got {type(activation).__name__} ({activation!r})"
    )


def builtin(fn: Elementwise | None) -> str | None:
    """The name of a table activation whose function (or Value shortcut) is ``fn``, else None."""
    for a in _TABLE.values():
        if a.fn is not None and (fn is a.fn or fn is VALUE_METHODS.get(a.fn)):
            return a.name
    return None


# ----------------------------------------------------------------------------- as modules


class ActivationModule(TensorModule):
    """An activation as a module without parameters; ``name`` is its name in the table."""

    name = ""

    def forward(self, x: Tensor) -> Tensor:
        fn = _TABLE[self.name].fn
        return x if fn is None else fn(x)

    def config(self) -> dict[str, Any]:
        return {"type": type(self).__name__}

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class ReLU(ActivationModule):
    """max(0, z)."""

    name = "relu"


class Tanh(ActivationModule):
    """tanh z."""

    name = "tanh"


class Sigmoid(ActivationModule):
    """sigma(z) = 1 / (1 + e^-z)."""

    name = "sigmoid"


class Softplus(ActivationModule):
    """ln(1 + e^z)."""

    name = "softplus"


class Abs(ActivationModule):
    """|z|."""

    name = "abs"


class Identity(ActivationModule):
    """z itself (a linear output layer): no node."""

    name = "linear"


class Step(ActivationModule):
    """1{z >= 0}, the threshold unit, derivative 0 (a loss on it still reaches the parameters,
    with gradient 0, as the scalar ``step``)."""

    name = "step"


class LeakyReLU(ActivationModule):
    """z if z > 0 else s z, s = ``negative_slope`` (0.01, PyTorch's default)."""

    name = "leaky_relu"

    def __init__(self, negative_slope: float = 0.01) -> None:
        self.negative_slope = float(negative_slope)

    def forward(self, x: Tensor) -> Tensor:
        return leaky_relu(x, self.negative_slope)

    def config(self) -> dict[str, Any]:
        return {"type": "LeakyReLU", "negative_slope": self.negative_slope}

    def __repr__(self) -> str:
        return f"LeakyReLU(negative_slope={self.negative_slope:g})"


class Softmax(ActivationModule):
    """p = e^z / sum e^z along ``dim`` (the classes: -1), computed from z - max z."""

    name = "softmax"

    def __init__(self, dim: int = -1) -> None:
        self.dim = int(dim)

    def forward(self, x: Tensor) -> Tensor:
        return x.softmax(axis=self.dim)

    def config(self) -> dict[str, Any]:
        return {"type": type(self).__name__, "dim": self.dim}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(dim={self.dim})"


class LogSoftmax(Softmax):
    """z - logsumexp z along ``dim``, computed from z - max z."""

    name = "log_softmax"

    def forward(self, x: Tensor) -> Tensor:
        return x.log_softmax(axis=self.dim)


class Lambda(ActivationModule):
    """fn(z) for a function of one Tensor; its ``__name__`` is its name."""

    def __init__(self, fn: Callable[[Tensor], Tensor]) -> None:
        if not callable(fn):
            raise TypeError(f"Lambda: expected a function of one Tensor, got {type(fn).__name__} ({fn!r})")
        self.fn = fn
        self.name = getattr(fn, "__name__", None) or type(fn).__name__

    def forward(self, x: Tensor) -> Tensor:
        return self.fn(x)

    def config(self) -> dict[str, Any]:
        return {"type": "Lambda", "name": self.name}

    def __repr__(self) -> str:
        return f"Lambda({self.name})"


MODULES: dict[str, Callable[[], ActivationModule]] = {
    cls.name: cls
    for cls in (Identity, ReLU, LeakyReLU, Abs, Softplus, Sigmoid, Tanh, Step, Softmax, LogSoftmax)
}
MODULES["identity"] = Identity
"""Activation name -> module (every name in the table except maxout)."""


def module_for(
    activation: str | Callable[[Tensor], Tensor] | TensorModule, op: str = "activation"
) -> TensorModule:
    """The module for an activation name, a function of one Tensor, or a module."""
    if isinstance(activation, TensorModule):
        return activation
    if isinstance(activation, str):
        make = MODULES.get(activation)
        if make is None:
            why = " (maxout has no Tensor module yet)" if activation == "maxout" else ""
            raise ValueError(f"{op}: unknown activation {activation!r}{why}; known: {', '.join(MODULES)}")
        return make()
    if callable(activation):
        return Lambda(activation)
    raise TypeError(
        f"{op}: expected a module, an activation name or a function, got "
        f"{type(activation).__name__} ({activation!r})"
    )


def scalar_activation(module: TensorModule, op: str = "to_scalar") -> str | Elementwise:
    """The activation a scalar layer takes for a module: a name from the table, or a function
    (a Lambda's own function; LeakyReLU with another slope)."""
    if isinstance(module, Lambda):
        return module.fn
    if isinstance(module, LeakyReLU) and module.negative_slope != 0.01:
        slope = module.negative_slope

        def leaky_relu(z: Any) -> Any:
            return z.leaky_relu(slope)

        return leaky_relu
    if isinstance(module, Softmax) and module.dim not in (-1, 1):
        raise ValueError(f"{op}: {module!r} is not across a layer's units (dim must be -1)")
    if isinstance(module, ActivationModule) and module.name in NAMES:
        return module.name
    raise ValueError(f"{op}: {module!r} is not an activation the scalar nn has")


__all__ = [
    "Activation",
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
    "ActivationModule",
    "ReLU",
    "Tanh",
    "Sigmoid",
    "Softplus",
    "Abs",
    "Identity",
    "Step",
    "LeakyReLU",
    "Softmax",
    "LogSoftmax",
    "Lambda",
    "MODULES",
    "module_for",
    "scalar_activation",
]
