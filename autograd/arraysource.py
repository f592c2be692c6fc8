"""Source text for the Tensor engine: the namespace ``m`` of ``autograd.arraymath`` as
expressions (``ARRAY_SOURCE``), and calls of the tensor-only entries' value rules.

An elementwise entry's rule run on ``ARRAY_SOURCE`` writes numpy code that calls arraymath's
functions by name (``ARRAY_GLOBALS``), so the compiled program computes what the interpreted
Tensor engine computes, array for array. A tensor-only entry (matmul, reductions, reshapes ...)
is written as a call of its own value rule with the parameters it was recorded with, read back
from the node (``PARAMS``: one line per entry). Array-valued parameters (an index array, the
condition of ``where``, the targets of ``cross_entropy``) are fixed at trace time, like Python
control flow; they are bound as named constants of the generated module.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd import arraymath
from autograd import tensor_table as T
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
    name: fn for name, fn in vars(arraymath).items() if not name.startswith("_")
    and isinstance(fn, (types.FunctionType, types.BuiltinFunctionType, np.ufunc))}
ARRAY_GLOBALS.update(array_sum=arraymath.sum, inf=np.inf, abs=abs, array=np.array,
                     errstate=np.errstate)
ARRAY_GLOBALS.pop("sum")
"""The names generated array code calls: arraymath's functions (``sum`` as ``array_sum``)."""


def _reduced(node: Any) -> dict[str, Any]:
    axes, keepdims = node.ctx
    return {"axis": axes, "keepdims": keepdims}


PARAMS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "matmul": lambda node: {},
    "sum": _reduced, "mean": _reduced, "max": _reduced, "min": _reduced, "logsumexp": _reduced,
    "reshape": lambda node: {"shape": node.data.shape},
    "transpose": lambda node: {"axes": node.ctx},
    "broadcast_to": lambda node: {"shape": node.data.shape},
    "getitem": lambda node: {"index": node.ctx[0]},
    "index_add": lambda node: {"index": node.ctx[0], "shape": node.ctx[1], "basic": node.ctx[2]},
    "concatenate": lambda node: {"axis": node.ctx[0]},
    "stack": lambda node: {"axis": node.ctx},
    "cumsum": lambda node: {"axis": node.ctx},
    "where": lambda node: {"cond": node.ctx},
    "softmax": lambda node: {"axis": node.ctx},
    "log_softmax": lambda node: {"axis": node.ctx},
    "cross_entropy": lambda node: {"targets": node.ctx[0].argmax(axis=1), "reduction": node.ctx[1]},
}
"""Tensor-only entry -> the keyword parameters of its value rule, read back from a node."""


def _plain(x: Any) -> bool:
    """A parameter that is safe to write as its repr: None, bools, ints, strings, tuples of them."""
    if x is None or isinstance(x, (bool, int, str)):
        return True
    return isinstance(x, tuple) and all(_plain(v) for v in x)


def tensor_call(node: Any, xs: Sequence[Expr], namespace: dict[str, Any]) -> str:
    """The expression computing a tensor-only node: its entry's value rule on ``xs``."""
    prim: Any = node.primitive
    known = prim.name in PARAMS and T.TABLE.get(prim.name, None) is node.primitive
    if not known:
        raise NotImplementedError(f"compile: the tensor-only entry {prim.name!r} has no PARAMS line")
    rule = f"_value_{prim.name}"
    namespace[rule] = prim.value
    args = [x.text for x in xs]
    for key, value in PARAMS[prim.name](node).items():
        if _plain(value):
            args.append(f"{key}={value!r}")
        else:
            constant = f"_{key}_{len(namespace)}"
            namespace[constant] = value
            args.append(f"{key}={constant}")
    return f"{rule}({', '.join(args)})[0]"


__all__ = ["ARRAY_SOURCE", "ARRAY_GLOBALS", "PARAMS", "tensor_call"]
