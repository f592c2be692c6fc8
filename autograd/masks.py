"""Masks as nodes, while a program is traced.

The table's rules read piecewise-constant factors through masks (``m.positive(x)`` = 1[x > 0],
``m.greater``, ``m.equal``, ``m.between``, ``m.sign``) and pick values with ``m.choose``. On
Values those are numbers read from the data: right for one evaluation, wrong for a program
that will run again on other inputs (the relu mask of one point is not the next point's). While
``masks_as_nodes()`` is active, ``VALUE_MATH`` records them instead, as nodes of the entries
below, so a traced derivative program recomputes each mask from its inputs. Every mask has
derivative 0; ``select(c, a, b)`` = a if c else b has derivatives (0, c, 1 - c).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from autograd import arraymath
from autograd.primitive import Primitive, fmt, templates
from autograd.tensor import Tensor
from autograd.tensormath import TensorMath
from autograd.value import Value, _ValueMath, lift, nary, unary

POSITIVE = Primitive(
    "1[>0]", lambda m, a: (m.positive(a), (0.0,)), templates("0"), arity=1, math="1[x > 0];  d/dx = 0"
)
SIGN = Primitive("sign", lambda m, a: (m.sign(a), (0.0,)), templates("0"), arity=1, math="sign x;  d/dx = 0")
GREATER = Primitive(
    "1[>]",
    lambda m, a, b: (m.greater(a, b), (0.0, 0.0)),
    templates("0", "0"),
    arity=2,
    math="1[a > b];  d/da = d/db = 0",
)
EQUAL = Primitive(
    "1[=]",
    lambda m, a, b: (m.equal(a, b), (0.0, 0.0)),
    templates("0", "0"),
    arity=2,
    math="1[a = b];  d/da = d/db = 0",
)
SELECT = Primitive(
    "select",
    lambda m, c, a, b: (m.choose(c, a, b), (0.0, c, 1.0 - c)),
    templates("0", "{0}", "1-{0}"),
    arity=3,
    math="a if c else b (c a mask);  d/dc = 0, d/da = c, d/db = 1 - c",
)


@lru_cache(maxsize=1024)
def between(lo: float, hi: float) -> Primitive:
    """1[lo <= x <= hi];  d/dx = 0."""
    return Primitive(
        f"1[{fmt(lo)}≤x≤{fmt(hi)}]",
        lambda m, a: (m.between(a, lo, hi), (0.0,)),
        templates("0"),
        arity=1,
        math=f"1[{fmt(lo)} <= x <= {fmt(hi)}];  d/dx = 0",
    )


MASKS = {POSITIVE, SIGN, GREATER, EQUAL}
"""The mask entries with no parameter (``between(lo, hi)`` entries are recognised by name)."""


def is_mask(prim: Any) -> bool:
    """True for a node whose value is a 0/1 (or sign) mask: its derivative is 0."""
    return prim in MASKS or getattr(prim, "name", "").startswith("1[")


def _choose(mask: Any, a: Any, b: Any) -> Any:
    if isinstance(mask, Value):
        return nary(SELECT, (mask, a, b))
    return a if mask else b


_RECORDING: dict[str, Callable[..., Any]] = {
    "positive": lambda x: unary(POSITIVE, lift(x)),
    "sign": lambda x: unary(SIGN, lift(x)),
    "greater": lambda x, y: nary(GREATER, (x, y)),
    "equal": lambda x, y: nary(EQUAL, (x, y)),
    "between": lambda x, lo, hi: unary(between(float(lo), float(hi)), lift(x)),
    "choose": _choose,
}


def _tensor_mask(name: str, make: Any) -> Any:
    """TensorMath's mask ``name`` recording an elementwise node when an input is a Tensor."""

    def mask(self: TensorMath, x: Any, *rest: Any) -> Any:
        nodes = (x, *rest[:1]) if name != "between" else (x,)
        if not any(isinstance(v, Tensor) for v in nodes):
            return getattr(arraymath, name)(*[getattr(v, "data", v) for v in (x, *rest)])
        return self.elementwise(make(*rest) if name == "between" else make(), self._tensors(nodes))

    return mask


def _tensor_choose(self: TensorMath, mask: Any, a: Any, b: Any) -> Any:
    if isinstance(mask, Tensor):
        return self.elementwise(SELECT, self._tensors((mask, a, b)))
    return self.where(mask != 0, a, b)


_TENSOR_RECORDING: dict[str, Callable[..., Any]] = {
    "positive": _tensor_mask("positive", lambda: POSITIVE),
    "sign": _tensor_mask("sign", lambda: SIGN),
    "greater": _tensor_mask("greater", lambda: GREATER),
    "equal": _tensor_mask("equal", lambda: EQUAL),
    "between": _tensor_mask("between", lambda lo, hi: between(float(lo), float(hi))),
    "choose": _tensor_choose,
}


@contextmanager
def masks_as_nodes() -> Iterator[None]:
    """Within the block, the masks and ``choose`` of ``VALUE_MATH`` and ``TENSOR_MATH`` record
    nodes (see the module)."""
    saved = [
        (cls, name, cls.__dict__[name])
        for cls, table in ((_ValueMath, _RECORDING), (TensorMath, _TENSOR_RECORDING))
        for name in table
    ]
    for name, fn in _RECORDING.items():
        setattr(_ValueMath, name, staticmethod(fn))
    for name, fn in _TENSOR_RECORDING.items():
        setattr(TensorMath, name, fn)
    try:
        yield
    finally:
        for cls, name, fn in saved:
            setattr(cls, name, fn)


__all__ = ["EQUAL", "GREATER", "POSITIVE", "SELECT", "SIGN", "between", "is_mask", "masks_as_nodes"]
