"""The math namespace that emits source text: the table's rules, run on ``Expr``s, write Python.

A rule ``rule(m, *xs) -> (value, partials)`` is written once against a namespace ``m``. Run it
with ``m = SOURCE`` on expressions (``Expr("a")``, ``Expr("b")``) and every operation returns
the expression text of its result instead of a number: ``MUL``'s rule gives
``(Expr("a * b"), (Expr("b"), Expr("a")))``. The generated code calls the functions of
``autograd.floatmath`` by their names (``GLOBALS``), and the masks are written out as the same
conditional expressions floatmath evaluates, so a compiled program computes bit for bit what
the interpreted engine computes. Nothing here reads user text: expressions are built only from
variable names the compiler made and ``repr`` of floats.
"""

from __future__ import annotations

import math
import types
from collections.abc import Sequence
from typing import Any

from autograd import floatmath

ATOM, POW, UNARY, MUL, ADD, CMP, COND = 9, 8, 7, 6, 5, 4, 1
"""Python's operator precedence, high to low: parentheses are written only where needed, so
the left-to-right order of + and * (hence the rounding) is exactly the rule's."""


def literal(x: float) -> Expr:
    """A float as source: its repr (which round-trips), ``inf`` bound in ``GLOBALS``."""
    x = float(x)
    if math.isinf(x):
        return Expr("inf", ATOM) if x > 0 else Expr("-inf", UNARY)
    text = repr(x)
    return Expr(text, UNARY if text.startswith("-") else ATOM)


def expr(x: Any) -> Expr:
    return x if isinstance(x, Expr) else literal(x)


class Expr:
    """Python source text of a value, with its precedence; ``cond`` is set for a 0/1 mask
    (the condition it tests), so ``choose`` can test it directly."""

    __slots__ = ("cond", "prec", "text")

    def __init__(self, text: str, prec: int = ATOM, cond: str | None = None) -> None:
        self.text = text
        self.prec = prec
        self.cond = cond

    def __repr__(self) -> str:
        return f"Expr({self.text!r})"

    def wrap(self, prec: int) -> str:
        """The text, parenthesised when its precedence is below ``prec``."""
        return self.text if self.prec >= prec else f"({self.text})"

    # left-associative operators: a right operand of equal precedence keeps its parentheses
    def _bin(self, op: str, other: Any, prec: int, reflected: bool = False) -> Expr:
        left, right = (expr(other), self) if reflected else (self, expr(other))
        return Expr(f"{left.wrap(prec)} {op} {right.wrap(prec + 1)}", prec)

    def __add__(self, o: Any) -> Expr:
        return self._bin("+", o, ADD)

    def __radd__(self, o: Any) -> Expr:
        return self._bin("+", o, ADD, True)

    def __sub__(self, o: Any) -> Expr:
        return self._bin("-", o, ADD)

    def __rsub__(self, o: Any) -> Expr:
        return self._bin("-", o, ADD, True)

    def __mul__(self, o: Any) -> Expr:
        return self._bin("*", o, MUL)

    def __rmul__(self, o: Any) -> Expr:
        return self._bin("*", o, MUL, True)

    def __truediv__(self, o: Any) -> Expr:
        return self._bin("/", o, MUL)

    def __rtruediv__(self, o: Any) -> Expr:
        return self._bin("/", o, MUL, True)

    def __pow__(self, o: Any) -> Expr:
        return Expr(f"{self.wrap(ATOM)} ** {expr(o).wrap(ATOM)}", POW)

    def __rpow__(self, o: Any) -> Expr:
        return Expr(f"{expr(o).wrap(ATOM)} ** {self.wrap(ATOM)}", POW)

    def __neg__(self) -> Expr:
        return Expr(f"-{self.wrap(UNARY)}", UNARY)

    def __abs__(self) -> Expr:
        return call("abs", self)


def call(name: str, *args: Any) -> Expr:
    return Expr(f"{name}({', '.join(expr(a).text for a in args)})", ATOM)


