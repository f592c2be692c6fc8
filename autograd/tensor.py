"""``Tensor``: a node of the recorded graph holding a numpy array (float64, or float32 on request).

The Tensor engine reads the same table as ``Value``. An elementwise operation (+, *, exp,
sigmoid ... every entry of ``autograd.primitives``) runs the entry's one rule on arrays and the
node keeps its ``local_grads``, one array of partials per input, exactly as a Value keeps its
numbers; the vector-Jacobian product is then ``adjoint * partial`` summed back over broadcast
axes, the Jacobian-vector product ``partial * tangent``. What is not elementwise (matmul,
reductions, reshapes, indexing, softmax along an axis ...) comes from the tensor-only entries
(``autograd.tensor_table``), which keep their two products beside their value rule. Both kinds
of rule are written against a namespace, so with ``create_graph`` the products are Tensors
connected to the graph: derivatives of derivatives, to any order.

Semantics follow PyTorch: ``requires_grad`` is False unless asked for (a data batch costs no
gradient work); an operation records its inputs only when one of them requires grad and
``no_grad`` is off; ``backward()`` adds into ``.grad`` (a numpy array, None until then) of the
leaves that require grad and of nodes that called ``retain_grad()``. Operators broadcast as
numpy does.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd import arraymath
from autograd import primitives as P
from autograd import tensor_table as T
from autograd.arraymath import unbroadcast
from autograd.fpflags import unwatch, watch_op, watch_sweep
from autograd.grad_mode import mode
from autograd.primitive import first_bad, first_index, named
from autograd.primitive import singular as singular_error
from autograd.tensor_backward import backward as _backward
from autograd.tensor_data import as_array, checked_array
from autograd.tensormath import TensorMath

_new = object.__new__
Array = Any


def _leaf(array: Array, requires_grad: bool, label: str | None = None, finite: bool = False) -> Tensor:
    node = _new(Tensor)
    node.data = array
    node.checked = array if finite else None
    node.grad = None
    node.requires_grad = requires_grad
    node.primitive = None
    node.inputs = ()
    node.local_grads = ()
    node.ctx = None
    node.params = None
    node.label = label
    node.scope = mode()[1]
    node.retains_grad = False
    return node


def lift(x: Any, like: Tensor, op: str) -> Tensor:
    """An operand as a Tensor: Tensors unchanged, numbers and integer arrays as constants of
    ``like``'s dtype, float arrays as constants of their own."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, numbers.Real) or (isinstance(x, np.ndarray) and x.dtype.kind in "biu"):
        array, finite = checked_array(x, op, like.data.dtype)
        return _leaf(array, False, finite=finite)
    if not isinstance(x, (np.ndarray, list, tuple)):
        raise TypeError(f"{op}: expected a Tensor, an array or a number, got {type(x).__name__} ({x!r})")
    array, finite = checked_array(x, op)
    return _leaf(array, False, finite=finite)


def all_finite(x: Tensor) -> bool:
    """Whether x's data holds no ±inf (it never holds NaN). Known for a node made from finite
    inputs (numpy's flags turn an overflow into an error); looked up once, and remembered, for
    a leaf or for data assigned anew. (An inf written into ``.data`` in place is not seen.)"""
    a = x.data
    if x.checked is a:
        return True
    if np.isfinite(a).all():
        x.checked = a
        return True
    return False


def _node(
    prim: Any,
    inputs: tuple[Tensor, ...],
    out: Any,
    partials: Any,
    ctx: Any,
    params: dict[str, Any] | None = None,
) -> Tensor:
    """The node for ``out``: recorded (primitive, inputs, partials, context) when some input
    requires grad and recording is on; otherwise a constant leaf."""
    node = _new(Tensor)
    node.data = node.checked = out if out.__class__ is np.ndarray else np.asarray(out)
    node.grad = node.label = None
    recording, node.scope = mode()
    node.retains_grad = False
    if recording:
        for x in inputs:
            if x.requires_grad:
                node.requires_grad = True
                node.primitive = prim
                node.inputs = inputs
                node.local_grads = partials
                node.ctx = ctx
                node.params = params  # a tensor-only entry's parameters (an axis, a shape), as given
                return node
    node.requires_grad = False
    node.primitive = node.ctx = node.params = None
    node.inputs = node.local_grads = ()
    return node


