"""edgegrad's autodiff engine: a recorded graph of scalar nodes with the local derivative on
every edge, reverse mode, forward mode, dual numbers, path sums and a JAX-style functional API.

Functions (``autograd.sum``, ``dot``, ``max``, ``logsumexp``, ``softmax``, ``log_softmax`` and
the one-input ``exp``, ``log``, ``sin`` ... on floats, Values or Duals) are kept out of
``__all__`` so that ``from autograd import *`` shadows neither builtins nor ``math``.
"""

from autograd import primitives
from autograd.dual import Dual
from autograd.functional import grad, hessian, jacfwd, jacrev, jvp, value_and_grad, vjp
from autograd.functions import (acos, asin, atan, cos, dot, exp, leaky_relu, log, log_softmax,
                                logsumexp, max, relu, sigmoid, sin, softmax, softplus, sqrt, step,
                                sum, tan, tanh)
from autograd.grad_mode import is_grad_enabled, no_grad, scope
from autograd.gradcheck import GradcheckError, gradcheck
from autograd.graph import ancestors, topological_order
from autograd.paths import Edge, Path, TooManyPathsError, count_paths, path_sum, paths
from autograd.primitives import Primitive
from autograd.sweeps import backward, forward_sweep, gradients, reverse_sweep
from autograd.tensor import Tensor
from autograd.tensor_functions import concatenate, cross_entropy, stack
from autograd.value import Constant, Value

__all__ = [
    "Value", "Constant", "Dual", "Primitive", "primitives",
    "backward", "reverse_sweep", "forward_sweep", "gradients",
    "topological_order", "ancestors",
    "paths", "path_sum", "count_paths", "Path", "Edge", "TooManyPathsError",
    "grad", "value_and_grad", "jvp", "vjp", "jacfwd", "jacrev", "hessian",
    "gradcheck", "GradcheckError", "no_grad", "is_grad_enabled", "scope",
    "Tensor", "concatenate", "stack", "cross_entropy",
]
