"""``Value``: a scalar node of the computational graph.

A node made by an operation keeps what the sweeps need, computed once when it is made: its
``inputs`` and its ``local_grads``, one number d(node)/d(input) per edge, from the table of
primitives. The reverse sweep is then ``adjoint[input] += local_grad * adjoint[node]`` and the
forward sweep ``tangent[node] += local_grad * tangent[input]``.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

from autograd import floatmath
from autograd import primitives as P
from autograd.grad_mode import _state

_new = object.__new__
_NUMBERS = (float, int)


def as_float(x: Any, op: str) -> float:
    """x as a float, or TypeError naming ``op`` and the type; ValueError for NaN."""
    if x.__class__ is float and x == x:
        return x
    if x.__class__ is int:
        return float(x)
    if isinstance(x, numbers.Real):
        x = float(x)
        if x != x:
            raise ValueError(f"{op}: got NaN")
        return x
    if isinstance(x, Value):
        raise TypeError(f"{op}: expected a number, got a Value ({x!r}); use it directly or x.data")
    raise TypeError(f"{op}: expected a real number, got {type(x).__name__} ({x!r})")


class Value:
    """A scalar node: ``data``, ``grad``, ``label``, ``op``, ``inputs``, ``local_grads``
    (d(node)/d(input) per edge) and ``scope`` (the name scope it was made in, or None)."""

    __slots__ = ("data", "grad", "label", "primitive", "inputs", "local_grads", "scope")

    data: float
    grad: Any
    label: str | None
    primitive: P.Primitive | None
    inputs: tuple[Value, ...]
    local_grads: tuple[Any, ...]
    scope: str | None

    def __init__(self, data: Any, label: str | None = None) -> None:
        self.data = data if data.__class__ is float and data == data else as_float(data, "Value")
        self.grad = 0.0
        self.label = label
        self.primitive = None
        self.inputs = ()
        self.local_grads = ()
        self.scope = _state.scope

    @property
    def op(self) -> str:
        """Short name of the operation that made this node; "" for a leaf."""
        return "" if self.primitive is None else self.primitive.name

    @property
    def is_leaf(self) -> bool:
        """True for a node no operation made (a variable, parameter or constant)."""
        return not self.inputs

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label is not None else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    # ------------------------------------------------------------------ arithmetic
    # A number on either side is a parameter of a one-input primitive (x + 1 has one input edge).
    def __add__(self, other: Any) -> Value:
        if isinstance(other, Value):
            return _node(P.ADD, (self, other), (self.data, other.data))
        return with_number(P.add_constant, self, other, "+")

    def __radd__(self, other: Any) -> Value:
        return with_number(P.add_constant, self, other, "+")

    def __sub__(self, other: Any) -> Value:
        if isinstance(other, Value):
            return _node(P.SUB, (self, other), (self.data, other.data))
        return with_number(P.add_constant, self, other, "-", negate=True)

    def __rsub__(self, other: Any) -> Value:
        return with_number(P.rsub_constant, self, other, "-")

    def __mul__(self, other: Any) -> Value:
        if isinstance(other, Value):
            return _node(P.MUL, (self, other), (self.data, other.data))
        return with_number(P.mul_constant, self, other, "*")

    def __rmul__(self, other: Any) -> Value:
        return with_number(P.mul_constant, self, other, "*")

    def __truediv__(self, other: Any) -> Value:
        if isinstance(other, Value):
            return _node(P.DIV, (self, other), (self.data, other.data))
        return with_number(P.div_constant, self, other, "/")

    def __rtruediv__(self, other: Any) -> Value:
        return with_number(P.rdiv_constant, self, other, "/")

    def __pow__(self, other: Any) -> Value:
        if isinstance(other, Value):
            return _node(P.POW, (self, other), (self.data, other.data))
        return unary(P.power(as_float(other, "**")), self)

    def __rpow__(self, other: Any) -> Value:
        return unary(P.exp_base(as_float(other, "**")), self)

    def __neg__(self) -> Value:
        return unary(P.NEG, self)

    def __pos__(self) -> Value:
        return self

    def __abs__(self) -> Value:
        return unary(P.ABS, self)

    # Comparisons look at data and return bool (equality stays identity, so nodes hash).
    def __lt__(self, other: Any) -> bool:
        return self.data < _data(other)

    def __le__(self, other: Any) -> bool:
        return self.data <= _data(other)

    def __gt__(self, other: Any) -> bool:
        return self.data > _data(other)

    def __ge__(self, other: Any) -> bool:
        return self.data >= _data(other)

    __hash__ = object.__hash__

    # ------------------------------------------------------------------ the derivative table
    def exp(self) -> Value:
        """e^x."""
        return unary(P.EXP, self)

    def log(self, base: float | None = None) -> Value:
        """ln x, or log_base x."""
        return unary(P.LOG if base is None else P.log_base(as_float(base, "log")), self)

    def sqrt(self) -> Value:
        """√x."""
        return unary(P.SQRT, self)

    def sin(self) -> Value:
        """sin x."""
        return unary(P.SIN, self)

    def cos(self) -> Value:
        """cos x."""
        return unary(P.COS, self)

    def tan(self) -> Value:
        """tan x."""
        return unary(P.TAN, self)

    def asin(self) -> Value:
        """sin^-1 x."""
        return unary(P.ASIN, self)

    def acos(self) -> Value:
        """cos^-1 x."""
        return unary(P.ACOS, self)

    def atan(self) -> Value:
        """tan^-1 x."""
        return unary(P.ATAN, self)

    # ------------------------------------------------------------------ activations
    def tanh(self) -> Value:
        """tanh x."""
        return unary(P.TANH, self)

    def sigmoid(self) -> Value:
        """σ(x) = 1 / (1 + e^-x)."""
        return unary(P.SIGMOID, self)

    def relu(self) -> Value:
        """max(0, x)."""
        return unary(P.RELU, self)

    def leaky_relu(self, alpha: float = 0.01) -> Value:
        """x if x > 0 else alpha x."""
        return unary(P.leaky_relu(as_float(alpha, "leaky_relu")), self)

    def softplus(self) -> Value:
        """ln(1 + e^x)."""
        return unary(P.SOFTPLUS, self)

    def step(self) -> Value:
        """Heaviside 1{x >= 0}, derivative 0: the threshold unit."""
        return unary(P.STEP, self)

    # ------------------------------------------------------------------ graph
    def backward(self, gradient: Any = 1.0) -> None:
        """Reverse sweep from this node, *adding* d(self)/d(node) * gradient into every node's
        ``.grad`` (PyTorch semantics: two calls give exactly twice the gradient)."""
        from autograd.sweeps import backward

        backward(self, gradient)

    def detach(self) -> Value:
        """A new leaf with the same data, cut from the graph."""
        return Value(self.data, self.label)

    def item(self) -> float:
        """The data as a Python float (PyTorch's name)."""
        return self.data


class Constant(Value):
    """A leaf made from a plain number inside an operation (the 1 of b + 1)."""

    __slots__ = ()


def _data(x: Any) -> float:
    return x.data if isinstance(x, Value) else x


def lift(x: Any) -> Value:
    """x as a Value: a Value unchanged, a number as a Constant."""
    if isinstance(x, Value):
        return x
    node = _new(Constant)
    node.data = as_float(x, "Value")
    node.grad = 0.0
    node.label = None
    node.primitive = None
    node.inputs = ()
    node.local_grads = ()
    node.scope = _state.scope
    return node


def _node(prim: P.Primitive, inputs: tuple[Value, ...], xs: Any) -> Value:
    """Apply ``prim`` to the data ``xs`` of ``inputs`` and record the node with its partials.
    (``primitives.evaluate`` written out: this is the hot path of every operation.)"""
    if prim.domain is not None:
        prim.domain(*xs)
    try:
        out, partials = prim.rule(floatmath, *xs)
    except (ArithmeticError, ValueError) as error:
        raise P.named(error, prim, xs) from None
    if out != out:
        raise P.nan_result(prim, xs)
    node = _new(Value)
    node.data = out
    node.grad = 0.0
    node.label = None
    node.scope = _state.scope
    if _state.recording:
        node.primitive = prim
        node.inputs = inputs
        node.local_grads = partials
    else:
        node.primitive = None
        node.inputs = ()
        node.local_grads = ()
    return node


def unary(prim: P.Primitive, a: Value) -> Value:
    """Node for a one-input primitive."""
    return _node(prim, (a,), (a.data,))


def with_number(family: Any, a: Value, number: Any, op: str, negate: bool = False) -> Value:
    """Node for ``a <op> number``: the one-input primitive ``family(number)``; NotImplemented for
    anything that is not a real number (so Python can try the other operand)."""
    if number.__class__ is float:
        c = number
    elif number.__class__ is int or isinstance(number, numbers.Real):
        c = as_float(number, op)
    else:
        return NotImplemented
    if c != c:
        raise ValueError(f"{op}: got NaN")
    prim = family(-c if negate else c)
    return _node(prim, (a,), (a.data,))


def nary(prim: P.Primitive, values: Iterable[Any]) -> Value:
    """Node for an n-ary primitive; numbers among ``values`` become Constants."""
    inputs = tuple([v if isinstance(v, Value) else lift(v) for v in values])
    return _node(prim, inputs, [v.data for v in inputs])


def record(prim: P.Primitive, inputs: tuple[Value, ...]) -> Value:
    """Node for ``prim`` on ``inputs``, which must all be Values (no checks: the hot path)."""
    return _node(prim, inputs, [v.data for v in inputs])


def nary_values(prim: P.Primitive, inputs: tuple[Any, ...]) -> Value | None:
    """Node for an n-ary primitive when every input is a Value (the fast path), else None."""
    if inputs and isinstance(inputs[0], Value):
        try:
            xs = [v.data for v in inputs]
        except AttributeError:
            return None
        return _node(prim, inputs, xs)
    return None


class _ValueMath:
    """The math namespace of the primitive table for Values (derivatives of derivatives)."""

    @staticmethod
    def sech2(x: Any) -> Any:
        return 1.0 - unary(P.TANH, lift(x)) ** 2

    @staticmethod
    def logsumexp(xs: Iterable[Any]) -> Value:
        return nary(P.LOGSUMEXP, xs)

    @staticmethod
    def log_softmax(xs: Iterable[Any], i: int) -> Value:
        return nary(P.log_softmax(i), xs)

    @staticmethod
    def sum(xs: Iterable[Any]) -> Value:
        return nary(P.SUM, xs)

    @staticmethod
    def dot(ws: Iterable[Any], xs: Iterable[Any]) -> Value:
        return nary(P.DOT, (*ws, *xs))


for _name in ("exp", "log", "sqrt", "sin", "cos", "tan", "asin", "acos", "atan", "tanh", "sigmoid",
              "softplus", "step"):
    setattr(_ValueMath, _name, staticmethod(lambda x, _p=P.UNARY[_name]: unary(_p, lift(x))))

VALUE_MATH = _ValueMath()

__all__ = ["Value", "Constant", "VALUE_MATH", "lift", "as_float"]
