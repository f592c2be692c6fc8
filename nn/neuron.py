"""Units: a = f(z), z = w . x + b, the pre-activation z ONE node (autograd's ``dot+b``) and f one
more (:class:`Unit`); a maxout unit has k weight vectors, a = max_i (w_i . x + b_i) (seed 001,
:class:`Maxout`). ``Neuron(nin, activation)`` (micrograd's name) builds the one the activation
asks for: a plain function, so what it returns is plain to see.

The hot path (``_forward``) does no lookups by name and no context managers: the activation is
resolved to a function once, in ``__init__``, and the scope a picture draws as a box
("layer0/neuron3") is written straight onto the nodes the neuron makes.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

import autograd
from autograd import Value
from autograd import primitives as P
from autograd.value import lift, record
from nn import init as _init
from nn.activations import VALUE_METHODS, resolve
from nn.checks import count, finite, finites
from nn.module import Module
from nn.names import label_parameters

_AFFINE = P.AFFINE  # sum_i w_i x_i + b, inputs (w_1..w_n, x_1..x_n, b): what autograd.dot(w, x, bias=b) makes
_DOT = P.DOT


def affine(w: Sequence[Value], x: Sequence[Value], b: Value | None) -> Value:
    """z = w . x + b as one node, the node ``autograd.dot(w, x, bias=b)`` makes (``dot`` without
    a bias), built directly on Values. ``len(w) == len(x)`` is the caller's promise."""
    return record(_DOT, (*w, *x)) if b is None else record(_AFFINE, (*w, *x, b))


def inputs(x: Any, nin: int, op: str) -> list[Value]:
    """x (nin numbers or Values) as a list of Values: numbers become Constants, once."""
    if isinstance(x, (str, bytes)) or not isinstance(x, (Sequence, np.ndarray)):
        raise TypeError(f"{op}: expected a sequence of {nin} inputs, got {type(x).__name__} ({x!r})")
    if len(x) != nin:
        raise ValueError(f"{op}: expected {nin} inputs, got {len(x)}")
    try:
        return [lift(v) for v in x]
    except (TypeError, ValueError) as error:
        bad = next(v for v in x if not isinstance(v, Value) and not _liftable(v))
        raise type(error)(f"{op}: inputs must be numbers (not NaN) or Values, got {bad!r}") from None


def _liftable(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool) and v == v


