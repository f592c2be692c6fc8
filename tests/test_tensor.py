"""``autograd.Tensor``: construction, bad input, recording rules, backward semantics (PyTorch's:
accumulate, twice is exactly twice, an explicit seed for non-scalars), and errors that name the
operation and both shapes. Numbers are checked against numpy closed forms written here."""

from __future__ import annotations

import numpy as np
import pytest

from autograd import Tensor, concatenate, cross_entropy, no_grad, stack

RNG = np.random.default_rng(7)


# ----------------------------------------------------------------------------- construction


def test_float64_by_default_float32_on_request() -> None:
    assert Tensor([1, 2, 3]).dtype == np.float64
    assert Tensor(np.arange(3, dtype=np.int32)).dtype == np.float64
    assert Tensor([True, False]).dtype == np.float64
    assert Tensor(2.5).shape == ()
    assert Tensor([1.0, 2.0], dtype=np.float32).dtype == np.float32
    assert Tensor(np.ones(2, np.float32)).dtype == np.float32  # a float32 array stays float32


def test_a_float_array_is_shared_not_copied() -> None:
    a = np.ones(3)
    assert Tensor(a).data is a


@pytest.mark.parametrize("bad", [["a", "b"], [1.0, None], {"x": 1}, np.array([1 + 2j]), object()])
def test_non_numbers_are_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="Tensor: expected numbers"):
        Tensor(bad)


def test_nan_is_a_value_error_naming_the_index() -> None:
    with pytest.raises(ValueError, match=r"Tensor: got NaN at index \(1, 0\)"):
        Tensor([[1.0, 2.0], [float("nan"), 3.0]])


def test_ragged_lists_and_other_dtypes_are_value_errors() -> None:
    with pytest.raises(ValueError, match="Tensor: cannot make an array"):
        Tensor([[1.0, 2.0], [3.0]])
    with pytest.raises(ValueError, match="float32 or float64"):
        Tensor([1.0], dtype=np.int64)


def test_nan_operand_and_nan_exponent_are_value_errors() -> None:
    x = Tensor([1.0, 2.0])
    with pytest.raises(ValueError, match=r"\+: got NaN"):
        x + float("nan")
    with pytest.raises(ValueError, match=r"\*\*: got NaN"):
        x ** float("nan")


# ----------------------------------------------------------------------------- operators


def test_operators_with_numbers_arrays_and_reflected() -> None:
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    x = Tensor(a)
    np.testing.assert_array_equal((2.0 - x).data, 2.0 - a)
    np.testing.assert_array_equal((1.0 / x).data, 1.0 / a)
    np.testing.assert_array_equal((3 * x + 1).data, 3 * a + 1)
    np.testing.assert_array_equal((2.0 ** x).data, 2.0**a)
    np.testing.assert_array_equal((a @ x).data, a @ a)
    left = a + x  # numpy defers to the Tensor: a Tensor, not an object array
    assert isinstance(left, Tensor)
    np.testing.assert_array_equal(left.data, a + a)
    assert (+x) is x


def test_number_operands_take_the_tensors_dtype() -> None:
    x = Tensor([1.0, 2.0], dtype=np.float32)
    for y in (x * 2, 2 * x, x + np.array([1, 2]), x / 3.0, x**2, 1.5**x):
        assert y.dtype == np.float32


def test_len_iter_item_and_bool() -> None:
    x = Tensor([[1.0, 2.0], [3.0, 4.0]])
    assert len(x) == 2
    assert [row.data.tolist() for row in x] == [[1.0, 2.0], [3.0, 4.0]]
    assert Tensor([[5.0]]).item() == 5.0
    with pytest.raises(ValueError, match=r"item: needs a Tensor of one entry, got shape \(2, 2\)"):
        x.item()
    with pytest.raises(ValueError, match="ambiguous"):
        bool(x)
    with pytest.raises(TypeError, match="0-d"):
        len(Tensor(1.0))


def test_repr_names_dtype_op_and_requires_grad() -> None:
    x = Tensor([1.0, 2.0], dtype=np.float32, requires_grad=True)
    assert repr(x) == "Tensor([1., 2.], dtype=float32, requires_grad=True)"
    assert "op='relu'" in repr(x.relu())


# ----------------------------------------------------------------------------- recording


def test_constants_record_nothing_and_get_no_gradient() -> None:
    X = Tensor(RNG.normal(size=(4, 3)))  # a data batch: requires_grad is False by default
    W = Tensor(RNG.normal(size=(3, 2)), requires_grad=True)
    y = X @ W
    assert y.requires_grad and y.inputs == (X, W) and y.op == "matmul"
    z = X * 2.0
    assert not z.requires_grad and z.inputs == () and z.op == ""
    y.sum().backward()
    assert X.grad is None
    np.testing.assert_allclose(W.grad, X.data.T @ np.ones((4, 2)))


