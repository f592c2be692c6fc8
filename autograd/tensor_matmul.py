"""The tensor-only entry for the matrix product C = A B (with numpy's rules for vectors and
batches): gA = G Bᵀ, gB = Aᵀ G; tC = tA B + A tB."""

from __future__ import annotations

from typing import Any

from autograd.primitive import TensorPrimitive, templates


def _value(a: Any, b: Any) -> tuple[Any, None]:
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError(
            f"matmul: needs tensors of at least one dimension, got shapes {a.shape} "
            f"and {b.shape} (use * to scale)"
        )
    try:
        return a @ b, None
    except ValueError:
        inner = b.shape[-2] if b.ndim > 1 else b.shape[0]
        raise ValueError(
            f"matmul: shapes {a.shape} and {b.shape} do not align (inner sizes "
            f"{a.shape[-1]} and {inner}; batch axes must broadcast)"
        ) from None


def _vjp(m: Any, ctx: Any, xs: Any, out: Any, g: Any, needs: Any) -> tuple[Any, Any]:
    A, B = xs
    if A.ndim == 2 and B.ndim == 2:  # the common case, as a hand-written backward pass does it
        return (g @ B.T if needs[0] else None, A.T @ g if needs[1] else None)
    # Vectors become a (1, k) row / a (k, 1) column; batch axes are summed back by unbroadcast.
    A2 = A[None, :] if A.ndim == 1 else A
    B2 = B[:, None] if B.ndim == 1 else B
    g2 = g[..., None] if B.ndim == 1 else g
    g2 = g2[..., None, :] if A.ndim == 1 else g2
    ga = m.unbroadcast(g2 @ m.swapaxes(B2, -1, -2), A2.shape).reshape(A.shape) if needs[0] else None
    gb = m.unbroadcast(m.swapaxes(A2, -1, -2) @ g2, B2.shape).reshape(B.shape) if needs[1] else None
    return ga, gb


def _jvp(m: Any, ctx: Any, xs: Any, out: Any, ts: Any) -> Any:
    (A, B), (ta, tb) = xs, ts
    terms = ([] if ta is None else [ta @ B]) + ([] if tb is None else [A @ tb])
    return terms[0] if len(terms) == 1 else terms[0] + terms[1]


MATMUL = TensorPrimitive(
    "matmul",
    _value,
    _vjp,
    _jvp,
    templates("G·{1}ᵀ", "{0}ᵀ·G"),
    "C = A B;  gA = G Bᵀ, gB = Aᵀ G;  tC = tA B + A tB",
)

ENTRIES = (MATMUL,)
