"""Table entries for arithmetic on tensors: + - * / neg, powers and matrix product.

Binary operations broadcast as numpy does; their vector-Jacobian rules sum the adjoint back over
the broadcast axes (``unbroadcast``), because a broadcast input was used once per copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd.tensor_rules import Array, TensorPrimitive, first_bad, fit, unbroadcast


def _no_broadcast(op: str, a: Array, b: Array) -> ValueError:
    return ValueError(f"{op}: shapes {a.shape} and {b.shape} do not broadcast together")


def _sum_tangents(shape: tuple[int, ...], *terms: Array | None) -> Array:
    total = None
    for t in terms:
        if t is not None:
            total = t if total is None else total + t
    return fit(total, shape)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- + - * /


def _add_value(a: Array, b: Array) -> tuple[Array, None]:
    try:
        return a + b, None
    except ValueError:
        raise _no_broadcast("add", a, b) from None


def _add_vjp(node: Any, g: Array) -> tuple[Array | None, Array | None]:
    a, b = node.inputs
    return (unbroadcast(g, a.data.shape) if a.requires_grad else None,
            unbroadcast(g, b.data.shape) if b.requires_grad else None)


def _add_jvp(node: Any, ts: Sequence[Array | None]) -> Array:
    return _sum_tangents(node.data.shape, *ts)


ADD = TensorPrimitive("add", _add_value, _add_vjp, _add_jvp,
                      "a + b;  ga = unbroadcast(g), gb = unbroadcast(g);  t = ta + tb")


def _sub_value(a: Array, b: Array) -> tuple[Array, None]:
    try:
        return a - b, None
    except ValueError:
        raise _no_broadcast("sub", a, b) from None


def _sub_vjp(node: Any, g: Array) -> tuple[Array | None, Array | None]:
    a, b = node.inputs
    return (unbroadcast(g, a.data.shape) if a.requires_grad else None,
            unbroadcast(-g, b.data.shape) if b.requires_grad else None)


def _sub_jvp(node: Any, ts: Sequence[Array | None]) -> Array:
    ta, tb = ts
    return _sum_tangents(node.data.shape, ta, None if tb is None else -tb)


SUB = TensorPrimitive("sub", _sub_value, _sub_vjp, _sub_jvp,
                      "a - b;  ga = unbroadcast(g), gb = -unbroadcast(g);  t = ta - tb")


def _mul_value(a: Array, b: Array) -> tuple[Array, None]:
    try:
        return a * b, None
    except ValueError:
        raise _no_broadcast("mul", a, b) from None


def _mul_vjp(node: Any, g: Array) -> tuple[Array | None, Array | None]:
    a, b = node.inputs
    return (unbroadcast(g * b.data, a.data.shape) if a.requires_grad else None,
            unbroadcast(g * a.data, b.data.shape) if b.requires_grad else None)


def _mul_jvp(node: Any, ts: Sequence[Array | None]) -> Array:
    (a, b), (ta, tb) = node.inputs, ts
    return _sum_tangents(node.data.shape, None if ta is None else ta * b.data,
                         None if tb is None else a.data * tb)


MUL = TensorPrimitive("mul", _mul_value, _mul_vjp, _mul_jvp,
                      "a b (elementwise);  ga = unbroadcast(g b), gb = unbroadcast(g a);  t = ta b + a tb")


def _div_value(a: Array, b: Array) -> tuple[Array, None]:
    if not np.all(b):
        raise first_bad("div", "a divisor != 0", b, b == 0, ZeroDivisionError)
    try:
        return a / b, None
    except ValueError:
        raise _no_broadcast("div", a, b) from None


def _div_vjp(node: Any, g: Array) -> tuple[Array | None, Array | None]:
    a, b = node.inputs
    ga = g / b.data
    return (unbroadcast(ga, a.data.shape) if a.requires_grad else None,
            unbroadcast(-ga * node.data, b.data.shape) if b.requires_grad else None)


def _div_jvp(node: Any, ts: Sequence[Array | None]) -> Array:
    (_, b), (ta, tb) = node.inputs, ts
    top = _sum_tangents(node.data.shape, ta, None if tb is None else -node.data * tb)
    return top / b.data


DIV = TensorPrimitive("div", _div_value, _div_vjp, _div_jvp,
                      "y = a / b;  ga = unbroadcast(g / b), gb = unbroadcast(-g y / b);  "
                      "t = (ta - y tb) / b")


def _neg_value(x: Array) -> tuple[Array, None]:
    return -x, None


NEG = TensorPrimitive("neg", _neg_value, lambda node, g: (-g,),
                      lambda node, ts: -ts[0],  # type: ignore[operator]
                      "-x;  gx = -g;  t = -tx")


# ----------------------------------------------------------------------------- powers


def _power_value(x: Array, p: float) -> tuple[Array, float]:
    if p < 0 and not np.all(x):
        raise first_bad(f"pow (x ** {p:g})", "x != 0 for a negative exponent", x, x == 0,
                        ZeroDivisionError)
    if not p.is_integer() and np.any(x < 0):
        raise first_bad(f"pow (x ** {p:g})", "x >= 0 for a non-integer exponent", x, x < 0)
    return x**p, p


def _power_slope(node: Any) -> Array | float:
    x, p = node.inputs[0].data, node.ctx
    if p == 0.0:
        return 0.0
    if p == 1.0:
        return 1.0
    if p == 2.0:
        return 2.0 * x
    return p * x ** (p - 1.0)


POWER = TensorPrimitive("power", _power_value,
                        lambda node, g: (fit(g * _power_slope(node), g.shape),),
                        lambda node, ts: fit(ts[0] * _power_slope(node),  # type: ignore[operator]
                                             node.data.shape),
                        "x^p for a number p;  gx = g p x^(p-1);  t = p x^(p-1) tx")


def _rpow_value(x: Array, base: float) -> tuple[Array, float]:
    return base**x, float(np.log(base))


RPOW = TensorPrimitive("rpow", _rpow_value,
                       lambda node, g: (g * (node.ctx * node.data),),
                       lambda node, ts: ts[0] * (node.ctx * node.data),  # type: ignore[operator]
                       "c^x for a number c > 0;  gx = g ln(c) c^x;  t = ln(c) c^x tx")


def _pow_value(a: Array, b: Array) -> tuple[Array, None]:
    if not np.all(a > 0):
        raise first_bad("pow", "a base > 0 for a Tensor exponent (use a number exponent)", a, ~(a > 0))
    try:
        return a**b, None
    except ValueError:
        raise _no_broadcast("pow", a, b) from None


def _pow_vjp(node: Any, g: Array) -> tuple[Array | None, Array | None]:
    a, b = node.inputs
    return (unbroadcast(g * b.data * a.data ** (b.data - 1.0), a.data.shape) if a.requires_grad else None,
            unbroadcast(g * node.data * np.log(a.data), b.data.shape) if b.requires_grad else None)


def _pow_jvp(node: Any, ts: Sequence[Array | None]) -> Array:
    (a, b), (ta, tb) = node.inputs, ts
    return _sum_tangents(node.data.shape,
                         None if ta is None else ta * b.data * a.data ** (b.data - 1.0),
                         None if tb is None else tb * node.data * np.log(a.data))


POW = TensorPrimitive("pow", _pow_value, _pow_vjp, _pow_jvp,
                      "y = a^b (a > 0);  ga = unbroadcast(g b a^(b-1)), gb = unbroadcast(g y ln a);  "
                      "t = b a^(b-1) ta + y ln(a) tb")


# ----------------------------------------------------------------------------- matrix product


def _matmul_value(a: Array, b: Array) -> tuple[Array, None]:
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError(f"matmul: needs tensors of at least one dimension, got shapes {a.shape} "
                         f"and {b.shape} (use * to scale)")
    try:
        return a @ b, None
    except ValueError:
        inner = b.shape[-2] if b.ndim > 1 else b.shape[0]
        raise ValueError(f"matmul: shapes {a.shape} and {b.shape} do not align (inner sizes "
                         f"{a.shape[-1]} and {inner}; batch axes must broadcast)") from None


def _matmul_vjp(node: Any, g: Array) -> tuple[Array | None, Array | None]:
    a, b = node.inputs
    A, B = a.data, b.data
    if A.ndim == 2 and B.ndim == 2:  # the common case, as a hand-written backward pass does it
        return (g @ B.T if a.requires_grad else None, A.T @ g if b.requires_grad else None)
    # Vectors become a (1, k) row / a (k, 1) column; batch axes are summed back by unbroadcast.
    A2 = A[None, :] if A.ndim == 1 else A
    B2 = B[:, None] if B.ndim == 1 else B
    g2 = g[..., None] if B.ndim == 1 else g
    g2 = g2[..., None, :] if A.ndim == 1 else g2
    ga = unbroadcast(g2 @ B2.swapaxes(-1, -2), A2.shape).reshape(A.shape) if a.requires_grad else None
    gb = unbroadcast(A2.swapaxes(-1, -2) @ g2, B2.shape).reshape(B.shape) if b.requires_grad else None
    return ga, gb


def _matmul_jvp(node: Any, ts: Sequence[Array | None]) -> Array:
    (a, b), (ta, tb) = node.inputs, ts
    return _sum_tangents(node.data.shape, None if ta is None else ta @ b.data,
                         None if tb is None else a.data @ tb)


MATMUL = TensorPrimitive("matmul", _matmul_value, _matmul_vjp, _matmul_jvp,
                         "C = A B;  gA = G B^T, gB = A^T G;  tC = tA B + A tB")

ENTRIES = (ADD, SUB, MUL, DIV, NEG, POWER, RPOW, POW, MATMUL)

__all__ = ["ADD", "SUB", "MUL", "DIV", "NEG", "POWER", "RPOW", "POW", "MATMUL", "ENTRIES"]