def test_no_grad_records_nothing() -> None:
    W = Tensor(RNG.normal(size=(3, 2)), requires_grad=True)
    with no_grad():
        y = (W * W).sum()
    assert not y.requires_grad and y.inputs == () and y.primitive is None
    with pytest.raises(ValueError, match="does not require grad"):
        y.backward()


def test_the_context_is_computed_once_at_creation() -> None:
    x = Tensor(RNG.normal(size=(2, 3)), requires_grad=True)
    assert x.sum(axis=1).ctx == ((1,), False)
    assert x.transpose(1, 0).ctx == (1, 0)
    y = x.leaky_relu(0.2)  # elementwise: the partials themselves, from the one table
    np.testing.assert_array_equal(y.local_grads[0], np.where(x.data > 0, 1.0, 0.2))


# ----------------------------------------------------------------------------- backward


def test_backward_accumulates_twice_is_exactly_twice() -> None:
    a = np.array([0.5, -1.0, 2.0])
    x = Tensor(a, requires_grad=True)
    y = (x * x).sum()
    y.backward()
    first = x.grad.copy()
    np.testing.assert_array_equal(first, 2 * a)
    y.backward()
    np.testing.assert_array_equal(x.grad, 2 * first)


def test_backward_on_a_non_scalar_needs_a_seed_and_says_so() -> None:
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    with pytest.raises(ValueError, match=r"shape \(2, 3\), not a single entry; pass gradient="):
        (x * 2).backward()
    with pytest.raises(ValueError, match=r"gradient of shape \(3,\) does not match .* \(2, 3\)"):
        (x * 2).backward(np.ones(3))
    seed = RNG.normal(size=(2, 3))
    (x * 3.0).backward(seed)
    np.testing.assert_allclose(x.grad, 3.0 * seed)


def test_a_size_one_output_needs_no_seed() -> None:
    x = Tensor([[2.0]], requires_grad=True)
    (x * x).backward()
    np.testing.assert_array_equal(x.grad, [[4.0]])


def test_shared_adjoints_are_not_aliased_between_grads() -> None:
    """a + b hands the same adjoint to both inputs; their .grad must still be separate arrays."""
    a = Tensor(np.ones(3), requires_grad=True)
    b = Tensor(np.ones(3), requires_grad=True)
    seed = np.array([1.0, 2.0, 3.0])
    (a + b).backward(seed)
    assert a.grad is not b.grad and not np.shares_memory(a.grad, b.grad)
    assert not np.shares_memory(a.grad, seed)
    a.grad += 100.0
    np.testing.assert_array_equal(b.grad, seed)
    (a + b).backward(seed)  # accumulation into one does not leak into the other
    np.testing.assert_array_equal(b.grad, 2 * seed)
    np.testing.assert_array_equal(a.grad, 2 * seed + 100.0)


def test_broadcast_views_become_writable_grads() -> None:
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    x.sum().backward()  # the adjoint is a read-only broadcast view of one number
    assert x.grad.flags.writeable and x.grad.shape == (2, 3)
    x.sum().backward()
    np.testing.assert_array_equal(x.grad, np.full((2, 3), 2.0))


def test_a_node_used_twice_gets_both_paths() -> None:
    a = RNG.normal(size=(3,))
    x = Tensor(a, requires_grad=True)
    h = x.tanh()
    (h * h + h).sum().backward()  # d/dx (t^2 + t) = (2t + 1)(1 - t^2)
    t = np.tanh(a)
    np.testing.assert_allclose(x.grad, (2 * t + 1) * (1 - t * t))


def test_retain_grad_fills_an_intermediate() -> None:
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    h = x * 3.0
    h.retain_grad()
    (h * h).sum().backward()
    np.testing.assert_allclose(h.grad, 2 * 3.0 * np.array([1.0, 2.0]))
    assert (x * 1.0).grad is None


def test_float32_gradients_stay_float32_when_mixed_with_float64() -> None:
    W = Tensor(np.ones((2, 2), np.float32), requires_grad=True)
    (W * np.ones(2)).sum().backward()  # a float64 array promotes the product, not W.grad
    assert W.grad.dtype == np.float32


def test_detach_and_requires_grad_() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    d = (x * 2).detach()
    assert not d.requires_grad and d.inputs == ()
    y = Tensor([1.0]).requires_grad_()
    assert y.requires_grad
    with pytest.raises(ValueError, match="only a leaf"):
        (x * 2).requires_grad_(False)


