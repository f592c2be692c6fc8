"""The sum over paths: "sum over all paths from one node to the other, multiplying the
derivatives on each edge of the path together".

References: the lecture's examples by hand: e = (a + b) * (b + 1) (from b: b->c->e with product
1 * d = 2 and b->d->e with product 1 * c = 3), and the 3^2 example, X -(alpha, beta, gamma)-> Y
-(delta, epsilon, zeta)-> Z with dZ/dX = (alpha + beta + gamma)(delta + epsilon + zeta) over 9
paths; k such "diamonds" in a row have 3^k paths. The sweeps and finite differences on random
graphs.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable

import pytest
from conftest import Program, lecture_example, programs
from hypothesis import given, settings

import autograd
from autograd import TooManyPathsError, Value, count_paths, gradients, path_sum, paths


def diamonds(x: Value, weights: list[tuple[float, float, float]]) -> Value:
    """One node per diamond, with three parallel edges from the previous node: dot(w, [y, y, y])."""
    y = x
    for w in weights:
        y = autograd.dot(list(w), [y, y, y])
    return y


def assert_well_formed(path: autograd.Path, x: Value, y: Value) -> None:
    edges = path.edges
    assert edges[0].source is x and edges[-1].target is y
    for first, second in itertools.pairwise(edges):
        assert first.target is second.source
    for edge in edges:
        assert edge.target.inputs[edge.index] is edge.source
        assert edge.local_grad == edge.target.local_grads[edge.index]
    assert path.product == pytest.approx(math.prod(edge.local_grad for edge in edges), rel=1e-15)


def test_lecture_example_paths() -> None:
    a, b, c, d, e = lecture_example()
    found = list(paths(e, b))
    assert len(found) == 2 == count_paths(e, b)
    for path in found:
        assert_well_formed(path, b, e)
    by_middle = {path.edges[0].target: path.product for path in found}
    assert by_middle == {c: 2.0, d: 3.0}
    assert path_sum(e, b) == 5.0 and path_sum(e, a) == 2.0


def test_three_squared_paths() -> None:
    alpha, beta, gamma, delta, epsilon, zeta = 2.0, 3.0, 5.0, 7.0, 11.0, 13.0
    x = Value(0.5)
    z = diamonds(x, [(alpha, beta, gamma), (delta, epsilon, zeta)])
    found = list(paths(z, x))
    assert len(found) == 9 == count_paths(z, x)
    for path in found:
        assert_well_formed(path, x, z)
        assert len(path.edges) == 2
    expected = sorted(p * q for p in (alpha, beta, gamma) for q in (delta, epsilon, zeta))
    assert sorted(path.product for path in found) == expected
    assert path_sum(z, x) == (alpha + beta + gamma) * (delta + epsilon + zeta) == gradients(z, [x])[0]


def test_count_paths_of_k_diamonds_without_enumerating() -> None:
    k = 30
    x = Value(1.0)
    y = diamonds(x, [(1.0, -1.0, 1.0)] * k)
    assert count_paths(y, x) == 3 ** k
    with pytest.raises(TooManyPathsError, match=str(3 ** k)):
        paths(y, x)
    with pytest.raises(TooManyPathsError, match=str(3 ** k)):
        path_sum(y, x)
    assert issubclass(TooManyPathsError, ValueError)


def test_limit() -> None:
    x = Value(1.0)
    y = diamonds(x, [(1.0, 2.0, 3.0)] * 4)  # 81 paths
    assert len(list(paths(y, x, limit=81))) == 81
    with pytest.raises(TooManyPathsError, match="81"):
        paths(y, x, limit=80)


def test_no_path_and_empty_path() -> None:
    x, other = Value(1.0), Value(2.0)
    y = other * 3
    assert count_paths(y, x) == 0 and list(paths(y, x)) == [] and path_sum(y, x) == 0.0
    assert count_paths(x, x) == 1 and path_sum(x, x) == 1.0  # dx/dx: the path with no edge


@settings(max_examples=60, deadline=None)
@given(programs())
def test_path_sum_equals_the_sweeps(program: Program) -> None:
    leaves = [Value(x) for x in program.leaves]
    y = program(*leaves)
    for leaf, g in zip(leaves, gradients(y, leaves)):
        if count_paths(y, leaf) <= 10_000:
            assert path_sum(y, leaf) == pytest.approx(g, rel=1e-9, abs=1e-9)
            assert len(list(paths(y, leaf))) == count_paths(y, leaf)


def test_path_sum_on_a_200k_chain_is_the_product_of_its_local_derivatives() -> None:
    """y = x * c^n along one path of n edges: dy/dx = c^n (closed form), = the reverse sweep."""
    n, c = 200_000, 1.0001
    x = Value(1.0)
    y = x
    for _ in range(n):
        y = y * c
    assert count_paths(y, x) == 1
    assert path_sum(y, x) == pytest.approx(c ** n, rel=1e-9)
    assert path_sum(y, x) == pytest.approx(gradients(y, [x])[0], rel=1e-9)
    (only,) = list(paths(y, x))
    assert len(only.edges) == n
    assert only.edges[0].source is x and only.edges[-1].target is y
    assert all(edge.local_grad == c and edge.index == 0 for edge in only.edges)
    assert all(first.target is second.source for first, second in itertools.pairwise(only.edges))
    assert only.product == path_sum(y, x)


def test_two_way_diamonds_give_every_choice_once() -> None:
    """k stacked diamonds y' = p*y + q*y: 2^k paths, one per choice of p or q at each level, the
    products {p^j q^(k-j)} with multiplicity C(k, j), summing to (p + q)^k."""
    k, p, q = 12, 2.0, -3.0
    x = Value(0.7)
    y = x
    for _ in range(k):
        y = y * p + y * q
    found = list(paths(y, x))
    assert len(found) == 2 ** k == count_paths(y, x)
    for path in found:
        assert_well_formed(path, x, y)
        assert len(path.edges) == 2 * k
    routes = {tuple(id(edge.target) for edge in path.edges) for path in found}
    assert len(routes) == 2 ** k  # no path twice
    expected = Counter(math.prod(choice) for choice in itertools.product((p, q), repeat=k))
    assert Counter(path.product for path in found) == expected
    assert path_sum(y, x) == (p + q) ** k == gradients(y, [x])[0]


@pytest.mark.parametrize("operation", [paths, path_sum, count_paths])
def test_tensors_are_refused_by_name(operation: Callable[..., object]) -> None:
    x = Value(1.0)
    t = autograd.Tensor([1.0, 2.0])
    with pytest.raises(TypeError, match=rf"{operation.__name__}: y must be a scalar Value, got a Tensor"):
        operation(t.sum(), x)
    with pytest.raises(TypeError, match=rf"{operation.__name__}: x must be a scalar Value, got a Tensor"):
        operation(x * 2, t)
