"""``ag.trace``: the recorded graph and its derivative programs, printed as equations.

References: the lecture's example e = (a + b)(b + 1) at a = 2, b = 1, whose forward program,
adjoint program (ē = 1, d̄ = ē·c = 3, c̄ = ē·d = 2, b̄ = c̄ + d̄ = 5, ā = c̄ = 2) and tangent
program are written out by hand below; closed forms for a second derivative.
"""

from __future__ import annotations

import unicodedata

import pytest

import autograd as ag
from autograd import Value


def lecture(a, b):
    c = a + b
    d = b + 1
    return c * d


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_the_lecture_example_prints_its_forward_program() -> None:
    program = ag.trace(lecture, 2.0, 1.0)
    assert str(program) == "inputs: a, b\nc = a + b\nd = b + 1\ne = c · d\noutputs: e"
    assert [eq.name for eq in program.equations] == ["c", "d", "e"]
    assert program.inputs == ["a", "b"] and program.outputs == "e"


def test_the_lecture_example_prints_its_adjoint_program() -> None:
    reverse = ag.trace(lecture, 2.0, 1.0).reverse()
    assert str(reverse) == nfc("inputs: a, b\n"
                               "e\u0304 = 1\n"
                               "d\u0304 = e\u0304 · c\n"
                               "c\u0304 = e\u0304 · d\n"
                               "b\u0304 = c\u0304 + d\u0304\n"
                               "a\u0304 = c\u0304\n"
                               "outputs: (a\u0304, b\u0304)")
    assert "ē = 1" in str(reverse) and "b̄ = c̄ + d̄" in str(reverse)


def test_the_lecture_example_prints_its_tangent_program() -> None:
    forward = ag.trace(lecture, 2.0, 1.0).forward("b")
    assert str(forward) == nfc("inputs: b\u0307\n"
                               "b\u0307 = 1\n"
                               "c\u0307 = b\u0307\n"
                               "d\u0307 = b\u0307\n"
                               "e\u0307 = c\u0307 · d + d\u0307 · c\n"
                               "outputs: e\u0307")
    forward_a = ag.trace(lecture, 2.0, 1.0).forward("a")
    assert [str(eq) for eq in forward_a.equations] == [nfc(s) for s in (
        "a\u0307 = 1", "c\u0307 = a\u0307", "e\u0307 = c\u0307 · d")]
    with pytest.raises(ValueError, match="'z' is not an input"):
        ag.trace(lecture, 2.0, 1.0).forward("z")


def test_labels_name_the_variables() -> None:
    program = ag.trace(lecture, Value(2.0, label="x"), Value(1.0, label="y"))
    assert program.inputs == ["x", "y"]
    # letters continue after single-letter inputs (z), then t1, t2 ...
    assert [str(eq) for eq in program] == ["z = x + y", "t1 = y + 1", "t2 = z · t1"]

    def labelled(a, b):
        s = a * b
        s.label = "product"
        return s.sin()

    assert [str(eq) for eq in ag.trace(labelled, 1.0, 2.0)] == ["product = a · b", "c = sin(product)"]


def test_value_and_grad_traces_to_its_program() -> None:
    vg = ag.value_and_grad(lecture, argnums=(0, 1))
    program = ag.trace(vg, Value(2.0, label="a"), Value(1.0, label="b"))
    # e = c·d, ∂e/∂a = d, ∂e/∂b = c + d: one new equation, the sum at b
    assert [str(eq) for eq in program] == ["c = a + b", "d = b + 1", "e = c · d", "f = c + d"]
    assert program.outputs == ("e", ("d", "f"))


def test_list_arguments_name_their_entries_and_numbers_print_as_parameters() -> None:
    def f(w, x):
        return ag.dot(w, x) * 3 - 1.5

    program = ag.trace(f, [1.0, 2.0], [3.0, 4.0])
    assert program.inputs == ["w_0", "w_1", "x_0", "x_1"]
    assert [str(eq) for eq in program] == ["t1 = w_0·x_0 + w_1·x_1", "t2 = 3 · t1", "t3 = t2 - 1.5"]


def test_second_derivative_program_records_the_relu_mask_as_an_equation() -> None:
    def f(x):
        return x.relu() * x ** 3

    program = ag.trace(ag.grad(ag.grad(f)), 1.5)
    text = str(program)
    assert "1[x > 0]" in text  # recomputed from x, not the number 1 of this point
    # d²/dx² x⁴ = 12 x² for x > 0: the compiled program follows the printed one
    assert ag.compile(ag.grad(ag.grad(f)))(1.5) == pytest.approx(12 * 1.5 ** 2, rel=1e-14)


def test_the_reverse_program_seeds_one_and_gives_zero_to_unused_inputs() -> None:
    def f(a, b):
        return a.exp()

    reverse = ag.trace(f, 0.5, 1.0).reverse()
    assert [str(eq) for eq in reverse] == [nfc(s) for s in (
        "c\u0304 = 1", "a\u0304 = c\u0304 · exp(a)", "b\u0304 = 0")]


def test_a_million_node_chain_traces_without_recursion() -> None:
    def chain(x):
        for _ in range(1_000_000):
            x = x + 1.0
        return x

    program = ag.trace(chain, 0.0)
    assert len(program) == 1_000_000
    assert str(program.equations[-1]).endswith("+ 1")


def test_a_long_chain_has_a_reverse_program_without_recursion() -> None:
    def chain(x):
        for _ in range(200_000):
            x = x * 1.0001
        return x

    reverse = ag.trace(chain, 1.0).reverse()
    assert len(reverse) == 200_001
    assert str(reverse.equations[-1]) == nfc("x\u0304 = y\u0304 · 1.0001")


def test_a_tensor_program_and_its_adjoints_are_the_matrix_rules() -> None:
    import numpy as np

    def layer(W, x):  # noqa: ANN001, ANN202
        return (x @ W).relu().sum()

    program = ag.trace(layer, np.ones((3, 2)), np.ones((4, 3)))
    assert [str(eq) for eq in program] == ["t1 = matmul(x, W)", "t2 = relu(t1)", "t3 = sum(t2)"]
    reverse = [str(eq) for eq in program.reverse()]
    # the lecture's delta rule: δ = ḡ ⊙ f'(z), W̄ = xᵀ δ, x̄ = δ Wᵀ
    assert reverse[-2:] == [nfc("W\u0304 = xᵀ·t1\u0304"), nfc("x\u0304 = t1\u0304·Wᵀ")]
    assert nfc("t1\u0307 = ∂W matmul(x, W)[W\u0307]") in [str(eq) for eq in program.forward("W")]
