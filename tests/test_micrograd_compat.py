"""micrograd's own test expressions run on edgegrad with only the import line changed.

Reference: micrograd 0.1.0 itself (skipped when it is not installed): the same source
(``conftest.MICROGRAD_SOURCE``: micrograd's test_sanity_check, test_more_ops and a README
neuron) is executed twice, once as written (``from micrograd.engine import Value``) and once
with that line replaced by ``from autograd import Value``; the numbers must agree.
"""

from __future__ import annotations

import math

import pytest
from conftest import MICROGRAD_IMPORT, MICROGRAD_SOURCE, run_micrograd_source

pytest.importorskip("micrograd")


def test_same_numbers_with_only_the_import_line_changed() -> None:
    ours = MICROGRAD_SOURCE.replace(MICROGRAD_IMPORT, "from autograd import Value")
    assert ours.count("autograd") == 1
    assert ours.replace("from autograd import Value", MICROGRAD_IMPORT) == MICROGRAD_SOURCE
    expected, actual = run_micrograd_source(MICROGRAD_SOURCE), run_micrograd_source(ours)
    assert len(actual) == len(expected) == 3
    for want, got in zip(expected, actual):
        assert len(got) == len(want)
        for w, g in zip(want, got):
            assert math.isclose(g, w, rel_tol=1e-12, abs_tol=1e-12), (got, want)
    # the numbers micrograd's README prints
    g, a_grad, b_grad = actual[1]
    assert (f"{g:.4f}", f"{a_grad:.4f}", f"{b_grad:.4f}") == ("24.7041", "138.8338", "645.5773")
