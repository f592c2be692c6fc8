"""The functional API with JAX's names: grad, value_and_grad, jvp, vjp, jacfwd, jacrev, hessian.

A transform records ``f`` on fresh variables, then runs sweeps over the recorded graph:
``jvp`` and ``jacfwd`` forward sweeps (one per input direction: forward mode pays per input),
``vjp``, ``grad`` and ``jacrev`` reverse sweeps (one per output: reverse mode pays per output).

Arguments may be floats or (nested) lists/tuples of floats; derivatives have the same
structure, and a Jacobian has the output's structure outside and the input's inside. At top
level on floats the results are floats. Called inside another transform (or on Values), a
transform gives Values connected to the outer variables, so transforms nest to any order:
``grad(grad(f))`` is the second derivative. Each call makes fresh variables (an argument that
is already a Value is wrapped in an ``identity`` node), so there is no perturbation confusion.

Functions of Tensors (an argument holding a Tensor or a numpy array) are handed to
``autograd.tensor_functional``: arrays in and out, first order only.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from autograd import primitives as P
from autograd.graph import topological_order
from autograd.sweeps import scalar_jvp, scalar_jvp_graph, scalar_vjp, scalar_vjp_graph
from autograd.sweeps import pull_back, push_forward
from autograd.tensor import Tensor
from autograd.value import Value, lift, unary

_depth = [0]  # how many transforms are evaluating their function right now


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


def _check_leaf(name: str, x: Any) -> Any:
    if isinstance(x, (Value, numbers.Real)):
        return x
    raise TypeError(f"{name}: arguments must be floats, Values or (nested) lists of them, "
                    f"got {type(x).__name__} ({x!r})")


def _variable(x: Any) -> Value:
    """A fresh variable for x: a leaf for a number, an identity node for a Value."""
    return unary(P.IDENTITY, x) if isinstance(x, Value) else Value(x)


class _Trace:
    """``f`` recorded on fresh variables for the arguments ``argnums``."""

    def __init__(self, name: str, f: Callable[..., Any], args: tuple[Any, ...], argnums: Any) -> None:
        self.single = isinstance(argnums, int)
        self.argnums = (argnums,) if self.single else tuple(argnums)
        for i in self.argnums:
            if not -len(args) <= i < len(args):
                raise ValueError(f"{name}: argnums {i} out of range for {len(args)} arguments")
        args = tuple(_tree_map(lambda x: _check_leaf(name, x), a) for a in args)
        self.nested = _depth[0] > 0 or any(isinstance(x, Value) for x in _leaves(args))
        call_args = list(args)
        for i in self.argnums:
            call_args[i] = _tree_map(_variable, args[i])
        self.variables = [call_args[i] for i in self.argnums]
        self.inputs = [v for tree in self.variables for v in _leaves(tree)]
        _depth[0] += 1
        try:
            self.out = f(*call_args)
        finally:
            _depth[0] -= 1
        self.outputs = [_check_leaf(name + " (output of f)", y) for y in _leaves(self.out)]
        self.order = topological_order([y for y in self.outputs if isinstance(y, Value)])

    def result(self, x: Any) -> Any:
        """A float at top level; a Value when nested."""
        if self.nested:
            return x if isinstance(x, Value) else lift(float(x))
        return x.data if isinstance(x, Value) else float(x)

    def per_argument(self, flat: list[Any]) -> Any:
        """Split values aligned with ``inputs`` back into the arguments' structures."""
        it = iter(flat)
        trees = tuple(_tree_map(lambda _: self.result(next(it)), v) for v in self.variables)
        return trees[0] if self.single else trees

    def reverse(self, seeds: dict[Any, Any]) -> list[Any]:
        """One reverse sweep: d(seeded outputs)/d(inputs)."""
        adjoint = pull_back(self.order, seeds, scalar_vjp_graph if self.nested else scalar_vjp)
        return [adjoint.get(x, 0.0) for x in self.inputs]

    def forward(self, seeds: dict[Any, Any]) -> list[Any]:
        """One forward sweep: d(outputs)/d(seeded inputs)."""
        tangent = push_forward(self.order, seeds, scalar_jvp_graph if self.nested else scalar_jvp)
        return [tangent.get(y, 0.0) if isinstance(y, Value) else 0.0 for y in self.outputs]

    def output_tree(self, flat: list[Any]) -> Any:
        """Values aligned with ``outputs`` in the output's structure."""
        it = iter(flat)
        return _tree_map(lambda _: next(it), self.out)


# ----------------------------------------------------------------------------- Tensor functions


def _tensor_api(args: Any) -> bool:
    """True when an argument holds a Tensor or numpy array: autograd.tensor_functional applies."""
    return any(isinstance(x, (np.ndarray, Tensor)) for x in _leaves(args))


def _tensor_functional() -> Any:
    from autograd import tensor_functional  # imported on first use: it imports this module

    return tensor_functional


# ----------------------------------------------------------------------------- reverse mode


