"""The functional API with JAX's names: grad, value_and_grad, jvp, vjp, jacfwd, jacrev, hessian,
one layer for Values and Tensors.

A transform records ``f`` on fresh variables (``_Trace``), then runs sweeps over the recorded
graph: ``jvp`` and ``jacfwd`` forward sweeps (one per input entry: forward mode pays per
input), ``vjp``, ``grad`` and ``jacrev`` reverse sweeps (one per output entry: reverse mode
pays per output).

Arguments may be floats, numpy arrays, Values, Tensors or (nested) lists/tuples of them; the
derivative has the argument's structure, and a Jacobian has the output's structure outside and
the input's inside (an array block of shape y.shape + x.shape for arrays). A function of
floats runs on Values; one with an array or Tensor among its arguments runs on Tensors (other
array arguments reach f as constant Tensors). At top level the results are floats and arrays.
Called inside another transform (or on nodes of a graph) a transform gives nodes connected to
the outer variables, so transforms nest to any order on both engines: ``grad(grad(f))``,
``hessian(f)``. Each call makes fresh variables (an argument that is already a node is wrapped
in an ``identity`` node), so there is no perturbation confusion.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from autograd import primitives as P
from autograd.grad_mode import _state
from autograd.graph import topological_order
from autograd.sweeps import pull_back, push_forward
from autograd.tensor import TENSOR_MATH, Tensor, elementwise
from autograd.tensor_data import as_array
from autograd.value import Value, lift, unary

_depth = [0]  # how many transforms are evaluating their function right now
Node = Any


# ----------------------------------------------------------------------------- structures


def _tree_map(fn: Callable[[Any], Any], tree: Any) -> Any:
    if isinstance(tree, (list, tuple)):
        return type(tree)(_tree_map(fn, t) for t in tree)
    return fn(tree)


def _leaves(tree: Any) -> Iterator[Any]:
    stack = [tree]
    while stack:
        t = stack.pop()
        if isinstance(t, (list, tuple)):
            stack.extend(reversed(t))
        else:
            yield t


def _shape(x: Node) -> tuple[int, ...]:
    return () if isinstance(x, Value) else x.data.shape  # type: ignore[no-any-return]


def _one_hot(node: Node, k: int) -> Any:
    """The k-th unit seed for ``node``: 1.0 for a Value, a one-hot array for a Tensor."""
    if isinstance(node, Value):
        return 1.0
    e = np.zeros(node.data.shape, dtype=node.data.dtype)
    e.reshape(-1)[k] = 1.0
    return e


def _stack(items: list[Any], shape: tuple[int, ...], axis: int) -> Any:
    """Sweep results (one per entry) as one block of ``shape``: arrays, Tensors or numbers."""
    if not shape:
        return items[0]
    if any(isinstance(a, Tensor) for a in items):
        return TENSOR_MATH.stack(items, axis).reshape(shape)
    return np.stack([np.asarray(a) for a in items], axis=axis).reshape(shape)


class _Trace:
    """``f`` recorded once on fresh variables for the arguments ``argnums``."""

    def __init__(self, name: str, f: Callable[..., Any], args: tuple[Any, ...], argnums: Any,
                 kwargs: dict[str, Any] | None = None) -> None:
        self.name = name
        self.single = isinstance(argnums, int)
        self.argnums = (argnums,) if self.single else tuple(argnums)
        for i in self.argnums:
            if not -len(args) <= i < len(args):
                raise ValueError(f"{name}: argnums {i} out of range for {len(args)} arguments")
        leaves = list(_leaves(args))
        self.tensors = any(isinstance(x, (Tensor, np.ndarray)) for x in leaves)
        for x in leaves:
            self._check(x)
        self.nested = _depth[0] > 0 or any(
            isinstance(x, Value) or (isinstance(x, Tensor) and x.requires_grad) for x in leaves)
        call_args = [_tree_map(self._constant, a) for a in args]
        for i in self.argnums:
            call_args[i] = _tree_map(self._variable, args[i])
        self.variables = [call_args[i] for i in self.argnums]
        self.inputs: list[Node] = [v for tree in self.variables for v in _leaves(tree)]
        recording, _state.recording = _state.recording, True  # a transform needs the graph
        _depth[0] += 1
        try:
            self.out = f(*call_args, **(kwargs or {}))
        finally:
            _depth[0] -= 1
            _state.recording = recording
        self.outputs: list[Node] = [self._output(y) for y in _leaves(self.out)]
        self.order = topological_order(self.outputs)

    def _check(self, x: Any) -> None:
        kinds = (Value, Tensor, np.ndarray, numbers.Real)
        if not isinstance(x, kinds) or isinstance(x, bool):
            what = "Tensors, arrays, numbers" if self.tensors else "floats, Values"
            raise TypeError(f"{self.name}: arguments must be {what} or (nested) lists of them, got "
                            f"{type(x).__name__} ({x!r})")
        if self.tensors and isinstance(x, Value):
            raise TypeError(f"{self.name}: cannot mix Values with Tensors or arrays in one call")

    def _constant(self, x: Any) -> Any:
        return Tensor(x) if isinstance(x, np.ndarray) else x

    def _variable(self, x: Any) -> Node:
        """A fresh variable for x: a leaf for data, an identity node for a node of a graph."""
        if self.tensors:
            if isinstance(x, Tensor) and x.requires_grad:
                return elementwise(P.IDENTITY, (x,))
            return Tensor(np.array(as_array(getattr(x, "data", x), self.name)), requires_grad=True)
        return unary(P.IDENTITY, x) if isinstance(x, Value) else Value(x)

    def _output(self, y: Any) -> Node:
        if isinstance(y, Value if not self.tensors else Tensor):
            return y
        if self.tensors and isinstance(y, (np.ndarray, numbers.Real)):
            return Tensor(y)  # a constant: its derivatives are zero
        if not self.tensors and isinstance(y, numbers.Real):
            return lift(y)
        what = "Tensors (or a list/tuple of them)" if self.tensors else "Values or floats"
        raise TypeError(f"{self.name}: f must return {what}, got {type(y).__name__}")

    # ------------------------------------------------------------------ results
    def result(self, x: Any) -> Any:
        """At top level a float or an array; nested, a node connected to the outer graph."""
        if self.nested:
            return x if isinstance(x, (Value, Tensor)) else (
                Tensor(x) if self.tensors else lift(float(x)))
        if isinstance(x, Value):
            return x.data
        if isinstance(x, Tensor):
            return np.array(x.data)
        return np.array(x) if self.tensors else float(x)

    def per_argument(self, flat: list[Any]) -> Any:
        """Values aligned with ``inputs`` back in the arguments' structures."""
        it = iter(flat)
        trees = tuple(_tree_map(lambda _: self.result(next(it)), v) for v in self.variables)
        return trees[0] if self.single else trees

    def output_tree(self, flat: list[Any]) -> Any:
        """Values aligned with ``outputs`` in the output's structure."""
        it = iter(flat)
        return _tree_map(lambda _: next(it), self.out)

    def values(self) -> Any:
        return self.output_tree([self.result(y) for y in self.outputs])

    # ------------------------------------------------------------------ sweeps
    def reverse(self, seeds: dict[Node, Any]) -> list[Any]:
        """One reverse sweep: d(seeded outputs)/d(input) for every input."""
        adjoint = pull_back(self.order, seeds, create_graph=self.nested)
        return [adjoint[x] if x in adjoint else x.zero() for x in self.inputs]

    def forward(self, seeds: dict[Node, Any]) -> list[Any]:
        """One forward sweep: d(outputs)/d(seeded inputs) for every output."""
        tangent = push_forward(self.order, seeds, create_graph=self.nested)
        return [tangent[y] if y in tangent else y.zero() for y in self.outputs]

    def seeds(self, nodes: list[Node], given: list[Any], what: str) -> dict[Node, Any]:
        """{node: seed} after checking each seed fits its node (summed for repeated nodes)."""
        if len(given) != len(nodes):
            raise ValueError(f"{self.name}: {what} has {len(given)} entries, expected {len(nodes)}")
        seeds: dict[Node, Any] = {}
        for node, s in zip(nodes, given):
            if isinstance(node, Tensor):
                s = as_array(getattr(s, "data", s), f"{self.name} ({what})", node.data.dtype)
                if s.shape != node.data.shape:
                    raise ValueError(f"{self.name}: {what} of shape {s.shape} does not match the "
                                     f"shape {node.data.shape} it pairs with")
            elif isinstance(s, Value):
                s = s if self.nested else s.data
            elif not isinstance(s, numbers.Real):
                raise TypeError(f"{self.name}: {what} entries must be numbers, got {type(s).__name__}")
            seeds[node] = seeds[node] + s if node in seeds else s
        return seeds

    def reverse_blocks(self) -> list[list[Any]]:
        """[[d y / d x for each input x] for each output y], one reverse sweep per entry of y."""
        rows = []
        for y in self.outputs:
            size = 1 if isinstance(y, Value) else y.data.size
            sweeps = [self.reverse({y: _one_hot(y, k)}) for k in range(size)] if y.inputs or \
                y in self.inputs else []
            row = []
            for j, x in enumerate(self.inputs):
                shape = _shape(y) + _shape(x)
                row.append(_stack([s[j] for s in sweeps], shape, 0) if sweeps else
                           (np.zeros(shape, x.data.dtype) if isinstance(x, Tensor) else 0.0))
            rows.append(row)
        return rows

    def forward_blocks(self) -> list[list[Any]]:
        """[[d y / d x for each input x] for each output y], one forward sweep per entry of x."""
        columns = [[self.forward({x: _one_hot(x, k)}) for k in range(
            1 if isinstance(x, Value) else x.data.size)] for x in self.inputs]
        return [[_stack([c[i] for c in columns[j]], _shape(y) + _shape(x), -1)
                 for j, x in enumerate(self.inputs)] for i, y in enumerate(self.outputs)]

    def jacobian(self, blocks: list[list[Any]]) -> Any:
        """Output structure outside, argument structure inside; a tuple over argnums when several."""
        rows = [self.per_argument(row) for row in blocks]
        if self.single:
            return self.output_tree(rows)
        return tuple(self.output_tree([row[k] for row in rows]) for k in range(len(self.argnums)))


