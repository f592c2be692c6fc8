"""The way out and the way in: ``to_torch(model)`` gives the ``torch.nn.Sequential`` that
computes what an edgegrad model computes, ``from_torch(module)`` the edgegrad ``Sequential``
that computes what a torch one does. PyTorch is optional (``pip install -e .[torch]``); it is
imported only when these are called.

A layer is z = x W^T + b in both libraries, with W of shape (out, in): row i of a torch
``Linear``'s weight is neuron i's weights of a scalar ``nn.Layer`` and row i of our ``Linear``'s,
so converting copies numbers and nothing else. A Sequential keeps its module indices, so
``state_dict`` keys ("0.weight", "0.bias", "2.weight" ...) match on both sides.

Supported: Linear, ReLU, Tanh, Sigmoid, Softplus, LeakyReLU, Identity, Softmax, LogSoftmax (and
torch Sequentials nested inside one another). Anything else raises ValueError naming it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from nn.activation_modules import (
    Identity,
    LeakyReLU,
    LogSoftmax,
    ReLU,
    Sigmoid,
    Softmax,
    Softplus,
    Tanh,
)
from nn.layers import MLP
from nn.linear import Linear
from nn.module import TensorModule
from nn.sequential import Sequential

SUPPORTED = "Linear, ReLU, Tanh, Sigmoid, Softplus, LeakyReLU, Identity, Softmax, LogSoftmax"


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        raise ImportError("to_torch/from_torch need PyTorch: pip install -e .[torch]") from None
    return torch


# ----------------------------------------------------------------------------- the way out


def _torch_activation(name: str, where: str, slope: float = 0.01, dim: int = -1) -> Any:
    """The torch module for one of our activation names; None for a linear layer."""
    tnn = _torch().nn
    make = {
        "relu": tnn.ReLU,
        "tanh": tnn.Tanh,
        "sigmoid": tnn.Sigmoid,
        "softplus": tnn.Softplus,
        "leaky_relu": lambda: tnn.LeakyReLU(slope),
        "linear": tnn.Identity,
        "identity": tnn.Identity,
        "softmax": lambda: tnn.Softmax(dim),
        "log_softmax": lambda: tnn.LogSoftmax(dim),
    }.get(name)
    if make is None:
        raise ValueError(
            f"to_torch: {where} uses the activation {name!r}, which has no torch.nn "
            f"module; supported: {SUPPORTED}"
        )
    return make()


def _torch_linear(W: Any, b: Any, dtype: Any) -> Any:
    """A torch Linear holding W (out, in) and b (out,) (or no bias when b is None)."""
    torch = _torch()
    W = np.asarray(W, dtype=np.float64)
    layer = torch.nn.Linear(W.shape[1], W.shape[0], bias=b is not None, dtype=dtype)
    with torch.no_grad():
        layer.weight.copy_(torch.as_tensor(W, dtype=dtype))
        if b is not None:
            layer.bias.copy_(torch.as_tensor(np.asarray(b, dtype=np.float64), dtype=dtype))
    return layer


def _from_mlp(model: MLP, dtype: Any) -> list[Any]:
    """Linear and activation modules for a scalar MLP: neuron i's parameters (w_1..w_n, then b)
    become row i of W and entry i of b."""
    modules = []
    for i, layer in enumerate(model.layers):
        rows = [[p.data for p in n.parameters()] for n in layer.neurons]
        if any(len(r) not in (layer.nin, layer.nin + 1) for r in rows):
            raise ValueError(f"to_torch: layer {i} ({layer!r}) is not one weight row per neuron")
        bias = len(rows[0]) == layer.nin + 1
        W = [r[: layer.nin] for r in rows]
        modules.append(_torch_linear(W, [r[-1] for r in rows] if bias else None, dtype))
        if layer.activation not in ("linear", "identity"):
            name = layer.activation if isinstance(layer.activation, str) else repr(layer.activation)
            modules.append(_torch_activation(name, f"layer {i}"))
    return modules


def _from_sequential(model: Sequential, dtype: Any) -> list[Any]:
    """One torch module per module of ``model``, at the same index."""
    modules = []
    for i, m in enumerate(model):
        if isinstance(m, Linear):
            modules.append(_torch_linear(m.weight.data, None if m.bias is None else m.bias.data, dtype))
        elif isinstance(m, (ReLU, Tanh, Sigmoid, Softplus, LeakyReLU, Identity, Softmax)):
            modules.append(
                _torch_activation(
                    m.name, f"module {i} ({m!r})", getattr(m, "negative_slope", 0.01), getattr(m, "dim", -1)
                )
            )
        else:
            raise ValueError(
                f"to_torch: module {i} ({m!r}) is a {type(m).__name__}, which has no "
                f"torch.nn module; supported: {SUPPORTED}"
            )
    return modules


def to_torch(model: MLP | Sequential, dtype: Any = None) -> Any:
    """A ``torch.nn.Sequential`` of Linear and activation modules computing what ``model`` (an
    ``nn.Sequential`` or a scalar ``nn.MLP``) computes, with copies of its weights, in ``dtype``
    (default: the model's, float64 for a scalar MLP)."""
    torch = _torch()
    if dtype is None:
        own = model.dtype if isinstance(model, TensorModule) else None
        dtype = torch.float32 if own == np.float32 else torch.float64
    if isinstance(model, MLP):
        modules = _from_mlp(model, dtype)
    elif isinstance(model, Sequential):
        modules = _from_sequential(model, dtype)
    else:
        raise TypeError(f"to_torch: expected an nn.Sequential or nn.MLP, got {type(model).__name__}")
    return torch.nn.Sequential(*modules)


# ----------------------------------------------------------------------------- the way in


def _flat(module: Any) -> Iterator[tuple[str, Any]]:
    """(index path, module) for every module of a torch Sequential, nested ones opened."""
    stack = [("", module)]
    while stack:
        path, m = stack.pop()
        if isinstance(m, _torch().nn.Sequential):
            stack.extend(reversed([(f"{path}{name}.", child) for name, child in m.named_children()]))
        else:
            yield path.rstrip("."), m


def _our_module(path: str, m: Any, dtype: Any) -> TensorModule:
    tnn = _torch().nn
    kind = type(m).__name__
    if isinstance(m, tnn.Linear):
        layer = Linear(m.in_features, m.out_features, bias=m.bias is not None, dtype=dtype)
        layer.weight.data[...] = m.weight.detach().cpu().double().numpy()
        if m.bias is not None:
            layer.bias.data[...] = m.bias.detach().cpu().double().numpy()  # type: ignore[union-attr]
        return layer
    if isinstance(m, tnn.Softplus) and (m.beta != 1 or m.threshold != 20):
        raise ValueError(
            f"from_torch: module {path} ({m}) is a Softplus with beta={m.beta}, "
            f"threshold={m.threshold}; only the default ln(1 + e^z) converts"
        )
    simple = {
        tnn.ReLU: ReLU,
        tnn.Tanh: Tanh,
        tnn.Sigmoid: Sigmoid,
        tnn.Softplus: Softplus,
        tnn.Identity: Identity,
    }
    if type(m) in simple:
        return simple[type(m)]()
    if isinstance(m, tnn.LeakyReLU):
        return LeakyReLU(m.negative_slope)
    if isinstance(m, (tnn.Softmax, tnn.LogSoftmax)):
        if m.dim is None:
            raise ValueError(f"from_torch: module {path} ({m}) has no dim; give it dim=-1")
        return (Softmax if isinstance(m, tnn.Softmax) else LogSoftmax)(m.dim)
    raise ValueError(
        f"from_torch: module {path} ({m}) is a {kind}, which edgegrad cannot convert; supported: {SUPPORTED}"
    )


def from_torch(module: Any) -> Sequential:
    """Our ``nn.Sequential`` computing what the torch ``module`` (a Sequential of supported
    layers, or one such layer) computes, with copies of its weights, in float64 (float32 when
    the torch weights are float32)."""
    torch = _torch()
    if not isinstance(module, torch.nn.Module):
        raise TypeError(f"from_torch: expected a torch.nn.Module, got {type(module).__name__}")
    params = list(module.parameters())
    dtype = np.float32 if params and params[0].dtype == torch.float32 else np.float64
    return Sequential(*[_our_module(path or "0", m, dtype) for path, m in _flat(module)])


__all__ = ["to_torch", "from_torch"]