def value_and_grad(f: Callable[..., Any], argnums: Any = 0) -> Callable[..., tuple[Any, Any]]:
    """x -> (f(x), grad f(x)) from one reverse sweep; f returns a scalar."""

    def value_and_grad_f(*args: Any) -> tuple[Any, Any]:
        if _tensor_api(args):
            return _tensor_functional().value_and_grad(f, argnums)(*args)
        trace = _Trace("grad", f, args, argnums)
        if isinstance(trace.out, (list, tuple)):
            raise TypeError(f"grad: f must return a scalar (Value or float), got a "
                            f"{type(trace.out).__name__} of {len(trace.out)}; use jacrev or jacfwd")
        out = trace.outputs[0]
        seeds = {out: 1.0} if isinstance(out, Value) else {}
        return trace.result(out), trace.per_argument(trace.reverse(seeds))

    return value_and_grad_f


def grad(f: Callable[..., Any], argnums: Any = 0) -> Callable[..., Any]:
    """x -> grad f(x), by one reverse sweep; nests: grad(grad(f)) is the second derivative."""
    vg = value_and_grad(f, argnums)

    def grad_f(*args: Any) -> Any:
        return vg(*args)[1]

    return grad_f


def vjp(f: Callable[..., Any], *primals: Any) -> tuple[Any, Callable[[Any], tuple[Any, ...]]]:
    """(f(primals), vjp_fn) where vjp_fn(u) = u^T J, one entry per primal (reverse mode)."""
    if _tensor_api(primals):
        return _tensor_functional().vjp(f, *primals)
    trace = _Trace("vjp", f, primals, tuple(range(len(primals))))

    def vjp_fn(cotangent: Any) -> tuple[Any, ...]:
        cts = list(_leaves(cotangent))
        if len(cts) != len(trace.outputs):
            raise ValueError(f"vjp: cotangent has {len(cts)} entries, f has {len(trace.outputs)} outputs")
        seeds: dict[Any, Any] = {}
        for y, u in zip(trace.outputs, cts):
            if isinstance(y, Value):
                seeds[y] = seeds[y] + u if y in seeds else u
        return tuple(trace.per_argument(trace.reverse(seeds)))

    return _tree_map(trace.result, trace.out), vjp_fn


def jacrev(f: Callable[..., Any], argnums: Any = 0) -> Callable[..., Any]:
    """The Jacobian of f by m reverse sweeps, one per output."""

    def jacrev_f(*args: Any) -> Any:
        if _tensor_api(args):
            return _tensor_functional().jacrev(f, argnums)(*args)
        trace = _Trace("jacrev", f, args, argnums)
        rows = [trace.per_argument(trace.reverse({y: 1.0} if isinstance(y, Value) else {}))
                for y in trace.outputs]
        return _jacobian(trace, rows)

    return jacrev_f


# ----------------------------------------------------------------------------- forward mode


def jvp(f: Callable[..., Any], primals: Any, tangents: Any) -> tuple[Any, Any]:
    """(f(primals), J tangents) from one forward sweep."""
    primals, tangents = tuple(primals), tuple(tangents)
    if _tensor_api(primals):
        return _tensor_functional().jvp(f, primals, tangents)  # type: ignore[no-any-return]
    if len(primals) != len(tangents):
        raise ValueError(f"jvp: {len(primals)} primals but {len(tangents)} tangents")
    trace = _Trace("jvp", f, primals, tuple(range(len(primals))))
    ts = list(_leaves(tangents))
    if len(ts) != len(trace.inputs):
        raise ValueError(f"jvp: tangents must have the structure of primals "
                         f"({len(trace.inputs)} numbers), got {len(ts)}")
    tangent_out = trace.forward(dict(zip(trace.inputs, ts)))
    return (_tree_map(trace.result, trace.out),
            _tree_map(trace.result, trace.output_tree(tangent_out)))


def jacfwd(f: Callable[..., Any], argnums: Any = 0) -> Callable[..., Any]:
    """The Jacobian of f by n forward sweeps, one per input."""

    def jacfwd_f(*args: Any) -> Any:
        if _tensor_api(args):
            return _tensor_functional().jacfwd(f, argnums)(*args)
        trace = _Trace("jacfwd", f, args, argnums)
        columns = [trace.forward({x: 1.0}) for x in trace.inputs]
        rows = [trace.per_argument([column[j] for column in columns])
                for j in range(len(trace.outputs))]
        return _jacobian(trace, rows)

    return jacfwd_f


def _jacobian(trace: _Trace, rows: list[Any]) -> Any:
    """Output structure outside, input structure inside; a tuple over argnums when it is one."""
    if trace.single:
        return trace.output_tree(rows)
    return tuple(trace.output_tree([row[k] for row in rows]) for k in range(len(trace.argnums)))


def hessian(f: Callable[..., Any], argnums: Any = 0) -> Callable[..., Any]:
    """The Hessian of a scalar f: jacfwd(jacrev(f)), forward over reverse."""
    return jacfwd(jacrev(f, argnums), argnums)
