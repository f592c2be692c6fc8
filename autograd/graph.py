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
    links (one-input nodes, or nodes whose second input is a leaf: ``A @ W``, ``h + b``, a
    layer of an MLP) is walked down in one inner loop and emitted bottom up, with no stack
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
                    n = len(inputs)
                    if n != 1:
                        if met(inputs):  # all its inputs met before: emitted at once
                            append(child)
                            continue
                        if n > 2 or inputs[1].inputs:  # not a link: searched as usual
                            push((child, iter(inputs)))
                            break
                    z = inputs[0]  # a link: f(z), or z (op) leaf (A @ W, h + b)
                    if z not in visited:
                        above = z.inputs
                        if above and not met(above):  # z needs a search
                            if len(above) > 2 or (len(above) == 2 and above[1].inputs):
                                push((child, iter(inputs)))  # z is not a link: searched as usual
                                break
                            run = _chain(child, z, visited, met, push)  # walked down at once
                            if run is None:
                                break
                            extend(run)
                            continue
                        add(z)  # a leaf, or a node of met inputs (a neuron under its activation)
                        append(z)
                    if n == 2:
                        side = inputs[1]
                        if side not in visited:
                            add(side)
                            append(side)
                append(child)
            else:
                append(node)
                pop()
    return order


def _chain(child: Any, z: Any, visited: set[Any], met: Any, push: Any) -> list[Any] | None:
    """Below ``child``, a chain of links (one-input nodes, or two-input nodes whose second input
    is a leaf: ``A @ W``, ``h + b``) down from ``z``, all marked visited: returned in the order
    of the search (bottom up, each link's leaf just before it) when its bottom is ready (a
    leaf, a node whose inputs are all met, or a link over such a node); else None, with one
    stack entry per link pushed so that the search goes on from the bottom."""
    run = [child]
    sides = len(child.inputs) == 2  # a link's leaf is emitted just before the link
    while True:
        ins = z.inputs
        if len(ins) == 1:
            run.append(z)
            z = ins[0]
            if z in visited:
                break
            continue
        if len(ins) == 2 and not ins[1].inputs:
            run.append(z)
            sides = True
            z = ins[0]
            if z in visited:
                break
            continue
        if not ins or met(ins):  # a leaf, or a node whose inputs are all met: the bottom
            run.append(z)
            break
        visited.update(run)  # the bottom needs a search of its own
        for r in run:
            push((r, iter(r.inputs)))
        return None
    visited.update(run)
    run.reverse()
    if not sides:
        return run
    out: list[Any] = []
    emit = out.append
    for r in run:  # bottom up: each link's leaf, then the link
        ins = r.inputs
        if len(ins) == 2:
            x = ins[1]
            if x not in visited:
                visited.add(x)
                emit(x)
        emit(r)
    return out


def ancestors(node: Any) -> set[Any]:
    """The nodes ``node`` depends on, itself included."""
    return set(topological_order(node))
