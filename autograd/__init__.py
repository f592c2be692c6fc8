"""edgegrad's autodiff engine: a recorded graph of scalar nodes with the local derivative on
every edge, reverse mode, forward mode, dual numbers, path sums and a JAX-style functional API.

N-ary operations (``autograd.sum``, ``dot``, ``max``, ``logsumexp``, ``softmax``,
``log_softmax``) are kept out of ``__all__`` so that ``from autograd import *`` does not
shadow builtins.
"""

from autograd import primitives
from autograd.dual import Dual
from autograd.functional import grad, hessian, jacfwd, jacrev, jvp, value_and_grad, vjp
from autograd.functions import dot, log_softmax, logsumexp, max, softmax, sum
from autograd.grad_mode import is_grad_enabled, no_grad, scope
from autograd.gradcheck import GradcheckError, gradcheck
from autograd.graph import ancestors, topological_order
from autograd.paths import Edge, Path, TooManyPathsError, count_paths, path_sum, paths
from autograd.primitives import Primitive
from autograd.sweeps import backward, forward_sweep, gradients, reverse_sweep
from autograd.value import Constant, Value

__all__ = [
    "Value", "Constant", "Dual", "Primitive", "primitives",
    "backward", "reverse_sweep", "forward_sweep", "gradients",
    "topological_order", "ancestors",
    "paths", "path_sum", "count_paths", "Path", "Edge", "TooManyPathsError",
    "grad", "value_and_grad", "jvp", "vjp", "jacfwd", "jacrev", "hessian",
    "gradcheck", "GradcheckError", "no_grad", "is_grad_enabled", "scope",
]
