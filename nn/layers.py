"""``Layer`` (nout neurons on the same inputs) and ``MLP`` (layers in sequence), micrograd's API:
``MLP(nin, nouts)`` with ReLU hidden layers and a linear output layer; calling a model on nin
numbers or Values gives a list of Values, or one Value when the last layer has one output.

Forward propagation (seeds 001, 004): z^(l) = W^(l) a^(l-1) + b^(l), a^(l) = f^(l)(z^(l)), with
a^(0) = x; row i of W^(l) is the weight vector of neuron i of layer l.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd import Value
from nn import init as _init
from nn.activations import resolve
from nn.checks import count, finite
from nn.module import Module
from nn.names import label_parameters
from nn.neuron import Maxout, Neuron, Unit, inputs, nonlin_activation


class Layer(Module):
    """nout neurons reading the same nin inputs: ``neurons``, ``activation`` (name), ``nin``,
    ``nout``. ``W`` (nout rows of nin weights; for maxout nout lists of k rows) and ``b`` set the
    weights by hand; otherwise rows are drawn by ``init``. ``softmax`` / ``log_softmax`` act
    across the layer on linear units; ``maxout`` units have ``k`` pieces."""

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str | Callable[[Value], Value] = "relu",
        *,
        nonlin: bool | None = None,
        W: Sequence[Sequence[Any]] | None = None,
        b: Sequence[Any] | None = None,
        bias: bool = True,
        init: str | _init.Init = "uniform",
        bias_init: float = 0.0,
        k: int = 2,
        seed: int = 0,
        rng: np.random.Generator | None = None,
    ) -> None:
        op = "Layer"
        activation = nonlin_activation(activation, nonlin, op)
        self.nin = count(nin, op, "nin")
        self.nout = count(nout, op, "nout")
        act = resolve(activation, op)
        self.activation: str = act.name
        self._saved_as = act.saved_as  # a callable's fingerprint in saved files
        self._layer_fn = act.layer_fn
        unit_activation: Any = {"layer": "linear", "maxout": "maxout"}.get(act.kind, activation)
        bias_init = finite(bias_init, f"{op}: bias_init")
        if W is None:
            gen, fn = _init.make_rng(seed, rng, op), _init.resolve(init, op)
            if act.kind == "maxout":
                k = count(k, op, "k")
                per_piece = [_init.draw(fn, self.nin, self.nout, gen, op) for _ in range(k)]
                W = [[rows[j] for rows in per_piece] for j in range(self.nout)]
            else:
                W = _init.draw(fn, self.nin, self.nout, gen, op)
        elif isinstance(W, (str, bytes)) or len(W) != self.nout:
            raise ValueError(f"{op}: W must have nout={self.nout} rows")
        if b is not None and (isinstance(b, (str, bytes)) or len(b) != self.nout):
            raise ValueError(f"{op}: b must have nout={self.nout} entries")
        extra: dict[str, Any] = {"k": k} if act.kind == "maxout" else {}
        self.neurons: list[Unit] = [
            Neuron(
                self.nin,
                unit_activation,
                w=W[j],
                b=None if b is None else b[j],
                bias=bias,
                bias_init=bias_init,
                **extra,
            )
            for j in range(self.nout)
        ]
        self._rename("layer")
        label_parameters(self)  # w[j,k], b[j]: names for pictures (nn/names.py)

    def _rename(self, scope: str) -> None:
        """Scope names for pictures: the layer's, and "<layer>/neuron<j>" for its neurons."""
        self._scope = scope
        for j, n in enumerate(self.neurons):
            n._scope = f"{scope}/neuron{j}"

    def _forward(self, x: Sequence[Value]) -> list[Value]:
        out = [n._forward(x) for n in self.neurons]
        if self._layer_fn is None:
            return out
        out = self._layer_fn(out)
        outer = out[0].scope  # the enclosing autograd.scope, if any
        scope = self._scope if outer is None else f"{outer}/{self._scope}"
        for a in out:
            a.scope = scope
        return out

    def __call__(self, x: Sequence[Any]) -> Any:
        """[a_1, ..., a_nout] for nin numbers or Values; one Value for a one-unit layer (as
        micrograd's Layer)."""
        out = self._forward(inputs(x, self.nin, "Layer"))
        return out[0] if len(out) == 1 else out

    def _children(self) -> list[tuple[str, Module]]:
        return [(f"neurons.{j}", n) for j, n in enumerate(self.neurons)]

    def parameters(self) -> list[Value]:
        """Neuron by neuron, its weights then its bias."""
        return [p for n in self.neurons for p in n.parameters()]

    def set_weights(self, W: Sequence[Sequence[Any]], b: Sequence[Any] | None = None) -> None:
        """Set W (nout rows of nin; for maxout nout lists of k rows) and b (nout) by hand; on an
        error nothing changes."""
        op = "Layer.set_weights"
        if isinstance(W, (str, bytes)) or len(W) != self.nout:
            raise ValueError(f"{op}: W must have nout={self.nout} rows")
        if b is not None and (isinstance(b, (str, bytes)) or len(b) != self.nout):
            raise ValueError(f"{op}: b must have nout={self.nout} entries")

        def change() -> None:
            for j, n in enumerate(self.neurons):
                n.set_weights(W[j], None if b is None else b[j])

        _atomically(self, change)

    def get_weights(self) -> tuple[list[Any], list[Any] | None]:
        """(W, b) as floats: W one row (maxout: k rows) per neuron, b one entry per neuron."""
        pairs = [n.get_weights() for n in self.neurons]
        biases = [bn for _, bn in pairs]
        return [w for w, _ in pairs], (None if biases[0] is None else biases)

    def config(self) -> dict[str, Any]:
        cfg = {
            "type": "Layer",
            "nin": self.nin,
            "nout": self.nout,
            "activation": self._saved_as,
            "bias": self.neurons[0].config()["bias"],
        }
        if isinstance(self.neurons[0], Maxout):
            cfg["k"] = self.neurons[0].k
        return cfg

    def __repr__(self) -> str:
        extra = f", k={self.neurons[0].k}" if isinstance(self.neurons[0], Maxout) else ""
        extra += "" if self.config()["bias"] else ", bias=False"
        return f"Layer({self.nin}, {self.nout}, activation={self.activation!r}{extra})"


