"""``Value``: a scalar node of the computational graph.

A node made by an operation keeps what the sweeps need, computed once when it is made: its
``inputs`` and its ``local_grads``, one number d(node)/d(input) per edge, from the table of
primitives. The reverse sweep is then ``adjoint[input] += local_grad * adjoint[node]`` and the
forward sweep ``tangent[node] += local_grad * tangent[input]``.
"""

from __future__ import annotations

import numbers
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from autograd import floatmath
from autograd import primitives as P
from autograd.grad_mode import mode
from autograd.graph import topological_order
from autograd.primitive import careful, singular

_new = object.__new__
_backward_lock = threading.Lock()


def as_float(x: Any, op: str) -> float:
    """x as a float, or TypeError naming ``op`` and the type; ValueError for NaN."""
    if x.__class__ is float and x == x:
        return x
    if isinstance(x, numbers.Real):
        try:
            x = float(x)
        except OverflowError:
            raise OverflowError(
                f"{op}: {str(x)[:20]}... ({len(str(x))} digits) is too large for a float (at most ~1.8e308)"
            ) from None
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
        self.scope = mode()[1]

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

    if TYPE_CHECKING:  # the one-input ops of the table, installed as methods below

        def __getattr__(self, name: str) -> Any: ...

    # ------------------------------------------------------------------ graph
    def backward(self, gradient: Any = 1.0) -> None:
        """Reverse sweep from this node, *adding* d(self)/d(node) * gradient into every node's
        ``.grad`` (PyTorch semantics: two calls give exactly twice the gradient).

        The scalar case of ``sweeps.pull_back``, written out because it is the hot path of
        training: the adjoints are accumulated in ``.grad`` itself. Gradients already there are
        set aside first and added back at the end (old + new), so a second call adds exactly
        the same gradient again and no stale adjoint is propagated twice (micrograd #53)."""
        if gradient.__class__ is not float:
            gradient = as_float(gradient, "backward")
        if gradient - gradient != 0.0:
            raise ValueError(f"backward: the seed gradient must be finite, got {gradient!r}")
        with _backward_lock:  # .grad is the sweep's scratch: one sweep at a time (threads)
            order = topological_order(self)
            stale = [(node, node.grad) for node in order if node.grad]
            for node, _ in stale:
                node.grad = 0.0
            self.grad = gradient
            for node in reversed(order):
                g = node.grad
                if g:
                    if g - g != 0.0:  # inf or NaN reached this node: name the edge, undo
                        error = _blame(order, node)
                        for n in order:
                            n.grad = 0.0
                        for n, old in stale:
                            n.grad = old
                        raise error
                    for child, d in zip(node.inputs, node.local_grads):
                        child.grad += d * g
            for node, old in stale:
                node.grad += old

    # What the sweep drivers (``autograd.sweeps``) ask of a node: its vector-Jacobian and
    # Jacobian-vector products, from the local derivatives it keeps, or (``create_graph``) from
    # the rule run on the inputs themselves, so the result is a Value that can be
    # differentiated again.
    def vjp(self, g: Any, create_graph: bool = False) -> list[Any]:
        """[d(self)/d(input_i) * g]: each input's share of the adjoint g."""
        self._check(g)
        partials = self._rerun() if create_graph else self.local_grads
        return [d * g for d in partials]

    def jvp(self, ts: list[Any], create_graph: bool = False) -> Any:
        """sum_i d(self)/d(input_i) * ts[i] (``None`` is a zero tangent)."""
        for t in ts:
            if t is not None:
                self._check(t)
        partials = self._rerun() if create_graph else self.local_grads
        total: Any = 0.0
        for i, (d, t) in enumerate(zip(self.local_grads, ts)):
            if t is not None and _data(t) != 0.0 and d - d != 0.0:
                raise singular(self.primitive, [x.data for x in self.inputs], i, d)
        for d, t in zip(partials, ts):
            if t is not None:
                total = total + d * t
        if _data(total) - _data(total) != 0.0:
            raise OverflowError(f"{self.op}: the tangent overflows ({_data(total)!r}) in a forward sweep")
        return total

    def _rerun(self) -> Any:
        """The partials as Values, the rule run on the inputs (``create_graph``). Where a kept
        partial is infinite or undefined the rule fails inside (0.5/√x at 0): that is named as
        the partial, even where the adjoint is 0 (its own derivative is not finite there)."""
        try:
            return self.primitive.rule(VALUE_MATH, *self.inputs)[1]  # type: ignore[union-attr]
        except (ArithmeticError, ValueError):
            for i, d in enumerate(self.local_grads):
                if d - d != 0.0:
                    raise singular(self.primitive, [v.data for v in self.inputs], i, d) from None
            raise

    def _check(self, g: Any) -> None:
        """Refuse a sweep through a partial that is infinite or undefined, or an adjoint that
        overflowed: never a silent inf or NaN."""
        x = _data(g)
        if x - x != 0.0:
            raise OverflowError(
                f"{self.op or 'a leaf'}: the adjoint or tangent reaching it is "
                f"{x!r} (a product of local derivatives overflowed)"
            )
        if x != 0.0:
            for i, d in enumerate(self.local_grads):
                if d - d != 0.0:
                    raise singular(self.primitive, [v.data for v in self.inputs], i, d)

    def zero(self) -> float:
        """The zero of this node's kind (an unreached node's adjoint or tangent)."""
        return 0.0

    @staticmethod
    def constant(x: Any) -> Value:
        """A number as a node of this kind (a Constant leaf)."""
        return lift(float(x))

    # micrograd's names for the same data (read-only): its notebooks' draw_dot reads them.
    @property
    def _prev(self) -> set[Value]:
        """The set of inputs (micrograd's name)."""
        return set(self.inputs)

    @property
    def _op(self) -> str:
        """The operation's name (micrograd's name); "" for a leaf."""
        return self.op

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


