"""The table, part 4: n-ary primitives, each ONE node with n input edges (sum, dot, dot+b, max,
logsumexp, softmax_i, log_softmax_i). On arrays they act entry by entry across the n inputs."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from autograd.primitive import Primitive, nary_templates, nonempty

SUM = Primitive(
    "sum",
    lambda m, *xs: (m.sum(xs), (1.0,) * len(xs)),
    nary_templates(lambda i, n, o: "1"),
    arity=None,
    math="sum_i x_i;  d/dx_i = 1",
)


def _dot_rule(m: Any, *wx: Any) -> tuple[Any, tuple[Any, ...]]:
    n = len(wx) // 2
    ws, xs = wx[:n], wx[n:]
    return m.dot(ws, xs), xs + ws


def _dot_symbols(i: int, names: Sequence[str], out: str) -> str:
    n = len(names) // 2
    return names[i + n] if i < n else names[i - n]


DOT = Primitive(
    "dot",
    _dot_rule,
    nary_templates(_dot_symbols),
    arity=None,
    math="sum_i w_i x_i (inputs w_1..w_n, x_1..x_n);  d/dw_i = x_i, d/dx_i = w_i",
)


def _affine_rule(m: Any, *wxb: Any) -> tuple[Any, tuple[Any, ...]]:
    n = len(wxb) // 2
    ws, xs = wxb[:n], wxb[n:-1]
    return m.dot(ws, xs) + wxb[-1], xs + ws + (1.0,)


def _affine_symbols(i: int, names: Sequence[str], out: str) -> str:
    return "1" if i == len(names) - 1 else _dot_symbols(i, names[:-1], out)


AFFINE = Primitive(
    "dot+b",
    _affine_rule,
    nary_templates(_affine_symbols),
    arity=None,
    math="sum_i w_i x_i + b (inputs w_1..w_n, x_1..x_n, b): a neuron's "
    "pre-activation z;  d/dw_i = x_i, d/dx_i = w_i, d/db = 1",
)


def _max_rule(m: Any, *xs: Any) -> tuple[Any, tuple[Any, ...]]:
    out = m.maximum(xs)
    hits = [m.equal(x, out) for x in xs]
    ties = hits[0]
    for h in hits[1:]:
        ties = ties + h
    return out, tuple(h / ties for h in hits)


MAX = Primitive(
    "max",
    _max_rule,
    nary_templates(lambda i, n, o: f"1[{n[i]} = {o}]"),
    arity=None,
    domain=nonempty("max"),
    math="max_i x_i;  d/dx_i = 1[x_i = max] / #ties (a tie splits the derivative equally)",
)


def _logsumexp_rule(m: Any, *xs: Any) -> tuple[Any, tuple[Any, ...]]:
    out = m.logsumexp(xs)
    return out, tuple(m.exp(x - out) for x in xs)


LOGSUMEXP = Primitive(
    "logsumexp",
    _logsumexp_rule,
    nary_templates(lambda i, n, o: f"softmax_{i}"),
    arity=None,
    domain=nonempty("logsumexp"),
    math="ln sum_j e^{x_j};  d/dx_i = softmax_i(x)",
)


def _others(m: Any, p: Sequence[Any], i: int) -> Any:
    """sum_{j != i} p_j, which is 1 - p_i for probabilities p, computed without cancellation."""
    others = [q for j, q in enumerate(p) if j != i]
    return m.sum(others) if others else 0.0


@lru_cache(maxsize=1024)
def softmax(i: int) -> Primitive:
    """Output i of softmax: p_i = e^{x_i} / sum_j e^{x_j};  d p_i/dx_j = p_i (1{i=j} - p_j)."""

    def rule(m: Any, *xs: Any) -> tuple[Any, tuple[Any, ...]]:
        lse = m.logsumexp(xs)
        p = [m.exp(x - lse) for x in xs]
        rest = _others(m, p, i)  # 1 - p_i, without the cancellation when p_i is near 1
        return p[i], tuple(p[i] * rest if j == i else -p[i] * p[j] for j in range(len(xs)))

    return Primitive(
        f"softmax[{i}]",
        rule,
        nary_templates(lambda j, n, o: f"p{i}(1-p{i})" if j == i else f"-p{i}·p{j}"),
        arity=None,
        domain=nonempty("softmax"),
        math="p_i = e^{x_i}/sum_j e^{x_j};  dp_i/dx_j = p_i (1{i=j} - p_j)",
    )


@lru_cache(maxsize=1024)
def log_softmax(i: int) -> Primitive:
    """Output i of log-softmax: x_i - logsumexp(x);  d/dx_j = 1{i=j} - p_j."""

    def rule(m: Any, *xs: Any) -> tuple[Any, tuple[Any, ...]]:
        lse = m.logsumexp(xs)
        p = [m.exp(x - lse) for x in xs]
        return m.log_softmax(xs, i), tuple(_others(m, p, i) if j == i else -p[j] for j in range(len(xs)))

    return Primitive(
        f"log_softmax[{i}]",
        rule,
        nary_templates(lambda j, n, o: f"1-p{j}" if j == i else f"-p{j}"),
        arity=None,
        domain=nonempty("log_softmax"),
        math="x_i - ln sum_j e^{x_j};  d/dx_j = 1{i=j} - p_j",
    )
