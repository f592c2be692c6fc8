"""What a primitive is: one operation's value rule and local derivatives, its domain and its
printable partials, in one object that every consumer reads.

An **elementwise** primitive (``Primitive``) has a rule ``(m, *xs) -> (value, partials)``: the
value of the operation and one local derivative d(out)/d(x_i) per input, written against a math
namespace ``m``, so the one rule runs on floats (``autograd.floatmath``), numpy arrays
(``autograd.arraymath``), Values (``autograd.value.VALUE_MATH``, derivatives of derivatives)
and Tensors (``autograd.tensormath.TENSOR_MATH``). Every other consumer derives what it needs
from those partials: the scalar sweeps multiply them with adjoints and tangents, the Tensor
engine with arrays (summed back over broadcast axes), dual numbers with tangents.

A **tensor-only** primitive (``TensorPrimitive``: matmul, reductions along an axis, reshapes,
indexing, softmax along an axis ...) has no per-entry partials, so it keeps its value rule, its
vector-Jacobian product and its Jacobian-vector product side by side, the two products written
against a namespace too, so that their results can be differentiated again.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd import arraymath, floatmath

Rule = Callable[..., "tuple[Any, tuple[Any, ...]]"]
Symbols = Callable[[Sequence[str], str], "tuple[str, ...]"]


class Primitive:
    """One elementwise operation: ``name``, ``rule(m, *xs) -> (value, partials)``, ``domain``
    (raises for inputs where the value is undefined), ``symbols(names, out)`` (the partials as
    text, for pictures and printed programs), ``arity`` (None for n-ary), ``math``, and
    ``total``: no input raises a numpy flag in its rule, from the largest finite numbers to
    ±inf (relu, sigmoid, abs ...; not sin: sin(inf) is NaN; not atan: 1 + x² overflows on the
    way to its derivative 0), so the Tensor engine need not watch numpy's flags for it."""

    __slots__ = ("name", "rule", "domain", "symbols", "arity", "math", "total")
    elementwise = True

    def __init__(
        self,
        name: str,
        rule: Rule,
        symbols: Symbols,
        *,
        arity: int | None,
        domain: Callable[..., None] | None = None,
        math: str = "",
        total: bool = False,
    ) -> None:
        self.name = name  # short name shown in graphs: "*", "sin", "**2"
        self.rule = rule
        self.symbols = symbols
        self.arity = arity
        self.domain = domain
        self.math = math
        self.total = total  # no input, finite or not, raises a numpy flag in its rule

    def __repr__(self) -> str:
        return f"Primitive({self.name!r})"


class TensorPrimitive:
    """One operation that is not elementwise: ``value(*arrays, **params) -> (out, ctx)``;
    ``vjp(m, ctx, xs, out, g, needs) -> [g . d(out)/d(x_i) or None]`` and
    ``jvp(m, ctx, xs, out, ts) -> sum_i d(out)/d(x_i) t_i`` (``ts[i] is None`` is a zero
    tangent), where ``xs``/``out`` are arrays (first order) or Tensors (higher order) and ``m``
    the matching namespace; ``symbols(names, out)`` prints each input's rule."""

    __slots__ = ("name", "value", "vjp", "jvp", "symbols", "math")
    elementwise = False

    def __init__(
        self,
        name: str,
        value: Callable[..., tuple[Any, Any]],
        vjp: Callable[..., Any],
        jvp: Callable[..., Any],
        symbols: Symbols,
        math: str,
    ) -> None:
        self.name = name
        self.value = value
        self.vjp = vjp
        self.jvp = jvp
        self.symbols = symbols
        self.math = math

    def __repr__(self) -> str:
        return f"TensorPrimitive({self.name!r})"


# ----------------------------------------------------------------------------- symbols


def templates(*forms: str) -> Symbols:
    """Printable partials from format strings over input names {0}, {1}... and {out}."""

    def symbols(names: Sequence[str], out: str) -> tuple[str, ...]:
        return tuple(form.format(*names, out=out) for form in forms)

    return symbols


