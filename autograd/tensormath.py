"""The math namespace of the table for Tensors: the names of ``autograd.arraymath``, each
recording a Tensor node, so a rule run on Tensors gives results that can be differentiated
again (Tensor higher order). Masks stay constant arrays read from the data.

``TensorMath`` is given the node-making functions of ``autograd.tensor`` when that module
builds its namespace, so this module imports no node type.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd import arraymath
from autograd import primitives as P
from autograd import tensor_shape as S


class TensorMath:
    """``m`` for Tensors: ``elementwise(prim, inputs)`` and ``apply(prim, inputs, **params)``
    make nodes, ``lift(x, like)`` turns a constant into a Tensor of ``like``'s dtype."""

    pi = arraymath.pi

    def __init__(
        self,
        tensor: type,
        elementwise: Callable[..., Any],
        apply: Callable[..., Any],
        lift: Callable[..., Any],
    ) -> None:
        self.Tensor = tensor
        self.elementwise = elementwise
        self.apply = apply
        self.lift = lift
        for name, prim in {**P.UNARY, "atan2": P.ATAN2, "hypot": P.HYPOT}.items():
            setattr(self, name, self._function(prim))

    def _function(self, prim: P.Primitive) -> Callable[..., Any]:
        return lambda *xs: self.elementwise(prim, self._tensors(xs))

    def _tensors(self, xs: Sequence[Any]) -> tuple[Any, ...]:
        like = next(x for x in xs if isinstance(x, self.Tensor))
        return tuple(self.lift(x, like, "tensormath") for x in xs)

    # ---------------------------------------------------------------- masks: constants
    @staticmethod
    def _data(x: Any) -> Any:
        return getattr(x, "data", x)

    def positive(self, x: Any) -> Any:
        return arraymath.positive(self._data(x))

    def greater(self, x: Any, y: Any) -> Any:
        return arraymath.greater(self._data(x), self._data(y))

    def equal(self, x: Any, y: Any) -> Any:
        return arraymath.equal(self._data(x), self._data(y))

    def between(self, x: Any, lo: float, hi: float) -> Any:
        return arraymath.between(self._data(x), lo, hi)

    def sign(self, x: Any) -> Any:
        return arraymath.sign(self._data(x))

    # ---------------------------------------------------------------- composites
    def sech2(self, x: Any) -> Any:
        return 1.0 - self.tanh(x) ** 2  # type: ignore[attr-defined]

    def choose(self, mask: Any, a: Any, b: Any) -> Any:
        return self.where(mask != 0, a, b)

    def where(self, cond: Any, a: Any, b: Any) -> Any:
        if not isinstance(a, self.Tensor) and not isinstance(b, self.Tensor):
            return arraymath.where(cond, a, b)
        return self.apply(S.WHERE, self._tensors((a, b)), cond=np.asarray(cond))

    def sum(self, xs: Sequence[Any]) -> Any:  # noqa: A003
        return self.elementwise(P.SUM, self._tensors(xs))

    def dot(self, ws: Sequence[Any], xs: Sequence[Any]) -> Any:
        return self.elementwise(P.DOT, self._tensors((*ws, *xs)))

    def maximum(self, xs: Sequence[Any]) -> Any:
        return self.elementwise(P.MAX, self._tensors(xs))

    def logsumexp(self, xs: Sequence[Any]) -> Any:
        return self.elementwise(P.LOGSUMEXP, self._tensors(xs))

    def log_softmax(self, xs: Sequence[Any], i: int) -> Any:
        return self.elementwise(P.log_softmax(i), self._tensors(xs))

    def softmax_axis(self, x: Any, axis: int) -> Any:
        return x.softmax(axis)

    # ---------------------------------------------------------------- moves
    def unbroadcast(self, g: Any, shape: tuple[int, ...]) -> Any:
        """g summed back to ``shape`` over the axes broadcasting added or stretched."""
        if g.shape == shape:
            return g
        lead = len(g.shape) - len(shape)
        if lead < 0:
            return self.broadcast_to(g, shape)
        if lead:
            g = g.sum(axis=tuple(range(lead)))
        stretched = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
        return g.sum(axis=stretched, keepdims=True) if stretched else g

    def broadcast_to(self, t: Any, shape: tuple[int, ...]) -> Any:
        return t if t.shape == shape else self.apply(S.BROADCAST_TO, (t,), shape=tuple(shape))

    def zeros(self, shape: tuple[int, ...], like: Any) -> Any:
        return self.Tensor(np.zeros(shape, dtype=self._data(like).dtype))

    def index_add(self, g: Any, index: Any, shape: tuple[int, ...], basic: bool) -> Any:
        return self.apply(S.INDEX_ADD, (g,), index=index, shape=shape, basic=basic)

    def getitem(self, x: Any, index: Any) -> Any:
        return x[index]

    def swapaxes(self, x: Any, a: int, b: int) -> Any:
        axes = list(range(x.ndim))
        axes[a], axes[b] = axes[b], axes[a]
        return x.transpose(tuple(axes))

    def concatenate(self, xs: Sequence[Any], axis: int) -> Any:
        return self.apply(S.CONCATENATE, self._tensors(xs), axis=axis)

    def stack(self, xs: Sequence[Any], axis: int = 0) -> Any:
        return self.apply(S.STACK, self._tensors(xs), axis=axis)

    def cumsum(self, x: Any, axis: int) -> Any:
        return self.apply(S.CUMSUM, (x,), axis=axis)
