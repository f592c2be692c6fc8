"""Collapsing scopes: every node made inside a scope (a neuron, or ``autograd.scope(name)``)
is drawn as one box, so an MLP of hundreds of neurons fits a page.

``collapse="auto"`` (the default of the drawing functions) collapses every scope when the
graph has more than ``auto_collapse`` nodes (80 by default), so a picture stays readable;
``collapse=True`` collapses every scope (its full name, e.g. "layer1/neuron3");
``collapse="layer1"`` or a list of names collapses those scopes and everything nested in them.
A leaf with no scope whose every consumer lies in one box (a weight, a bias, a constant)
folds into that box, unless it is kept (the output, ``wrt``, or a labelled input).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from autograd import Constant

Collapse = bool | str | Iterable[str] | None
AUTO = "auto"
AUTO_COLLAPSE = 80  # nodes: past this, collapse="auto" draws each neuron as one box


def through_box(members: Sequence[Any], source: Any, out: Any) -> float:
    """∂out/∂source through a collapsed box: the sum over the paths inside the box (its
    ``members`` in topological order) of the products of the local derivatives on them."""
    tangent = {source: 1.0}
    for node in members:
        total = sum(d * tangent[child] for child, d in zip(node.inputs, node.local_grads)
                    if child in tangent)
        if any(child in tangent for child in node.inputs):
            tangent[node] = total
    return float(tangent.get(out, 0.0))


def scope_names(collapse: Collapse) -> list[str] | None:
    """The scopes to collapse: None for all of them (collapse=True), else the named ones."""
    if collapse is True:
        return None
    if isinstance(collapse, str):
        return [collapse]
    names = list(collapse)  # type: ignore[arg-type]
    for name in names:
        if not isinstance(name, str) or not name:
            raise TypeError(f"collapse: scope names must be non-empty str, got {name!r}")
    return names


def _box_of(scope: str | None, names: list[str] | None) -> str | None:
    if scope is None:
        return None
    if names is None:
        return scope
    best = None
    for name in names:  # the longest named scope that contains this one
        if (scope == name or scope.startswith(name + "/")) and (best is None or len(name) > len(best)):
            best = name
    return best


def resolve(order: Sequence[Any], collapse: Collapse, auto_collapse: int = AUTO_COLLAPSE) -> Collapse:
    """``collapse`` with "auto" decided: True past ``auto_collapse`` nodes when there are
    scopes to collapse, else False."""
    if collapse != AUTO:
        return collapse
    if not isinstance(auto_collapse, int) or isinstance(auto_collapse, bool) or auto_collapse < 1:
        raise ValueError(f"collapse='auto': auto_collapse must be an int >= 1, got {auto_collapse!r}")
    return len(order) > auto_collapse and any(node.scope is not None for node in order)


def groups(order: Sequence[Any], collapse: Collapse, keep: Iterable[Any],
           params: set[Any]) -> dict[Any, str]:
    """{node: box name} for the nodes drawn inside a collapsed box (nodes not listed are
    drawn as themselves)."""
    if collapse is None or collapse is False or collapse == AUTO:
        return {}
    names = scope_names(collapse)
    box: dict[Any, str] = {}
    for node in order:
        name = _box_of(node.scope, names)
        if name is not None:
            box[node] = name
    kept = set(keep)
    consumers: dict[Any, set[str | None]] = {}
    for node in order:
        for child in node.inputs:
            if not child.inputs and child not in box:
                consumers.setdefault(child, set()).add(box.get(node))
    for leaf, users in consumers.items():
        foldable = isinstance(leaf, Constant) or leaf in params or leaf.label is None
        if len(users) == 1 and None not in users and foldable and leaf not in kept:
            box[leaf] = next(iter(users))  # type: ignore[assignment]
    return box
