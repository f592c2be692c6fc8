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
    so is a one-input node whose input is such a node (an activation of a neuron). A chain of
    one-input nodes is walked down in one inner loop and emitted bottom up, with no stack
    entry per link unless its bottom needs a search of its own."""
    roots = [roots] if hasattr(roots, "inputs") else list(roots)
    order: list[Any] = []
    visited: set[Any] = set()
    add = visited.add
    met = visited.issuperset
    append = order.append
    extend = order.extend
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
                    if len(inputs) == 1:  # f(z): a chain, or an activation of a ready node
                        z = inputs[0]
                        if z not in visited:
                            above = z.inputs
                            if above and len(above) == 1:  # a chain: walked down at once
                                run = _chain(child, z, above, visited, push)
                                if run is None:
                                    break
                                extend(run)
                                continue
                            if above and not met(above):
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


def _chain(child: Any, z: Any, above: tuple[Any, ...], visited: set[Any], push: Any) -> list[Any] | None:
    """Below ``child``, a chain of one-input nodes z -> above[0] -> ..., all marked visited:
    returned bottom up when its bottom is ready (met, a leaf, or all of whose inputs are met);
    else None, with one stack entry per link pushed so that the search goes on from the bottom."""
    run = [child, z]
    z = above[0]
    while z not in visited:
        above = z.inputs
        if len(above) != 1:
            if above and not visited.issuperset(above):  # the bottom needs a search
                visited.update(run)
                for r in run:
                    push((r, iter(r.inputs)))
                return None
            run.append(z)
            break
        run.append(z)
        z = above[0]
    visited.update(run)
    run.reverse()
    return run


def ancestors(node: Any) -> set[Any]:
    """The nodes ``node`` depends on, itself included."""
    return set(topological_order(node))