def _blame(order: list[Value], node: Value) -> Exception:
    """Why ``node``'s adjoint is inf or NaN: the consumer whose partial for it is infinite or
    undefined, or else an overflow of the products along the way."""
    for user in order:
        for i, (child, d) in enumerate(zip(user.inputs, user.local_grads)):
            if child is node and d - d != 0.0 and user.grad:
                return singular(user.primitive, [x.data for x in user.inputs], i, d)
    return OverflowError(
        f"backward: the adjoint of a node made by {node.op or 'a leaf'!r} "
        f"(data {node.data!r}) overflows to {node.grad!r}"
    )


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
    node.scope = mode()[1]
    return node


def _node(prim: P.Primitive, inputs: tuple[Value, ...], xs: Any) -> Value:
    """Apply ``prim`` to the data ``xs`` of ``inputs`` and record the node with its partials.
    (``primitives.evaluate`` written out: this is the hot path of every operation.)"""
    if prim.domain is not None:
        prim.domain(*xs)
    try:
        out, partials = prim.rule(floatmath, *xs)
    except (ArithmeticError, ValueError):
        out, partials = careful(prim, xs)  # a partial is infinite or undefined here
    else:
        if out - out != 0.0:  # inf or NaN: an error unless an input was already infinite
            out, partials = careful(prim, xs)
    node = _new(Value)
    node.data = out
    node.grad = 0.0
    node.label = None
    recording, node.scope = mode()
    if recording:
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


def _method(prim: P.Primitive) -> Any:
    """``x.<prim>()`` on a Value: its node made directly (one call less than ``unary``)."""

    def fixed(self: Value) -> Value:
        return _node(prim, (self,), (self.data,))

    return fixed


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


class _ValueMath:
    """The math namespace of the table for Values (derivatives of derivatives): each function
    that is a primitive records a node; masks are constants read from the data."""

    pi = floatmath.pi

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

    @staticmethod
    def maximum(xs: Iterable[Any]) -> Value:
        return nary(P.MAX, xs)

    @staticmethod
    def choose(mask: Any, a: Any, b: Any) -> Any:
        return a if mask else b


def _constant(fn: Any) -> Any:
    """A mask function of floatmath on the data of Values: a number, not a node."""
    return staticmethod(lambda *xs: fn(*[_data(x) for x in xs]))


for _name in ("positive", "greater", "equal", "between", "sign"):
    setattr(_ValueMath, _name, _constant(getattr(floatmath, _name)))
for _name, _prim in {**P.UNARY, "atan2": P.ATAN2, "hypot": P.HYPOT}.items():
    if _prim.arity == 1:
        setattr(_ValueMath, _name, staticmethod(lambda x, _p=_prim: unary(_p, lift(x))))
    else:
        setattr(_ValueMath, _name, staticmethod(lambda a, b, _p=_prim: nary(_p, (a, b))))

VALUE_MATH = _ValueMath()


P.install_methods(Value, unary, bind=_method)

__all__ = ["Value", "Constant", "VALUE_MATH", "lift", "as_float"]