# ----------------------------------------------------------------------------- reverse mode


def value_and_grad(f: Callable[..., Any], argnums: Any = 0) -> Callable[..., tuple[Any, Any]]:
    """x -> (f(x), grad f(x)) from one reverse sweep; f returns a scalar (a Value, a float or a
    one-entry Tensor)."""

    def value_and_grad_f(*args: Any, **kwargs: Any) -> tuple[Any, Any]:
        trace = _Trace("grad", f, args, argnums, kwargs)
        if isinstance(trace.out, (list, tuple)) or (trace.tensors and trace.outputs[0].data.size != 1):
            if trace.tensors:
                shape = trace.outputs[0].data.shape if len(trace.outputs) == 1 else len(trace.outputs)
                raise TypeError(f"grad: f must return a one-entry Tensor, got {shape}; use jacrev "
                                f"or jacfwd for a Jacobian, or vjp")
            raise TypeError(f"grad: f must return a scalar (Value or float), got a "
                            f"{type(trace.out).__name__} of {len(trace.out)}; use jacrev or jacfwd")
        y = trace.outputs[0]
        return trace.result(y), trace.per_argument(trace.reverse({y: _one_hot(y, 0)}))

    return value_and_grad_f


def grad(f: Callable[..., Any], argnums: Any = 0) -> Callable[..., Any]:
    """x -> grad f(x), by one reverse sweep; nests: grad(grad(f)) is the second derivative."""
    vg = value_and_grad(f, argnums)

    def grad_f(*args: Any, **kwargs: Any) -> Any:
        return vg(*args, **kwargs)[1]

    return grad_f


