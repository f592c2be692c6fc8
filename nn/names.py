"""Names for the parameters a model makes, so that pictures show them without extra arguments.

The lectures' notation, z^(l) = W^(l) a^(l-1) + b^(l), every index counted from 1:

    w[l][j,k]   the weight W_jk^(l): layer l, neuron j, input k (x_k, or neuron k of layer l-1)
    b[l][j]     the bias b_j^(l) of neuron j of layer l
    w[l][j,k;p] b[l][j;p]   piece p of a maxout neuron

A lone Layer drops the [l] (``w[j,k]``, ``b[j]``), a lone Neuron also the j (``w[k]``, ``b``).
On the Tensor engine a Linear's matrices are ``w`` and ``b``, ``w[l]`` and ``b[l]`` inside a
Sequential (the l-th Linear). So ``w[1][2,1]`` is the element [2,1] of ``w[1]`` counted from 1
(``weight[1, 0]`` in PyTorch's 0-based indexing).
"""

from __future__ import annotations

from typing import Any


def _label_neuron(neuron: Any, prefix: str, index: str) -> None:
    """Label one neuron's weights ``w{prefix}[{index}k]`` and bias ``b{prefix}[{index}]``."""
    sep = "," if index else ""
    pieces = getattr(neuron, "pieces", None)
    if pieces is not None:  # maxout: k weight rows and k biases
        for p, row in enumerate(pieces, start=1):
            for k, w in enumerate(row, start=1):
                w.label = f"w{prefix}[{index}{sep}{k};{p}]"
        for p, b in enumerate(getattr(neuron, "biases", None) or (), start=1):
            b.label = f"b{prefix}[{index};{p}]" if index else f"b{prefix}[{p}]"
        return
    for k, w in enumerate(neuron.w, start=1):
        w.label = f"w{prefix}[{index}{sep}{k}]"
    if neuron.b is not None:
        neuron.b.label = f"b{prefix}[{index}]" if index else f"b{prefix}"


def _label_layer(layer: Any, prefix: str) -> None:
    for j, neuron in enumerate(layer.neurons, start=1):
        _label_neuron(neuron, prefix, str(j))


def label_parameters(model: Any) -> Any:
    """Set ``label`` on every parameter of ``model`` (Neuron, Layer, MLP, Linear, Sequential)
    by the convention in the module docstring; returns the model."""
    if hasattr(model, "layers"):  # MLP
        for depth, layer in enumerate(model.layers, start=1):
            _label_layer(layer, f"[{depth}]")
    elif hasattr(model, "neurons"):  # Layer
        _label_layer(model, "")
    elif hasattr(model, "w") or hasattr(model, "pieces"):  # Neuron, Maxout
        _label_neuron(model, "", "")
    elif hasattr(model, "weight"):  # Linear
        model.weight.label = "w"
        if model.bias is not None:
            model.bias.label = "b"
    elif hasattr(model, "_modules"):  # Sequential: the l-th Linear's w[l], b[l]
        linears = [m for m in model._modules if hasattr(m, "weight")]
        for depth, linear in enumerate(linears, start=1):
            linear.weight.label = f"w[{depth}]"
            if linear.bias is not None:
                linear.bias.label = f"b[{depth}]"
    return model


__all__ = ["label_parameters"]
