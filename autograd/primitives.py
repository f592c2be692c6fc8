"""The table of primitives: every operation's value rule and local derivatives, in one place.

Each entry is a :class:`Primitive`. Its ``rule(m, *xs)`` returns ``(value, partials)``, the
value of the operation and one local derivative d(out)/d(x_i) per input, written against a
math namespace ``m`` so that the same rule runs on floats (``autograd.floatmath``: building a
node, dual numbers) and on Values (``autograd.value.VALUE_MATH``: derivatives of derivatives).
``domain`` rejects inputs where the value or its derivative is undefined, naming the operation
and the value. ``symbols(names, out)`` prints the partials for pictures: for ``c * d`` it gives
``("d", "c")``.

The entries live in four files by kind (``table_arithmetic``, ``table_calculus``,
``table_activations``, ``table_nary``); this module gathers them into the table. Everything that
differentiates reads it: the reverse sweep, the forward sweep, dual numbers, path sums,
higher-order derivatives and the edge labels of ``viz``. Adding an operation is one entry in a
``table_*`` file, listed here, plus one row in ``tests/test_primitives.py``.
"""

from __future__ import annotations

from autograd.primitive import Primitive, evaluate, named, nan_result, templates  # noqa: F401
from autograd.table_activations import RELU, SIGMOID, SOFTPLUS, STEP, TANH, leaky_relu
from autograd.table_arithmetic import (ABS, ADD, DIV, IDENTITY, MUL, NEG, POW, SUB, add_constant,
                                       div_constant, exp_base, log_base, mul_constant, power,
                                       rdiv_constant, rsub_constant)
from autograd.table_calculus import ACOS, ASIN, ATAN, COS, EXP, LOG, SIN, SQRT, TAN
from autograd.table_nary import AFFINE, DOT, LOGSUMEXP, MAX, SUM, log_softmax, softmax

UNARY = {p.name: p for p in (NEG, ABS, EXP, LOG, SQRT, SIN, COS, TAN, ASIN, ACOS, ATAN,
                             TANH, SIGMOID, RELU, SOFTPLUS, STEP, IDENTITY)}
BINARY = {p.name: p for p in (ADD, SUB, MUL, DIV, POW)}
NARY = {p.name: p for p in (SUM, DOT, AFFINE, MAX, LOGSUMEXP)}
FAMILIES = {"add_constant": add_constant, "mul_constant": mul_constant, "div_constant": div_constant,
            "rsub_constant": rsub_constant, "rdiv_constant": rdiv_constant,
            "power": power, "exp_base": exp_base, "log_base": log_base, "leaky_relu": leaky_relu,
            "softmax": softmax, "log_softmax": log_softmax}