class Unit(Module):
    """a = f(w . x + b), one unit (the lectures' neuron): ``w`` (nin Values), ``b`` (a Value, or
    None with ``bias=False``), ``activation`` (its name), ``nin``. Weights start from ``init``
    (see ``nn.init``) with a generator seeded by ``seed`` (or ``rng``), unless given by hand as
    ``w=`` and ``b=``. Build one with :func:`Neuron`."""

    def __init__(
        self,
        nin: int,
        activation: str | Callable[[Value], Value] = "relu",
        *,
        w: Sequence[float] | None = None,
        b: float | None = None,
        bias: bool = True,
        init: str | _init.Init = "uniform",
        bias_init: float = 0.0,
        seed: int = 0,
        rng: np.random.Generator | None = None,
    ) -> None:
        op = "Neuron"
        self.nin = count(nin, op, "nin")
        act = resolve(activation, op)
        if act.kind != "elementwise":
            raise ValueError(
                f"{op}: {act.name} acts on a whole layer; use Layer(nin, nout, activation={act.name!r})"
            )
        self.activation: str = act.name
        self._saved_as = act.saved_as  # a callable's fingerprint in saved files
        self._act = VALUE_METHODS.get(act.fn, act.fn) if act.fn is not None else None
        if w is None:
            w = _init.draw(_init.resolve(init, op), self.nin, 1, _init.make_rng(seed, rng, op), op)[0]
        self.w: list[Value] = [Value(v) for v in finites(w, self.nin, f"{op}: w")]
        if not bias and b is not None:
            raise ValueError(f"{op}: got b={b!r} with bias=False")
        self.b: Value | None = Value(finite(bias_init if b is None else b, f"{op}: b")) if bias else None
        self._scope = "neuron"
        label_parameters(self)  # w[k], b: names for pictures (nn/names.py)

    def _forward(self, x: Sequence[Value]) -> Value:
        """a = f(z), z one node; no checks (``len(x) == nin``, Values): the layer's fast path."""
        # affine(self.w, x, self.b), inlined: this line runs once per neuron per sample, and every
        # input is a Value already (``inputs`` lifted the numbers), so no per-input type checks
        z = record(_AFFINE, (*self.w, *x, self.b)) if self.b is not None else record(_DOT, (*self.w, *x))
        outer = z.scope  # the enclosing autograd.scope, if any
        z.scope = scope = self._scope if outer is None else f"{outer}/{self._scope}"
        f = self._act
        if f is None:
            return z
        a = f(z)
        a.scope = scope
        return a

    def __call__(self, x: Sequence[Any]) -> Value:
        """f(w . x + b) for nin numbers or Values."""
        return self._forward(inputs(x, self.nin, "Neuron"))

    def _own_parameters(self) -> list[tuple[str, Value]]:
        own = [(f"w.{i}", p) for i, p in enumerate(self.w)]
        return own + [("b", self.b)] if self.b is not None else own

    def parameters(self) -> list[Value]:
        """w_1..w_n, then b."""
        return self.w + [self.b] if self.b is not None else list(self.w)

    def set_weights(self, w: Sequence[float], b: float | None = None) -> None:
        """Set the weights (and bias) by hand, e.g. the lectures' hand-built networks."""
        op = "Neuron.set_weights"
        values = finites(w, self.nin, f"{op}: w")
        if b is not None and self.b is None:
            raise ValueError(f"{op}: this neuron has no bias (bias=False), got b={b!r}")
        bias = finite(b, f"{op}: b") if b is not None else None
        for p, v in zip(self.w, values):
            p.data = v
        if bias is not None and self.b is not None:
            self.b.data = bias

    def get_weights(self) -> tuple[list[float], float | None]:
        """(weights, bias) as floats."""
        return [p.data for p in self.w], (self.b.data if self.b is not None else None)

    def config(self) -> dict[str, Any]:
        return {"type": "Neuron", "nin": self.nin, "activation": self._saved_as, "bias": self.b is not None}

    def __repr__(self) -> str:
        bias = "" if self.b is not None else ", bias=False"
        return f"Neuron({self.nin}, activation={self.activation!r}{bias})"


