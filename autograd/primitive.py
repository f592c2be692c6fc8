"""A primitive of the scalar engine: its name, its rule ``(m, *xs) -> (value, partials)``, its
domain check and its printable partials; and ``evaluate``, a primitive on floats.

The rule is written against a math namespace ``m`` so that the same rule runs on floats
(``autograd.floatmath``: building a node, dual numbers) and on Values
(``autograd.value.VALUE_MATH``: derivatives of derivatives). The entries themselves, the table,
are in ``autograd.primitives``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from autograd import floatmath

Rule = Callable[..., "tuple[Any, tuple[Any, ...]]"]
Symbols = Callable[[Sequence[str], str], "tuple[str, ...]"]


class Primitive:
    """One operation: its name, its rule ``(m, *xs) -> (value, partials)``, domain and symbols."""

    __slots__ = ("name", "rule", "domain", "symbols", "arity", "math")

    def __init__(
        self,
        name: str,
        rule: Rule,
        symbols: Symbols,
        *,
        arity: int | None,
        domain: Callable[..., None] | None = None,
        math: str = "",
    ) -> None:
        self.name = name  # short name shown in graphs: "*", "sin", "**2"
        self.rule = rule
        self.symbols = symbols
        self.arity = arity  # None for n-ary
        self.domain = domain
        self.math = math  # the value rule and partials as a line of math, for docs and pictures

    def __repr__(self) -> str:
        return f"Primitive({self.name!r})"


def templates(*forms: str) -> Symbols:
    """Printable partials from format strings over input names {0}, {1}... and {out}."""

    def symbols(names: Sequence[str], out: str) -> tuple[str, ...]:
        return tuple(form.format(*names, out=out) for form in forms)

    return symbols


def fmt(x: float) -> str:
    return f"{x:g}"


def fail(error: type[Exception], op: str, need: str, got: Any) -> None:
    raise error(f"{op}: {need}, got {got!r}")


# ----------------------------------------------------------------------------- domains


def positive(op: str) -> Callable[[float], None]:
    def check(x: float) -> None:
        if not x > 0.0:
            fail(ValueError, op, "needs x > 0", x)

    return check


def sqrt_domain(x: float) -> None:
    if not x > 0.0:
        need = "its derivative 1/(2√x) is infinite at x = 0" if x == 0.0 else "needs x >= 0"
        fail(ValueError, "sqrt", f"{need} (use sqrt(x + eps) for a norm)", x)


def open_unit_interval(op: str) -> Callable[[float], None]:
    def check(x: float) -> None:
        if not -1.0 < x < 1.0:
            need = "its derivative is infinite at x = ±1" if abs(x) == 1.0 else "needs -1 <= x <= 1"
            fail(ValueError, op, need, x)

    return check


EXP_MAX = math.log(1.7976931348623157e308)


def exp_domain(x: float) -> None:
    if x > EXP_MAX:
        fail(OverflowError, "exp", f"overflows a float for x > {EXP_MAX:.4f}", x)


def div_domain(a: float, b: float) -> None:
    if b == 0.0:
        raise ZeroDivisionError(f"div: division by zero, {a!r} / {b!r}")


def pow_domain(a: float, b: float) -> None:
    if not a > 0.0:
        fail(ValueError, "pow", "Value ** Value needs a base > 0 (use a number exponent)", a)


def power_domain(p: float) -> Callable[[float], None]:
    def check(x: float) -> None:
        if x == 0.0 and p < 0.0:
            raise ZeroDivisionError(f"**{fmt(p)}: 0 to a negative power, got x = {x!r}")
        if x < 0.0 and not float(p).is_integer():
            fail(ValueError, f"**{fmt(p)}", "a negative base needs an integer exponent", x)
        if x == 0.0 and 0.0 < p < 1.0:
            fail(ValueError, f"**{fmt(p)}", f"its derivative {fmt(p)}·x^{fmt(p - 1.0)} is infinite at x = 0", x)

    return check


def nonempty(op: str) -> Callable[..., None]:
    def check(*xs: float) -> None:
        if not xs:
            raise ValueError(f"{op}: needs at least one value, got none")

    return check


def nary_templates(form: Callable[[int, Sequence[str], str], str]) -> Symbols:
    def symbols(names: Sequence[str], out: str) -> tuple[str, ...]:
        return tuple(form(i, names, out) for i in range(len(names)))

    return symbols


def evaluate(prim: Primitive, xs: Sequence[float]) -> tuple[float, tuple[float, ...]]:
    """``prim`` on floats: (value, partials), after its domain check; errors name the
    operation and the inputs, and a NaN result is an error, never returned."""
    if prim.domain is not None:
        prim.domain(*xs)
    try:
        out, partials = prim.rule(floatmath, *xs)
    except (ArithmeticError, ValueError) as error:
        raise named(error, prim, xs) from None
    if out != out:
        raise nan_result(prim, xs)
    return out, partials


def named(error: Exception, prim: Primitive, xs: Sequence[float]) -> Exception:
    """``error`` again, its message naming the operation and the inputs."""
    return type(error)(f"{prim.name}: {error} for inputs {tuple(xs)}")


def nan_result(prim: Primitive, xs: Sequence[float]) -> ValueError:
    """The error for a NaN result (never returned silently)."""
    return ValueError(f"{prim.name}: result is NaN for inputs {tuple(xs)}")
