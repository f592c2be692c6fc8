"""Function forms of the table: ``autograd.exp(x)``, ``autograd.maximum(a, b)`` ... on floats,
numpy arrays, Values, Duals and Tensors, like numpy / jax.numpy functions (code written once
runs on plain numbers and on graph nodes alike); and the n-ary operations, each ONE node with
n input edges (``sum``, ``dot``, ``max``, ``logsumexp``, ``softmax``, ``log_softmax``).

Every entry of ``primitives.OPS`` becomes a function here (``FORMS``), so adding an op to the
table adds its function form. The n-ary ones shadow builtins, so ``from autograd import *``
does not export them: call them as ``autograd.sum(values)``, ``autograd.max(values)`` ...
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from autograd import primitives as P
from autograd import tensor_table as T
from autograd.dual import Dual, dual_apply
from autograd.tensor import Tensor, elementwise
from autograd.tensor import apply as tensor_apply
from autograd.tensor import lift as tensor_lift
from autograd.value import Value, _node, as_float, nary


def _kinds(args: Sequence[Any]) -> set[type]:
    return {a.__class__ for a in args}


def apply(prim: P.Primitive, args: Iterable[Any]) -> Any:
    """``prim`` on ``args``: a Dual if any is a Dual, a Tensor if any is a Tensor, a Value if any
    is a Value, an array if any is a numpy array, else a float."""
    args = list(args)
    if args and builtins.all(isinstance(a, Value) for a in args):
        return nary(prim, args)
    has = {kind: builtins.any(isinstance(a, kind) for a in args) for kind in (Dual, Tensor, Value)}
    if builtins.sum(has.values()) > 1:
        kinds = ", ".join(sorted({type(a).__name__ for a in args}))
        raise TypeError(f"{prim.name}: cannot mix {kinds} in one operation")
    if has[Dual]:
        out = dual_apply(prim, args)
        if out is NotImplemented:  # a non-number among the Duals
            kinds = ", ".join(sorted({type(a).__name__ for a in args}))
            raise TypeError(f"{prim.name}: cannot mix Dual with other types, got {kinds}")
        return out
    if has[Tensor]:
        like = next(a for a in args if isinstance(a, Tensor))
        return elementwise(prim, tuple(tensor_lift(a, like, prim.name) for a in args))
    if has[Value]:
        return nary(prim, args)
    if builtins.any(isinstance(a, np.ndarray) for a in args):
        return elementwise(prim, tuple(Tensor(a) for a in args)).data
    return P.evaluate(prim, tuple(as_float(a, prim.name) for a in args))[0]


def form(op: P.Op) -> Callable[..., Any]:
    """The function ``autograd.<op.name>(*inputs, *params)`` of a table op."""

    def function(*args: Any, **params: Any) -> Any:
        if len(args) < op.arity:
            raise TypeError(f"{op.name}: needs {op.arity} input(s), got {len(args)}")
        return apply(op.make(*args[op.arity :], **params), args[: op.arity])

    prim = op.make()
    function.__name__ = function.__qualname__ = op.name
    function.__doc__ = f"{prim.math} (on floats, arrays, Values, Duals or Tensors)."
    return function


FORMS: dict[str, Callable[..., Any]] = {name: form(op) for name, op in P.OPS.items()}
"""Every op of the table as a function form."""


# ------------------------------------------------------------------------- n-ary operations


def sum(values: Iterable[Any]) -> Any:  # noqa: A001
    """sum_i x_i as one node (a Tensor: the sum of its entries)."""
    if isinstance(values, Tensor):
        return values.sum()
    return apply(P.SUM, values)


def dot(ws: Sequence[Any], xs: Sequence[Any], bias: Any = None) -> Any:
    """sum_i w_i x_i (+ bias) as one node with 2n (+1) input edges (w_1..w_n, x_1..x_n, b):
    with a bias it is a neuron's pre-activation z = w . x + b in one node."""
    if len(ws) != len(xs):
        raise ValueError(f"dot: {len(ws)} weights but {len(xs)} inputs")
    prim, inputs = (P.DOT, (*ws, *xs)) if bias is None else (P.AFFINE, (*ws, *xs, bias))
    if inputs and isinstance(inputs[0], Value):  # the hot path of every neuron: all Values
        try:
            data = [v.data for v in inputs]
        except AttributeError:  # a number among the Values: ``apply`` lifts it
            pass
        else:
            return _node(prim, inputs, data)
    return apply(prim, inputs)


def max(values: Iterable[Any]) -> Any:  # noqa: A001
    """max_i x_i as one node (maxout); a tie splits the gradient equally (a Tensor: its max)."""
    if isinstance(values, Tensor):
        return values.max()
    return apply(P.MAX, values)


def logsumexp(values: Iterable[Any]) -> Any:
    """ln sum_i e^{x_i}, stable for large |x_i| (a Tensor: over all its entries)."""
    if isinstance(values, Tensor):
        return values.logsumexp()
    return apply(P.LOGSUMEXP, values)


def softmax(values: Iterable[Any]) -> list[Any]:
    """[e^{x_i} / sum_j e^{x_j}]: n nodes, each with n input edges."""
    values = list(values)
    return [apply(P.softmax(i), values) for i in range(len(values))]


def log_softmax(values: Iterable[Any]) -> list[Any]:
    """[x_i - logsumexp(x)]: n nodes, each with n input edges."""
    values = list(values)
    return [apply(P.log_softmax(i), values) for i in range(len(values))]


def where(cond: Any, a: Any, b: Any) -> Any:
    """a where ``cond`` holds, else b: on Tensors and arrays entry by entry (``cond`` a boolean
    array, broadcasting), otherwise a if cond else b. The gradient flows to the chosen side."""
    if builtins.any(isinstance(x, (Tensor, np.ndarray)) for x in (a, b)):
        like = a if isinstance(a, Tensor) else (b if isinstance(b, Tensor) else Tensor(a))
        cond = np.asarray(getattr(cond, "data", cond), dtype=bool)
        out = tensor_apply(T.WHERE, (tensor_lift(a, like, "where"), tensor_lift(b, like, "where")), cond=cond)
        return out if builtins.any(isinstance(x, Tensor) for x in (a, b)) else out.data
    return a if cond else b


def outer(a: Any, b: Any) -> Any:
    """a bᵀ for vectors a and b: a_i b_j (composite: reshape and a broadcast product)."""
    a = a if isinstance(a, Tensor) else Tensor(a)
    return a.reshape(-1, 1) * (b.reshape(1, -1) if isinstance(b, Tensor) else np.reshape(b, (1, -1)))


__all__ = [
    "FORMS",
    "apply",
    "form",
    "sum",
    "dot",
    "max",
    "logsumexp",
    "softmax",
    "log_softmax",
    "where",
    "outer",
]
