"""edgegrad's autodiff engine: a recorded graph of scalar (``Value``) or array (``Tensor``) nodes
with the local derivative on every edge, read from one table of primitives; reverse mode,
forward mode, dual numbers, path sums and a JAX-style functional API that nests to any order.

Function forms of the table (``autograd.exp``, ``log``, ``sin``, ``maximum``, ``clamp`` ... on
floats, arrays, Values, Duals and Tensors) and the n-ary ``sum``, ``dot``, ``max``,
``logsumexp``, ``softmax``, ``log_softmax`` are kept out of ``__all__`` so that
``from autograd import *`` shadows neither builtins nor ``math``.
"""

from typing import Any

from autograd import primitives, pytree
from autograd.define import defprimitive
from autograd.dual import Dual
from autograd.functional import grad, hessian, hvp, jacfwd, jacrev, jvp, linearize, value_and_grad, vjp
from autograd.functions import FORMS, dot, log_softmax, logsumexp, max, outer, softmax, sum, where
from autograd.grad_mode import is_grad_enabled, no_grad, scope
from autograd.gradcheck import GradcheckError, gradcheck
from autograd.graph import ancestors, topological_order
from autograd.paths import Edge, Path, TooManyPathsError, count_paths, path_sum, paths
from autograd.primitive import Primitive, TensorPrimitive
from autograd.stop_gradient import stop_gradient
from autograd.sweeps import backward, forward_sweep, gradients, reverse_sweep
from autograd.tensor import Tensor
from autograd.tensor_functions import concatenate, cross_entropy, stack
from autograd.value import Constant, Value

globals().update(FORMS)  # autograd.exp, autograd.maximum ...: one function per op of the table


def __getattr__(name: str) -> Any:
    """Function forms of ops added later (``defprimitive``)."""
    try:
        return FORMS[name]
    except KeyError:
        raise AttributeError(f"module 'autograd' has no attribute {name!r}") from None


__all__ = [
    "Value",
    "Constant",
    "Dual",
    "Primitive",
    "TensorPrimitive",
    "primitives",
    "defprimitive",
    "backward",
    "reverse_sweep",
    "forward_sweep",
    "gradients",
    "topological_order",
    "ancestors",
    "paths",
    "path_sum",
    "count_paths",
    "Path",
    "Edge",
    "TooManyPathsError",
    "grad",
    "value_and_grad",
    "jvp",
    "vjp",
    "jacfwd",
    "jacrev",
    "hessian",
    "gradcheck",
    "GradcheckError",
    "no_grad",
    "is_grad_enabled",
    "scope",
    "Tensor",
    "concatenate",
    "stack",
    "cross_entropy",
    "where",
    "outer",
    "linearize",
    "hvp",
    "stop_gradient",
    "pytree",
]