class Maxout(Unit):
    """a = max_i (w_i . x + b_i), i = 1..k (Goodfellow et al. 2013; seed 001): ``pieces`` (k
    lists of nin weights), ``biases`` (k Values, or None with ``bias=False``): k affine nodes
    and one max node. The gradient goes to the piece that attains the max."""

    def __init__(
        self,
        nin: int,
        activation: str = "maxout",
        *,
        k: int = 2,
        w: Sequence[Sequence[float]] | None = None,
        b: Sequence[float] | None = None,
        bias: bool = True,
        init: str | _init.Init = "uniform",
        bias_init: float = 0.0,
        seed: int = 0,
        rng: np.random.Generator | None = None,
    ) -> None:
        op = "Maxout"
        self.nin = count(nin, op, "nin")
        self.k = count(k, op, "k")
        self.activation = "maxout"
        if w is None:
            w = _init.draw(_init.resolve(init, op), self.nin, self.k, _init.make_rng(seed, rng, op), op)
        if isinstance(w, (str, bytes)) or len(w) != self.k:
            raise ValueError(f"{op}: w must be k={self.k} lists of {self.nin} weights")
        self.pieces: list[list[Value]] = [[Value(v) for v in finites(row, self.nin, f"{op}: w")] for row in w]
        if not bias and b is not None:
            raise ValueError(f"{op}: got b={b!r} with bias=False")
        starts = (
            finites(b, self.k, f"{op}: b")
            if b is not None
            else [finite(bias_init, f"{op}: bias_init")] * self.k
        )
        self.biases: list[Value] | None = [Value(v) for v in starts] if bias else None
        self._scope = "neuron"
        label_parameters(self)  # w[k], b: names for pictures (nn/names.py)

    def _forward(self, x: Sequence[Value]) -> Value:
        biases = self.biases if self.biases is not None else [None] * self.k
        zs = [affine(w, x, b) for w, b in zip(self.pieces, biases)]
        a = autograd.max(zs)
        outer = zs[0].scope
        scope = self._scope if outer is None else f"{outer}/{self._scope}"
        for z in zs:
            z.scope = scope
        a.scope = scope
        return a

    def _own_parameters(self) -> list[tuple[str, Value]]:
        own = [(f"pieces.{i}.{j}", p) for i, w in enumerate(self.pieces) for j, p in enumerate(w)]
        if self.biases is not None:
            own += [(f"biases.{i}", p) for i, p in enumerate(self.biases)]
        return own

    def parameters(self) -> list[Value]:
        """Piece by piece its weights, then the k biases."""
        return [p for w in self.pieces for p in w] + (self.biases or [])

    def set_weights(self, w: Sequence[Sequence[float]], b: Sequence[float] | None = None) -> None:  # type: ignore[override]  # k vectors, not one
        """Set the k weight vectors (and k biases) by hand."""
        op = "Maxout.set_weights"
        if isinstance(w, (str, bytes)) or len(w) != self.k:
            raise ValueError(f"{op}: w must be k={self.k} lists of {self.nin} weights")
        rows = [finites(row, self.nin, f"{op}: w") for row in w]
        if b is not None and self.biases is None:
            raise ValueError(f"{op}: this neuron has no biases (bias=False)")
        starts = finites(b, self.k, f"{op}: b") if b is not None else None
        for piece, row in zip(self.pieces, rows):
            for p, v in zip(piece, row):
                p.data = v
        if starts is not None and self.biases is not None:
            for p, v in zip(self.biases, starts):
                p.data = v

    def get_weights(self) -> tuple[list[list[float]], list[float] | None]:  # type: ignore[override]  # k vectors, not one
        """(k weight lists, k biases) as floats."""
        return (
            [[p.data for p in w] for w in self.pieces],
            [p.data for p in self.biases] if self.biases is not None else None,
        )

    def config(self) -> dict[str, Any]:
        return {
            "type": "Maxout",
            "nin": self.nin,
            "activation": "maxout",
            "k": self.k,
            "bias": self.biases is not None,
        }

    def __repr__(self) -> str:
        bias = "" if self.biases is not None else ", bias=False"
        return f"Maxout({self.nin}, k={self.k}{bias})"


def nonlin_activation(activation: Any, nonlin: bool | None, op: str) -> Any:
    """micrograd's ``nonlin=True/False`` as an activation name: "relu" or "linear"."""
    if nonlin is None:
        return activation
    if activation != "relu":
        raise ValueError(f"{op}: give activation={activation!r} or micrograd's nonlin={nonlin!r}, not both")
    return "relu" if nonlin else "linear"


def Neuron(
    nin: int,
    activation: str | Callable[[Value], Value] = "relu",
    *,
    nonlin: bool | None = None,
    **kwargs: Any,
) -> Unit:
    """micrograd's ``Neuron(nin)`` (``nonlin=False``: a linear unit): a :class:`Unit`
    a = f(w . x + b), or for ``activation="maxout"`` a :class:`Maxout` unit with ``k`` pieces
    (keyword arguments as theirs)."""
    activation = nonlin_activation(activation, nonlin, "Neuron")
    if resolve(activation, "Neuron").kind == "maxout":
        return Maxout(nin, **kwargs)
    return Unit(nin, activation, **kwargs)


__all__ = ["Neuron", "Unit", "Maxout", "affine"]
