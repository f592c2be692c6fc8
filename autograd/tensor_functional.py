"""JAX's transforms on functions of Tensors: value_and_grad, grad, vjp, jvp, jacrev, jacfwd.

``autograd.functional`` hands a call here when an argument holds a Tensor or a numpy array.
Each transform records ``f`` once on fresh leaves (requires_grad=True, copies of the arguments'
data, so there is no perturbation confusion) and sweeps the recorded graph with the tensor
table: ``vjp``, ``grad`` and ``jacrev`` by ``sweeps.pull_back`` (one sweep per output entry for
a Jacobian: reverse mode pays per output), ``jvp`` and ``jacfwd`` by ``sweeps.push_forward``
(one per input entry: forward mode pays per input). Arguments and results are (nested lists or
tuples of) arrays; numbers count as 0-d arrays, and arrays among the other arguments reach f
as constant Tensors. A Jacobian block d y / d x has shape
y.shape + x.shape. First order only: the rules act on numpy arrays, so nesting a transform of a
Tensor function inside another raises NotImplementedError.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd.functional import _depth, _leaves, _tree_map
from autograd.grad_mode import _state
from autograd.graph import topological_order
from autograd.sweeps import pull_back, push_forward
from autograd.tensor import Tensor
from autograd.tensor_data import as_array
from autograd.tensor_primitives import jvp as _jvp_rule
from autograd.tensor_primitives import vjp as _vjp_rule
from autograd.tensor_rules import Array


class _Trace:
    """``f`` recorded once on fresh leaves for the arguments ``argnums``."""

    def __init__(self, name: str, f: Callable[..., Any], args: tuple[Any, ...], argnums: Any) -> None:
        self.name = name
        self.single = isinstance(argnums, int)
        self.argnums = (argnums,) if self.single else tuple(argnums)
        for i in self.argnums:
            if not -len(args) <= i < len(args):
                raise ValueError(f"{name}: argnums {i} out of range for {len(args)} arguments")
        if _depth[0] > 0 and any(isinstance(x, Tensor) and x.requires_grad for x in _leaves(args)):
            raise NotImplementedError(f"{name}: derivatives of derivatives are not supported for "
                                      f"Tensor functions (the tensor rules act on numpy arrays); "
                                      f"nest transforms of scalar Value functions instead")
        call_args = [_tree_map(_constant, a) for a in args]  # f sees Tensors, never raw arrays
        for i in self.argnums:
            call_args[i] = _tree_map(self._variable, args[i])
        self.variables = [call_args[i] for i in self.argnums]
        self.inputs: list[Tensor] = [v for tree in self.variables for v in _leaves(tree)]
        recording, _state.recording = _state.recording, True  # a transform needs the graph
        _depth[0] += 1
        try:
            self.out = f(*call_args)
        finally:
            _depth[0] -= 1
            _state.recording = recording
        self.outputs = [self._output(y) for y in _leaves(self.out)]
        self.order = topological_order([y for y in self.outputs if y.requires_grad])

    def _variable(self, x: Any) -> Tensor:
        if not isinstance(x, (Tensor, np.ndarray, numbers.Real)):
            raise TypeError(f"{self.name}: arguments must be Tensors, arrays, numbers or (nested) "
                            f"lists of them, got {type(x).__name__} ({x!r})")
        return Tensor(np.array(as_array(getattr(x, "data", x), self.name)), requires_grad=True)

    def _output(self, y: Any) -> Tensor:
        if isinstance(y, Tensor):
            return y
        if isinstance(y, (np.ndarray, numbers.Real)):
            return Tensor(y)  # a constant: its derivatives are zero
        raise TypeError(f"{self.name}: f must return Tensors (or a list/tuple of them), got "
                        f"{type(y).__name__}")

    def per_argument(self, flat: list[Any]) -> Any:
        """Values aligned with ``inputs`` back in the arguments' structures."""
        it = iter(flat)
        trees = tuple(_tree_map(lambda _: next(it), v) for v in self.variables)
        return trees[0] if self.single else trees

    def output_tree(self, flat: list[Any]) -> Any:
        """Values aligned with ``outputs`` in the output's structure."""
        it = iter(flat)
        return _tree_map(lambda _: next(it), self.out)

    def values(self) -> Any:
        return self.output_tree([np.array(y.data) for y in self.outputs])

    def reverse(self, seeds: dict[Tensor, Array]) -> list[Array]:
        """One reverse sweep: seeds . d(outputs)/d(input) for every input."""
        adjoint = pull_back(self.order, seeds, _vjp_rule) if seeds else {}
        return [_result(adjoint.get(x), x.data) for x in self.inputs]

    def forward(self, seeds: dict[Tensor, Array]) -> list[Array]:
        """One forward sweep: d(output)/d(inputs) . seeds for every output."""
        tangent = push_forward(self.order, seeds, _jvp_rule)
        return [_result(tangent.get(y), y.data) for y in self.outputs]

    def seeds(self, nodes: list[Tensor], arrays: list[Any], what: str) -> dict[Tensor, Array]:
        """{node: array} after checking each array has its node's shape (summed for repeats)."""
        if len(arrays) != len(nodes):
            raise ValueError(f"{self.name}: {what} has {len(arrays)} arrays, expected {len(nodes)}")
        seeds: dict[Tensor, Array] = {}
        for node, a in zip(nodes, arrays):
            a = as_array(getattr(a, "data", a), f"{self.name} ({what})", node.data.dtype)
            if a.shape != node.data.shape:
                raise ValueError(f"{self.name}: {what} of shape {a.shape} does not match the shape "
                                 f"{node.data.shape} it pairs with")
            if node.requires_grad:
                seeds[node] = seeds[node] + a if node in seeds else a
        return seeds