class MLP(Module):
    """Layers of sizes nin -> nouts[0] -> ... -> nouts[-1]: ``layers``, ``sizes``
    ([nin, *nouts]), ``nin``, ``nout``. Hidden layers use ``activation``, the last layer
    ``output_activation``. ``init`` and ``seed`` draw the weights (``MLP(..., seed=0)`` is the
    same network every run); ``bias_init`` is every bias's start (seed 001: 0.1 against dead
    ReLUs); ``bias=False`` leaves biases out; ``k`` is the pieces of maxout units."""

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str | Callable[[Value], Value] = "relu",
        output_activation: str | Callable[[Value], Value] = "linear",
        *,
        init: str | _init.Init = "uniform",
        seed: int = 0,
        bias: bool = True,
        bias_init: float = 0.0,
        k: int = 2,
        rng: np.random.Generator | None = None,
    ) -> None:
        op = "MLP"
        nin = count(nin, op, "nin")
        if isinstance(nouts, (str, bytes)) or not isinstance(nouts, Sequence) or not nouts:
            raise TypeError(f"{op}: nouts must be a non-empty list of layer sizes, got {nouts!r}")
        self.sizes: list[int] = [nin] + [count(n, op, f"nouts[{i}]") for i, n in enumerate(nouts)]
        self.nin, self.nout = self.sizes[0], self.sizes[-1]
        gen = _init.make_rng(seed, rng, op)
        last = len(nouts) - 1
        self.layers: list[Layer] = [
            Layer(
                a,
                b,
                output_activation if i == last else activation,
                init=init,
                bias=bias,
                bias_init=bias_init,
                k=k,
                rng=gen,
            )
            for i, (a, b) in enumerate(zip(self.sizes, self.sizes[1:]))
        ]
        for i, layer in enumerate(self.layers):
            layer._rename(f"layer{i}")
        label_parameters(self)  # w[l][j,k], b[l][j]: names for pictures (nn/names.py)
        self.activation: str = resolve(activation, op).name
        self.output_activation: str = self.layers[-1].activation

    def __call__(self, x: Sequence[Any]) -> Any:
        """The output layer's activations for nin numbers or Values: a list, or one Value when
        the last layer has one unit."""
        a = inputs(x, self.nin, "MLP")
        for layer in self.layers:
            a = layer._forward(a)
        return a[0] if len(a) == 1 else a

    def _children(self) -> list[tuple[str, Module]]:
        return [(f"layers.{i}", layer) for i, layer in enumerate(self.layers)]

    def parameters(self) -> list[Value]:
        """Layer by layer, neuron by neuron, its weights then its bias (micrograd's order)."""
        return [p for layer in self.layers for n in layer.neurons for p in n.parameters()]

    def set_weights(self, weights: Sequence[tuple[Any, Any]]) -> None:
        """Set every layer by hand from [(W, b), ...], as ``Layer.set_weights``; on an error
        nothing changes."""
        if isinstance(weights, (str, bytes)) or len(weights) != len(self.layers):
            raise ValueError(f"MLP.set_weights: expected {len(self.layers)} (W, b) pairs")

        def change() -> None:
            for layer, pair in zip(self.layers, weights):
                layer.set_weights(*pair)

        _atomically(self, change)

    def get_weights(self) -> list[tuple[list[Any], list[Any] | None]]:
        """[(W, b) per layer] as floats."""
        return [layer.get_weights() for layer in self.layers]

    def config(self) -> dict[str, Any]:
        return {"type": "MLP", "layers": [layer.config() for layer in self.layers]}

    def __repr__(self) -> str:
        lines = [f"  ({i}): {layer!r}" for i, layer in enumerate(self.layers)]
        sizes = " -> ".join(map(str, self.sizes))
        return f"MLP({sizes}, {self.num_parameters()} parameters\n" + "\n".join(lines) + "\n)"


def _atomically(module: Module, change: Callable[[], Any]) -> None:
    """Run ``change``; if it raises, put every parameter back first."""
    saved = module.state_dict()
    try:
        change()
    except BaseException:
        module.load_state_dict(saved)
        raise


__all__ = ["Layer", "MLP"]
