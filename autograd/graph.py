"""Walks over the recorded graph, without recursion: a graph a million nodes deep is fine.

Nodes are anything with an ``inputs`` tuple (Values and Tensors alike).
"""

from __future__ import annotations

from typing import Any


def topological_order(roots: Any) -> list[Any]:
    """Every node that ``roots`` (one node or an iterable of nodes) depend on, each after all
    of its inputs: the order of the forward sweep; reversed, the order of the reverse sweep.

    Iterative depth-first search, inputs in order; a node is emitted when its last input is.
    A node whose inputs were all met before (a neuron's weights, the layer below it, shared by
    every neuron of the layer) is emitted at once: one set test in C for all its inputs, no
    stack entry (in a DAG a met node is already emitted, else it would be its own ancestor);
    so is a one-input node whose input is such a node (an activation of a neuron)."""
    roots = [roots] if hasattr(roots, "inputs") else list(roots)
    order: list[Any] = []
    visited: set[Any] = set()
    add = visited.add
    met = visited.issuperset
    append = order.append
    for root in roots:
        if root in visited:
            continue
        add(root)
        stack = [(root, iter(root.inputs))]
        push = stack.append
        pop = stack.pop
        while stack:
            node, pending = stack[-1]
            for child in pending:
                if child in visited:
                    continue
                add(child)
                inputs = child.inputs
                if inputs:
                    if len(inputs) == 1:  # f(z): emitted at once if z is, or is ready (an activation)
                        z = inputs[0]
                        if z not in visited:
                            above = z.inputs
                            if above and (len(above) == 1 or not met(above)):  # (a chain: no set test)
                                push((child, iter(inputs)))
                                break
                            add(z)
                            append(z)
                    elif not met(inputs):
                        push((child, iter(inputs)))
                        break
                append(child)
            else:
                append(node)
                pop()
    return order


def ancestors(node: Any) -> set[Any]:
    """The nodes ``node`` depends on, itself included."""
    return set(topological_order(node))
