"""Property: on RANDOM expression graphs every way of differentiating gives the same numbers.

Random DAGs over 1-3 leaves (``conftest.programs``: random primitives with inputs in their
domains, reusing nodes so there are shared subexpressions and several paths), then: reverse
sweep, backward, forward sweep, path sum, dual numbers (the same expression re-evaluated on
Duals), the functional grad, against each other and against central finite differences (the
independent reference).
"""

from __future__ import annotations

import pytest
from conftest import Program, finite_gradient, on_floats, programs
from hypothesis import given, settings

from autograd import Dual, Value, count_paths, forward_sweep, grad, path_sum, reverse_sweep

EXACT = {"rel": 1e-9, "abs": 1e-9}  # the same products summed in another order
NUMERIC = {"rel": 1e-5, "abs": 1e-5}  # central differences, h = 1e-6


def dual_gradient(program: Program) -> list[float]:
    xs = program.leaves
    return [program(*[Dual(x, 1.0 if i == k else 0.0) for i, x in enumerate(xs)]).tangent
            for k in range(len(xs))]


@settings(max_examples=100, deadline=None)
@given(programs())
def test_all_derivatives_agree(program: Program) -> None:
    leaves = [Value(x) for x in program.leaves]
    y = program(*leaves)
    adjoint = reverse_sweep(y)
    reverse = [adjoint.get(leaf, 0.0) for leaf in leaves]  # a leaf y does not use: 0
    assert all(leaf.grad == 0.0 for leaf in leaves)
    y.backward()
    assert [leaf.grad for leaf in leaves] == pytest.approx(reverse, **EXACT)
    assert [forward_sweep(y, wrt=leaf)[y] for leaf in leaves] == pytest.approx(reverse, **EXACT)
    assert dual_gradient(program) == pytest.approx(reverse, **EXACT)
    assert list(grad(lambda *v: program(*v), argnums=tuple(range(len(leaves))))(*program.leaves)) \
        == pytest.approx(reverse, **EXACT)
    for leaf, g in zip(leaves, reverse):
        if count_paths(y, leaf) <= 10_000:
            assert path_sum(y, leaf) == pytest.approx(g, **EXACT)
    assert reverse == pytest.approx(finite_gradient(on_floats(program), program.leaves), **NUMERIC)


@settings(max_examples=100, deadline=None)
@given(programs())
def test_values_agree_with_duals_and_floats(program: Program) -> None:
    """The forward pass: Values, Duals and floats give the same number."""
    value = program(*[Value(x) for x in program.leaves]).data
    assert program(*[Dual(x) for x in program.leaves]).primal == value
    assert on_floats(program)(*program.leaves) == value