def test_a_deep_chain_needs_no_recursion() -> None:
    x = Tensor(np.array([1.0, -1.0]), requires_grad=True)
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.sum().backward()
    np.testing.assert_allclose(x.grad, np.full(2, 1.0001**5000), rtol=1e-9)


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize("make, pattern", [
    (lambda a, b: a + b, r"\+: shapes \(2, 3\) and \(4,\) do not broadcast"),
    (lambda a, b: a * b, r"\*: shapes \(2, 3\) and \(4,\) do not broadcast"),
    (lambda a, b: a - b, r"-: shapes \(2, 3\) and \(4,\) do not broadcast"),
    (lambda a, b: a / b, r"/: shapes \(2, 3\) and \(4,\) do not broadcast"),
    (lambda a, b: a @ b, r"matmul: shapes \(2, 3\) and \(4,\) do not align"),
    (lambda a, b: concatenate([a, b]), r"concatenate: shapes \[\(2, 3\), \(4,\)\]"),
    (lambda a, b: stack([a, b]), r"stack: needs tensors of one shape, got shapes \[\(2, 3\), \(4,\)\]"),
    (lambda a, b: a.reshape(4), r"reshape: cannot reshape a tensor of shape \(2, 3\) .* into shape \(4,\)"),
])
def test_shape_mismatches_name_the_op_and_both_shapes(make: object, pattern: str) -> None:
    a = Tensor(np.ones((2, 3)), requires_grad=True)
    b = Tensor(np.ones(4) + 1.0)
    with pytest.raises(ValueError, match=pattern):
        make(a, b)  # type: ignore[operator]


def test_cross_entropy_names_bad_shapes_and_labels() -> None:
    z = Tensor(np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"shapes \(3, 4\) and \(2,\)"):
        cross_entropy(z, np.array([0, 1]))
    with pytest.raises(ValueError, match=r"target 4 at index 1 is not a class in \[0, 4\)"):
        cross_entropy(z, np.array([0, 4, 1]))
    with pytest.raises(ValueError, match=r"target -1 at index 2"):
        cross_entropy(z, np.array([0, 1, -1]))
    with pytest.raises(TypeError, match="integer class indices"):
        cross_entropy(z, np.array([0.5, 1.0, 2.0]))
    with pytest.raises(ValueError, match="reduction must be one of"):
        cross_entropy(z, np.array([0, 1, 2]), reduction="max")


def test_domain_errors_name_the_op_value_and_index() -> None:
    x = Tensor([[1.0, -0.5]])
    with pytest.raises(ValueError, match=r"log: needs x > 0, got -0.5 at index \(0, 1\)"):
        x.log()
    with pytest.raises(ValueError, match=r"sqrt: needs x >= 0, got -0.5 at index \(0, 1\)"):
        x.sqrt()
    with pytest.raises(ZeroDivisionError, match=r"/: division by zero .*got 0.0 at index \(1,\)"):
        Tensor([1.0, 2.0]) / Tensor([1.0, 0.0])
    with pytest.raises(OverflowError, match=r"exp: overflows float64 \(needs x <= 709.78.*index \(1,\)"):
        Tensor([1.0, 1000.0]).exp()
    with pytest.raises(OverflowError, match=r"exp: overflows float32 \(needs x <= 88.72"):
        Tensor([100.0], dtype=np.float32).exp()
    with pytest.raises(ValueError, match=r"\*\*0.5: a negative base needs an integer exponent"):
        x**0.5
    with pytest.raises(ValueError, match=r"\*\* \(pow\): a negative base needs an integer exponent"):
        x ** Tensor([1.0, 2.5])
    with pytest.raises(ValueError, match=r"-2\*\*x: needs a base >= 0, got -2"):
        (-2) ** Tensor([1.0])


def test_axis_errors_name_the_op_and_shape() -> None:
    x = Tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"sum: axis 2 is out of range for a tensor of shape \(2, 3\)"):
        x.sum(axis=2)
    with pytest.raises(ValueError, match=r"softmax: axis -3 is out of range"):
        x.softmax(axis=-3)
    with pytest.raises(ValueError, match=r"max: reduces over an empty axis"):
        Tensor(np.ones((0, 2))).max(axis=0)
    with pytest.raises(ValueError, match=r"transpose: axes \(0, 0\) are not a permutation"):
        x.transpose(0, 0)
    with pytest.raises(IndexError, match=r"getitem: index 5 is invalid for a tensor of shape \(2, 3\)"):
        x[5]
    with pytest.raises(TypeError, match="not Tensors"):
        x[Tensor([0.0])]
