"""Activations as modules without parameters, PyTorch's names, for a ``Sequential``; each reads
its function from the one table in ``nn.activations`` (the same function a scalar unit uses):

    ReLU  Tanh  Sigmoid  Softplus  Abs  Identity  Step  LeakyReLU(negative_slope)
    Softmax(dim)  LogSoftmax(dim)   along ``dim`` (the classes: -1)
    Lambda(fn)    fn(z) for a function of one Tensor (e.g. ``lambda z: z.leaky_relu(0.2)``)

``module_for(name)`` maps the activation names ("relu", "tanh", "linear", "softmax" ...) to
these, so ``Sequential(Linear(2, 4), "tanh", Linear(4, 1))`` works; ``scalar_activation(module)``
maps back (for ``nn.to_scalar``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograd import Tensor
from nn.activations import _TABLE, NAMES, Elementwise, fingerprint, leaky_relu
from nn.module import TensorModule


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
        return {"type": "Lambda", "name": self.name, "fingerprint": fingerprint(self.fn)}

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
