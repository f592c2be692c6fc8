"""The functional API with JAX's names and options: grad, value_and_grad, jvp, vjp, jacfwd,
jacrev, hessian, linearize and hvp, one layer for Values and Tensors.

A transform records ``f`` on fresh variables (``autograd.transform.Trace``), then runs sweeps over
the recorded graph: ``jvp``, ``linearize`` and ``jacfwd`` forward sweeps (one per input entry:
forward mode pays per input), ``vjp``, ``grad`` and ``jacrev`` reverse sweeps (one per output
entry: reverse mode pays per output).

As in JAX: arguments, outputs, tangents and cotangents are pytrees (nested dicts, lists and
tuples of floats, arrays, Values or Tensors) and a derivative has its argument's structure; a
Jacobian has the output's structure outside and the input's inside (an array block of shape
y.shape + x.shape). ``has_aux=True``: f returns (output, aux), only the output is
differentiated and aux comes back beside the result as floats and arrays. The functions
``grad``, ``value_and_grad``, ``jacfwd``, ``jacrev`` and ``hessian`` return pass keyword
arguments through to f, undifferentiated. Mismatched tangents or cotangents raise TypeError
for a wrong structure and ValueError for a wrong shape. Called inside another transform a
transform gives nodes connected to the outer variables, so transforms nest to any order:
``grad(grad(f))``, ``hessian(f)``, ``hvp``; each call makes fresh variables, so there is no
perturbation confusion.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd.pytree import congruent, flatten, leaves, structure
from autograd.tensor import Tensor
from autograd.tensor_data import as_array
from autograd.transform import Trace, _Trace, one_hot, shape_of
from autograd.value import Value

_leaves = leaves  # the name autograd.gradcheck imports
Node = Any


def _seed(trace: Trace, node: Node, s: Any, what: str) -> Any:
    """``s`` as the tangent or cotangent of ``node``: TypeError if it is not numbers, ValueError
    if its shape is not the node's."""
    data = s.data if isinstance(s, (Value, Tensor)) else s
    if isinstance(data, bool) or not isinstance(data, (numbers.Real, np.ndarray)):
        raise TypeError(
            f"{trace.name}: {what} entries must be numbers or arrays, got {type(s).__name__} ({s!r})"
        )
    if shape_of(s) != shape_of(node):
        raise ValueError(
            f"{trace.name}: {what} of shape {shape_of(s)} does not match the shape "
            f"{shape_of(node)} it pairs with"
        )
    if isinstance(node, Tensor):
        return as_array(data, f"{trace.name} ({what})", node.data.dtype)
    if isinstance(s, Value) and trace.nested:
        return s
    return float(data)


def _seeds(
    trace: Trace, nodes: list[Node], expected: Any, given: Any, what: str, whose: str
) -> dict[Node, Any]:
    """{node: seed} for ``given`` shaped like ``expected`` (summed for repeated nodes)."""
    flat, given_def = flatten(given)
    expected_def = structure(expected)
    if not congruent(given_def, expected_def):
        raise TypeError(
            f"{trace.name}: {what} must have the structure of {whose} {expected_def}, got {given_def}"
        )
    seeds: dict[Node, Any] = {}
    for node, s in zip(nodes, flat):
        s = _seed(trace, node, s, what)
        seeds[node] = seeds[node] + s if node in seeds else s
    return seeds


def _tangents(trace: Trace, primals: tuple[Any, ...], tangents: Any) -> dict[Node, Any]:
    if not isinstance(tangents, (tuple, list)):
        raise TypeError(
            f"{trace.name}: tangents must be a tuple or list (one per primal), got {type(tangents).__name__}"
        )
    return _seeds(trace, trace.inputs, tuple(primals), tuple(tangents), "tangents", "primals")


def _scalar_output(trace: Trace) -> Node:
    """The one output of a scalar function, or TypeError pointing to the Jacobians."""
    if (
        trace.out_def.kind != "leaf"
        or trace.outputs[0].data.__class__ is not float
        and trace.outputs[0].data.size != 1
    ):
        got = trace.out_def if trace.out_def.kind != "leaf" else f"shape {trace.outputs[0].data.shape}"
        raise TypeError(
            f"{trace.name}: f must return a scalar (a Value, a float or a one-entry "
            f"Tensor), got {got}; use jacrev or jacfwd for a Jacobian, or vjp"
        )
    return trace.outputs[0]


# ----------------------------------------------------------------------------- reverse mode


def value_and_grad(
    f: Callable[..., Any], argnums: Any = 0, has_aux: bool = False
) -> Callable[..., tuple[Any, Any]]:
    """x -> (f(x), grad f(x)) from one reverse sweep; with ``has_aux`` ((f(x), aux), grad)."""

    def value_and_grad_f(*args: Any, **kwargs: Any) -> tuple[Any, Any]:
        trace = Trace("grad", f, args, argnums, kwargs, has_aux)
        y = _scalar_output(trace)
        gradient = trace.per_argument(trace.reverse({y: one_hot(y, 0)}))
        value = trace.result(y)
        return ((value, trace.aux_values()) if has_aux else value), gradient

    return value_and_grad_f