def _constant(x: Any) -> Any:
    return Tensor(x) if isinstance(x, np.ndarray) else x


def _result(a: Array | None, like: Array) -> Array:
    return np.zeros_like(like) if a is None else np.array(a, dtype=like.dtype)


def _one_hot(shape: tuple[int, ...], k: int, dtype: Any) -> Array:
    e = np.zeros(shape, dtype=dtype)
    e.reshape(-1)[k] = 1.0
    return e


# ----------------------------------------------------------------------------- reverse mode


def value_and_grad(f: Callable[..., Any], argnums: Any = 0) -> Callable[..., tuple[Any, Any]]:
    """x -> (f(x), grad f(x)) for f returning a one-entry Tensor, by one reverse sweep."""

    def value_and_grad_f(*args: Any) -> tuple[Any, Any]:
        trace = _Trace("grad", f, args, argnums)
        if isinstance(trace.out, (list, tuple)) or trace.outputs[0].data.size != 1:
            shape = trace.outputs[0].data.shape if len(trace.outputs) == 1 else len(trace.outputs)
            raise TypeError(f"grad: f must return a one-entry Tensor, got {shape}; use jacrev or "
                            f"jacfwd for a Jacobian, or vjp")
        y = trace.outputs[0]
        seeds = {y: np.ones_like(y.data)} if y.requires_grad else {}
        return np.array(y.data), trace.per_argument(trace.reverse(seeds))

    return value_and_grad_f


def grad(f: Callable[..., Any], argnums: Any = 0) -> Callable[..., Any]:
    """x -> grad f(x), by one reverse sweep."""
    vg = value_and_grad(f, argnums)
    return lambda *args: vg(*args)[1]


def vjp(f: Callable[..., Any], *primals: Any) -> tuple[Any, Callable[[Any], tuple[Any, ...]]]:
    """(f(primals), vjp_fn) where vjp_fn(u) = u^T J, one array per primal (reverse mode)."""
    trace = _Trace("vjp", f, primals, tuple(range(len(primals))))

    def vjp_fn(cotangent: Any) -> tuple[Any, ...]:
        seeds = trace.seeds(trace.outputs, list(_leaves(cotangent)), "cotangent")
        return tuple(trace.per_argument(trace.reverse(seeds)))

    return trace.values(), vjp_fn


def reverse_blocks(trace: _Trace) -> list[list[Array]]:
    """[[d y / d x for each input x] for each output y], one reverse sweep per entry of y."""
    blocks = [[np.zeros(y.data.shape + x.data.shape, x.data.dtype) for x in trace.inputs]
              for y in trace.outputs]
    x_sizes = [x.data.size for x in trace.inputs]
    for y, row in zip(trace.outputs, blocks):
        for k in range(y.data.size if y.requires_grad else 0):
            grads = trace.reverse({y: _one_hot(y.data.shape, k, y.data.dtype)})
            for j, (block, g) in enumerate(zip(row, grads)):
                block.reshape(y.data.size, x_sizes[j])[k] = g.reshape(-1)
    return blocks


def jacrev(f: Callable[..., Any], argnums: Any = 0) -> Callable[..., Any]:
    """The Jacobian of f by one reverse sweep per output entry."""

    def jacrev_f(*args: Any) -> Any:
        trace = _Trace("jacrev", f, args, argnums)
        return _jacobian(trace, reverse_blocks(trace))

    return jacrev_f


# ----------------------------------------------------------------------------- forward mode


def jvp(f: Callable[..., Any], primals: Any, tangents: Any) -> tuple[Any, Any]:
    """(f(primals), J tangents) from one forward sweep."""
    primals, tangents = tuple(primals), tuple(tangents)
    if len(primals) != len(tangents):
        raise ValueError(f"jvp: {len(primals)} primals but {len(tangents)} tangents")
    trace = _Trace("jvp", f, primals, tuple(range(len(primals))))
    seeds = trace.seeds(trace.inputs, list(_leaves(tangents)), "tangent")
    return trace.values(), trace.output_tree(trace.forward(seeds))


def forward_blocks(trace: _Trace) -> list[list[Array]]:
    """[[d y / d x for each input x] for each output y], one forward sweep per entry of x."""
    blocks = [[np.zeros(y.data.shape + x.data.shape, x.data.dtype) for x in trace.inputs]
              for y in trace.outputs]
    for i, x in enumerate(trace.inputs):
        for k in range(x.data.size):
            columns = trace.forward({x: _one_hot(x.data.shape, k, x.data.dtype)})
            for row, t in zip(blocks, columns):
                row[i].reshape(t.size, x.data.size)[:, k] = t.reshape(-1)
    return blocks


def jacfwd(f: Callable[..., Any], argnums: Any = 0) -> Callable[..., Any]:
    """The Jacobian of f by one forward sweep per input entry."""

    def jacfwd_f(*args: Any) -> Any:
        trace = _Trace("jacfwd", f, args, argnums)
        return _jacobian(trace, forward_blocks(trace))

    return jacfwd_f


def _jacobian(trace: _Trace, blocks: list[list[Array]]) -> Any:
    """Output structure outside, argument structure inside; a tuple over argnums when several."""
    rows = [trace.per_argument(row) for row in blocks]
    if trace.single:
        return trace.output_tree(rows)
    return tuple(trace.output_tree([row[k] for row in rows]) for k in range(len(trace.argnums)))


__all__ = ["value_and_grad", "grad", "vjp", "jvp", "jacrev", "jacfwd",
           "reverse_blocks", "forward_blocks"]
