"""Activation functions as Tensor modules (PyTorch's names), elementwise a = f(z) on a batch:

    ReLU         max(0, z)                     Tanh      tanh z
    LeakyReLU    z if z > 0 else s z (s=0.01)   Sigmoid   1 / (1 + e^-z)
    Softplus     ln(1 + e^z)                   Abs       |z|
    Identity     z (no node)                   Step      1{z >= 0}, derivative 0
    Softmax      e^z / sum e^z along ``dim``    LogSoftmax  z - logsumexp z along ``dim``
    Lambda(fn)   fn(z) for a function of one Tensor (e.g. ``lambda z: z.leaky_relu(0.2)``)

``module_for(name)`` maps the scalar nn's activation names ("relu", "tanh", "linear", "softmax"
...; see ``nn.activations``) to these, so ``Sequential(Linear(2, 4), "tanh", Linear(4, 1))``
works, and ``scalar_activation(module)`` maps back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograd import Tensor

from nn.activations import NAMES
from nn.module import TensorModule


class ActivationModule(TensorModule):
    """An activation without parameters; ``name`` is the scalar nn's name for it."""

    name = ""

    def config(self) -> dict[str, Any]:
        return {"type": type(self).__name__}

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class ReLU(ActivationModule):
    """max(0, z); derivative 1{z > 0}."""

    name = "relu"

    def forward(self, x: Tensor) -> Tensor:
        return x.relu()


class Tanh(ActivationModule):
    """tanh z; derivative 1 - tanh^2 z."""

    name = "tanh"

    def forward(self, x: Tensor) -> Tensor:
        return x.tanh()


class Sigmoid(ActivationModule):
    """sigma(z) = 1 / (1 + e^-z); derivative sigma (1 - sigma)."""

    name = "sigmoid"

    def forward(self, x: Tensor) -> Tensor:
        return x.sigmoid()


class Softplus(ActivationModule):
    """ln(1 + e^z); derivative sigma(z)."""

    name = "softplus"

    def forward(self, x: Tensor) -> Tensor:
        return x.softplus()


class Abs(ActivationModule):
    """|z|; derivative sign(z) (0 at 0)."""

    name = "abs"

    def forward(self, x: Tensor) -> Tensor:
        return abs(x)


class Identity(ActivationModule):
    """z itself (a linear output layer): no node."""

    name = "linear"

    def forward(self, x: Tensor) -> Tensor:
        return x


class Step(ActivationModule):
    """1{z >= 0}, the threshold unit, derivative 0: recorded as z * 0 + 1{z >= 0}, so a loss on
    it still reaches the parameters, with gradient 0 (as the scalar ``step``)."""

    name = "step"

    def forward(self, x: Tensor) -> Tensor:
        return x * 0.0 + (x.data >= 0.0)


class LeakyReLU(ActivationModule):
    """z if z > 0 else s z, s = ``negative_slope`` (0.01, PyTorch's default)."""

    name = "leaky_relu"

    def __init__(self, negative_slope: float = 0.01) -> None:
        self.negative_slope = float(negative_slope)

    def forward(self, x: Tensor) -> Tensor:
        return x.leaky_relu(self.negative_slope)

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
    "linear": Identity, "identity": Identity, "relu": ReLU, "leaky_relu": LeakyReLU, "abs": Abs,
    "softplus": Softplus, "sigmoid": Sigmoid, "tanh": Tanh, "step": Step, "softmax": Softmax,
    "log_softmax": LogSoftmax,
}
"""Scalar activation name -> module (every name of ``nn.activations`` except maxout)."""


def module_for(activation: str | Callable[[Tensor], Tensor] | TensorModule, op: str = "activation") -> TensorModule:
    """The module for a scalar activation name, a function of one Tensor, or a module."""
    if isinstance(activation, TensorModule):
        return activation
    if isinstance(activation, str):
        make = MODULES.get(activation)
        if make is None:
            known = ", ".join(MODULES)
            why = " (maxout has no Tensor module yet)" if activation == "maxout" else ""
            raise ValueError(f"{op}: unknown activation {activation!r}{why}; known: {known}")
        return make()
    if callable(activation):
        return Lambda(activation)
    raise TypeError(f"{op}: expected a module, an activation name or a function, got "
                    f"{type(activation).__name__} ({activation!r})")


def scalar_activation(module: TensorModule, op: str = "to_scalar") -> str | Callable[[Any], Any]:
    """The scalar nn's activation for a module: a name from ``nn.activations``, or a function
    of one Value (a Lambda's own function; LeakyReLU with another slope)."""
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


__all__ = ["ActivationModule", "ReLU", "Tanh", "Sigmoid", "Softplus", "Abs", "Identity", "Step",
           "LeakyReLU", "Softmax", "LogSoftmax", "Lambda", "MODULES", "module_for", "scalar_activation"]
