"""The table of primitives: every elementwise operation's value rule and local derivatives, in
one place, for both engines.

Each entry is a :class:`Primitive`. Its ``rule(m, *xs)`` returns ``(value, partials)``, the
value of the operation and one local derivative d(out)/d(x_i) per input, written against a
math namespace ``m``, so the same rule runs on floats, numpy arrays, Values and Tensors.
``domain`` rejects inputs where the value or its derivative is undefined, naming the operation,
the value and (for arrays) its index. ``symbols(names, out)`` prints the partials for pictures:
for ``c * d`` it gives ``("d", "c")``.

The entries live in four files by kind (``table_arithmetic``, ``table_calculus``,
``table_activations``, ``table_nary``); this module gathers them, and ``OPS`` names them for
users (every entry of UNARY and BINARY but the operators, and the families with a parameter):
each is a function form ``autograd.<name>`` on floats, arrays, Values, Duals and Tensors and,
with one input, a method of Value, Tensor and Dual. Everything that
differentiates reads the table: both sweeps of both engines, dual numbers, path sums,
higher-order derivatives and the edge labels of ``viz``. Adding an operation is one entry in a
``table_*`` file, its name in ``UNARY`` or ``BINARY`` below, and one row in
``tests/test_primitives.py``; users add theirs with ``autograd.defprimitive``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any, NamedTuple

from autograd.primitive import Primitive, TensorPrimitive, evaluate, named, nan_result, templates  # noqa: F401
from autograd.table_activations import (
    GELU,
    MAXIMUM,
    MINIMUM,
    RELU,
    SIGMOID,
    SILU,
    SOFTPLUS,
    STEP,
    TANH,
    clamp,
    elu,
    leaky_relu,
)
from autograd.table_arithmetic import (
    ABS,
    ADD,
    DIV,
    IDENTITY,
    MUL,
    NEG,
    POW,
    SUB,
    add_constant,
    div_constant,
    exp_base,
    log_base,
    mul_constant,
    power,
    rdiv_constant,
    rsub_constant,
)
from autograd.table_calculus import (
    ACOS,
    ACOSH,
    ASIN,
    ASINH,
    ATAN,
    ATAN2,
    ATANH,
    COS,
    COSH,
    ERF,
    ERFC,
    EXP,
    EXPM1,
    HYPOT,
    LOG,
    LOG1P,
    SIN,
    SINH,
    SQRT,
    TAN,
)
from autograd.table_nary import AFFINE, DOT, LOGSUMEXP, MAX, SUM, log_softmax, softmax

UNARY = {
    p.name: p
    for p in (
        NEG,
        ABS,
        EXP,
        LOG,
        SQRT,
        SIN,
        COS,
        TAN,
        ASIN,
        ACOS,
        ATAN,
        SINH,
        COSH,
        ASINH,
        ACOSH,
        ATANH,
        LOG1P,
        EXPM1,
        ERF,
        ERFC,
        TANH,
        SIGMOID,
        RELU,
        SOFTPLUS,
        STEP,
        SILU,
        GELU,
        IDENTITY,
    )
}
BINARY = {p.name: p for p in (ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, ATAN2, HYPOT)}
NARY = {p.name: p for p in (SUM, DOT, AFFINE, MAX, LOGSUMEXP)}
FAMILIES = {
    "add_constant": add_constant,
    "mul_constant": mul_constant,
    "div_constant": div_constant,
    "rsub_constant": rsub_constant,
    "rdiv_constant": rdiv_constant,
    "power": power,
    "exp_base": exp_base,
    "log_base": log_base,
    "leaky_relu": leaky_relu,
    "elu": elu,
    "clamp": clamp,
    "softmax": softmax,
    "log_softmax": log_softmax,
}


def number(x: Any, op: str) -> float:
    """A parameter as a float: TypeError for non-numbers, ValueError for NaN, naming ``op``."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{op}: expected a real number, got {type(x).__name__} ({x!r})")
    x = float(x)
    if x != x:
        raise ValueError(f"{op}: got NaN")
    return x


class Op(NamedTuple):
    """A name users call: ``make(*params)`` gives the primitive; ``arity`` inputs (1 or 2);
    ``method``: also a method of Value, Tensor and Dual (one-input ops)."""

    name: str
    make: Callable[..., Primitive]
    arity: int
    method: bool = True
    fixed: Primitive | None = None  # the primitive itself, for an op without parameters