def elementwise(prim: P.Primitive, inputs: tuple[Tensor, ...], xs: tuple[Array, ...] | None = None) -> Tensor:
    """An entry of the table on the inputs' arrays ``xs`` (read from ``inputs`` when not
    given): its domain check, its rule (value and partials, broadcasting as numpy), the node
    recorded. numpy's error flags (free to watch) tell a result that overflows or is NaN, an
    error, from a partial that is infinite or undefined where the value exists: kept, and
    refused by a sweep that needs it. Infinite inputs raise no flag, so their partials are
    looked at whole."""
    if xs is None:
        xs = tuple([x.data for x in inputs])
    if prim.domain is not None:
        try:
            prim.domain(*xs)
        except ValueError as error:  # the check's own errors name the op already
            if "broadcast" in str(error):
                raise _unbroadcastable(prim, xs) from None
            raise
    for x in inputs:
        if x.checked is not x.data and not all_finite(x):  # an inf among the inputs (a mask)
            out, partials, singular = _careful(prim, xs)
            node = _node(prim, inputs, out, partials, singular)
            if not np.isfinite(node.data).all():
                node.checked = None
            return node
    try:
        if prim.total:
            out, partials = prim.rule(arraymath, *xs)
        else:
            token = watch_op()
            try:
                out, partials = prim.rule(arraymath, *xs)
            finally:
                unwatch(token)
    except FloatingPointError:
        out, partials, singular = _careful(prim, xs)
        return _node(prim, inputs, out, partials, singular)
    except (ArithmeticError, ValueError) as error:
        if isinstance(error, ValueError) and "broadcast" in str(error):
            raise _unbroadcastable(prim, xs) from None
        raise named(error, prim, list(xs)) from None
    return _node(prim, inputs, out, partials, None)


def _unbroadcastable(prim: P.Primitive, xs: tuple[Array, ...]) -> ValueError:
    """numpy's "could not be broadcast" as an error naming the op and the shapes."""
    shapes = " and ".join(str(x.shape) for x in xs)
    return ValueError(f"{prim.name}: shapes {shapes} do not broadcast together")


def specialize(prim: P.Primitive) -> Any:
    """``forward(x)`` or ``forward(a, b)``: ``elementwise(prim, inputs)`` for one entry, its
    table flags (domain check, watched or total, arity) read once, in one call where the
    generic path takes three (the hot path of ``a + b``, ``x.relu()``). Anything unusual, an
    error or a raised flag, is handed to ``elementwise``, which runs the rule again and names it."""
    rule, domain, watched = prim.rule, prim.domain, not prim.total
    # Two closures, alike but for their arity: one ``forward(*inputs)`` measured 1.6k more
    # instructions per operation (the packing of its arguments), on the hottest path there is.
    if prim.arity == 1:

        def forward(x: Tensor) -> Tensor:
            a = x.data
            if x.checked is not a:  # not known finite: the generic path looks
                return elementwise(prim, (x,), (a,))
            token = watch_op() if watched else None
            try:
                if domain is not None:
                    domain(a)
                out, partials = rule(arraymath, a)
            except (ArithmeticError, ValueError):
                out = None
            finally:
                if watched:
                    unwatch(token)
            if out is None:
                return elementwise(prim, (x,), (a,))
            return _node(prim, (x,), out, partials, None)

        return forward

    def forward2(x: Tensor, y: Tensor) -> Tensor:
        a, b = x.data, y.data
        if x.checked is not a or y.checked is not b:
            return elementwise(prim, (x, y), (a, b))
        token = watch_op() if watched else None
        try:
            if domain is not None:
                domain(a, b)
            out, partials = rule(arraymath, a, b)
        except (ArithmeticError, ValueError):
            out = None
        finally:
            if watched:
                unwatch(token)
        if out is None:
            return elementwise(prim, (x, y), (a, b))
        return _node(prim, (x, y), out, partials, None)

    return forward2


