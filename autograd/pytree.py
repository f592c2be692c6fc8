"""Pytrees, as JAX calls them: arguments, outputs and tangents that are (nested) dicts, lists
and tuples of leaves. ``flatten`` lists the leaves (dict entries in sorted key order, as JAX)
and returns the structure, ``unflatten`` puts new leaves back into that structure.

The functional transforms use them so that a derivative comes back in its argument's
structure: ``grad(f)({"w": w, "b": b})`` is ``{"w": df/dw, "b": df/db}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

CONTAINERS = (dict, list, tuple)


class TreeDef:
    """The shape of a pytree without its leaves: ``kind`` ("leaf", "dict", "list", "tuple"),
    ``keys`` (a dict's keys, sorted) and ``children`` (one TreeDef per entry)."""

    __slots__ = ("kind", "keys", "children", "num_leaves")

    def __init__(self, kind: str, keys: tuple[Any, ...] = (), children: tuple[TreeDef, ...] = ()) -> None:
        self.kind = kind
        self.keys = keys
        self.children = children
        self.num_leaves: int = 1 if kind == "leaf" else sum(c.num_leaves for c in children)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TreeDef) and repr(self) == repr(other)

    def __hash__(self) -> int:
        return hash(repr(self))

    def __repr__(self) -> str:
        if self.kind == "leaf":
            return "*"
        inner = [repr(c) for c in self.children]
        if self.kind == "dict":
            return "{" + ", ".join(f"{k!r}: {c}" for k, c in zip(self.keys, inner)) + "}"
        if self.kind == "tuple":
            return "(" + ", ".join(inner) + ("," if len(inner) == 1 else "") + ")"
        return "[" + ", ".join(inner) + "]"


def _sorted_keys(tree: dict[Any, Any]) -> list[Any]:
    try:
        return sorted(tree)
    except TypeError:  # keys of mixed types: keep the dict's own order
        return list(tree)


def _children(tree: Any) -> list[Any]:
    if isinstance(tree, dict):
        return [tree[k] for k in _sorted_keys(tree)]
    return list(tree)


def structure(tree: Any) -> TreeDef:
    """The TreeDef of ``tree`` (any object that is not a dict, list or tuple is a leaf)."""
    if not isinstance(tree, CONTAINERS):
        return TreeDef("leaf")
    keys = tuple(_sorted_keys(tree)) if isinstance(tree, dict) else ()
    kind = "dict" if isinstance(tree, dict) else "tuple" if isinstance(tree, tuple) else "list"
    return TreeDef(kind, keys, tuple(structure(c) for c in _children(tree)))


def leaves(tree: Any) -> Iterator[Any]:
    """The leaves of ``tree``, left to right (depth first; dicts by sorted key)."""
    stack = [tree]
    while stack:
        t = stack.pop()
        if isinstance(t, CONTAINERS):
            stack.extend(reversed(_children(t)))
        else:
            yield t


def flatten(tree: Any) -> tuple[list[Any], TreeDef]:
    """(leaves, structure): ``unflatten(structure, leaves)`` gives the tree back."""
    return list(leaves(tree)), structure(tree)


def unflatten(treedef: TreeDef, values: Any) -> Any:
    """A tree of ``treedef``'s structure with ``values`` (an iterable) as its leaves."""
    return _build(treedef, iter(values))


def _build(d: TreeDef, it: Any) -> Any:
    """The tree ``d`` with leaves taken from ``it`` (a function, not a closure that calls
    itself: that would be a reference cycle keeping the leaves alive until a collection)."""
    if d.kind == "leaf":
        return next(it)
    built = [_build(c, it) for c in d.children]
    if d.kind == "dict":
        return dict(zip(d.keys, built))
    return tuple(built) if d.kind == "tuple" else built


def congruent(a: TreeDef, b: TreeDef) -> bool:
    """The same structure, a list and a tuple counting as the same kind of sequence."""
    pairs = [(a, b)]
    while pairs:
        x, y = pairs.pop()
        if (x.kind == "leaf") != (y.kind == "leaf") or (x.kind == "dict") != (y.kind == "dict"):
            return False
        if x.keys != y.keys or len(x.children) != len(y.children):
            return False
        pairs.extend(zip(x.children, y.children))
    return True


def tree_map(fn: Callable[[Any], Any], tree: Any) -> Any:
    """``tree`` with every leaf x replaced by fn(x), in the same structure."""
    flat, treedef = flatten(tree)
    return unflatten(treedef, [fn(x) for x in flat])


__all__ = ["TreeDef", "structure", "leaves", "flatten", "unflatten", "tree_map", "congruent"]