def nary_templates(form: Callable[[int, Sequence[str], str], str]) -> Symbols:
    """Printable partials of an n-ary primitive: ``form(i, names, out)`` for input i."""

    def symbols(names: Sequence[str], out: str) -> tuple[str, ...]:
        return tuple(form(i, names, out) for i in range(len(names)))

    return symbols


def fmt(x: float) -> str:
    return f"{x:g}"


# ----------------------------------------------------------------------------- domains
# A domain check gets the inputs as floats or arrays. ``ok`` below is a bool for floats and a
# boolean array for arrays, so one check serves both; the error names the op, the value and,
# for arrays, its index.


def first_index(bad: Any) -> tuple[int, ...]:
    """The index of the first True entry of a boolean array (() for a 0-d one)."""
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), bad.shape)) if bad.ndim else ()


def first_bad(op: str, need: str, x: Any, bad: Any, error: type[Exception] = ValueError) -> Exception:
    """The error for the first entry of array x where ``bad`` holds: op, need, value, index."""
    x = np.asarray(x)
    bad = np.broadcast_to(bad, np.broadcast_shapes(np.shape(bad), x.shape))
    index = first_index(bad)
    value = np.broadcast_to(x, bad.shape)[index]
    where = f" at index {index}" if bad.ndim else ""
    return error(f"{op}: {need}, got {float(value)!r}{where} (input of shape {x.shape})")


def require(ok: Any, op: str, need: str, x: Any, error: type[Exception] = ValueError) -> None:
    """Raise ``error`` naming op, need and the value unless ``ok`` (a bool or a bool array)."""
    if ok is True:
        return
    if ok is False or ok.__class__ is np.bool_:
        if not ok:
            raise error(f"{op}: {need}, got {x!r}")
        return
    if not ok.all():
        raise first_bad(op, need, x, ~ok, error)


def positive(op: str) -> Callable[[Any], None]:
    def check(x: Any) -> None:
        require(x > 0.0, op, "needs x > 0", x)

    return check


def above(op: str, low: float) -> Callable[[Any], None]:
    def check(x: Any) -> None:
        require(x > low, op, f"needs x > {fmt(low)}", x)

    return check


def at_least(op: str, low: float) -> Callable[[Any], None]:
    def check(x: Any) -> None:
        require(x >= low, op, f"needs x >= {fmt(low)}", x)

    return check


def unit_interval(op: str) -> Callable[[Any], None]:
    """-1 <= x <= 1 (at ±1 the value exists; the derivative is infinite, refused by a sweep)."""

    def check(x: Any) -> None:
        require((x >= -1.0) & (x <= 1.0), op, "needs -1 <= x <= 1", x)

    return check


def open_unit_interval(op: str) -> Callable[[Any], None]:
    """-1 < x < 1 (the value itself is infinite at ±1)."""

    def check(x: Any) -> None:
        require((x > -1.0) & (x < 1.0), op, "needs -1 < x < 1 (infinite at ±1)", x)

    return check


EXP_MAX = math.log(1.7976931348623157e308)
EXP_LIMIT = {np.dtype(t): float(np.log(np.finfo(t).max)) for t in (np.float16, np.float32, np.float64)}
"""The largest x with e^x finite, per dtype (709.78 in float64, 88.72 in float32)."""


def exp_limit(x: Any) -> float:
    dtype = getattr(x, "dtype", None)
    return EXP_MAX if dtype is None else EXP_LIMIT.get(dtype, EXP_MAX)


def exp_domain(op: str = "exp", scale: float = 1.0) -> Callable[[Any], None]:
    """e^(scale x) must be finite: OverflowError otherwise."""

    def check(x: Any) -> None:
        limit = exp_limit(x)
        kind = "a float" if x.__class__ is float else str(getattr(x, "dtype", "a float"))
        bound = f"{fmt(scale)}·x" if scale != 1.0 else "x"
        require(scale * x <= limit, op, f"overflows {kind} (needs {bound} <= {limit:.4f})", x, OverflowError)

    return check


def div_domain(a: Any, b: Any) -> None:
    require(b != 0.0, "/", "division by zero (needs a divisor b != 0)", b, ZeroDivisionError)