def _fixed(prim: Primitive) -> Callable[[], Primitive]:
    return lambda: prim


def _log(base: Any = None) -> Primitive:
    return LOG if base is None else log_base(number(base, "log"))


def _leaky_relu(alpha: Any = 0.01) -> Primitive:
    return leaky_relu(number(alpha, "leaky_relu"))


def _elu(alpha: Any = 1.0) -> Primitive:
    return elu(number(alpha, "elu"))


def _clamp(lo: Any = None, hi: Any = None) -> Primitive:
    low = -math.inf if lo is None else number(lo, "clamp")
    high = math.inf if hi is None else number(hi, "clamp")
    return clamp(low, high)


_OPERATORS = {"neg", "identity", "+", "-", "*", "/", "**"}  # reached through Python's operators
_WITH_PARAMETERS = {"log": _log, "leaky_relu": _leaky_relu, "elu": _elu, "clamp": _clamp}
OPS: dict[str, Op] = {
    name: Op(name, _fixed(prim), prim.arity or 1, prim.arity == 1, prim)
    for name, prim in {**UNARY, **BINARY}.items()
    if name not in _OPERATORS
}
OPS.update({name: Op(name, make, 1) for name, make in _WITH_PARAMETERS.items()})
"""The names users call: function forms ``autograd.<name>`` and (``method``) node methods."""

TENSOR_ONLY: dict[str, TensorPrimitive] = {}
"""The tensor-only entries (matmul, reductions, reshapes ...), filled in by ``autograd.tensor_table``."""


USER_OPS: set[str] = set()
"""The names ``defprimitive`` added (a notebook cell run again redefines its op)."""


def register(op: Op) -> None:
    """Add a user's op to ``OPS`` (``autograd.defprimitive``): a new name, or one that
    ``defprimitive`` gave before (replaced); the library's own names are refused."""
    if op.name in OPS and op.name not in USER_OPS:
        raise ValueError(f"defprimitive: {op.name!r} is already an operation of the table")
    OPS[op.name] = op
    USER_OPS.add(op.name)


NODE_KINDS: dict[type, Callable[[Primitive, Any], Any]] = {}
"""Each node class with table methods (Value, Tensor, Dual) and how it applies a primitive."""

BINDERS: dict[type, Callable[[Primitive], Callable[[Any], Any]]] = {}
"""Node classes that make the method of a parameterless primitive themselves (the Value engine:
its ``x.relu()`` makes the node with one call less than ``apply(prim, x)``)."""


def method(
    op: Op,
    apply: Callable[[Primitive, Any], Any],
    bind: Callable[[Primitive], Callable[[Any], Any]] | None = None,
) -> Callable[..., Any]:
    """The method ``x.<op.name>(*params)`` = ``apply(op.make(*params), x)``; ``bind(prim)``
    makes it instead when given and ``op`` takes no parameters."""
    prim = op.fixed
    method: Callable[..., Any]
    if prim is not None and bind is not None:
        method = bind(prim)
    elif prim is not None:  # no parameters: the primitive bound once (the hot path of relu, tanh)

        def fixed(self: Any) -> Any:
            return apply(prim, self)

        method = fixed
    else:

        def method(self: Any, *params: Any, **named: Any) -> Any:
            return apply(op.make(*params, **named), self)

    method.__name__ = method.__qualname__ = op.name
    method.__doc__ = f"{op.make().math.split(';')[0]}."
    return method


def install_methods(
    cls: type,
    apply: Callable[[Primitive, Any], Any],
    bind: Callable[[Primitive], Callable[[Any], Any]] | None = None,
) -> None:
    """Give a node class a method for each one-input op of ``OPS`` that it does not define
    itself (method names come from the table, not from a list), and remember it for ops added
    later by ``autograd.defprimitive``; ``bind`` as in ``method``."""
    NODE_KINDS[cls] = apply
    if bind is not None:
        BINDERS[cls] = bind
    for op in OPS.values():
        if op.method and op.arity == 1 and op.name not in cls.__dict__:
            setattr(cls, op.name, method(op, apply, bind))
