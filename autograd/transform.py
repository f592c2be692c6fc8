"""``Trace``: a function recorded once on fresh variables, for the functional transforms.

Arguments are pytrees (dicts, lists, tuples) of floats, numpy arrays, Values or Tensors. A
function of floats runs on Values; one with an array or Tensor among its arguments (keyword
arguments included) runs on Tensors, other array arguments reaching f as constant Tensors. A
function of floats that meets an array inside (its output holds a numpy array, as
``lambda x: x * np.ones(4)`` on a Value makes) is run again, once, on Tensors, the floats
becoming 0-d Tensors. Keyword arguments reach f unchanged (arrays as constants): they are not
differentiated.

Results come back as the arguments came in: at top level floats for float arguments and arrays
of the argument's dtype for arrays (float16 is computed in float32 and handed back in float16);
inside another transform (or on nodes of a graph) nodes connected to the outer variables, so
transforms nest. With ``has_aux`` f returns (output, aux) and only the output is
differentiated; aux comes back as floats and arrays in its own structure.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd import primitives as P
from autograd.grad_mode import _state
from autograd.graph import topological_order
from autograd.pytree import flatten, leaves, structure, tree_map, unflatten
from autograd.sweeps import pull_back, push_forward
from autograd.tensor import TENSOR_MATH, Tensor, elementwise
from autograd.tensor_data import as_array
from autograd.value import Value, lift, unary

_depth = [0]  # how many transforms are evaluating their function right now
Node = Any
HALF = np.dtype(np.float16)


def shape_of(x: Any) -> tuple[int, ...]:
    """The shape of a leaf: () for numbers and Values, the array's shape otherwise."""
    if isinstance(x, (Value, numbers.Number)):
        return ()
    return tuple(np.shape(x.data if isinstance(x, Tensor) else x))


def one_hot(node: Node, k: int) -> Any:
    """The k-th unit seed for ``node``: 1.0 for a Value, a one-hot array for a Tensor."""
    if isinstance(node, Value):
        return 1.0
    e = np.zeros(node.data.shape, dtype=node.data.dtype)
    e.reshape(-1)[k] = 1.0
    return e


def stack(items: list[Any], shape: tuple[int, ...], axis: int) -> Any:
    """Sweep results (one per entry) as one block of ``shape``: arrays, Tensors or numbers."""
    if not shape:
        return items[0]
    if any(isinstance(a, Tensor) for a in items):
        return TENSOR_MATH.stack(items, axis).reshape(shape)
    return np.stack([np.asarray(a) for a in items], axis=axis).reshape(shape)


def _holds_array(tree: Any) -> bool:
    return any(isinstance(y, np.ndarray) for y in leaves(tree))


def _dtype(x: Any) -> Any:
    """A leaf's dtype to hand results back in: None for Python numbers and Values."""
    if isinstance(x, Tensor):
        return x.data.dtype
    if isinstance(x, np.ndarray):
        return x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    return None


