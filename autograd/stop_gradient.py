"""``stop_gradient``: the identity on values, a constant to every derivative (JAX's
``jax.lax.stop_gradient``): d stop_gradient(x) / dx = 0, at every order and in every
transform, nested or not.

The node it returns is a new leaf holding the input's data, cut from the graph, so no sweep
(reverse or forward, first or higher order) reaches back through it.
"""

from __future__ import annotations

from typing import Any

from autograd.dual import Dual
from autograd.pytree import tree_map
from autograd.tensor import Tensor
from autograd.value import Value, lift


def _stop(x: Any) -> Any:
    if isinstance(x, Value):
        return lift(x.data)  # a Constant leaf: zero derivative
    if isinstance(x, Tensor):
        return Tensor(x.data)  # a leaf that does not require grad
    if isinstance(x, Dual):
        return Dual(x.primal, 0.0)  # no tangent carried on
    return x


def stop_gradient(x: Any) -> Any:
    """x unchanged in value (a Value, Tensor, Dual, number or array, or a dict/list/tuple of
    them), with zero derivative: f(x) = x, f'(x) = 0."""
    return tree_map(_stop, x)


__all__ = ["stop_gradient"]
