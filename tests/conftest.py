"""Shared references for the engine's tests.

- ``central_difference`` / ``finite_gradient``: (f(x + h e_i) - f(x - h e_i)) / 2h, the
  reference that knows nothing of the engine.
- ``programs()``: a hypothesis strategy for RANDOM expression graphs: a few leaves, then steps
  that apply random primitives to earlier nodes (often the same node twice, so there are shared
  subexpressions and several paths from a leaf to the output). Each step is kept only where its
  inputs are in the primitive's domain, away from kinks and singularities, so finite
  differences are a fair reference. A program replays on Values, dual numbers or floats.
- ``lecture_example()``: the lecture's e = (a + b) * (b + 1) at a = 2, b = 1.
- ``MICROGRAD_SOURCE``: micrograd's test expressions, as source with its import line, for
  test_micrograd_compat (only that line changed) and test_torch_parity (Value = a torch leaf).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

import autograd
from autograd import Value, no_grad


def central_difference(f: Callable[..., float], xs: Sequence[float], i: int,
                       h: float = 1e-6) -> float:
    """d f / d x_i at xs by a central difference with step h * max(1, |x_i|)."""
    step = h * max(1.0, abs(xs[i]))
    up = [x + step if k == i else x for k, x in enumerate(xs)]
    down = [x - step if k == i else x for k, x in enumerate(xs)]
    return (f(*up) - f(*down)) / (2.0 * step)


def finite_gradient(f: Callable[..., float], xs: Sequence[float], h: float = 1e-6) -> list[float]:
    """The gradient of a scalar f of len(xs) floats, by central differences."""
    return [central_difference(f, xs, i, h) for i in range(len(xs))]


def on_floats(f: Callable[..., Any]) -> Callable[..., float]:
    """f (written for Values) as a function of floats returning a float (nothing recorded)."""

    def g(*xs: float) -> float:
        with no_grad():
            return f(*[Value(x) for x in xs]).data

    return g


def lecture_example() -> tuple[Value, ...]:
    """The lecture's e = (a + b) * (b + 1) at a = 2, b = 1: returns a, b, c = a + b, d = b + 1, e."""
    a, b = Value(2.0, "a"), Value(1.0, "b")
    c = a + b
    d = b + 1
    return a, b, c, d, c * d


# ----------------------------------------------------------------------------- random programs


def _always(*xs: float) -> bool:
    return True


def _away_from_zero(x: float) -> bool:
    return abs(x) > 0.05


def _bounded_below(x: float) -> bool:
    return x > 0.25


def _nonzero(x: float) -> bool:
    return abs(x) > 0.25


def _distinct(*xs: float) -> bool:
    return all(abs(a - b) > 0.05 for k, a in enumerate(xs) for b in xs[k + 1:])


@dataclass(frozen=True)
class Op:
    """A random step: a primitive applied to ``arity`` earlier nodes (Values or Duals)."""

    name: str
    arity: int
    apply: Callable[..., Any]
    valid: Callable[..., bool] = _always

    def __repr__(self) -> str:
        return self.name


OPS = [
    Op("a+b", 2, lambda a, b: a + b),
    Op("a-b", 2, lambda a, b: a - b),
    Op("a*b", 2, lambda a, b: a * b),
    Op("a/b", 2, lambda a, b: a / b, lambda a, b: _nonzero(b)),
    Op("a**b", 2, lambda a, b: a ** b, lambda a, b: a > 0.25 and abs(b) < 2.5),
    Op("0.5+x", 1, lambda x: 0.5 + x),
    Op("2-x", 1, lambda x: 2.0 - x),
    Op("3*x", 1, lambda x: 3 * x),
    Op("1/x", 1, lambda x: 1.0 / x, _nonzero),
    Op("x/4", 1, lambda x: x / 4.0),
    Op("x-1.5", 1, lambda x: x - 1.5),
    Op("x**2", 1, lambda x: x ** 2),
    Op("x**3", 1, lambda x: x ** 3),
    Op("x**0.5", 1, lambda x: x ** 0.5, _bounded_below),
    Op("x**-1", 1, lambda x: x ** -1, _nonzero),
    Op("1.5**x", 1, lambda x: 1.5 ** x, lambda x: x < 7.0),
    Op("-x", 1, lambda x: -x),
    Op("abs", 1, abs, _away_from_zero),
    Op("exp", 1, lambda x: x.exp(), lambda x: x < 3.0),
    Op("log", 1, lambda x: x.log(), _bounded_below),
    Op("log2", 1, lambda x: x.log(2.0), _bounded_below),
    Op("sqrt", 1, lambda x: x.sqrt(), _bounded_below),
    Op("sin", 1, lambda x: x.sin()),
    Op("cos", 1, lambda x: x.cos()),
    Op("tan", 1, lambda x: x.tan(), lambda x: abs(x) < 1.2),
    Op("asin", 1, lambda x: x.asin(), lambda x: abs(x) < 0.9),
    Op("acos", 1, lambda x: x.acos(), lambda x: abs(x) < 0.9),
    Op("atan", 1, lambda x: x.atan()),
    Op("tanh", 1, lambda x: x.tanh()),
    Op("sigmoid", 1, lambda x: x.sigmoid()),
    Op("relu", 1, lambda x: x.relu(), _away_from_zero),
    Op("leaky_relu", 1, lambda x: x.leaky_relu(0.1), _away_from_zero),
    Op("softplus", 1, lambda x: x.softplus()),
    Op("step", 1, lambda x: x.step(), _away_from_zero),
    Op("sum", 3, lambda *xs: autograd.sum(xs)),
    Op("dot", 4, lambda a, b, c, d: autograd.dot([a, b], [c, d])),
    Op("dot+b", 5, lambda a, b, c, d, e: autograd.dot([a, b], [c, d], e)),
    Op("max", 3, lambda *xs: autograd.max(xs), _distinct),
    Op("logsumexp", 3, lambda *xs: autograd.logsumexp(xs)),
    Op("softmax", 3, lambda *xs: autograd.softmax(xs)[0]),
    Op("log_softmax", 3, lambda *xs: autograd.log_softmax(xs)[1]),
]