def pow_domain(a: Any, b: Any) -> None:
    require((a != 0.0) | (b >= 0.0), "** (pow)", "0 to a negative power", a, ZeroDivisionError)
    if b.__class__ is float:
        whole = b % 1.0 == 0.0  # ±inf % 1 is NaN: not an integer
    else:
        with np.errstate(invalid="ignore"):  # the same for arrays, without numpy's warning
            whole = b % 1.0 == 0.0
    require((a >= 0.0) | whole, "** (pow)", "a negative base needs an integer exponent", a)


def power_domain(p: float) -> Callable[[Any], None]:
    op = f"**{fmt(p)}"

    def check(x: Any) -> None:
        if p < 0.0:
            require(x != 0.0, op, "0 to a negative power (needs x != 0)", x, ZeroDivisionError)
        if not float(p).is_integer():
            require(x >= 0.0, op, "a negative base needs an integer exponent", x)

    return check


def nonempty(op: str) -> Callable[..., None]:
    def check(*xs: Any) -> None:
        if not xs:
            raise ValueError(f"{op}: needs at least one value, got none")

    return check


# ----------------------------------------------------------------------------- evaluation


def describe(xs: Sequence[Any]) -> str:
    """The inputs for an error message: numbers as they are, arrays by shape."""
    if all(x.__class__ is float or x.__class__ is int for x in xs):
        return repr(tuple(xs))
    return "(" + ", ".join(f"array of shape {np.shape(x)}" if np.ndim(x) else repr(x) for x in xs) + ")"


def named(error: Exception, prim: Any, xs: Sequence[Any]) -> Exception:
    """``error`` again, its message naming the operation and the inputs."""
    return type(error)(f"{prim.name}: {error} for inputs {describe(xs)}")


def nan_result(prim: Any, xs: Sequence[Any]) -> ValueError:
    """The error for a NaN result (never returned silently)."""
    return ValueError(f"{prim.name}: result is NaN for inputs {describe(xs)}")


def overflow(prim: Any, xs: Sequence[Any], where: str = "") -> OverflowError:
    """The error for a finite input giving an infinite result."""
    return OverflowError(f"{prim.name}: the result overflows{where} for finite inputs {describe(xs)}")


def careful(prim: Primitive, xs: Sequence[float]) -> tuple[float, tuple[float, ...]]:
    """``prim`` on floats where the plain rule failed or gave inf/NaN: the rule on numpy
    float64 with error flags off, so a value that exists is returned even where a partial is
    infinite or undefined (sqrt at 0, asin at 1: the sweeps refuse such a partial if they need
    it). A NaN value is a ValueError, an infinite one from finite inputs an OverflowError."""
    with np.errstate(all="ignore"):
        out, partials = prim.rule(arraymath, *[np.float64(x) for x in xs])
    out = float(out)
    if out != out:
        raise nan_result(prim, xs)
    if math.isinf(out) and all(math.isfinite(x) for x in xs):
        raise overflow(prim, xs)
    return out, tuple(float(d) for d in partials)


def evaluate(prim: Primitive, xs: Sequence[float]) -> tuple[float, tuple[float, ...]]:
    """``prim`` on floats: (value, partials), after its domain check; errors name the
    operation and the inputs; a NaN value, or an infinite one from finite inputs, is an error,
    never returned; a partial may be infinite or NaN where the value exists (``careful``)."""
    if prim.domain is not None:
        prim.domain(*xs)
    try:
        out, partials = prim.rule(floatmath, *xs)
    except (ArithmeticError, ValueError):
        return careful(prim, xs)
    if out - out != 0.0:  # inf or NaN
        return careful(prim, xs)
    return out, partials


def singular(prim: Any, xs: Sequence[Any], i: int, d: Any, where: str = "") -> ValueError:
    """The error for a sweep that needs a partial that is infinite or undefined."""
    kind = "undefined" if d != d else "infinite"
    return ValueError(
        f"{prim.name}: its derivative with respect to input {i + 1} is {kind} "
        f"({float(d)!r}){where} for inputs {describe(xs)}, and the sweep needs it "
        f"({prim.math}). The value exists; its derivative does not (e.g. use "
        f"sqrt(x + eps) for a norm)"
    )
