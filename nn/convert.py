"""One network, two engines: ``to_tensor(mlp)`` builds the Tensor ``Sequential`` holding a scalar
``nn.MLP``'s weights, ``to_scalar(model)`` the ``nn.MLP`` holding a Sequential's.

Layer l's neuron i (weights w_i, bias b_i) is row i of Linear l's ``weight`` (out, in) and entry
i of its ``bias``; the layer's activation is the module after it (none for "linear"). Both
engines then compute the same numbers: z = W a + b per sample in the scalar engine, Z = X W^T + b
per batch in the Tensor engine (tests: outputs, loss and every gradient agree to 1e-12).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from nn.activation_modules import Lambda, module_for, scalar_activation
from nn.activations import builtin
from nn.layers import MLP, Layer
from nn.linear import Linear
from nn.module import TensorModule
from nn.sequential import Sequential


def to_tensor(model: MLP | Layer, dtype: Any = np.float64) -> Sequential:
    """The Sequential of Linear and activation modules holding ``model``'s weights (copied)."""
    op = "to_tensor"
    if isinstance(model, MLP):
        layers = model.layers
    elif isinstance(model, Layer):
        layers = [model]
    else:
        raise TypeError(f"{op}: expected an nn.MLP or nn.Layer, got {type(model).__name__}")
    modules: list[TensorModule] = []
    for i, layer in enumerate(layers):
        if layer.activation == "maxout":
            raise ValueError(f"{op}: layer {i} is a maxout layer, which has no Tensor module yet")
        W, b = layer.get_weights()
        linear = Linear(layer.nin, layer.nout, bias=b is not None, dtype=dtype)
        linear.weight.data[...] = np.asarray(W, dtype=np.float64)
        if b is not None and linear.bias is not None:
            linear.bias.data[...] = np.asarray(b, dtype=np.float64)
        modules.append(linear)
        act = _activation_of(layer)
        if act is not None:
            modules.append(act)
    return Sequential(*modules)


def _activation_of(layer: Layer) -> TensorModule | None:
    """The module for a layer's activation; None for a linear layer."""
    if layer._layer_fn is not None:  # softmax / log_softmax across the layer
        return module_for(layer.activation)
    fn = layer.neurons[0]._act
    if fn is None:
        return None
    name = builtin(fn)
    if name is not None:
        return module_for(name)
    return Lambda(fn)  # the user's function of one Value, used on a Tensor as it is


def to_scalar(model: Sequential) -> MLP:
    """The ``nn.MLP`` holding ``model``'s weights: the model must read Linear, then at most one
    activation, repeated; hidden layers with one activation; biases in all layers or none."""
    op = "to_scalar"
    if not isinstance(model, Sequential):
        raise TypeError(f"{op}: expected an nn.Sequential, got {type(model).__name__}")
    pairs: list[list[Any]] = []  # [Linear, its activation module or None]
    for i, m in enumerate(model):
        if isinstance(m, Linear):
            pairs.append([m, None])
        elif not pairs:
            raise ValueError(f"{op}: module {i} ({m!r}) comes before the first Linear")
        elif pairs[-1][1] is not None:
            raise ValueError(
                f"{op}: module {i} ({m!r}) follows another activation; the scalar MLP "
                f"has one activation per layer"
            )
        else:
            scalar_activation(m, op)  # raises for a module the scalar nn lacks
            pairs[-1][1] = m
    if not pairs:
        raise ValueError(f"{op}: the model has no Linear layer")
    linears = [p[0] for p in pairs]
    if len({lin.bias is None for lin in linears}) > 1:
        raise ValueError(f"{op}: some Linear layers have a bias and some do not")
    hidden = [p[1] for p in pairs[:-1]]
    if any(not _same(a, hidden[0]) for a in hidden):
        raise ValueError(f"{op}: the hidden layers use different activations {hidden}; nn.MLP has one")
    hidden_act = _scalar(hidden[0], op) if hidden else "relu"
    for a, b in zip(linears, linears[1:]):
        if a.out_features != b.in_features:
            raise ValueError(f"{op}: {a!r} feeds {b!r}: {a.out_features} outputs, {b.in_features} inputs")
    mlp = MLP(
        linears[0].in_features,
        [lin.out_features for lin in linears],
        activation=hidden_act,
        output_activation=_scalar(pairs[-1][1], op),
        bias=linears[0].bias is not None,
    )
    mlp.set_weights(
        [(lin.weight.data.tolist(), None if lin.bias is None else lin.bias.data.tolist()) for lin in linears]
    )
    return mlp


def _same(a: TensorModule | None, b: TensorModule | None) -> bool:
    """One activation: both none, or modules of one config (a Lambda: one function)."""
    if a is None or b is None:
        return a is b
    if isinstance(a, Lambda) or isinstance(b, Lambda):
        return isinstance(a, Lambda) and isinstance(b, Lambda) and a.fn is b.fn
    return a.config() == b.config()


def _scalar(module: TensorModule | None, op: str) -> str | Callable[..., Any]:
    return "linear" if module is None else scalar_activation(module, op)


__all__ = ["to_tensor", "to_scalar"]
