"""Pytrees (``autograd.pytree``): flatten/unflatten round trips on random nested dicts, lists and
tuples, and a gradient in its argument's structure.

References: the tree itself (unflatten(flatten(t)) == t, leaves in JAX's order: dicts by sorted
key), and the closed form d/dx_i sum_j x_j² = 2 x_i for every leaf of a random tree.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd as ag
from autograd.pytree import congruent, flatten, leaves, structure, tree_map, unflatten

floats = st.floats(-3.0, 3.0, allow_nan=False)
trees = st.recursive(
    floats,
    lambda kids: st.one_of(st.lists(kids, min_size=1, max_size=3),
                           st.lists(kids, min_size=1, max_size=3).map(tuple),
                           st.dictionaries(st.sampled_from("abcd"), kids, min_size=1, max_size=3)),
    max_leaves=8)


@settings(max_examples=60, deadline=None)
@given(trees)
def test_round_trip_and_structure(tree: Any) -> None:
    flat, treedef = flatten(tree)
    assert unflatten(treedef, flat) == tree
    assert treedef == structure(tree) and treedef.num_leaves == len(flat)
    assert tree_map(lambda x: x, tree) == tree
    assert congruent(treedef, structure(tree_map(lambda x: 0.0, tree)))


@settings(max_examples=40, deadline=None)
@given(trees)
def test_gradient_has_the_arguments_structure(tree: Any) -> None:
    g = ag.grad(lambda t: ag.sum([x * x for x in leaves(t)]) if len(list(leaves(t))) > 1
                else next(leaves(t)) ** 2)(tree)
    assert structure(g) == structure(tree)
    assert list(leaves(g)) == pytest.approx([2 * x for x in leaves(tree)], abs=1e-12)


def test_dict_leaves_come_in_sorted_key_order_as_jax() -> None:
    tree = {"b": 1.0, "a": [2.0, (3.0,)], "c": {"z": 4.0, "y": 5.0}}
    assert list(leaves(tree)) == [2.0, 3.0, 1.0, 5.0, 4.0]
    assert repr(structure({"b": 1.0, "a": (2.0,)})) == "{'a': (*,), 'b': *}"
    assert not congruent(structure({"a": 1.0}), structure({"b": 1.0}))
    assert congruent(structure([1.0, (2.0,)]), structure((1.0, [2.0])))


def test_unflatten_leaves_no_reference_cycle() -> None:
    """The leaves of a rebuilt tree are freed with it, by reference counting alone (a graph
    reached from them would otherwise live until the garbage collector runs)."""
    import gc
    import weakref

    class Leaf:
        pass

    leaf = Leaf()
    alive = weakref.ref(leaf)
    _, treedef = flatten({"a": [1.0, (2.0, 3.0)]})
    collecting = gc.isenabled()
    gc.disable()
    try:
        tree = unflatten(treedef, [leaf, 2.0, 3.0])
        del leaf, tree
        assert alive() is None
    finally:
        if collecting:
            gc.enable()
