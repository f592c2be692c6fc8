"""Source text for the Tensor engine: the namespace ``m`` of ``autograd.arraymath`` as
expressions (``ARRAY_SOURCE``), and calls of the tensor-only entries' value rules.

An elementwise entry's rule run on ``ARRAY_SOURCE`` writes numpy code that calls arraymath's
functions by name (``ARRAY_GLOBALS``), so the compiled program computes what the interpreted
Tensor engine computes, array for array. A tensor-only entry (matmul, reductions, reshapes ...)
is written as a call of its own value rule with the parameters it was recorded with
(``node.params``). Array-valued parameters (an index array, the
condition of ``where``, the targets of ``cross_entropy``) are fixed at trace time, like Python
control flow; they are bound as named constants of the generated module.
"""

from __future__ import annotations

import types
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd import arraymath
from autograd.source import ATOM, Expr, expr, literal


def _tuple(xs: Sequence[Any]) -> str:
    items = [expr(x).text for x in xs]
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


class ArraySourceMath:
    """``m`` for array source: every name of ``autograd.arraymath`` as a call expression."""

    pi = literal(arraymath.pi)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or not callable(getattr(arraymath, name, None)):
            raise AttributeError(f"source: arraymath has no function {name!r}")
        return lambda *xs: Expr(f"{name}({', '.join(expr(x).text for x in xs)})", ATOM)

    def sum(self, xs: Sequence[Any]) -> Expr:  # noqa: A003
        return Expr(f"array_sum({_tuple(xs)})", ATOM)

    def dot(self, ws: Sequence[Any], xs: Sequence[Any]) -> Expr:
        return Expr(f"dot({_tuple(ws)}, {_tuple(xs)})", ATOM)

    def maximum(self, xs: Sequence[Any]) -> Expr:
        return Expr(f"maximum({_tuple(xs)})", ATOM)

    def logsumexp(self, xs: Sequence[Any]) -> Expr:
        return Expr(f"logsumexp({_tuple(xs)})", ATOM)

    def log_softmax(self, xs: Sequence[Any], i: int) -> Expr:
        return Expr(f"log_softmax({_tuple(xs)}, {int(i)})", ATOM)


ARRAY_SOURCE = ArraySourceMath()

ARRAY_GLOBALS: dict[str, Any] = {
    name: fn
    for name, fn in vars(arraymath).items()
    if not name.startswith("_") and isinstance(fn, (types.FunctionType, types.BuiltinFunctionType, np.ufunc))
}
ARRAY_GLOBALS.update(array_sum=arraymath.sum, inf=np.inf, abs=abs, array=np.array, errstate=np.errstate)
ARRAY_GLOBALS.pop("sum")
"""The names generated array code calls: arraymath's functions (``sum`` as ``array_sum``)."""


def _plain(x: Any) -> bool:
    """A parameter that is safe to write as its repr: None, bools, ints, strings, tuples of them."""
    if x is None or isinstance(x, (bool, int, str)):
        return True
    return isinstance(x, tuple) and all(_plain(v) for v in x)


def tensor_call(node: Any, xs: Sequence[Expr], namespace: dict[str, Any]) -> str:
    """The expression computing a tensor-only node: its entry's value rule on ``xs``."""
    prim: Any = node.primitive
    rule = f"_value_{prim.name}"
    namespace[rule] = prim.value
    args = [x.text for x in xs]
    for key, value in (node.params or {}).items():
        if _plain(value):
            args.append(f"{key}={value!r}")
        else:
            constant = f"_{key}_{len(namespace)}"
            namespace[constant] = value
            args.append(f"{key}={constant}")
    return f"{rule}({', '.join(args)})[0]"


__all__ = ["ARRAY_SOURCE", "ARRAY_GLOBALS", "tensor_call"]