def _careful(prim: P.Primitive, xs: tuple[Array, ...]) -> tuple[Array, Any, tuple[int, ...] | None]:
    """The rule with numpy's flags off, then what raised them: a NaN result (ValueError) or an
    infinite one from finite inputs (OverflowError), each naming the op and the index; else
    the inputs whose partials are infinite or undefined somewhere (a sweep checks them)."""
    with np.errstate(all="ignore"):
        out, partials = prim.rule(arraymath, *xs)
    out = np.asarray(out)
    bad = np.isnan(out)
    if bad.any():
        raise first_bad(prim.name, "the result is NaN", out, bad)
    finite = np.logical_and.reduce([np.isfinite(np.broadcast_to(x, out.shape)) for x in xs])
    bad = np.isinf(out) & finite
    if bad.any():
        index = first_index(bad)
        inputs = ", ".join(repr(float(np.broadcast_to(x, out.shape)[index])) for x in xs)
        raise OverflowError(
            f"{prim.name}: the result overflows at index {index} for finite inputs ({inputs})"
        )
    singular = tuple(i for i, d in enumerate(partials) if not np.isfinite(d).all())
    return out, partials, singular or None


def _arrays(inputs: tuple[Tensor, ...]) -> list[Array]:
    """The inputs' arrays (one or two inputs without a comprehension's frame)."""
    n = len(inputs)
    if n == 1:
        return [inputs[0].data]
    if n == 2:
        return [inputs[0].data, inputs[1].data]
    return [x.data for x in inputs]


def _needs(inputs: tuple[Tensor, ...]) -> list[bool]:
    """Which inputs require grad (one or two inputs without a comprehension's frame)."""
    n = len(inputs)
    if n == 1:
        return [inputs[0].requires_grad]
    if n == 2:
        return [inputs[0].requires_grad, inputs[1].requires_grad]
    return [x.requires_grad for x in inputs]


def apply(prim: P.TensorPrimitive, inputs: tuple[Tensor, ...], **params: Any) -> Tensor:
    """A tensor-only entry with keyword ``params`` (an axis, a shape) on the inputs' arrays;
    a result that overflows from finite inputs, or is NaN, is an error naming the op."""
    xs = _arrays(inputs)
    try:
        token = watch_sweep()
        try:
            out, ctx = prim.value(*xs, **params) if params else prim.value(*xs)
        finally:
            unwatch(token)
    except FloatingPointError as error:
        if all(np.isfinite(x).all() for x in xs):
            kind = OverflowError if "overflow" in str(error) else ValueError
            shapes = ", ".join(str(x.shape) for x in xs)
            raise kind(
                f"{prim.name}: the result {'overflows' if kind is OverflowError else 'is NaN'} "
                f"for finite inputs of shapes {shapes}"
            ) from None
        with np.errstate(all="ignore"):  # infinite inputs may mean something (-inf logits)
            out, ctx = prim.value(*xs, **params)
        if np.isnan(out).any():
            raise first_bad(prim.name, "the result is NaN", out, np.isnan(out)) from None
    node = _node(prim, inputs, out, None, ctx, params or None)
    for x in inputs:
        if x.checked is not x.data and not all_finite(x):  # an inf in: perhaps one out
            if not np.isfinite(node.data).all():
                node.checked = None
            break
    return node


def _one(x: Any) -> bool:
    return x.__class__ is float and x == 1.0