def tuple_of(xs: Sequence[Any]) -> str:
    items = [expr(x).text for x in xs]
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def mask(cond: str) -> Expr:
    """1.0 where ``cond`` holds, else 0.0 (floatmath's masks, written out)."""
    return Expr(f"(1.0 if {cond} else 0.0)", ATOM, cond)


class SourceMath:
    """``m`` for source: the names of ``autograd.floatmath``, each returning an ``Expr``."""

    pi = literal(math.pi)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or not callable(getattr(floatmath, name, None)):
            raise AttributeError(f"source: floatmath has no function {name!r}")
        return lambda *xs: call(name, *xs)

    # the masks and kinks, as conditional expressions (their inputs are names or literals)
    def positive(self, x: Any) -> Expr:
        return mask(f"{expr(x).text} > 0.0")

    def greater(self, x: Any, y: Any) -> Expr:
        return mask(f"{expr(x).wrap(ADD)} > {expr(y).wrap(ADD)}")

    def equal(self, x: Any, y: Any) -> Expr:
        return mask(f"{expr(x).wrap(ADD)} == {expr(y).wrap(ADD)}")

    def between(self, x: Any, lo: float, hi: float) -> Expr:
        return mask(f"{literal(lo).wrap(ADD)} <= {expr(x).text} <= {literal(hi).wrap(ADD)}")

    def step(self, x: Any) -> Expr:
        return mask(f"{expr(x).text} >= 0.0")

    def relu(self, x: Any) -> Expr:
        x = expr(x)
        return Expr(f"({x.text} if {x.text} > 0.0 else 0.0)", ATOM)

    def sign(self, x: Any) -> Expr:
        x = expr(x).text
        return Expr(f"(1.0 if {x} > 0.0 else (-1.0 if {x} < 0.0 else 0.0))", ATOM)

    def choose(self, m: Any, a: Any, b: Any) -> Expr:
        m = expr(m)
        cond = m.cond or f"{m.text} != 0.0"
        return Expr(f"({expr(a).text} if {cond} else {expr(b).text})", ATOM)

    # n-ary functions take a sequence: a tuple literal
    def sum(self, xs: Sequence[Any]) -> Expr:
        return Expr(f"fsum({tuple_of(xs)})", ATOM)

    def dot(self, ws: Sequence[Any], xs: Sequence[Any]) -> Expr:
        if INLINE_DOT and ws:  # w_1 x_1 + w_2 x_2 + ...: the sum floatmath.dot takes, no call
            return Expr(
                " + ".join(expr(w).wrap(MUL) + " * " + expr(x).wrap(MUL + 1) for w, x in zip(ws, xs)),
                ADD if len(ws) > 1 else MUL,
            )
        return Expr(f"dot({tuple_of(ws)}, {tuple_of(xs)})", ATOM)

    def maximum(self, xs: Sequence[Any]) -> Expr:
        return Expr(f"maximum({tuple_of(xs)})", ATOM)

    def logsumexp(self, xs: Sequence[Any]) -> Expr:
        return Expr(f"logsumexp({tuple_of(xs)})", ATOM)

    def log_softmax(self, xs: Sequence[Any], i: int) -> Expr:
        return Expr(f"log_softmax({tuple_of(xs)}, {int(i)})", ATOM)


INLINE_DOT = floatmath.dot is floatmath._dot
"""Whether ``floatmath.dot`` adds the products left to right (Python < 3.12, no
``math.sumprod``): then a dot product is written out as that sum, which runs faster than the
call and computes the same float (up to the sign of an exact zero: sum starts from 0)."""

SOURCE = SourceMath()

GLOBALS: dict[str, Any] = {
    name: fn
    for name, fn in vars(floatmath).items()
    if not name.startswith("_") and isinstance(fn, (types.FunctionType, types.BuiltinFunctionType))
}
GLOBALS.update(fsum=floatmath.sum, inf=math.inf, abs=abs)
GLOBALS.pop("sum")
"""The names generated code calls: floatmath's functions (``sum`` as ``fsum``), ``inf``."""

__all__ = ["ATOM", "GLOBALS", "SOURCE", "Expr", "expr", "literal"]
