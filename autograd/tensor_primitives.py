"""The table of tensor primitives: every Tensor operation's value rule, vector-Jacobian rule and
Jacobian-vector rule, side by side, with a line of math (see ``autograd.tensor_rules``).

The entries are grouped by idea in ``tensor_arithmetic`` (+ - * / powers @),
``tensor_activations`` (elementwise functions), ``tensor_shape`` (reshape, transpose, indexing,
concatenate, stack), ``tensor_reductions`` (sum, mean, max) and ``tensor_softmax`` (logsumexp,
softmax, log_softmax, cross_entropy); ``TABLE`` gathers them. The reverse sweep reads only
``vjp`` below and the forward sweep only ``jvp``. Adding an operation is one entry in one of
those files plus one row in ``tests/test_tensor_primitives.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd import tensor_activations, tensor_arithmetic, tensor_reductions, tensor_shape
from autograd import tensor_softmax
from autograd.tensor_rules import Array, TensorPrimitive

TABLE: dict[str, TensorPrimitive] = {
    p.name: p
    for module in (tensor_arithmetic, tensor_activations, tensor_shape, tensor_reductions, tensor_softmax)
    for p in module.ENTRIES
}


def vjp(node: Any, g: Array) -> Sequence[Array | None]:
    """The node's vector-Jacobian products g . d(node)/d(input), one per input (the rule that
    ``sweeps.pull_back`` applies on every edge)."""
    return node.primitive.vjp(node, g)


def jvp(node: Any, ts: Sequence[Array | None]) -> Array:
    """The node's Jacobian-vector product sum_i d(node)/d(input_i) ts[i] (the rule that
    ``sweeps.push_forward`` applies at every node)."""
    return node.primitive.jvp(node, ts)


__all__ = ["TABLE", "TensorPrimitive", "vjp", "jvp"]