class Trace:
    """``f`` recorded once on fresh variables for the arguments ``argnums``."""

    def __init__(
        self,
        name: str,
        f: Callable[..., Any],
        args: tuple[Any, ...],
        argnums: Any,
        kwargs: dict[str, Any] | None = None,
        has_aux: bool = False,
    ) -> None:
        self.name = name
        self.has_aux = has_aux
        self.single = isinstance(argnums, int)
        self.argnums = (argnums,) if self.single else tuple(argnums)
        for i in self.argnums:
            if isinstance(i, bool) or not isinstance(i, int):
                raise TypeError(f"{name}: argnums must be ints, got {i!r}")
            if not -len(args) <= i < len(args):
                raise ValueError(f"{name}: argnums {i} out of range for {len(args)} arguments")
        kwargs = dict(kwargs or {})
        flat = list(leaves(args))
        self.tensors = any(isinstance(x, (Tensor, np.ndarray)) for x in flat + list(leaves(kwargs)))
        for x in flat:
            self._check(x)
        self.nested = _depth[0] > 0 or any(
            isinstance(x, Value) or (isinstance(x, Tensor) and x.requires_grad) for x in flat
        )
        dtypes = [d for d in map(_dtype, flat) if d is not None]
        self.half = bool(dtypes) and all(d == HALF for d in dtypes)  # results back in float16
        out = self._record(f, args, kwargs)
        if not self.tensors and _holds_array(out):
            if any(isinstance(x, Value) for x in flat):
                raise TypeError(
                    f"{name}: f met a numpy array while running on Values; pass the "
                    f"arguments as arrays (or Tensors) to run it on Tensors"
                )
            self.tensors = True  # a float met an array inside f: run it again on Tensors
            try:
                out = self._record(f, args, kwargs)
            except TypeError as error:
                raise TypeError(
                    f"{name}: f met a numpy array, so it was run again on Tensors, "
                    f"where it failed: {error}. On Tensors use their methods "
                    f"(x.exp()) or autograd's functions (ag.exp), not numpy's"
                ) from error
        self.out, self.aux = out
        self.outputs: list[Node] = [self._output(y) for y in leaves(self.out)]
        self.out_def = structure(self.out)
        self.order = topological_order(self.outputs)

    def _record(self, f: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Run f on fresh variables (recording on); (output, aux)."""
        call_args = [tree_map(self._constant, a) for a in args]
        for i in self.argnums:
            call_args[i] = tree_map(self._variable, args[i])
        self.variables = [call_args[i] for i in self.argnums]
        self.arguments = [args[i] for i in self.argnums]
        self.inputs: list[Node] = [v for tree in self.variables for v in leaves(tree)]
        self.dtypes = [_dtype(x) for tree in self.arguments for x in leaves(tree)]
        if self.tensors:
            kwargs = {k: tree_map(self._constant, v) if _holds_array(v) else v for k, v in kwargs.items()}
        recording, _state.recording = _state.recording, True  # a transform needs the graph
        _depth[0] += 1
        try:
            out = f(*call_args, **kwargs)
        finally:
            _depth[0] -= 1
            _state.recording = recording
        if not self.has_aux:
            return out, None
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise TypeError(
                f"{self.name}: has_aux=True needs f to return a pair (output, aux), got {type(out).__name__}"
            )
        return out[0], out[1]

    def _check(self, x: Any) -> None:
        kinds = (Value, Tensor, np.ndarray, numbers.Real)
        if not isinstance(x, kinds) or isinstance(x, bool):
            what = "Tensors, arrays, numbers" if self.tensors else "floats, Values"
            raise TypeError(
                f"{self.name}: arguments must be {what} or (nested) dicts, lists or "
                f"tuples of them, got {type(x).__name__} ({x!r})"
            )
        if self.tensors and isinstance(x, Value):
            raise TypeError(f"{self.name}: cannot mix Values with Tensors or arrays in one call")

    def _constant(self, x: Any) -> Any:
        return Tensor(x) if isinstance(x, np.ndarray) and self.tensors else x

    def _variable(self, x: Any) -> Node:
        """A fresh variable for x: a leaf for data, an identity node for a node of a graph."""
        if self.tensors:
            if isinstance(x, Tensor) and x.requires_grad:
                return elementwise(P.IDENTITY, (x,))
            data = x.data if isinstance(x, Tensor) else x
            return Tensor(np.array(as_array(data, self.name)), requires_grad=True)
        return unary(P.IDENTITY, x) if isinstance(x, Value) else Value(x)

    def _output(self, y: Any) -> Node:
        if isinstance(y, Value if not self.tensors else Tensor):
            return y
        if self.tensors and isinstance(y, (np.ndarray, numbers.Real)):
            return Tensor(y)  # a constant: its derivatives are zero
        if not self.tensors and isinstance(y, numbers.Real):
            return lift(y)
        what = "Tensors or arrays" if self.tensors else "Values or floats"
        raise TypeError(
            f"{self.name}: f must return {what} (or dicts, lists or tuples of them), got {type(y).__name__}"
        )

    # ------------------------------------------------------------------ results
    def result(self, x: Any, dtype: Any = None, number: bool = False) -> Any:
        """At top level a float or an array (of ``dtype``; a float when ``number`` and 0-d);
        nested, a node connected to the outer graph."""
        if self.nested:
            return x if isinstance(x, (Value, Tensor)) else (Tensor(x) if self.tensors else lift(float(x)))
        if isinstance(x, Value):
            return x.data
        if not self.tensors:
            return float(x)
        array = np.array(x.data if isinstance(x, Tensor) else x)
        if number and array.ndim == 0:
            return float(array)
        if dtype is None and self.half:
            dtype = HALF
        return array.astype(dtype) if dtype is not None else array

    def per_argument(self, flat: list[Any]) -> Any:
        """Values aligned with ``inputs`` back in the arguments' structures and dtypes."""
        it = iter(zip(flat, self.dtypes))
        trees = []
        for arg in self.arguments:
            xs, treedef = flatten(arg)
            trees.append(unflatten(treedef, [self.result(*next(it), number=_dtype(x) is None) for x in xs]))
        return trees[0] if self.single else tuple(trees)

    def output_tree(self, flat: list[Any]) -> Any:
        """Values aligned with ``outputs`` in the output's structure."""
        return unflatten(self.out_def, flat)

    def values(self) -> Any:
        return self.output_tree([self.result(y) for y in self.outputs])

    def aux_values(self) -> Any:
        """aux as f returned it, nodes replaced by floats and arrays (nested: left as nodes)."""
        if self.nested:
            return self.aux
        return tree_map(lambda a: self.result(a) if isinstance(a, (Value, Tensor)) else a, self.aux)

    def with_aux(self, *results: Any) -> Any:
        """``results`` as a tuple, with aux appended when ``has_aux``."""
        return (*results, self.aux_values()) if self.has_aux else results

    # ------------------------------------------------------------------ sweeps
    def reverse(self, seeds: dict[Node, Any]) -> list[Any]:
        """One reverse sweep: d(seeded outputs)/d(input) for every input."""
        adjoint = pull_back(self.order, seeds, create_graph=self.nested)
        return [adjoint[x] if x in adjoint else x.zero() for x in self.inputs]

    def forward(self, seeds: dict[Node, Any]) -> list[Any]:
        """One forward sweep: d(outputs)/d(seeded inputs) for every output."""
        tangent = push_forward(self.order, seeds, create_graph=self.nested)
        return [tangent[y] if y in tangent else y.zero() for y in self.outputs]

    def reverse_blocks(self) -> list[list[Any]]:
        """[[d y / d x for each input x] for each output y], one reverse sweep per entry of y."""
        rows = []
        for y in self.outputs:
            size = 1 if isinstance(y, Value) else y.data.size
            sweeps = (
                [self.reverse({y: one_hot(y, k)}) for k in range(size)]
                if y.inputs or y in self.inputs
                else []
            )
            row = []
            for j, x in enumerate(self.inputs):
                shape = shape_of(y) + shape_of(x)
                row.append(
                    stack([s[j] for s in sweeps], shape, 0)
                    if sweeps
                    else (np.zeros(shape, x.data.dtype) if isinstance(x, Tensor) else 0.0)
                )
            rows.append(row)
        return rows

    def forward_blocks(self) -> list[list[Any]]:
        """[[d y / d x for each input x] for each output y], one forward sweep per entry of x."""
        columns = [
            [self.forward({x: one_hot(x, k)}) for k in range(1 if isinstance(x, Value) else x.data.size)]
            for x in self.inputs
        ]
        return [
            [
                stack([c[i] for c in columns[j]], shape_of(y) + shape_of(x), -1)
                for j, x in enumerate(self.inputs)
            ]
            for i, y in enumerate(self.outputs)
        ]

    def jacobian(self, blocks: list[list[Any]]) -> Any:
        """Output structure outside, argument structure inside; a tuple over argnums when several."""
        rows = [self.per_argument(row) for row in blocks]
        if self.single:
            return self.output_tree(rows)
        return tuple(self.output_tree([row[k] for row in rows]) for k in range(len(self.argnums)))


_Trace = Trace  # the name autograd.gradcheck imports

__all__ = ["Trace", "shape_of", "one_hot", "stack"]
