"""gradcheck: passes on correct functions, and reports every mismatch.

References: closed forms of the numeric derivatives that must appear in the report (d(x^2)/dx
= 2x, d(xy)/dx = y ...), and a deliberately wrong table entry (a primitive claiming
d(x^2)/dx = x) that gradcheck must catch.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from autograd import GradcheckError, Primitive, Value, gradcheck
from autograd.functions import apply
from autograd.primitives import templates

MISMATCH = re.compile(r"output (\d+), input (\d+): reverse-mode (\S+), numeric (\S+)")


def mismatches(f: Any, inputs: list[float]) -> list[tuple[int, int, float, float]]:
    """The (output, input, analytic, numeric) rows of the GradcheckError that f must raise."""
    with pytest.raises(GradcheckError) as info:
        gradcheck(f, inputs)
    return [(int(j), int(i), float(a), float(n)) for j, i, a, n in MISMATCH.findall(str(info.value))]


@pytest.mark.parametrize("f,inputs", [
    (lambda x, y: x * y + x.sin() / y, [0.3, 1.2]),
    (lambda x: (x.tanh() + x.sigmoid()) ** 2, [-0.7]),
    (lambda x, y: [x.exp(), x * y, y.log()], [0.5, 2.0]),
    (lambda x, y: x.relu() * y.softplus(), [1.5, -0.5]),
])
def test_passes_on_correct_functions(f: Any, inputs: list[float]) -> None:
    assert gradcheck(f, inputs) is True


def test_graph_breaking_function_is_reported() -> None:
    x = 1.5
    rows = mismatches(lambda v: Value(v.data ** 2), [x])
    assert len(rows) == 1
    output, index, analytic, numeric = rows[0]
    assert (output, index, analytic) == (0, 0, 0.0)
    assert numeric == pytest.approx(2 * x, rel=1e-6)


def test_every_mismatch_is_listed() -> None:
    x, y = 2.0, -3.0
    rows = mismatches(lambda a, b: Value(a.data * b.data), [x, y])
    assert [(j, i, a) for j, i, a, _ in rows] == [(0, 0, 0.0), (0, 1, 0.0)]
    assert [n for *_, n in rows] == pytest.approx([y, x], rel=1e-6)
    # half broken: only the input whose edge is cut is listed
    rows = mismatches(lambda a, b: a * Value(b.data), [x, y])
    assert [(j, i) for j, i, *_ in rows] == [(0, 1)]
    assert rows[0][3] == pytest.approx(x, rel=1e-6)


def test_several_outputs_are_reported_separately() -> None:
    rows = mismatches(lambda a: [a * a, Value(a.data * 3.0)], [1.0])
    assert [(j, i) for j, i, *_ in rows] == [(1, 0)]
    assert rows[0][3] == pytest.approx(3.0, rel=1e-6)


def test_wrong_table_entry_is_caught() -> None:
    wrong = Primitive("square?", lambda m, a: (a * a, (a,)), templates("{0}"), arity=1)
    rows = mismatches(lambda v: apply(wrong, [v]), [3.0])
    assert rows == [(0, 0, 3.0, pytest.approx(6.0, rel=1e-6))]


def test_message_hints_at_a_cut_graph() -> None:
    with pytest.raises(GradcheckError, match="cutting the graph"):
        gradcheck(lambda v: Value(v.data ** 2), [1.5])
