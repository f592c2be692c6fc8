"""The two sweeps over a recorded graph, and ``backward``.

Reverse mode (back propagation), from one output down: adjoint[input] += d(node)/d(input) *
adjoint[node], nodes in reverse topological order: "how every node affects one output".
Forward mode, from one input up: tangent[node] += d(node)/d(input) * tangent[input], nodes in
topological order: "how one input affects every node".

The drivers ``pull_back`` and ``push_forward`` know nothing of scalars: they take the rule that
combines an edge's local derivative with an adjoint or tangent, so the Tensor engine (whose
table holds vector-Jacobian and Jacobian-vector products instead of local derivatives) uses
them too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from autograd.graph import topological_order
from autograd.value import VALUE_MATH, Value, lift


def pull_back(order: Sequence[Any], seeds: dict[Any, Any],
              vjp: Callable[[Any, Any], Iterable[Any]]) -> dict[Any, Any]:
    """Reverse sweep over ``order`` (topological): adjoints of every node reached from
    ``seeds`` {output: adjoint}; ``vjp(node, adjoint)`` gives one contribution per input."""
    adjoint = dict(seeds)
    get = adjoint.get
    for node in reversed(order):
        g = get(node)
        if g is None or not node.inputs:
            continue
        for child, contribution in zip(node.inputs, vjp(node, g)):
            a = get(child)
            adjoint[child] = contribution if a is None else a + contribution
    return adjoint


def push_forward(order: Sequence[Any], seeds: dict[Any, Any],
                 jvp: Callable[[Any, list[Any]], Any]) -> dict[Any, Any]:
    """Forward sweep over ``order``: tangents of every node that depends on ``seeds``
    {input: tangent}; ``jvp(node, input_tangents)`` combines them (None stands for zero)."""
    tangent = dict(seeds)
    get = tangent.get
    reached = tangent.keys()  # a live view: isdisjoint skips, in C, nodes no tangent reaches
    for node in order:
        inputs = node.inputs
        if not inputs or node in seeds or reached.isdisjoint(inputs):
            continue
        tangent[node] = jvp(node, [get(child) for child in inputs])
    return tangent


# ---------------------------------------------------------------------------- scalar rules


def symbolic_partials(node: Value) -> tuple[Any, ...]:
    """The node's local derivatives as Values connected to its inputs (for higher order)."""
    return node.primitive.rule(VALUE_MATH, *node.inputs)[1]  # type: ignore[union-attr]


def scalar_vjp(node: Value, g: Any) -> list[Any]:
    """The scalar vector-Jacobian rule: each input receives d(node)/d(input) * adjoint."""
    return [d * g for d in node.local_grads]


def scalar_vjp_graph(node: Value, g: Any) -> list[Any]:
    """``scalar_vjp`` with the local derivatives as Values (so the result is differentiable)."""
    return [d * g for d in symbolic_partials(node)]


def scalar_jvp(node: Value, ts: list[Any]) -> Any:
    """The scalar Jacobian-vector rule: sum_i d(node)/d(input_i) * tangent_i (None is zero)."""
    return _weighted_sum(node.local_grads, ts)


def scalar_jvp_graph(node: Value, ts: list[Any]) -> Any:
    """``scalar_jvp`` with the local derivatives as Values (so the result is differentiable)."""
    return _weighted_sum(symbolic_partials(node), ts)


def _weighted_sum(ds: Iterable[Any], ts: list[Any]) -> Any:
    total: Any = 0.0
    for d, t in zip(ds, ts):
        if t is not None:
            total = total + d * t
    return total


def _as_list(xs: Any) -> list[Any]:
    return [xs] if isinstance(xs, Value) else list(xs)


# ---------------------------------------------------------------------------- public API


def reverse_sweep(y: Any, seed: Any = 1.0, create_graph: bool = False) -> dict[Value, Any]:
    """{node: dy/dnode} for every node of y's graph, without touching ``.grad``. ``y`` may be a
    list of outputs, then ``seed`` is a list of their adjoints. With ``create_graph`` the
    adjoints are Values that can be differentiated again."""
    outputs = _as_list(y)
    if isinstance(y, Value):
        seeds = [seed]
    elif isinstance(seed, (list, tuple)):
        seeds = list(seed)
    else:
        seeds = [seed] * len(outputs)
    order = topological_order(outputs)
    start: dict[Any, Any] = {}
    for out, s in zip(outputs, seeds):
        start[out] = start[out] + s if out in start else s
    adjoint = pull_back(order, start, scalar_vjp_graph if create_graph else scalar_vjp)
    return {node: adjoint.get(node, 0.0) for node in order}


def forward_sweep(y: Any, wrt: Any, seed: Any = 1.0, create_graph: bool = False) -> dict[Value, Any]:
    """{node: dnode/dx} for every node of y's graph (y one node or a list), x = ``wrt``.
    ``wrt`` may also be a dict {input: tangent} for a directional derivative."""
    seeds = dict(wrt) if isinstance(wrt, dict) else {wrt: seed}
    order = topological_order(_as_list(y))
    tangent = push_forward(order, seeds, scalar_jvp_graph if create_graph else scalar_jvp)
    return {node: tangent.get(node, 0.0) for node in order}


def gradients(outputs: Any, inputs: Any, grad_outputs: Any = None,
              create_graph: bool = False) -> list[Any]:
    """[d outputs / d input for each input], like ``torch.autograd.grad``: ``.grad`` is not
    touched. ``outputs`` one Value or a list, weighted by ``grad_outputs`` (default 1 each).
    An input the outputs do not depend on gets 0. With ``create_graph`` the results are Values
    connected to the graph, so they can be differentiated again."""
    outs = _as_list(outputs)
    weights = [1.0] * len(outs) if grad_outputs is None else _as_list(grad_outputs)
    if len(weights) != len(outs):
        raise ValueError(f"gradients: {len(outs)} outputs but {len(weights)} grad_outputs")
    wrt = _as_list(inputs)
    for x in wrt:
        if not isinstance(x, Value):
            raise TypeError(f"gradients: inputs must be Values, got {type(x).__name__} ({x!r})")
    adjoint = reverse_sweep(outs, weights, create_graph)
    result = []
    for x in wrt:
        g = adjoint.get(x, 0.0)
        result.append(lift(float(g)) if create_graph and not isinstance(g, Value) else g)
    return result


def backward(y: Value, gradient: Any = 1.0) -> None:
    """Add ``gradient`` * dy/dnode into ``node.grad`` for every node of y's graph.

    The scalar case of ``pull_back``, written out because it is the hot path of training: the
    adjoints are accumulated in ``.grad`` itself. Gradients already there are set aside first
    and added back at the end (old + new), so a second call adds exactly the same gradient
    again and no stale adjoint is propagated twice (micrograd issue #53)."""
    if not isinstance(y, Value):
        raise TypeError(f"backward: expected a Value, got {type(y).__name__}")
    order = topological_order(y)
    stale = [(node, node.grad) for node in order if node.grad]
    for node, _ in stale:
        node.grad = 0.0
    y.grad = gradient
    for node in reversed(order):
        g = node.grad
        if g:
            for child, d in zip(node.inputs, node.local_grads):
                child.grad += d * g
    for node, old in stale:
        node.grad += old


__all__ = ["reverse_sweep", "forward_sweep", "gradients", "backward", "pull_back", "push_forward",
           "symbolic_partials", "scalar_vjp", "scalar_jvp", "scalar_vjp_graph", "scalar_jvp_graph"]
