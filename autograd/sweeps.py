"""The two sweeps over a recorded graph, for Values and Tensors alike.

Reverse mode (back propagation), from one output down: adjoint[input] += d(node)/d(input) *
adjoint[node], nodes in reverse topological order: "how every node affects one output".
Forward mode, from one input up: tangent[node] += d(node)/d(input) * tangent[input], nodes in
topological order: "how one input affects every node".

The drivers ``pull_back`` and ``push_forward`` know no node type: they ask each node for its
vector-Jacobian product ``node.vjp(g, create_graph)`` or its Jacobian-vector product
``node.jvp(ts, create_graph)``, which a Value computes from its local derivatives and a Tensor
from its partial arrays or its tensor-only entry. With ``create_graph`` those products are
nodes themselves, connected to the graph, so the result can be differentiated again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd.fpflags import unwatch, watch
from autograd.graph import topological_order

Rule = Callable[[Any, Any], Any]


def pull_back(
    order: Sequence[Any], seeds: dict[Any, Any], vjp: Rule | None = None, *, create_graph: bool = False
) -> dict[Any, Any]:
    """Reverse sweep over ``order`` (topological): adjoints of every node reached from
    ``seeds`` {output: adjoint}; ``vjp(node, g)`` (default: the node's own) gives one
    contribution per input (None for an input that needs none)."""
    adjoint = dict(seeds)
    get = adjoint.get
    token = watch("sweep")  # numpy's overflow flags raised: a Tensor node names the op
    try:
        for node in reversed(order):
            inputs = node.inputs
            if not inputs:  # a leaf: nothing to pass on
                continue
            g = get(node)
            if g is None:
                continue
            shares = node.vjp(g, create_graph) if vjp is None else vjp(node, g)
            for child, contribution in zip(inputs, shares):
                if contribution is None:
                    continue
                a = get(child)
                adjoint[child] = contribution if a is None else a + contribution
    finally:
        unwatch(token)
    return adjoint


def push_forward(
    order: Sequence[Any], seeds: dict[Any, Any], jvp: Rule | None = None, *, create_graph: bool = False
) -> dict[Any, Any]:
    """Forward sweep over ``order``: tangents of every node that depends on ``seeds``
    {input: tangent}; ``jvp(node, input_tangents)`` (default: the node's own) combines them
    (None stands for zero)."""
    if jvp is None:
        jvp = lambda node, ts: node.jvp(ts, create_graph)  # noqa: E731
    tangent = dict(seeds)
    get = tangent.get
    reached = tangent.keys()  # a live view: isdisjoint skips, in C, nodes no tangent reaches
    token = watch("sweep")
    try:
        for node in order:
            inputs = node.inputs
            if not inputs or node in seeds or reached.isdisjoint(inputs):
                continue
            tangent[node] = jvp(node, [get(child) for child in inputs])
    finally:
        unwatch(token)
    return tangent


# ---------------------------------------------------------------------------- seeds and zeros


def _nodes(xs: Any, what: str) -> list[Any]:
    nodes = [xs] if hasattr(xs, "inputs") else list(xs)
    for x in nodes:
        if not hasattr(x, "vjp"):
            raise TypeError(f"{what}: expected Values or Tensors, got {type(x).__name__} ({x!r})")
    return nodes


def _seed(node: Any, s: Any, op: str) -> Any:
    """The adjoint or tangent ``s`` for ``node``: a number for a Value, an array of the node's
    shape for a Tensor (a number is broadcast to it); it must be finite."""
    if not np.isfinite(getattr(s, "data", s)).all():
        raise ValueError(f"{op}: the seed must be finite, got {s!r}")
    if isinstance(node.data, float):
        return s
    a = np.asarray(getattr(s, "data", s), dtype=node.data.dtype)
    if a.shape != node.data.shape:
        if a.ndim:
            raise ValueError(
                f"{op}: seed of shape {a.shape} does not match the node's shape {node.data.shape}"
            )
        a = np.full(node.data.shape, a, dtype=node.data.dtype)
    return a


def _lifted(node: Any, x: Any) -> Any:
    """A result of a ``create_graph`` sweep as a node of ``node``'s kind (constants lifted)."""
    return x if hasattr(x, "inputs") else node.constant(x)


# ---------------------------------------------------------------------------- public API


def reverse_sweep(y: Any, seed: Any = 1.0, create_graph: bool = False) -> dict[Any, Any]:
    """{node: dy/dnode} for every node of y's graph, without touching ``.grad``. ``y`` may be a
    list of outputs, then ``seed`` is a list of their adjoints. For a Tensor output the seed is
    an array of its shape (a number is broadcast: 1 gives the gradient of its sum). With
    ``create_graph`` the adjoints are nodes that can be differentiated again."""
    outputs = _nodes(y, "reverse_sweep")
    if hasattr(y, "inputs"):
        seeds = [seed]
    elif isinstance(seed, (list, tuple)):
        seeds = list(seed)
    else:
        seeds = [seed] * len(outputs)
    order = topological_order(outputs)
    start: dict[Any, Any] = {}
    for out, s in zip(outputs, seeds):
        s = _seed(out, s, "reverse_sweep")
        start[out] = start[out] + s if out in start else s
    adjoint = pull_back(order, start, create_graph=create_graph)
    return {node: adjoint[node] if node in adjoint else node.zero() for node in order}


def forward_sweep(y: Any, wrt: Any, seed: Any = 1.0, create_graph: bool = False) -> dict[Any, Any]:
    """{node: dnode/dx} for every node of y's graph (y one node or a list), x = ``wrt``.
    ``wrt`` may also be a dict {input: tangent} for a directional derivative; a Tensor input's
    tangent is an array of its shape (a number is broadcast)."""
    pairs = dict(wrt) if isinstance(wrt, dict) else {wrt: seed}
    seeds = {x: _seed(x, t, "forward_sweep") for x, t in pairs.items()}
    order = topological_order(_nodes(y, "forward_sweep"))
    tangent = push_forward(order, seeds, create_graph=create_graph)
    return {node: tangent[node] if node in tangent else node.zero() for node in order}


def gradients(outputs: Any, inputs: Any, grad_outputs: Any = None, create_graph: bool = False) -> list[Any]:
    """[d outputs / d input for each input], like ``torch.autograd.grad``: ``.grad`` is not
    touched. ``outputs`` one node or a list, weighted by ``grad_outputs`` (default 1 each; for
    a Tensor, ones of its shape). An input the outputs do not depend on gets 0 (zeros). With
    ``create_graph`` the results are nodes connected to the graph, so they can be
    differentiated again."""
    outs = _nodes(outputs, "gradients")
    if grad_outputs is None:
        weights: list[Any] = [1.0] * len(outs)
    else:
        many = isinstance(grad_outputs, (list, tuple)) and (
            not hasattr(outputs, "inputs") or len(grad_outputs) == 1
        )
        weights = list(grad_outputs) if many else [grad_outputs]
    if len(weights) != len(outs):
        raise ValueError(f"gradients: {len(outs)} outputs but {len(weights)} grad_outputs")
    wrt = _nodes(inputs, "gradients")
    adjoint = reverse_sweep(outs, weights, create_graph)
    result = []
    for x in wrt:
        g = adjoint[x] if x in adjoint else x.zero()
        result.append(_lifted(x, g) if create_graph else g)
    return result


def backward(y: Any, gradient: Any = None) -> None:
    """Add ``gradient`` * dy/dnode into ``node.grad`` (``y.backward(gradient)``)."""
    if not hasattr(y, "backward"):
        raise TypeError(f"backward: expected a Value or a Tensor, got {type(y).__name__}")
    if gradient is None:
        y.backward()
    else:
        y.backward(gradient)


__all__ = ["reverse_sweep", "forward_sweep", "gradients", "backward", "pull_back", "push_forward"]
