"""``defprimitive``: a user's operation enters the table through the same door as the library's.

    cube = ag.defprimitive("cube", lambda m, x: (x * x * x, (3.0 * x * x,)), symbols=("3·{0}²",))

The rule ``(m, *xs) -> (value, partials)`` is written against the math namespace ``m``, so the
one rule serves floats, numpy arrays, Values (reverse and forward mode, and derivatives of
derivatives: the partials are recomputed on Values) and Tensors (elementwise, broadcasting),
and dual numbers; ``symbols`` label the picture's edges.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

from autograd import primitives as P
from autograd.functions import FORMS, form
from autograd.primitive import Primitive, templates


def _arity(name: str, rule: Callable[..., Any]) -> int:
    try:
        params = list(inspect.signature(rule).parameters.values())
    except (TypeError, ValueError):
        raise TypeError(f"defprimitive: cannot read the inputs of {name!r}'s rule; pass arity=") from None
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params) or len(params) < 2:
        raise TypeError(
            f"defprimitive: {name!r}'s rule must be rule(m, x1, ..., xn); pass arity= for a rule taking *xs"
        )
    return len(params) - 1


def defprimitive(
    name: str,
    rule: Callable[..., Any],
    *,
    symbols: Sequence[str] | None = None,
    domain: Callable[..., None] | None = None,
    arity: int | None = None,
    method: bool = False,
    math: str = "",
) -> Callable[..., Any]:
    """Add an elementwise operation to the table and return its function form.

    ``rule(m, *xs)`` returns (value, one partial per input), using only ``m``'s functions
    (``m.exp``, ``m.sin``, ``m.sigmoid`` ...) and arithmetic; ``symbols`` is one format string
    per input over ``{0}``, ``{1}``... and ``{out}`` (e.g. ``("3·{0}²",)``); ``domain(*xs)``
    raises for bad inputs (floats or arrays); ``method=True`` also makes it a method of
    Value, Tensor and Dual."""
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"defprimitive: name must be an identifier, got {name!r}")
    n = _arity(name, rule) if arity is None else arity
    if symbols is None:
        forms = tuple(f"∂{name}/∂{{{i}}}" for i in range(n))
    else:
        forms = tuple(symbols)
        if len(forms) != n:
            raise ValueError(f"defprimitive: {name!r} has {n} inputs but {len(forms)} symbols")
    prim = Primitive(
        name,
        rule,
        templates(*forms),
        arity=n,
        domain=domain,
        math=math or f"{name}(" + ", ".join(f"x{i + 1}" for i in range(n)) + ")",
    )
    op = P.Op(name, lambda: prim, n, method and n == 1, prim)
    taken = [
        cls.__name__ for cls in P.NODE_KINDS if op.method and hasattr(cls, name) and name not in P.USER_OPS
    ]
    if taken:
        raise ValueError(f"defprimitive: {name!r} is already a method of {', '.join(taken)}")
    P.register(op)
    if op.method:
        for cls, apply in P.NODE_KINDS.items():
            setattr(cls, name, P.method(op, apply, P.BINDERS.get(cls)))
    FORMS[name] = form(op)
    return FORMS[name]


__all__ = ["defprimitive"]