LIMIT = 20.0  # steps whose value leaves [-LIMIT, LIMIT] are dropped (keeps FD meaningful)


@dataclass
class Program:
    """Leaves ``leaves``, then ``steps`` (op, indices of earlier nodes); the outputs are the
    nodes ``outputs``. ``program(*xs)`` is their sum; ``program.vector(*xs)`` the list."""

    leaves: list[float]
    steps: list[tuple[Op, tuple[int, ...]]]
    outputs: tuple[int, ...]

    def nodes(self, xs: Sequence[Any]) -> list[Any]:
        nodes = list(xs)
        for op, idx in self.steps:
            nodes.append(op.apply(*[nodes[i] for i in idx]))
        return nodes

    def vector(self, *xs: Any) -> list[Any]:
        nodes = self.nodes(xs)
        return [nodes[k] for k in self.outputs]

    def __call__(self, *xs: Any) -> Any:
        return autograd.sum(self.vector(*xs))

    def __repr__(self) -> str:
        steps = "; ".join(f"n{len(self.leaves) + k} = {op.name}{idx}"
                          for k, (op, idx) in enumerate(self.steps))
        return f"Program(leaves={self.leaves}, {steps}, outputs={self.outputs})"


def _value_of(op: Op, xs: list[float]) -> float | None:
    """op on xs when the inputs are valid and the result is moderate, else None."""
    if not op.valid(*xs):
        return None
    with no_grad():
        out = op.apply(*[Value(x) for x in xs]).data
    return out if abs(out) <= LIMIT and math.isfinite(out) else None


@st.composite
def programs(draw: Any, max_leaves: int = 3, max_steps: int = 8, n_outputs: int | None = None) -> Program:
    """A random expression graph; inputs are drawn among recent nodes (shrinks to the newest).
    The outputs are the last ``n_outputs`` nodes made, or all of them (None)."""
    n_leaves = draw(st.integers(1, max_leaves))
    leaves = draw(st.lists(st.floats(-2.0, 2.0), min_size=n_leaves, max_size=n_leaves))
    values = list(leaves)
    steps: list[tuple[Op, tuple[int, ...]]] = []
    for _ in range(draw(st.integers(1, max_steps))):
        op = draw(st.sampled_from(OPS))
        idx = tuple(len(values) - draw(st.integers(1, len(values))) for _ in range(op.arity))
        out = _value_of(op, [values[i] for i in idx])
        if out is not None:
            values.append(out)
            steps.append((op, idx))
    if not steps:
        steps.append((OPS[2], (0, 0)))  # x * x: always valid for |x| <= 2
        values.append(values[0] ** 2)
    n = len(values)
    first = n_leaves if n_outputs is None else max(n_leaves, n - n_outputs)
    outputs = tuple(range(first, n))
    return Program(leaves, steps, outputs)


# ----------------------------------------------------------------------------- micrograd's tests

MICROGRAD_IMPORT = "from micrograd.engine import Value"

# The expressions of micrograd's test/test_engine.py (test_sanity_check, test_more_ops) and a
# neuron from its README, returning the forward value and the gradients (micrograd compares
# them with PyTorch; test_micrograd_compat and test_torch_parity do the comparing).
MICROGRAD_SOURCE = MICROGRAD_IMPORT + '''

def sanity_check():
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    return [y.data, x.grad]

def more_ops():
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    return [g.data, a.grad, b.grad]

def neuron():
    x1, x2, w1, w2, b = Value(2.0), Value(0.0), Value(-3.0), Value(1.0), Value(6.8813735870195432)
    o = (x1 * w1 + x2 * w2 + b).relu()
    o.backward()
    return [o.data, x1.grad, w1.grad, x2.grad, w2.grad, b.grad]
'''


def run_micrograd_source(source: str, namespace: dict[str, Any] | None = None) -> list[list[float]]:
    """Execute ``source`` (in ``namespace``) and return [[value, grads...] per expression]."""
    namespace = {} if namespace is None else dict(namespace)
    exec(compile(source, "<micrograd tests>", "exec"), namespace)
    return [[float(v) for v in namespace[name]()] for name in ("sanity_check", "more_ops", "neuron")]
