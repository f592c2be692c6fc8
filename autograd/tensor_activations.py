"""Table entries for elementwise functions of one tensor: y_i = f(x_i).

Their Jacobian is diagonal, diag(f'(x)), so both products are the same elementwise product:
vjp gx = g * f'(x) and jvp t = f'(x) * tx. Each entry names f'(x) once, in ``_slope``-style
helpers, written from the saved output y where that is cheaper (e^x, tanh, sigmoid, relu).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograd.tensor_rules import Array, TensorPrimitive, first_bad


def elementwise(name: str, value: Callable[..., tuple[Array, Any]], slope: Callable[[Any], Any],
                math: str) -> TensorPrimitive:
    """The entry for y = f(x) given f's value rule and ``slope(node) = f'(x)``."""
    return TensorPrimitive(name, value, lambda node, g: (g * slope(node),),
                           lambda node, ts: ts[0] * slope(node), math)


def _x(node: Any) -> Array:
    return node.inputs[0].data


# ----------------------------------------------------------------------------- the derivative table


EXP_LIMIT = {np.dtype(t): float(np.log(np.finfo(t).max)) for t in (np.float32, np.float64)}
"""The largest x with e^x finite, per dtype (709.78 in float64, 88.72 in float32)."""


def _exp_value(x: Array) -> tuple[Array, None]:
    if x.size:
        limit = EXP_LIMIT[x.dtype]
        if x.max() > limit:
            raise first_bad("exp", f"x <= {limit:.4f} (e^x overflows {x.dtype})", x, x > limit,
                            OverflowError)
    return np.exp(x), None


def _log_value(x: Array) -> tuple[Array, None]:
    if not np.all(x > 0):
        raise first_bad("log", "x > 0", x, ~(x > 0))
    return np.log(x), None


def _sqrt_value(x: Array) -> tuple[Array, None]:
    if not np.all(x >= 0):
        raise first_bad("sqrt", "x >= 0", x, ~(x >= 0))
    return np.sqrt(x), None


EXP = elementwise("exp", _exp_value, lambda node: node.data, "y = e^x;  gx = g y;  t = y tx")
LOG = elementwise("log", _log_value, lambda node: 1.0 / _x(node), "ln x (x > 0);  gx = g / x;  t = tx / x")
SQRT = elementwise("sqrt", _sqrt_value, lambda node: 0.5 / node.data,
                   "y = √x (x >= 0);  gx = g / (2y);  t = tx / (2y)")
ABS = elementwise("abs", lambda x: (np.abs(x), None), lambda node: np.sign(_x(node)),
                  "|x|;  gx = g sign(x) (0 at 0);  t = sign(x) tx")


# ----------------------------------------------------------------------------- activations


def _sigmoid_value(x: Array) -> tuple[Array, None]:
    # 1 / (1 + e^-x) for x >= 0 and e^x / (1 + e^x) for x < 0: e^-|x| never overflows.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, e) / (1.0 + e), None


def _relu_value(x: Array) -> tuple[Array, None]:
    return np.maximum(x, 0), None


def _leaky_relu_value(x: Array, alpha: float) -> tuple[Array, float]:
    return np.where(x > 0, x, alpha * x), alpha


def _leaky_relu_slope(node: Any) -> Array:
    return np.where(_x(node) > 0, 1.0, node.ctx).astype(node.data.dtype, copy=False)


TANH = elementwise("tanh", lambda x: (np.tanh(x), None), lambda node: 1.0 - node.data * node.data,
                   "y = tanh x;  gx = g (1 - y²);  t = (1 - y²) tx")
SIGMOID = elementwise("sigmoid", _sigmoid_value, lambda node: node.data * (1.0 - node.data),
                      "y = σ(x) = 1/(1+e^-x);  gx = g y(1-y);  t = y(1-y) tx")
RELU = elementwise("relu", _relu_value, lambda node: node.data > 0,
                   "max(0, x);  gx = g 1{x > 0};  t = 1{x > 0} tx")
LEAKY_RELU = elementwise("leaky_relu", _leaky_relu_value, _leaky_relu_slope,
                         "x if x > 0 else αx;  gx = g (1 or α);  t = (1 or α) tx")
SOFTPLUS = elementwise("softplus", lambda x: (np.logaddexp(0.0, x).astype(x.dtype, copy=False), None),
                       lambda node: _sigmoid_value(_x(node))[0],
                       "ln(1 + e^x);  gx = g σ(x);  t = σ(x) tx")

ENTRIES = (EXP, LOG, SQRT, ABS, TANH, SIGMOID, RELU, LEAKY_RELU, SOFTPLUS)

__all__ = ["EXP", "LOG", "SQRT", "ABS", "TANH", "SIGMOID", "RELU", "LEAKY_RELU", "SOFTPLUS",
           "ENTRIES", "elementwise"]