def grad(f: Callable[..., Any], argnums: Any = 0, has_aux: bool = False) -> Callable[..., Any]:
    """x -> grad f(x), by one reverse sweep; with ``has_aux`` (grad f(x), aux). Nests:
    grad(grad(f)) is the second derivative."""
    vg = value_and_grad(f, argnums, has_aux)

    def grad_f(*args: Any, **kwargs: Any) -> Any:
        value, gradient = vg(*args, **kwargs)
        return (gradient, value[1]) if has_aux else gradient

    return grad_f


def vjp(f: Callable[..., Any], *primals: Any, has_aux: bool = False) -> tuple[Any, ...]:
    """(f(primals), vjp_fn[, aux]) where vjp_fn(u) = uᵀ J, a tuple with one entry per primal
    (reverse mode); u has the structure and shapes of f's output."""
    trace = Trace("vjp", f, primals, tuple(range(len(primals))), has_aux=has_aux)

    def vjp_fn(cotangent: Any) -> tuple[Any, ...]:
        seeds = _seeds(trace, trace.outputs, trace.out, cotangent, "cotangent", "f's output")
        return tuple(trace.per_argument(trace.reverse(seeds)))

    return trace.with_aux(trace.values(), vjp_fn)


def jacrev(f: Callable[..., Any], argnums: Any = 0, has_aux: bool = False) -> Callable[..., Any]:
    """The Jacobian of f by reverse sweeps, one per output entry; with ``has_aux`` (J, aux)."""

    def jacrev_f(*args: Any, **kwargs: Any) -> Any:
        trace = Trace("jacrev", f, args, argnums, kwargs, has_aux)
        jac = trace.jacobian(trace.reverse_blocks())
        return (jac, trace.aux_values()) if has_aux else jac

    return jacrev_f


# ----------------------------------------------------------------------------- forward mode


def jvp(f: Callable[..., Any], primals: Any, tangents: Any, has_aux: bool = False) -> tuple[Any, ...]:
    """(f(primals), J tangents[, aux]) from one forward sweep; ``tangents`` has the structure
    and shapes of ``primals``."""
    if not isinstance(primals, (tuple, list)):
        raise TypeError(
            f"jvp: primals must be a tuple or list (one per argument of f), got {type(primals).__name__}"
        )
    primals = tuple(primals)
    trace = Trace("jvp", f, primals, tuple(range(len(primals))), has_aux=has_aux)
    out = trace.forward(_tangents(trace, primals, tangents))
    return trace.with_aux(trace.values(), trace.output_tree([trace.result(t) for t in out]))


def linearize(f: Callable[..., Any], *primals: Any, has_aux: bool = False) -> tuple[Any, ...]:
    """(f(primals), f_jvp[, aux]) where f_jvp(*tangents) = J tangents: f is recorded once and
    every call of f_jvp is one forward sweep over that record."""
    trace = Trace("linearize", f, primals, tuple(range(len(primals))), has_aux=has_aux)

    def f_jvp(*tangents: Any) -> Any:
        out = trace.forward(_tangents(trace, primals, tangents))
        return trace.output_tree([trace.result(t) for t in out])

    return trace.with_aux(trace.values(), f_jvp)


def jacfwd(f: Callable[..., Any], argnums: Any = 0, has_aux: bool = False) -> Callable[..., Any]:
    """The Jacobian of f by forward sweeps, one per input entry; with ``has_aux`` (J, aux)."""

    def jacfwd_f(*args: Any, **kwargs: Any) -> Any:
        trace = Trace("jacfwd", f, args, argnums, kwargs, has_aux)
        jac = trace.jacobian(trace.forward_blocks())
        return (jac, trace.aux_values()) if has_aux else jac

    return jacfwd_f


def hessian(f: Callable[..., Any], argnums: Any = 0, has_aux: bool = False) -> Callable[..., Any]:
    """The Hessian of a scalar f: jacfwd(jacrev(f)), forward over reverse; with ``has_aux``
    (H, aux)."""
    return jacfwd(jacrev(f, argnums, has_aux), argnums, has_aux)


def hvp(f: Callable[..., Any], primals: Any, tangents: Any) -> Any:
    """H v, the Hessian of a scalar f (with respect to its first argument) times v, without
    forming H: the JVP of grad f, forward over reverse, in the structure of f's first argument."""
    return jvp(grad(f), primals, tangents)[1]


__all__ = [
    "grad",
    "value_and_grad",
    "vjp",
    "jvp",
    "linearize",
    "jacrev",
    "jacfwd",
    "hessian",
    "hvp",
    "_Trace",
    "_leaves",
]
