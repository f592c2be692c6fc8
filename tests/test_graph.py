"""Graph walks: topological order, ancestors; what operations record (no_grad, scope).

References: the definition of a topological order (every node after its inputs), a recursive
reachability walk and a recursive depth-first post-order written here, and the lecture example
e = (a + b) * (b + 1) drawn by hand (nodes a, b, c = a + b, the constant 1, d = b + 1, e = c * d).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from conftest import Program, lecture_example, programs
from hypothesis import given, settings

import autograd
from autograd import Tensor, Value, ancestors, is_grad_enabled, no_grad, scope, topological_order


def reachable(node: Any, seen: set[Any] | None = None) -> set[Any]:
    """Every node ``node`` depends on, by recursion (the obvious definition)."""
    seen = set() if seen is None else seen
    if node not in seen:
        seen.add(node)
        for child in node.inputs:
            reachable(child, seen)
    return seen


def assert_topological(order: list[Any], roots: list[Any]) -> None:
    position = {node: k for k, node in enumerate(order)}
    assert len(position) == len(order), "a node appears twice"
    expected = set().union(*(reachable(r) for r in roots))
    assert set(order) == expected
    for node in order:
        for child in node.inputs:
            assert position[child] < position[node]


def test_lecture_example_order() -> None:
    a, b, c, d, e = lecture_example()
    order = topological_order(e)
    assert_topological(order, [e])
    assert len(order) == 5 and order[-1] is e  # a, b, c, d = b + 1 (the 1 is a parameter), e
    assert ancestors(c) == {a, b, c}


@settings(max_examples=60, deadline=None)
@given(programs(max_steps=10, n_outputs=3))
def test_random_graphs_every_node_after_its_inputs(program: Program) -> None:
    leaves = [Value(x) for x in program.leaves]
    outputs = program.vector(*leaves)
    assert_topological(topological_order(outputs), outputs)
    y = program(*leaves)
    assert_topological(topological_order(y), [y])
    assert ancestors(y) == reachable(y)


def test_deep_chain_needs_no_recursion() -> None:
    x = Value(0.5)
    y = x
    for _ in range(20_000):
        y = y.sin()
    order = topological_order(y)
    assert len(order) == 20_001 and order[0] is x and order[-1] is y


def test_no_grad_records_nothing_and_restores() -> None:
    x = Value(2.0)
    assert is_grad_enabled()
    with no_grad():
        assert not is_grad_enabled()
        y = x * x + 1
    assert is_grad_enabled() and y.data == 5.0 and y.is_leaf and y.local_grads == ()
    with pytest.raises(ZeroDivisionError), no_grad():
        x / 0
    assert is_grad_enabled()

    @no_grad()
    def square(v: Value) -> Value:
        return v * v

    assert square(x).is_leaf and is_grad_enabled()


def test_scope_names_nodes_and_nests() -> None:
    x = Value(1.0)
    with scope("layer1") as name:
        assert name == "layer1"
        y = x * 2
        with scope("neuron3"):
            z = y + 1
    w = z * 3
    assert x.scope is None and y.scope == "layer1" and z.scope == "layer1/neuron3" and w.scope is None
    with pytest.raises(TypeError):
        scope("")


def postorder(roots: list[Any]) -> list[Any]:
    """Depth-first post-order by recursion, inputs in order: each node after its inputs, the
    first input's subgraph first (the reference for the order itself, on small graphs)."""
    order: list[Any] = []
    seen: set[Any] = set()

    def visit(node: Any) -> None:
        if node not in seen:
            seen.add(node)
            for child in node.inputs:
                visit(child)
            order.append(node)

    for root in roots:
        visit(root)
    return order


def mlp_losses(points: int = 3) -> tuple[list[Value], list[Value]]:
    """Per point, a 2-4-4-1 ReLU network's output: every neuron shares its weights with the same
    neuron at the other points and its inputs with the other neurons of its layer (the shape of
    W1, where most nodes meet all their inputs before)."""
    widths = [2, 4, 4, 1]
    layers = [[([Value(0.1 * (i + j + k) - 0.3) for k in range(n)], Value(0.05 * j)) for j in range(m)]
              for i, (n, m) in enumerate(zip(widths, widths[1:]))]
    outputs = []
    for p in range(points):
        a: list[Any] = [Value(0.5 * p - 0.2), Value(0.3 - 0.1 * p)]
        for layer in layers:
            a = [autograd.dot(w, a, bias=b).relu() for w, b in layer]
        outputs.append(a[0])
    params = [v for layer in layers for w, b in layer for v in (*w, b)]
    return outputs, params


