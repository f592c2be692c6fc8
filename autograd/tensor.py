"""``Tensor``: a node of the recorded graph holding a numpy array (float64, or float32 on request).

A Tensor made by an operation keeps ``data``, its ``primitive`` (an entry of the tensor table,
``autograd.tensor_primitives.TABLE``), its ``inputs`` and ``ctx``, whatever its rules need
(an axis, a saved array), computed once when it is made. The tensor table holds products with
the local Jacobian instead of the Jacobian itself (a vjp and a jvp rule per primitive), and the
Tensor engine shares the rest with ``Value``: the graph walk ``graph.topological_order`` and the
sweep drivers ``sweeps.pull_back`` (backward) and ``sweeps.push_forward`` (forward mode).

Semantics follow PyTorch: ``requires_grad`` is False unless asked for (a data batch costs no
gradient work); an operation records its inputs only when one of them requires grad and
``no_grad`` is off; ``backward()`` adds into ``.grad`` (a numpy array, None until then) of the
leaves that require grad and of nodes that called ``retain_grad()``. Operators broadcast as
numpy does. Derivatives of derivatives are not supported for Tensors (the rules work on arrays).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator
from typing import Any

import numpy as np

from autograd import tensor_activations as A
from autograd import tensor_arithmetic as M
from autograd import tensor_reductions as R
from autograd import tensor_shape as S
from autograd import tensor_softmax as X
from autograd.grad_mode import _state
from autograd.tensor_backward import backward as _backward
from autograd.tensor_data import as_array
from autograd.tensor_rules import Array, TensorPrimitive

_new = object.__new__


def _leaf(array: Array, requires_grad: bool, label: str | None = None) -> Tensor:
    node = _new(Tensor)
    node.data = array
    node.grad = None
    node.requires_grad = requires_grad
    node.primitive = None
    node.inputs = ()
    node.ctx = None
    node.label = label
    node.scope = _state.scope
    node.retains_grad = False
    return node


def lift(x: Any, like: Tensor, op: str) -> Tensor:
    """An operand as a Tensor: Tensors unchanged, numbers and integer arrays as constants of
    ``like``'s dtype, float arrays as constants of their own."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, numbers.Real) or (isinstance(x, np.ndarray) and x.dtype.kind in "biu"):
        return _leaf(as_array(x, op, like.data.dtype), False)
    return _leaf(as_array(x, op), False)


def _node(prim: TensorPrimitive, inputs: tuple[Tensor, ...], out: Any, ctx: Any,
          requires_grad: bool) -> Tensor:
    """The node for ``out``: recorded (primitive, inputs, context) when some input requires grad
    and recording is on; otherwise a constant leaf."""
    node = _new(Tensor)
    node.data = out if out.__class__ is np.ndarray else np.asarray(out)
    node.grad = None
    node.label = None
    node.scope = _state.scope
    node.retains_grad = False
    if requires_grad and _state.recording:
        node.requires_grad = True
        node.primitive = prim
        node.inputs = inputs
        node.ctx = ctx
    else:
        node.requires_grad = False
        node.primitive = None
        node.inputs = ()
        node.ctx = None
    return node


def unary(prim: TensorPrimitive, x: Tensor) -> Tensor:
    """Apply a one-input primitive without parameters."""
    out, ctx = prim.value(x.data)
    return _node(prim, (x,), out, ctx, x.requires_grad)


def binary(prim: TensorPrimitive, a: Tensor, b: Tensor) -> Tensor:
    """Apply a two-input primitive."""
    out, ctx = prim.value(a.data, b.data)
    return _node(prim, (a, b), out, ctx, a.requires_grad or b.requires_grad)


def apply(prim: TensorPrimitive, inputs: tuple[Tensor, ...], **params: Any) -> Tensor:
    """Apply ``prim`` with keyword ``params`` (an axis, an exponent) to the data of ``inputs``."""
    out, ctx = prim.value(*[x.data for x in inputs], **params)
    return _node(prim, inputs, out, ctx, any(x.requires_grad for x in inputs))


