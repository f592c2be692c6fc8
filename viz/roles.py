"""Names by role for the nodes a model made, in the lectures' notation (see ``nn.names``):

    z[l][j] = w[l][j,·]·a[l-1] + b[l][j]   the affine node of neuron j of layer l (from 1)
    a[l][j] = f(z[l][j])                     its activation
    ŷ (ŷ1, ŷ2 ...)                          the last layer's outputs
    x1, x2 ...                               the model's inputs (a[0] in the formula), also
                                             when they were given as numbers

A node is a model's when its ``scope`` ends in "neuron<j>" (``nn`` sets it: "layer<i>/neuron<j>",
0-based as scopes are) or is "neuron" (a lone Neuron: z, a, ŷ without indices). A leaf is an
input of the model when it is an unlabelled non-parameter input of a first-layer affine node.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

_IN_LAYER = re.compile(r"(?:^|/)layer(\d+)/neuron(\d+)$")
_NEURON = re.compile(r"(?:^|/)neuron(\d+)?$")
_AFFINE_OPS = frozenset({"dot+b", "dot"})


def neuron_of(scope: str | None) -> tuple[int, int] | None:
    """(layer, neuron), both from 1, for a neuron's scope; (0, 0) for a lone "neuron"."""
    if scope is None:
        return None
    match = _IN_LAYER.search(scope)
    if match is not None:
        return (int(match.group(1)) + 1, int(match.group(2)) + 1)
    match = _NEURON.search(scope)
    if match is None:
        return None
    return (0, 0) if match.group(1) is None else (1, int(match.group(1)) + 1)


def box_title(scope: str) -> str:
    """The name a collapsed neuron's box shows: "neuron a[2][1]" for "layer1/neuron0"."""
    where = neuron_of(scope)
    if where is None or where == (0, 0):
        return scope
    return f"neuron a[{where[0]}][{where[1]}]"


def _index(where: tuple[int, int]) -> str:
    return "" if where == (0, 0) else f"[{where[0]}][{where[1]}]"


def model_names(order: Sequence[Any], output: Any) -> dict[Any, str]:
    """{node: name by role} for the model's nodes and inputs in ``order`` (topological)."""
    found = {node: neuron_of(node.scope) for node in order if node.inputs}
    where: dict[Any, tuple[int, int]] = {node: w for node, w in found.items() if w is not None}
    if not where:
        return {}
    last = max(layer for layer, _ in where.values())
    used_outside: set[Any] = {output}
    for node in order:
        if node.inputs and node not in where:
            used_outside.update(child for child in node.inputs if child in where)
    outputs = [n for n in order if n in where and where[n][0] == last and n in used_outside]
    names: dict[Any, str] = {}
    for node, (layer, j) in where.items():
        is_affine = node.op in _AFFINE_OPS
        names[node] = f"{'z' if is_affine else 'a'}{_index((layer, j))}"
        if is_affine and layer <= 1:
            n = len(node.inputs) // 2  # (w1..wn, x1..xn[, b])
            for k, leaf in enumerate(node.inputs[n:2 * n], start=1):
                if not leaf.inputs and leaf.label is None:
                    names.setdefault(leaf, f"x{k}")
    js = sorted({where[n][1] for n in outputs})
    for node in outputs:
        names[node] = "ŷ" if len(js) <= 1 else f"ŷ{where[node][1]}"
    return names


def model_parameters(order: Sequence[Any]) -> set[Any]:
    """The leaves a neuron's affine node reads as its weights and bias (w1..wn, b of
    "dot+b"(w1..wn, x1..xn, b)): the model's parameters, found by position, not by name."""
    found: set[Any] = set()
    for node in order:
        if node.op in _AFFINE_OPS and neuron_of(node.scope) is not None:
            n = len(node.inputs) // 2
            found.update(leaf for leaf in (*node.inputs[:n], *node.inputs[2 * n:]) if not leaf.inputs)
    return found
