"""The table of primitives: every operation's value rule and local derivatives, in one place.

Each entry is a :class:`Primitive`. Its ``rule(m, *xs)`` returns ``(value, partials)``, the
value of the operation and one local derivative d(out)/d(x_i) per input, written against a
math namespace ``m`` so that the same rule runs on floats (``autograd.floatmath``: building a
node, dual numbers) and on Values (``autograd.value.VALUE_MATH``: derivatives of derivatives).
``domain`` rejects inputs where the value or its derivative is undefined, naming the operation
and the value. ``symbols(names, out)`` prints the partials for pictures: for ``c * d`` it gives
``("d", "c")``.

Everything that differentiates reads this table: the reverse sweep, the forward sweep, dual
numbers, path sums, higher-order derivatives and the edge labels of ``viz``. Adding an
operation is one entry here plus one row in ``tests/test_primitives.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from autograd import floatmath as _floatmath

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


def _fmt(x: float) -> str:
    return f"{x:g}"


def _fail(error: type[Exception], op: str, need: str, got: Any) -> None:
    raise error(f"{op}: {need}, got {got!r}")


# ----------------------------------------------------------------------------- domains


def _positive(op: str) -> Callable[[float], None]:
    def check(x: float) -> None:
        if not x > 0.0:
            _fail(ValueError, op, "needs x > 0", x)

    return check


def _sqrt_domain(x: float) -> None:
    if not x > 0.0:
        need = "its derivative 1/(2√x) is infinite at x = 0" if x == 0.0 else "needs x >= 0"
        _fail(ValueError, "sqrt", f"{need} (use sqrt(x + eps) for a norm)", x)


def _open_unit_interval(op: str) -> Callable[[float], None]:
    def check(x: float) -> None:
        if not -1.0 < x < 1.0:
            need = "its derivative is infinite at x = ±1" if abs(x) == 1.0 else "needs -1 <= x <= 1"
            _fail(ValueError, op, need, x)

    return check


_EXP_MAX = math.log(1.7976931348623157e308)


def _exp_domain(x: float) -> None:
    if x > _EXP_MAX:
        _fail(OverflowError, "exp", f"overflows a float for x > {_EXP_MAX:.4f}", x)


def _div_domain(a: float, b: float) -> None:
    if b == 0.0:
        raise ZeroDivisionError(f"div: division by zero, {a!r} / {b!r}")


def _pow_domain(a: float, b: float) -> None:
    if not a > 0.0:
        _fail(ValueError, "pow", "Value ** Value needs a base > 0 (use a number exponent)", a)


def _power_domain(p: float) -> Callable[[float], None]:
    def check(x: float) -> None:
        if x == 0.0 and p < 0.0:
            raise ZeroDivisionError(f"**{_fmt(p)}: 0 to a negative power, got x = {x!r}")
        if x < 0.0 and not float(p).is_integer():
            _fail(ValueError, f"**{_fmt(p)}", "a negative base needs an integer exponent", x)
        if x == 0.0 and 0.0 < p < 1.0:
            _fail(ValueError, f"**{_fmt(p)}", f"its derivative {_fmt(p)}·x^{_fmt(p - 1.0)} is infinite at x = 0", x)

    return check


def _nonempty(op: str) -> Callable[..., None]:
    def check(*xs: float) -> None:
        if not xs:
            raise ValueError(f"{op}: needs at least one value, got none")

    return check


# ----------------------------------------------------------------------------- arithmetic

ADD = Primitive("+", lambda m, a, b: (a + b, (1.0, 1.0)), templates("1", "1"), arity=2,
                math="a + b;  d/da = 1, d/db = 1")
SUB = Primitive("-", lambda m, a, b: (a - b, (1.0, -1.0)), templates("1", "-1"), arity=2,
                math="a - b;  d/da = 1, d/db = -1")
MUL = Primitive("*", lambda m, a, b: (a * b, (b, a)), templates("{1}", "{0}"), arity=2,
                math="a b;  d/da = b, d/db = a")
DIV = Primitive("/", lambda m, a, b: (a / b, (1.0 / b, -a / (b * b))),
                templates("1/{1}", "-{0}/{1}²"), arity=2, domain=_div_domain,
                math="a / b;  d/da = 1/b, d/db = -a/b²")
POW = Primitive("**", lambda m, a, b: _pow_rule(m, a, b), templates("{1}·{0}^({1}-1)", "{out}·ln {0}"),
                arity=2, domain=_pow_domain, math="a^b;  d/da = b a^(b-1), d/db = a^b ln a")


def _pow_rule(m: Any, a: Any, b: Any) -> tuple[Any, tuple[Any, Any]]:
    out = a**b
    return out, (b * a ** (b - 1.0), out * m.log(a))


# A Python number on one side of + - * / is a parameter of a one-input primitive, not a node
# (as PyTorch and JAX treat Python scalars): d = b + 1 has one input edge, ∂d/∂b = 1. Its local
# derivative does not depend on x for + - * and /c, so one tuple serves every node.

_ONE = (1.0,)
_MINUS_ONE = (-1.0,)


@lru_cache(maxsize=4096)
def add_constant(c: float) -> Primitive:
    """x + c for a number c (x - c is x + (-c));  d/dx = 1."""
    name = f"+{_fmt(c)}" if not c < 0.0 else f"-{_fmt(-c)}"
    return Primitive(name, lambda m, a: (a + c, _ONE), templates("1"), arity=1,
                     math=f"x {name[0]} {_fmt(abs(c))};  d/dx = 1")


@lru_cache(maxsize=4096)
def mul_constant(c: float) -> Primitive:
    """c x for a number c;  d/dx = c."""
    partials = (c,)
    return Primitive(f"*{_fmt(c)}", lambda m, a: (a * c, partials), templates(_fmt(c)), arity=1,
                     math=f"{_fmt(c)} x;  d/dx = {_fmt(c)}")


@lru_cache(maxsize=4096)
def div_constant(c: float) -> Primitive:
    """x / c for a number c != 0;  d/dx = 1/c."""
    if c == 0.0:
        raise ZeroDivisionError(f"div: division by zero, x / {c!r}")
    partials = (1.0 / c,)
    return Primitive(f"/{_fmt(c)}", lambda m, a: (a / c, partials), templates(f"1/{_fmt(c)}"),
                     arity=1, math=f"x / {_fmt(c)};  d/dx = 1/{_fmt(c)}")


@lru_cache(maxsize=4096)
def rsub_constant(c: float) -> Primitive:
    """c - x for a number c;  d/dx = -1."""
    return Primitive(f"{_fmt(c)}-", lambda m, a: (c - a, _MINUS_ONE), templates("-1"), arity=1,
                     math=f"{_fmt(c)} - x;  d/dx = -1")


@lru_cache(maxsize=4096)
def rdiv_constant(c: float) -> Primitive:
    """c / x for a number c;  d/dx = -c/x²."""

    def domain(x: float) -> None:
        if x == 0.0:
            raise ZeroDivisionError(f"{_fmt(c)}/: division by zero, {c!r} / {x!r}")

    return Primitive(f"{_fmt(c)}/", lambda m, a: (c / a, (-c / (a * a),)),
                     templates(f"-{_fmt(c)}/{{0}}²"), arity=1, domain=domain,
                     math=f"{_fmt(c)} / x;  d/dx = -{_fmt(c)}/x²")


NEG = Primitive("neg", lambda m, a: (-a, (-1.0,)), templates("-1"), arity=1, math="-x;  d/dx = -1")
ABS = Primitive("abs", lambda m, a: (abs(a), (1.0 if a > 0 else (-1.0 if a < 0 else 0.0),)),
                templates("sign({0})"), arity=1, math="|x|;  d/dx = sign(x) (0 at 0)")
IDENTITY = Primitive("identity", lambda m, a: (a, (1.0,)), templates("1"), arity=1,
                     math="x;  d/dx = 1")


@lru_cache(maxsize=1024)
def power(p: float) -> Primitive:
    """x ** p for a number p;  d/dx = p x^(p-1)."""
    return Primitive(
        f"**{_fmt(p)}",
        lambda m, a: (a**p, (p * a ** (p - 1.0) if p != 0.0 else 0.0,)),
        templates(f"{_fmt(p)}·{{0}}^{_fmt(p - 1.0)}"),
        arity=1,
        domain=_power_domain(p),
        math=f"x^{_fmt(p)};  d/dx = {_fmt(p)} x^{_fmt(p - 1.0)}",
    )


@lru_cache(maxsize=1024)
def exp_base(base: float) -> Primitive:
    """a ** x for a number a > 0;  d/dx = ln(a) a^x."""
    if not base > 0.0:
        _fail(ValueError, f"{_fmt(base)}**x", "needs a base > 0", base)
    ln_a = math.log(base)
    return Primitive(
        f"{_fmt(base)}**",
        lambda m, a: _exp_base_rule(m, a, base, ln_a),
        templates(f"ln({_fmt(base)})·{{out}}"),
        arity=1,
        domain=_exp_domain_scaled(f"{_fmt(base)}**x", ln_a),
        math=f"{_fmt(base)}^x;  d/dx = ln({_fmt(base)}) {_fmt(base)}^x",
    )


def _exp_base_rule(m: Any, x: Any, base: float, ln_a: float) -> tuple[Any, tuple[Any]]:
    out = m.exp(ln_a * x)
    return out, (ln_a * out,)


def _exp_domain_scaled(op: str, scale: float) -> Callable[[float], None]:
    def check(x: float) -> None:
        if scale * x > _EXP_MAX:
            _fail(OverflowError, op, f"overflows a float (e^(x ln a) with x ln a > {_EXP_MAX:.4f})", x)

    return check


@lru_cache(maxsize=1024)
def log_base(base: float) -> Primitive:
    """log_a(x) = ln(x) / ln(a);  d/dx = 1 / (x ln a)."""
    if not (base > 0.0 and base != 1.0):
        _fail(ValueError, f"log{_fmt(base)}", "needs a base > 0 and != 1", base)
    ln_a = math.log(base)
    return Primitive(
        f"log{_fmt(base)}",
        lambda m, a: (m.log(a) / ln_a, (1.0 / (a * ln_a),)),
        templates(f"1/({{0}}·ln {_fmt(base)})"),
        arity=1,
        domain=_positive(f"log{_fmt(base)}"),
        math=f"log_{_fmt(base)}(x);  d/dx = 1/(x ln {_fmt(base)})",
    )


# ----------------------------------------------------------------------------- the derivative table

EXP = Primitive("exp", lambda m, a: _same(m.exp(a)), templates("exp({0})"), arity=1,
                domain=_exp_domain, math="e^x;  d/dx = e^x")
LOG = Primitive("log", lambda m, a: (m.log(a), (1.0 / a,)), templates("1/{0}"), arity=1,
                domain=_positive("log"), math="ln x;  d/dx = 1/x")
SQRT = Primitive("sqrt", lambda m, a: _sqrt_rule(m, m.sqrt(a)), templates("1/(2√{0})"), arity=1,
                 domain=_sqrt_domain, math="√x;  d/dx = 1/(2√x)")
SIN = Primitive("sin", lambda m, a: (m.sin(a), (m.cos(a),)), templates("cos({0})"), arity=1,
                math="sin x;  d/dx = cos x")
COS = Primitive("cos", lambda m, a: (m.cos(a), (-m.sin(a),)), templates("-sin({0})"), arity=1,
                math="cos x;  d/dx = -sin x")
TAN = Primitive("tan", lambda m, a: _tan_rule(m.tan(a)), templates("sec²({0})"), arity=1,
                math="tan x;  d/dx = sec² x = 1 + tan² x")
ASIN = Primitive("asin", lambda m, a: (m.asin(a), (1.0 / m.sqrt(1.0 - a * a),)),
                 templates("1/√(1-{0}²)"), arity=1, domain=_open_unit_interval("asin"),
                 math="asin x;  d/dx = 1/√(1-x²)")
ACOS = Primitive("acos", lambda m, a: (m.acos(a), (-1.0 / m.sqrt(1.0 - a * a),)),
                 templates("-1/√(1-{0}²)"), arity=1, domain=_open_unit_interval("acos"),
                 math="acos x;  d/dx = -1/√(1-x²)")
ATAN = Primitive("atan", lambda m, a: (m.atan(a), (1.0 / (1.0 + a * a),)), templates("1/(1+{0}²)"),
                 arity=1, math="atan x;  d/dx = 1/(1+x²)")


def _same(out: Any) -> tuple[Any, tuple[Any]]:
    return out, (out,)


def _sqrt_rule(m: Any, out: Any) -> tuple[Any, tuple[Any]]:
    return out, (0.5 / out,)


def _tan_rule(out: Any) -> tuple[Any, tuple[Any]]:
    return out, (1.0 + out * out,)


# ----------------------------------------------------------------------------- activations

TANH = Primitive("tanh", lambda m, a: (m.tanh(a), (m.sech2(a),)), templates("1-tanh²({0})"), arity=1,
                 math="tanh x;  d/dx = 1 - tanh² x")
SIGMOID = Primitive("sigmoid", lambda m, a: _sigmoid_rule(m, a, m.sigmoid(a)), templates("σ({0})(1-σ({0}))"),
                    arity=1, math="σ(x) = 1/(1+e^-x);  d/dx = σ(x)(1-σ(x))")
RELU = Primitive("relu", lambda m, a: (a if a > 0 else 0.0, (1.0 if a > 0 else 0.0,)),
                 templates("1{{{0}>0}}"), arity=1, math="max(0, x);  d/dx = 1{x > 0}")
SOFTPLUS = Primitive("softplus", lambda m, a: (m.softplus(a), (m.sigmoid(a),)), templates("σ({0})"),
                     arity=1, math="ln(1+e^x);  d/dx = σ(x)")
STEP = Primitive("step", lambda m, a: (m.step(a), (0.0,)), templates("0"), arity=1,
                 math="1{x >= 0};  d/dx = 0")


def _sigmoid_rule(m: Any, a: Any, out: Any) -> tuple[Any, tuple[Any]]:
    # σ(x)(1 - σ(x)) written σ(x)σ(-x): accurate in both tails, where 1 - σ(x) would round to 0
    return out, (out * m.sigmoid(-a),)


@lru_cache(maxsize=1024)
def leaky_relu(alpha: float) -> Primitive:
    """x if x > 0 else alpha x;  d/dx = 1 or alpha."""
    return Primitive(
        "leaky_relu",
        lambda m, a: (a, (1.0,)) if a > 0 else (alpha * a, (alpha,)),
        templates(f"1 or {_fmt(alpha)}"),
        arity=1,
        math=f"max(x, {_fmt(alpha)}x);  d/dx = 1{{x > 0}} + {_fmt(alpha)}·1{{x <= 0}}",
    )


# ----------------------------------------------------------------------------- n-ary


def _nary_templates(form: Callable[[int, Sequence[str], str], str]) -> Symbols:
    def symbols(names: Sequence[str], out: str) -> tuple[str, ...]:
        return tuple(form(i, names, out) for i in range(len(names)))

    return symbols


SUM = Primitive("sum", lambda m, *xs: (m.sum(xs), (1.0,) * len(xs)), _nary_templates(lambda i, n, o: "1"),
                arity=None, math="sum_i x_i;  d/dx_i = 1")


def _dot_rule(m: Any, *wx: Any) -> tuple[Any, tuple[Any, ...]]:
    n = len(wx) // 2
    ws, xs = wx[:n], wx[n:]
    return m.dot(ws, xs), (*xs, *ws)


def _dot_symbols(i: int, names: Sequence[str], out: str) -> str:
    n = len(names) // 2
    return names[i + n] if i < n else names[i - n]


DOT = Primitive("dot", _dot_rule, _nary_templates(_dot_symbols), arity=None,
                math="sum_i w_i x_i (inputs w_1..w_n, x_1..x_n);  d/dw_i = x_i, d/dx_i = w_i")


def _affine_rule(m: Any, *wxb: Any) -> tuple[Any, tuple[Any, ...]]:
    n = len(wxb) // 2
    ws, xs = wxb[:n], wxb[n:-1]
    return m.dot(ws, xs) + wxb[-1], (*xs, *ws, 1.0)


def _affine_symbols(i: int, names: Sequence[str], out: str) -> str:
    n = len(names) // 2
    return "1" if i == len(names) - 1 else _dot_symbols(i, names[:-1], out)


AFFINE = Primitive("dot+b", _affine_rule, _nary_templates(_affine_symbols), arity=None,
                   math="sum_i w_i x_i + b (inputs w_1..w_n, x_1..x_n, b): a neuron's "
                        "pre-activation z;  d/dw_i = x_i, d/dx_i = w_i, d/db = 1")


def _max_rule(m: Any, *xs: Any) -> tuple[Any, tuple[float, ...]]:
    k = max(range(len(xs)), key=xs.__getitem__)
    return xs[k], tuple(1.0 if i == k else 0.0 for i in range(len(xs)))


MAX = Primitive("max", _max_rule, _nary_templates(lambda i, n, o: f"1{{{n[i]} = {o}}}"), arity=None,
                domain=_nonempty("max"), math="max_i x_i;  d/dx_i = 1 for the first maximal x_i, else 0")


def _logsumexp_rule(m: Any, *xs: Any) -> tuple[Any, tuple[Any, ...]]:
    out = m.logsumexp(xs)
    return out, tuple(m.exp(x - out) for x in xs)


LOGSUMEXP = Primitive("logsumexp", _logsumexp_rule, _nary_templates(lambda i, n, o: f"softmax_{i}"),
                      arity=None, domain=_nonempty("logsumexp"),
                      math="ln sum_j e^{x_j};  d/dx_i = softmax_i(x)")


def _others(m: Any, p: Sequence[Any], i: int) -> Any:
    """sum_{j != i} p_j, which is 1 - p_i for probabilities p, computed without cancellation."""
    others = [q for j, q in enumerate(p) if j != i]
    return m.sum(others) if others else 0.0


@lru_cache(maxsize=1024)
def softmax(i: int) -> Primitive:
    """Output i of softmax: p_i = e^{x_i} / sum_j e^{x_j};  d p_i/dx_j = p_i (1{i=j} - p_j)."""

    def rule(m: Any, *xs: Any) -> tuple[Any, tuple[Any, ...]]:
        lse = m.logsumexp(xs)
        p = [m.exp(x - lse) for x in xs]
        rest = _others(m, p, i)  # 1 - p_i, without the cancellation when p_i is near 1
        return p[i], tuple(p[i] * rest if j == i else -p[i] * p[j] for j in range(len(xs)))

    return Primitive(f"softmax[{i}]", rule,
                     _nary_templates(lambda j, n, o: f"p{i}(1-p{i})" if j == i else f"-p{i}·p{j}"),
                     arity=None, domain=_nonempty("softmax"),
                     math="p_i = e^{x_i}/sum_j e^{x_j};  dp_i/dx_j = p_i (1{i=j} - p_j)")


@lru_cache(maxsize=1024)
def log_softmax(i: int) -> Primitive:
    """Output i of log-softmax: x_i - logsumexp(x);  d/dx_j = 1{i=j} - p_j."""

    def rule(m: Any, *xs: Any) -> tuple[Any, tuple[Any, ...]]:
        lse = m.logsumexp(xs)
        p = [m.exp(x - lse) for x in xs]
        return m.log_softmax(xs, i), tuple(_others(m, p, i) if j == i else -p[j] for j in range(len(xs)))

    return Primitive(f"log_softmax[{i}]", rule,
                     _nary_templates(lambda j, n, o: f"1-p{j}" if j == i else f"-p{j}"),
                     arity=None, domain=_nonempty("log_softmax"),
                     math="x_i - ln sum_j e^{x_j};  d/dx_j = 1{i=j} - p_j")


UNARY = {p.name: p for p in (NEG, ABS, EXP, LOG, SQRT, SIN, COS, TAN, ASIN, ACOS, ATAN,
                             TANH, SIGMOID, RELU, SOFTPLUS, STEP, IDENTITY)}
BINARY = {p.name: p for p in (ADD, SUB, MUL, DIV, POW)}
NARY = {p.name: p for p in (SUM, DOT, AFFINE, MAX, LOGSUMEXP)}
FAMILIES = {"add_constant": add_constant, "mul_constant": mul_constant, "div_constant": div_constant,
            "rsub_constant": rsub_constant, "rdiv_constant": rdiv_constant,
            "power": power, "exp_base": exp_base, "log_base": log_base, "leaky_relu": leaky_relu,
            "softmax": softmax, "log_softmax": log_softmax}


def evaluate(prim: Primitive, xs: Sequence[float]) -> tuple[float, tuple[float, ...]]:
    """``prim`` on floats: (value, partials), after its domain check; errors name the
    operation and the inputs, and a NaN result is an error, never returned."""
    if prim.domain is not None:
        prim.domain(*xs)
    try:
        out, partials = prim.rule(_floatmath, *xs)
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
