"""N-ary operations, each ONE node with n input edges, on Values, dual numbers or floats.

Not exported by ``from autograd import *`` (they would shadow builtins): call them as
``autograd.sum(values)``, ``autograd.max(values)`` ...
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from typing import Any

from autograd import primitives as P
from autograd.dual import Dual, dual_apply
from autograd.value import Value, as_float, nary, nary_values


def apply(prim: P.Primitive, args: Iterable[Any]) -> Any:
    """``prim`` on ``args``: a Dual if any is a Dual, else a Value if any is a Value, else a
    float."""
    args = list(args)
    if args and builtins.all(isinstance(a, Value) for a in args):
        return nary(prim, args)
    if builtins.any(isinstance(a, Dual) for a in args):
        out = dual_apply(prim, args)
        if out is NotImplemented:  # a Value or a non-number among the Duals
            kinds = ", ".join(sorted({type(a).__name__ for a in args}))
            raise TypeError(f"{prim.name}: cannot mix Dual with other types, got {kinds}")
        return out
    if builtins.any(isinstance(a, Value) for a in args):
        return nary(prim, args)
    return P.evaluate(prim, tuple(as_float(a, prim.name) for a in args))[0]


def sum(values: Iterable[Any]) -> Any:  # noqa: A001
    """sum_i x_i as one node."""
    return apply(P.SUM, values)


def dot(ws: Sequence[Any], xs: Sequence[Any], bias: Any = None) -> Any:
    """sum_i w_i x_i (+ bias) as one node with 2n (+1) input edges (w_1..w_n, x_1..x_n, b):
    with a bias it is a neuron's pre-activation z = w . x + b in one node."""
    if len(ws) != len(xs):
        raise ValueError(f"dot: {len(ws)} weights but {len(xs)} inputs")
    prim, inputs = (P.DOT, (*ws, *xs)) if bias is None else (P.AFFINE, (*ws, *xs, bias))
    node = nary_values(prim, inputs)  # the hot path of every neuron: all inputs Values
    return apply(prim, inputs) if node is None else node


def max(values: Iterable[Any]) -> Any:  # noqa: A001
    """max_i x_i as one node (maxout); the gradient goes to the first maximal input."""
    return apply(P.MAX, values)


def logsumexp(values: Iterable[Any]) -> Any:
    """ln sum_i e^{x_i}, stable for large |x_i|."""
    return apply(P.LOGSUMEXP, values)


def softmax(values: Iterable[Any]) -> list[Any]:
    """[e^{x_i} / sum_j e^{x_j}]: n nodes, each with n input edges."""
    values = list(values)
    return [apply(P.softmax(i), values) for i in range(len(values))]


def log_softmax(values: Iterable[Any]) -> list[Any]:
    """[x_i - logsumexp(x)]: n nodes, each with n input edges."""
    values = list(values)
    return [apply(P.log_softmax(i), values) for i in range(len(values))]


# ------------------------------------------------------------------------- one-input functions
# ``autograd.exp(x)`` ... on a float, a Value or a Dual, like numpy / jax.numpy functions: for
# code that is written once and called on plain numbers and on graph nodes alike.


def _elementwise(name: str) -> Any:
    prim = P.UNARY[name]

    def function(x: Any) -> Any:
        return apply(prim, (x,))

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"{prim.math} (on a float, a Value or a Dual)."
    return function


exp = _elementwise("exp")
sqrt = _elementwise("sqrt")
sin = _elementwise("sin")
cos = _elementwise("cos")
tan = _elementwise("tan")
asin = _elementwise("asin")
acos = _elementwise("acos")
atan = _elementwise("atan")
tanh = _elementwise("tanh")
sigmoid = _elementwise("sigmoid")
relu = _elementwise("relu")
softplus = _elementwise("softplus")
step = _elementwise("step")


def log(x: Any, base: float | None = None) -> Any:
    """ln x, or log_base x (on a float, a Value or a Dual)."""
    return apply(P.LOG if base is None else P.log_base(as_float(base, "log")), (x,))


def leaky_relu(x: Any, alpha: float = 0.01) -> Any:
    """x if x > 0 else alpha x (on a float, a Value or a Dual)."""
    return apply(P.leaky_relu(as_float(alpha, "leaky_relu")), (x,))