class Tensor:
    """A node holding ``data`` (a float numpy array) with ``grad`` (an array of data's shape, or
    None), ``requires_grad``, ``primitive``/``op``, ``inputs``, ``ctx``, ``label`` and ``scope``."""

    __slots__ = ("data", "grad", "requires_grad", "primitive", "inputs", "ctx", "label", "scope",
                 "retains_grad")
    __array_ufunc__ = None  # ndarray (op) Tensor defers to the Tensor's reflected operator

    data: Array
    grad: Array | None
    requires_grad: bool
    primitive: TensorPrimitive | None
    inputs: tuple[Tensor, ...]
    ctx: Any
    label: str | None
    scope: str | None
    retains_grad: bool

    def __init__(self, data: Any, requires_grad: bool = False, dtype: Any = None,
                 label: str | None = None) -> None:
        self.data = as_array(data.data if isinstance(data, Tensor) else data, "Tensor", dtype)
        self.grad = None
        self.requires_grad = bool(requires_grad)
        self.primitive = None
        self.inputs = ()
        self.ctx = None
        self.label = label
        self.scope = _state.scope
        self.retains_grad = False

    # ------------------------------------------------------------------ facts
    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.data.dtype

    def numel(self) -> int:
        """Number of entries (PyTorch's name)."""
        return self.data.size

    @property
    def op(self) -> str:
        """Name of the primitive that made this node; "" for a leaf."""
        return "" if self.primitive is None else self.primitive.name

    @property
    def is_leaf(self) -> bool:
        return not self.inputs

    def __repr__(self) -> str:
        body = np.array2string(self.data, separator=", ", prefix="Tensor(")
        extra = "" if self.data.dtype == np.float64 else f", dtype={self.data.dtype}"
        extra += f", op={self.op!r}" if self.primitive is not None else ""
        extra += ", requires_grad=True" if self.requires_grad else ""
        return f"Tensor({body}{extra})"

    def __len__(self) -> int:
        if not self.data.ndim:
            raise TypeError("len() of a 0-d Tensor")
        return len(self.data)

    def __iter__(self) -> Iterator[Tensor]:
        return (self[i] for i in range(len(self)))

    def __bool__(self) -> bool:
        if self.data.size != 1:
            raise ValueError(f"the truth value of a Tensor of shape {self.shape} is ambiguous")
        return bool(self.data)

    def __float__(self) -> float:
        return self.item()

    def item(self) -> float:
        """The one entry as a Python float."""
        if self.data.size != 1:
            raise ValueError(f"item: needs a Tensor of one entry, got shape {self.shape}")
        return self.data.item()  # type: ignore[no-any-return]

    def numpy(self) -> Array:
        """The data array (shared, not copied), as ``torch.Tensor.numpy``."""
        return self.data

    # ------------------------------------------------------------------ arithmetic
    def __add__(self, other: Any) -> Tensor:
        if other.__class__ is not Tensor:
            other = lift(other, self, "add")
        return binary(M.ADD, self, other)

    def __radd__(self, other: Any) -> Tensor:
        return binary(M.ADD, lift(other, self, "add"), self)

    def __sub__(self, other: Any) -> Tensor:
        if other.__class__ is not Tensor:
            other = lift(other, self, "sub")
        return binary(M.SUB, self, other)

    def __rsub__(self, other: Any) -> Tensor:
        return binary(M.SUB, lift(other, self, "sub"), self)

    def __mul__(self, other: Any) -> Tensor:
        if other.__class__ is not Tensor:
            other = lift(other, self, "mul")
        return binary(M.MUL, self, other)

    def __rmul__(self, other: Any) -> Tensor:
        return binary(M.MUL, lift(other, self, "mul"), self)

    def __truediv__(self, other: Any) -> Tensor:
        if other.__class__ is not Tensor:
            other = lift(other, self, "div")
        return binary(M.DIV, self, other)

    def __rtruediv__(self, other: Any) -> Tensor:
        return binary(M.DIV, lift(other, self, "div"), self)

    def __matmul__(self, other: Any) -> Tensor:
        if other.__class__ is not Tensor:
            other = lift(other, self, "matmul")
        return binary(M.MATMUL, self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return binary(M.MATMUL, lift(other, self, "matmul"), self)

    def __pow__(self, other: Any) -> Tensor:
        if isinstance(other, numbers.Real):
            p = float(other)
            if p != p:
                raise ValueError("pow: exponent is NaN")
            return apply(M.POWER, (self,), p=p)
        return binary(M.POW, self, lift(other, self, "pow"))

    def __rpow__(self, other: Any) -> Tensor:
        if isinstance(other, numbers.Real):
            if not other > 0:
                raise ValueError(f"pow: a number base needs to be > 0, got {other!r}")
            return apply(M.RPOW, (self,), base=float(other))
        return binary(M.POW, lift(other, self, "pow"), self)

    def __neg__(self) -> Tensor:
        return unary(M.NEG, self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return unary(A.ABS, self)

    # ------------------------------------------------------------------ elementwise
    def exp(self) -> Tensor:
        """e^x."""
        return unary(A.EXP, self)

    def log(self) -> Tensor:
        """ln x (x > 0)."""
        return unary(A.LOG, self)

    def sqrt(self) -> Tensor:
        """√x (x >= 0)."""
        return unary(A.SQRT, self)

    def abs(self) -> Tensor:
        """|x| (derivative 0 at 0)."""
        return unary(A.ABS, self)

    def tanh(self) -> Tensor:
        """tanh x."""
        return unary(A.TANH, self)

    def sigmoid(self) -> Tensor:
        """σ(x) = 1 / (1 + e^-x), without overflow."""
        return unary(A.SIGMOID, self)

    def relu(self) -> Tensor:
        """max(0, x)."""
        return unary(A.RELU, self)

    def leaky_relu(self, negative_slope: float = 0.01) -> Tensor:
        """x if x > 0 else negative_slope * x."""
        return apply(A.LEAKY_RELU, (self,), alpha=_number(negative_slope, "leaky_relu"))

    def softplus(self) -> Tensor:
        """ln(1 + e^x), without overflow."""
        return unary(A.SOFTPLUS, self)

    # ------------------------------------------------------------------ along axes
    def sum(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        """Sum over ``axis`` (None: all axes)."""
        return apply(R.SUM, (self,), axis=axis, keepdims=keepdims)

    def mean(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        """Mean over ``axis`` (None: all axes)."""
        return apply(R.MEAN, (self,), axis=axis, keepdims=keepdims)

    def max(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        """Maximum over ``axis``; its gradient is shared equally between ties."""
        return apply(R.MAX, (self,), axis=axis, keepdims=keepdims)

    def logsumexp(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        """ln sum e^x over ``axis``, computed as m + ln sum e^(x - m) with m = max x."""
        return apply(X.LOGSUMEXP, (self,), axis=axis, keepdims=keepdims)

    def softmax(self, axis: int = -1) -> Tensor:
        """e^x / sum e^x along ``axis``, computed from x - max x."""
        return apply(X.SOFTMAX, (self,), axis=axis)

    def log_softmax(self, axis: int = -1) -> Tensor:
        """x - logsumexp x along ``axis``, computed from x - max x."""
        return apply(X.LOG_SOFTMAX, (self,), axis=axis)

    # ------------------------------------------------------------------ shape
    def reshape(self, *shape: Any) -> Tensor:
        """The same entries in a new shape (one -1 is inferred)."""
        shape = tuple(shape[0]) if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)) \
            else shape
        return apply(S.RESHAPE, (self,), shape=shape)

    def transpose(self, *axes: Any) -> Tensor:
        """Axes permuted as numpy's ``transpose`` (no axes: reversed)."""
        if len(axes) == 1 and not isinstance(axes[0], (int, np.integer)):
            axes = tuple(axes[0])
        return apply(S.TRANSPOSE, (self,), axes=axes or None)

    @property
    def T(self) -> Tensor:
        """The transpose (axes reversed)."""
        return apply(S.TRANSPOSE, (self,), axes=None)

    def __getitem__(self, index: Any) -> Tensor:
        parts = index if isinstance(index, tuple) else (index,)
        if any(isinstance(p, Tensor) for p in parts):
            raise TypeError("getitem: index with ints, slices or numpy arrays, not Tensors "
                            "(Tensors hold floats; use index.data.astype(int))")
        return apply(S.GETITEM, (self,), index=index)

    # ------------------------------------------------------------------ graph
    def backward(self, gradient: Any = None) -> None:
        """Reverse sweep from this node, *adding* gradient . d(self)/d(leaf) into the ``.grad`` of
        every leaf that requires grad (PyTorch semantics: two calls give twice the gradient).
        ``gradient`` (dL/dself, of self's shape) may be left out only for a one-entry Tensor."""
        _backward(self, gradient)

    def retain_grad(self) -> None:
        """Make ``backward`` fill this non-leaf's ``.grad`` too."""
        self.retains_grad = True

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set ``requires_grad`` on a leaf, in place; returns self."""
        if self.inputs:
            raise ValueError("requires_grad_: only a leaf's requires_grad can be set "
                             "(use detach() for a new leaf)")
        self.requires_grad = bool(requires_grad)
        return self

    def detach(self) -> Tensor:
        """A new constant leaf sharing this data, cut from the graph."""
        return _leaf(self.data, False, self.label)

    __hash__ = object.__hash__


def _number(x: Any, op: str) -> float:
    if not isinstance(x, numbers.Real):
        raise TypeError(f"{op}: expected a real number, got {type(x).__name__} ({x!r})")
    if x != x:
        raise ValueError(f"{op}: got NaN")
    return float(x)


__all__ = ["Tensor", "apply", "unary", "binary", "lift"]