class Tensor:
    """A node holding ``data`` (a float numpy array) with ``grad`` (an array of data's shape, or
    None), ``requires_grad``, ``primitive``/``op``, ``inputs``, ``local_grads``, ``ctx``,
    ``label``, ``scope`` and ``checked`` (``data`` once known to hold no ±inf)."""

    __slots__ = (
        "data",
        "grad",
        "requires_grad",
        "primitive",
        "inputs",
        "local_grads",
        "ctx",
        "params",
        "label",
        "scope",
        "retains_grad",
        "checked",
    )
    __array_ufunc__ = None  # ndarray (op) Tensor defers to the Tensor's reflected operator

    data: Array
    grad: Array | None
    requires_grad: bool
    primitive: Any
    inputs: tuple[Tensor, ...]
    local_grads: Any
    ctx: Any
    params: dict[str, Any] | None
    label: str | None
    scope: str | None
    retains_grad: bool
    checked: Array | None
    """``data`` itself once it is known to hold no ±inf (``all_finite``), else None."""

    def __init__(
        self, data: Any, requires_grad: bool = False, dtype: Any = None, label: str | None = None
    ) -> None:
        self.data, finite = checked_array(data.data if isinstance(data, Tensor) else data, "Tensor", dtype)
        self.checked = self.data if finite else None
        self.grad = None
        self.requires_grad = bool(requires_grad)
        self.primitive = None
        self.inputs = ()
        self.local_grads = ()
        self.ctx = None
        self.params = None
        self.label = label
        self.scope = mode()[1]
        self.retains_grad = False

    # ------------------------------------------------------------------ facts
    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def dtype(self) -> Any:
        return self.data.dtype

    @property
    def size(self) -> int:
        return self.data.size

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
        return self.data.item()

    def numpy(self) -> Array:
        """The data array (shared, not copied), as ``torch.Tensor.numpy``."""
        return self.data

    # ------------------------------------------------------------------ arithmetic
    # A number on one side is a parameter of a one-input entry (t + 1 has one input edge), as
    # for Values; arrays and Tensors meet in the two-input entries.
    def _binary(self, prim: P.Primitive, other: Any, reflected: bool = False) -> Tensor:
        if other.__class__ is not Tensor:
            other = lift(other, self, prim.name)
        forward = _FORWARD[prim]
        return forward(other, self) if reflected else forward(self, other)

    def __add__(self, other: Any) -> Tensor:
        if other.__class__ is Tensor:
            return _add(self, other)
        if isinstance(other, numbers.Real):
            return elementwise(P.add_constant(P.number(other, "+")), (self,))
        return self._binary(P.ADD, other)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Tensor:
        if other.__class__ is not Tensor and isinstance(other, numbers.Real):
            return elementwise(P.add_constant(-P.number(other, "-")), (self,))
        return self._binary(P.SUB, other)

    def __rsub__(self, other: Any) -> Tensor:
        if other.__class__ is not Tensor and isinstance(other, numbers.Real):
            return elementwise(P.rsub_constant(P.number(other, "-")), (self,))
        return self._binary(P.SUB, other, reflected=True)

    def __mul__(self, other: Any) -> Tensor:
        if other.__class__ is Tensor:
            return _mul(self, other)
        if isinstance(other, numbers.Real):
            return elementwise(P.mul_constant(P.number(other, "*")), (self,))
        return self._binary(P.MUL, other)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Tensor:
        if other.__class__ is not Tensor and isinstance(other, numbers.Real):
            return elementwise(P.div_constant(P.number(other, "/")), (self,))
        return self._binary(P.DIV, other)

    def __rtruediv__(self, other: Any) -> Tensor:
        if other.__class__ is not Tensor and isinstance(other, numbers.Real):
            return elementwise(P.rdiv_constant(P.number(other, "/")), (self,))
        return self._binary(P.DIV, other, reflected=True)

    def __pow__(self, other: Any) -> Tensor:
        if other.__class__ is not Tensor and isinstance(other, numbers.Real):
            return elementwise(P.power(P.number(other, "**")), (self,))
        return self._binary(P.POW, other)

    def __rpow__(self, other: Any) -> Tensor:
        if other.__class__ is not Tensor and isinstance(other, numbers.Real):
            return elementwise(P.exp_base(P.number(other, "**")), (self,))
        return self._binary(P.POW, other, reflected=True)

    def __matmul__(self, other: Any) -> Tensor:
        return apply(T.MATMUL, (self, other if other.__class__ is Tensor else lift(other, self, "matmul")))

    def __rmatmul__(self, other: Any) -> Tensor:
        return apply(T.MATMUL, (lift(other, self, "matmul"), self))

    def __neg__(self) -> Tensor:
        return elementwise(P.NEG, (self,))

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return elementwise(P.ABS, (self,))

    # Comparisons look at data and give boolean arrays (masks are not differentiable).
    def __lt__(self, other: Any) -> Array:
        return self.data < getattr(other, "data", other)

    def __le__(self, other: Any) -> Array:
        return self.data <= getattr(other, "data", other)

    def __gt__(self, other: Any) -> Array:
        return self.data > getattr(other, "data", other)

    def __ge__(self, other: Any) -> Array:
        return self.data >= getattr(other, "data", other)

    __hash__ = object.__hash__

    if TYPE_CHECKING:  # the one-input ops of the table, installed as methods below

        def __getattr__(self, name: str) -> Any: ...

    # ------------------------------------------------------------------ along axes
    def sum(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        """Sum over ``axis`` (None: all axes)."""
        return apply(T.SUM, (self,), axis=axis, keepdims=keepdims)

    def mean(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        """Mean over ``axis`` (None: all axes)."""
        return apply(T.MEAN, (self,), axis=axis, keepdims=keepdims)

    def max(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        """Maximum over ``axis``; its gradient is shared equally between ties."""
        return apply(T.MAX, (self,), axis=axis, keepdims=keepdims)

    def min(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        """Minimum over ``axis``; its gradient is shared equally between ties."""
        return apply(T.MIN, (self,), axis=axis, keepdims=keepdims)

    def logsumexp(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        """ln sum e^x over ``axis``, computed as m + ln sum e^(x - m) with m = max x."""
        return apply(T.LOGSUMEXP, (self,), axis=axis, keepdims=keepdims)

    def softmax(self, axis: int = -1) -> Tensor:
        """e^x / sum e^x along ``axis``, computed from x - max x."""
        return apply(T.SOFTMAX, (self,), axis=axis)

    def log_softmax(self, axis: int = -1) -> Tensor:
        """x - logsumexp x along ``axis``, computed from x - max x."""
        return apply(T.LOG_SOFTMAX, (self,), axis=axis)

    def cumsum(self, axis: int = 0) -> Tensor:
        """y_i = sum_{j <= i} x_j along ``axis``."""
        return apply(T.CUMSUM, (self,), axis=axis)

    def var(self, axis: Any = None, keepdims: bool = False, ddof: int = 0) -> Tensor:
        """sum (x - mean x)² / (n - ddof) over ``axis`` (composite: mean, -, **2, sum)."""
        return T.var(self, axis, keepdims, ddof)

    def std(self, axis: Any = None, keepdims: bool = False, ddof: int = 0) -> Tensor:
        """√var (composite)."""
        return T.var(self, axis, keepdims, ddof).sqrt()

    def prod(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        """The product over ``axis`` (composite: a chain of products, exact at zeros)."""
        return T.prod(self, axis, keepdims)

    # ------------------------------------------------------------------ shape
    def reshape(self, *shape: Any) -> Tensor:
        """The same entries in a new shape (one -1 is inferred)."""
        shape = tuple(shape[0]) if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)) else shape
        return apply(T.RESHAPE, (self,), shape=shape)

    def transpose(self, *axes: Any) -> Tensor:
        """Axes permuted as numpy's ``transpose`` (no axes: reversed)."""
        if len(axes) == 1 and not isinstance(axes[0], (int, np.integer)):
            axes = tuple(axes[0]) if axes[0] is not None else ()
        return apply(T.TRANSPOSE, (self,), axes=axes or None)

    @property
    def T(self) -> Tensor:
        """The transpose (axes reversed)."""
        return apply(T.TRANSPOSE, (self,), axes=None)

    def squeeze(self, axis: Any = None) -> Tensor:
        """The same entries without the size-1 ``axis`` (None: all of them), by reshape."""
        return self.reshape(np.squeeze(np.empty(self.shape, dtype=bool), axis=axis).shape)

    def expand_dims(self, axis: Any) -> Tensor:
        """The same entries with a new size-1 axis at ``axis``, by reshape (``unsqueeze``)."""
        return self.reshape(np.expand_dims(np.empty(self.shape, dtype=bool), axis).shape)

    unsqueeze = expand_dims

    def broadcast_to(self, shape: Any) -> Tensor:
        """The entries repeated to ``shape`` as numpy broadcasts them."""
        return apply(T.BROADCAST_TO, (self,), shape=tuple(shape))

    def __getitem__(self, index: Any) -> Tensor:
        parts = index if isinstance(index, tuple) else (index,)
        if any(isinstance(p, Tensor) for p in parts):
            raise TypeError(
                "getitem: index with ints, slices or numpy arrays, not Tensors "
                "(Tensors hold floats; use index.data.astype(int))"
            )
        return apply(T.GETITEM, (self,), index=index)

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
            raise ValueError(
                "requires_grad_: only a leaf's requires_grad can be set (use detach() for a new leaf)"
            )
        self.requires_grad = bool(requires_grad)
        return self

    def detach(self) -> Tensor:
        """A new constant leaf sharing this data, cut from the graph."""
        return _leaf(self.data, False, self.label, finite=self.checked is self.data)

    # What the sweep drivers (``autograd.sweeps``) ask of a node. An elementwise node combines
    # its partials with the adjoint or tangent (summing back over broadcast axes); a tensor-only
    # node asks its entry. With ``create_graph`` the rules run on the input Tensors in the
    # Tensor namespace, so the products are Tensors connected to the graph.
    def vjp(self, g: Any, create_graph: bool = False) -> list[Any]:
        """[g . d(self)/d(input_i), or None for an input that does not require grad]."""
        prim, inputs = self.primitive, self.inputs
        try:
            if create_graph:
                m: Any = TENSOR_MATH
                g = g if isinstance(g, Tensor) else Tensor(g)
                if not prim.elementwise:
                    return self._finite_products(prim.vjp(m, self.ctx, inputs, self, g, _needs(inputs)))
                if self.ctx is not None:
                    self._needed(g)  # refuses a partial that is infinite where g is not 0
                partials = self._rerun()
                reduce = m.unbroadcast
            elif not prim.elementwise:  # first order: on the arrays
                products = prim.vjp(arraymath, self.ctx, _arrays(inputs), self.data, g, _needs(inputs))
                for x in inputs:  # known finite inputs (the rule): no product to look at
                    if x.checked is not x.data:
                        return self._finite_products(products)
                return products
            else:
                partials = self.local_grads if self.ctx is None else self._needed(g)
                reduce = unbroadcast
            result: list[Any] = []
            for x, d in zip(inputs, partials):
                if x.requires_grad:
                    c = g if d.__class__ is float and d == 1.0 else g * d
                    shape = x.data.shape
                    result.append(c if c.shape == shape else reduce(c, shape))
                else:
                    result.append(None)
            return result
        except FloatingPointError as error:
            raise self._overflow(error, "adjoint") from None

    def jvp(self, ts: list[Any], create_graph: bool = False) -> Any:
        """sum_i d(self)/d(input_i) . ts[i] (``None`` is a zero tangent)."""
        prim, inputs = self.primitive, self.inputs
        m: Any = TENSOR_MATH if create_graph else arraymath
        try:
            if not prim.elementwise:
                xs, out = (inputs, self) if create_graph else (_arrays(inputs), self.data)
                return self._finite_products([prim.jvp(m, self.ctx, xs, out, ts)])[0]
            partials = self.local_grads
            if self.ctx is not None:  # refused where a tangent meets an infinite entry
                partials = [
                    self._usable(i, d, t) if t is not None else d
                    for i, (d, t) in enumerate(zip(partials, ts))
                ]
            if create_graph:
                partials = self._rerun()
            total: Any = None
            for d, t in zip(partials, ts):
                if t is not None:
                    term = t if _one(d) else t * d
                    total = term if total is None else total + term
        except FloatingPointError as error:
            raise self._overflow(error, "tangent") from None
        if total is None:
            return self.zero()
        return m.broadcast_to(total, self.data.shape)

    def _rerun(self) -> Any:
        """The partials as Tensors, the rule run on the inputs (``create_graph``). Where a kept
        partial is infinite or undefined the rule fails inside (0.5/√x at 0): that is named as
        the partial, even where the adjoint is 0 (its own derivative is not finite there)."""
        try:
            return self.primitive.rule(TENSOR_MATH, *self.inputs)[1]
        except (ArithmeticError, ValueError):
            if self.ctx is None:
                raise
            i = self.ctx[0]
            d = np.asarray(self.local_grads[i])
            index = first_index(~np.isfinite(d))
            raise singular_error(
                self.primitive, [x.data for x in self.inputs], i, d[index], f" at index {index}"
            ) from None

    def _needed(self, g: Any) -> Any:
        """The partials, after refusing any that is infinite or undefined where g is not 0."""
        return [
            self._usable(i, d, g) if x.requires_grad else d
            for i, (x, d) in enumerate(zip(self.inputs, self.local_grads))
        ]

    def _usable(self, i: int, d: Any, w: Any) -> Any:
        """Partial d of input i where it meets the weight w (an adjoint or a tangent): an error
        where d is infinite or undefined and w is not 0; elsewhere d, with 0 in its bad entries."""
        if i not in self.ctx or w is None:
            return d
        bad = ~np.isfinite(d)
        hit = bad & (np.asarray(getattr(w, "data", w)) != 0)
        if hit.any():
            index = first_index(hit)
            value = np.broadcast_to(d, hit.shape)[index]
            raise singular_error(
                self.primitive, [x.data for x in self.inputs], i, value, f" at index {index}"
            )
        return np.where(bad, 0.0, d).astype(self.data.dtype, copy=False)

    def _finite_products(self, products: Any) -> Any:
        """A tensor-only node's products, refused where one is infinite while the node's inputs
        hold inf (its derivative is infinite there); from finite inputs numpy's flags have
        already stopped an overflow."""
        for x in self.inputs:
            if x.checked is not x.data and not all_finite(x):
                break
        else:
            return products
        for i, c in enumerate(products):
            a = getattr(c, "data", c)
            if a is not None and not np.isfinite(a).all():
                bad = ~np.isfinite(np.asarray(a))
                index = first_index(bad)
                raise singular_error(
                    self.primitive,
                    [x.data for x in self.inputs],
                    i,
                    np.asarray(a)[index],
                    f" at index {index} of its product (an input holds inf)",
                )
        return products

    def _overflow(self, error: FloatingPointError, what: str) -> Exception:
        if not all(all_finite(x) for x in self.inputs):
            return ValueError(
                f"{self.op}: its derivative is undefined where an input holds inf ({error} in "
                f"the {what}), and the sweep needs it"
            )
        kind = OverflowError if "overflow" in str(error) else ValueError
        return kind(
            f"{self.op}: the {what} overflows in a sweep through this node "
            f"({error}); scale the loss or the seed down"
        )

    def zero(self) -> Array:
        """The zero of this node's kind: an array of its shape."""
        return np.zeros_like(self.data)

    def constant(self, x: Any) -> Tensor:
        """An array as a node of this kind (a constant leaf of this dtype)."""
        return _leaf(as_array(x, "constant", self.data.dtype), False)


TENSOR_MATH = TensorMath(Tensor, elementwise, apply, lift)
"""The table's math namespace on Tensors (Tensor higher order)."""


def _unary(prim: P.Primitive, x: Tensor) -> Tensor:
    return elementwise(prim, (x,), (x.data,))


_FORWARD = {prim: specialize(prim) for prim in (P.ADD, P.SUB, P.MUL, P.DIV, P.POW)}
"""The operators' entries, specialized (``specialize``)."""
_add, _mul = _FORWARD[P.ADD], _FORWARD[P.MUL]

P.install_methods(Tensor, _unary, bind=specialize)

__all__ = ["Tensor", "apply", "elementwise", "lift", "TENSOR_MATH"]