def test_shared_subgraphs_order_matches_the_recursive_post_order() -> None:
    a, b = Value(1.5), Value(-0.5)
    c = a * b  # a diamond: c feeds d and e, which meet again in f
    d, e = c + a, c * c  # c * c: the same input twice
    f = d * e + c
    h = (d * a).tanh()  # one input, made of met nodes: emitted with it, as relu(neuron)
    outputs, params = mlp_losses()
    total = autograd.sum(outputs) + autograd.dot(params, params)  # params: each input twice
    cases = [[f], [d, e, f], [f, d], [e, c], [d, h], [h.relu(), c], outputs, [total],
             [total, *outputs], [params[0]]]
    for roots in cases:
        order = topological_order(roots)
        assert_topological(order, roots)
        assert order == postorder(roots)
    assert topological_order(total) == postorder([total])


def test_chains_of_one_input_nodes_order_matches_the_recursive_post_order() -> None:
    """A chain of one-input nodes is walked down in one loop: over a leaf, over a node met
    before, and over a node whose own inputs still need a search (the hinge of W1)."""
    a, b = Value(0.3), Value(-0.2)
    over_leaf = ((a * 2.0 + 1.0).tanh() * 0.5).exp()
    searched = autograd.dot([a, b], [b, Value(0.7)], bias=Value(0.1))
    hinge = (1.0 - 2.0 * searched).relu()  # relu <- rsub <- mul <- dot, the dot not met yet
    over_met = (-(a * b)).sigmoid()
    mixed = over_leaf + hinge * over_met
    cases = [[over_leaf], [hinge], [mixed], [over_met, mixed], [hinge, searched], [searched, hinge]]
    for roots in cases:
        assert topological_order(roots) == postorder(roots)
    y = x = Value(0.5)
    for _ in range(250):  # one run of 750 links, still shallow enough for the recursive reference
        y = (y * 1.0001 + 0.001).tanh()
    assert topological_order(y) == postorder([y])
    assert topological_order([y, x]) == postorder([y, x])


def test_chains_of_links_over_leaves_order_matches_the_recursive_post_order() -> None:
    """A link may also have a leaf as its second input (``A @ W``, ``h + b``: the layers of an
    MLP): the leaf is emitted just before its link, once, as the recursive search does, whether
    it is new, met before, shared along the chain or the chain's own bottom."""
    w, c = Value(0.9), Value(0.1)
    x = Value(0.5)
    y = x
    for _ in range(3):
        y = ((y * w + c).tanh() * w).relu()  # the same leaves w, c on every layer
    searched = autograd.dot([w, c], [x, Value(0.2)])  # a bottom that needs a search
    over_search = (searched * c + w).exp()
    leaf_first = w * (x * c + Value(0.3))  # a leaf as the first input: not a link
    cases = [[y], [over_search], [y, over_search], [over_search, y], [leaf_first, y], [x * x]]
    for roots in cases:
        assert topological_order(roots) == postorder(roots)
    X = Tensor(np.ones((2, 3)))
    Ws = [Tensor(np.full((3, 3), 0.1), requires_grad=True) for _ in range(3)]
    bs = [Tensor(np.zeros(3), requires_grad=True) for _ in range(3)]
    A = X
    for W, b in zip(Ws, bs):
        A = (A @ W + b).relu()
    loss = A.sum()
    assert topological_order(loss) == postorder([loss])
    assert topological_order([loss, A]) == postorder([loss, A])


@settings(max_examples=60, deadline=None)
@given(programs(max_steps=10, n_outputs=3))
def test_random_graphs_order_matches_the_recursive_post_order(program: Program) -> None:
    leaves = [Value(x) for x in program.leaves]
    outputs = program.vector(*leaves)
    assert topological_order(outputs) == postorder(outputs)


def test_deep_chain_over_a_shared_leaf_needs_no_recursion() -> None:
    """Each link's inputs: the link below (new) and a leaf met long before."""
    a = Value(1.0001)
    y = x = Value(0.5)
    for _ in range(200_000):
        y = y * a
    order = topological_order(y)
    assert len(order) == 200_002 and order[0] is x and order[1] is a and order[-1] is y
