"""Dual numbers: forward mode, eagerly, with no graph.

``Dual(a, t)`` stands for a + t ε with ε² = 0, so f(a + t ε) = f(a) + f'(a) t ε: every
operation carries the tangent along, tangent(out) = sum_i d(out)/d(x_i) tangent(x_i), with the
local derivatives read from the same table of primitives as the graph.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd import primitives as P
from autograd.primitive import singular
from autograd.value import as_float


class Dual:
    """A dual number: ``primal`` + ``tangent`` ε."""

    __slots__ = ("primal", "tangent")

    def __init__(self, primal: Any, tangent: Any = 0.0) -> None:
        self.primal = as_float(primal, "Dual")
        self.tangent = as_float(tangent, "Dual")

    def __repr__(self) -> str:
        return f"Dual(primal={self.primal!r}, tangent={self.tangent!r})"

    def __add__(self, other: Any) -> Dual:
        return dual_apply(P.ADD, (self, other))

    def __radd__(self, other: Any) -> Dual:
        return dual_apply(P.ADD, (other, self))

    def __sub__(self, other: Any) -> Dual:
        return dual_apply(P.SUB, (self, other))

    def __rsub__(self, other: Any) -> Dual:
        return dual_apply(P.SUB, (other, self))

    def __mul__(self, other: Any) -> Dual:
        return dual_apply(P.MUL, (self, other))

    def __rmul__(self, other: Any) -> Dual:
        return dual_apply(P.MUL, (other, self))

    def __truediv__(self, other: Any) -> Dual:
        return dual_apply(P.DIV, (self, other))

    def __rtruediv__(self, other: Any) -> Dual:
        return dual_apply(P.DIV, (other, self))

    def __pow__(self, other: Any) -> Dual:
        if isinstance(other, Dual):
            return dual_apply(P.POW, (self, other))
        return dual_apply(P.power(as_float(other, "**")), (self,))

    def __rpow__(self, other: Any) -> Dual:
        return dual_apply(P.exp_base(as_float(other, "**")), (self,))

    def __neg__(self) -> Dual:
        return dual_apply(P.NEG, (self,))

    def __abs__(self) -> Dual:
        return dual_apply(P.ABS, (self,))

    if TYPE_CHECKING:  # the one-input ops of the table, installed as methods below

        def __getattr__(self, name: str) -> Any: ...


def dual_apply(prim: P.Primitive, args: Sequence[Any]) -> Dual:
    """``prim`` on dual numbers (plain numbers count as constants, tangent 0)."""
    duals = []
    for a in args:
        if isinstance(a, Dual):
            duals.append(a)
        elif isinstance(a, numbers.Real):
            duals.append(Dual(a, 0.0))
        else:
            return NotImplemented
    xs = tuple(d.primal for d in duals)
    out, partials = P.evaluate(prim, xs)
    tangent = 0.0
    for i, (p, d) in enumerate(zip(partials, duals)):
        if d.tangent:
            if p - p != 0.0:  # the derivative forward mode needs is infinite or undefined
                raise singular(prim, xs, i, p)
            tangent += p * d.tangent
    if tangent - tangent != 0.0:
        raise OverflowError(f"{prim.name}: the tangent overflows ({tangent!r}) for inputs {xs}")
    result = Dual.__new__(Dual)
    result.primal = out
    result.tangent = tangent
    return result


P.install_methods(Dual, lambda prim, x: dual_apply(prim, (x,)))
