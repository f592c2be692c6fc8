"""Graph walks: topological order, ancestors; what operations record (no_grad, scope).

References: the definition of a topological order (every node after its inputs), a recursive
reachability walk written here, and the lecture example e = (a + b) * (b + 1) drawn by hand
(nodes a, b, c = a + b, the constant 1, d = b + 1, e = c * d).
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Program, lecture_example, programs
from hypothesis import given, settings

from autograd import Value, ancestors, is_grad_enabled, no_grad, scope, topological_order


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