def vjp(f: Callable[..., Any], *primals: Any) -> tuple[Any, Callable[[Any], tuple[Any, ...]]]:
    """(f(primals), vjp_fn) where vjp_fn(u) = uᵀ J, one entry per primal (reverse mode)."""
    trace = _Trace("vjp", f, primals, tuple(range(len(primals))))

    def vjp_fn(cotangent: Any) -> tuple[Any, ...]:
        cts = list(_leaves(cotangent))
        if len(cts) != len(trace.outputs):
            raise ValueError(f"vjp: cotangent has {len(cts)} entries, f has {len(trace.outputs)} outputs")
        return tuple(trace.per_argument(trace.reverse(trace.seeds(trace.outputs, cts, "cotangent"))))

    return trace.values(), vjp_fn


def jacrev(f: Callable[..., Any], argnums: Any = 0) -> Callable[..., Any]:
    """The Jacobian of f by reverse sweeps, one per output entry."""

    def jacrev_f(*args: Any, **kwargs: Any) -> Any:
        trace = _Trace("jacrev", f, args, argnums, kwargs)
        return trace.jacobian(trace.reverse_blocks())

    return jacrev_f


# ----------------------------------------------------------------------------- forward mode


def jvp(f: Callable[..., Any], primals: Any, tangents: Any) -> tuple[Any, Any]:
    """(f(primals), J tangents) from one forward sweep."""
    primals, tangents = tuple(primals), tuple(tangents)
    if len(primals) != len(tangents):
        raise ValueError(f"jvp: {len(primals)} primals but {len(tangents)} tangents")
    trace = _Trace("jvp", f, primals, tuple(range(len(primals))))
    ts = list(_leaves(tangents))
    if len(ts) != len(trace.inputs):
        raise ValueError(f"jvp: tangents must have the structure of primals "
                         f"({len(trace.inputs)} entries), got {len(ts)}")
    out = trace.forward(trace.seeds(trace.inputs, ts, "tangent"))
    return trace.values(), trace.output_tree([trace.result(t) for t in out])


def jacfwd(f: Callable[..., Any], argnums: Any = 0) -> Callable[..., Any]:
    """The Jacobian of f by forward sweeps, one per input entry."""

    def jacfwd_f(*args: Any, **kwargs: Any) -> Any:
        trace = _Trace("jacfwd", f, args, argnums, kwargs)
        return trace.jacobian(trace.forward_blocks())

    return jacfwd_f


def hessian(f: Callable[..., Any], argnums: Any = 0) -> Callable[..., Any]:
    """The Hessian of a scalar f: jacfwd(jacrev(f)), forward over reverse."""
    return jacfwd(jacrev(f, argnums), argnums)


__all__ = ["grad", "value_and_grad", "vjp", "jvp", "jacrev", "jacfwd", "hessian", "_Trace"]
