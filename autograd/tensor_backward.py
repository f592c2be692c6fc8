"""``backward`` for Tensors: one reverse sweep, then adjoints added into ``.grad``.

The sweep is the scalar engine's: ``graph.topological_order`` and ``sweeps.pull_back``, which
asks each node for its vector-Jacobian products. PyTorch semantics: the adjoint of every leaf that requires
grad (and of every node that called ``retain_grad()``) is *added* into its ``.grad``, so two
calls give exactly twice the gradient.

Adjoints can be shared arrays (``a + b`` hands the same g to both inputs, reshape a view of
it), so a ``.grad`` is stored without a copy only when no other ``.grad`` of this sweep already
owns its memory and it is writable; later sweeps add into it in place.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from autograd.graph import topological_order
from autograd.sweeps import pull_back
from autograd.tensor_data import as_array

Array = Any
_lock = threading.Lock()


def _owner(a: Array) -> int:
    """Identity of the memory an array views (its base, or itself)."""
    base = a.base
    return id(a if base is None else base)


def accumulate(adjoint: dict[Any, Any], taken: set[int]) -> None:
    """Add each leaf's (and retained node's) adjoint into its ``.grad``; ``taken`` holds the
    memory the caller still owns (the seed), which is copied rather than stored."""
    for node, g in adjoint.items():
        if (node.inputs and not node.retains_grad) or g is None or not node.requires_grad:
            continue  # an inner node (most of them, tested first), or nothing to add
        if g.__class__ is not np.ndarray:
            g = np.asarray(g)
        dtype = node.data.dtype
        if g.dtype != dtype:
            g = g.astype(dtype)
        current = node.grad
        if current is not None:
            if current.__class__ is not np.ndarray or current.shape != g.shape:
                raise TypeError(
                    f"backward: {node!r}.grad must be None or an array of shape "
                    f"{g.shape}, got {current!r} (set it to None to zero it)"
                )
            current += g
            continue
        base = g.base  # the memory g views: its base, or g itself
        key = id(g if base is None else base)
        if key in taken or not g.flags.writeable:
            g = g.copy()
        else:
            taken.add(key)
        node.grad = g


def seed_for(y: Any, gradient: Any) -> Array:
    """dL/dy to start from: ``gradient`` checked against y's shape, or 1 for a one-entry y."""
    if not y.requires_grad:
        raise ValueError(
            "backward: this Tensor does not require grad (no leaf of its graph "
            "has requires_grad=True, or it was made under no_grad)"
        )
    shape = y.data.shape
    if gradient is None:
        if y.data.size != 1:
            raise ValueError(
                f"backward: the output has shape {shape}, not a single entry; pass "
                f"gradient=, an array of shape {shape} holding dL/d(output) (e.g. "
                f"ones for the gradient of its sum)"
            )
        return np.ones(shape, y.data.dtype)
    seed = as_array(getattr(gradient, "data", gradient), "backward (gradient)", y.data.dtype)
    if not np.isfinite(seed).all():
        raise ValueError("backward: the seed gradient must be finite (got inf)")
    if seed.shape != shape:
        raise ValueError(
            f"backward: gradient of shape {seed.shape} does not match the output's shape {shape}"
        )
    return seed


def backward(y: Any, gradient: Any = None) -> None:
    """Add gradient . d(y)/d(node) into ``node.grad`` for every leaf of y's graph that requires
    grad (and every node that retains its grad)."""
    seed = seed_for(y, gradient)
    with _lock:  # concurrent backward calls into shared leaves add up exactly
        order = topological_order(y)
        adjoint = pull_back(order, {y: seed})
        accumulate(adjoint, {_owner(seed)})


__all__ = ["backward", "seed_for", "accumulate"]
