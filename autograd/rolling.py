"""Loop rolling: a graph that repeats one block per sample of its list arguments, as a ``for``.

f traced on a batch (``loss(params, X, y)`` summing over the points of X and y) records the same
operations once per sample. Choose the batched arguments (the list arguments of one length n)
and label every node: a leaf of sample i has label i; a computed node has its inputs' label
when they agree (no label when none has one: a shared node, as f(params)), else it is mixed.
A node of block i has a role: its operation and its inputs' roles, where a leaf of the sample
is named by its place in it, a constant by its value and a shared node by itself. Equal roles
compute equal values, so the roles every block holds, written once inside ``for i ...`` (block
0's nodes), compute every block; a role only some blocks hold is left to the mixed nodes (the
first step of a sum over the samples adds block n-1's value to a shared node: a role of block
n-1 alone). ``autograd.loops`` writes the plan as Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain as concat
from typing import Any

from autograd.primitives import IDENTITY
from autograd.recording import ONE
from autograd.value import Constant

Node = Any
Step = tuple[Node, tuple[Node, ...]]
MIXED = -1


class LoopLeaf:
    """A place in one sample (argument position, index path): the loop's variable for it."""

    __slots__ = ("arg", "path")

    def __init__(self, arg: int, path: tuple[int, ...]) -> None:
        self.arg, self.path = arg, path


@dataclass
class Plan:
    """How to roll: ``n`` samples of the arguments ``batched``; ``label`` {node: sample or
    MIXED} for every node that depends on a sample; ``role`` {block node: its role};
    ``shared`` and ``mixed`` the steps outside the blocks (in order); ``body`` one step per
    role, in topological order, the nodes of block 0 (inputs: their roles' nodes, leaves as
    ``LoopLeaf``); ``leaves`` the places of a sample; ``outside`` the block nodes that mixed
    nodes or outputs read."""

    n: int
    batched: list[int]
    label: dict[Node, int]
    role: dict[Node, Any]
    shared: list[Step]
    body: list[Step]
    mixed: list[Step]
    leaves: list[LoopLeaf]
    outside: set[Node]
    shapes: list[Any]
    """the nesting of one sample of each batched argument (``shape``)."""
    rolled: int
    """how many nodes the loop computes."""
    aliases: dict[Node, Node]
    leaf_nodes: list[Node]
    """``recording.scan``'s: the aliases, the leaves of the graph."""


MIN_SHARE = 0.25
"""A plan is used when its loop computes at least this share of the graph's nodes."""


def leaf_paths(args: tuple[Any, ...]) -> list[tuple[int, ...]]:
    """(argument position, index path ...) of each argument leaf, in the order of the inputs."""
    out: list[tuple[int, ...]] = []
    stack: list[tuple[tuple[int, ...], Any]] = [((k,), a) for k, a in enumerate(args)]
    stack.reverse()
    while stack:
        path, a = stack.pop()
        if isinstance(a, (list, tuple)):
            stack.extend([((*path, i), x) for i, x in enumerate(a)][::-1])
        else:
            out.append(path)
    return out


def shape(tree: Any) -> Any:
    """The nesting and lengths of a (nested) list: None for a number."""
    return [shape(t) for t in tree] if isinstance(tree, (list, tuple)) else None


def candidates(args: tuple[Any, ...]) -> list[tuple[int, list[int]]]:
    """(n, the list arguments of length n) for each n >= 2 whose arguments hold samples of one
    shape each; most arguments first, then longest."""
    groups: dict[int, list[int]] = {}
    for k, a in enumerate(args):
        if isinstance(a, (list, tuple)) and len(a) >= 2:
            first = shape(a[0])
            if all(shape(x) == first for x in a):
                groups.setdefault(len(a), []).append(k)
    return sorted(groups.items(), key=lambda g: (-len(g[1]), -g[0]))


def plan(args: tuple[Any, ...], inputs: list[Node], order: list[Node], outputs: list[Node]) -> Plan | None:
    """A way to roll the nodes of ``order`` (see the module), aliases (identity, x·1) read as
    the node they copy, or None when no choice of batch puts a quarter of the nodes in the loop.
    The plan's ``aliases`` and ``leaves`` are ``recording.scan``'s, found in the same pass."""
    paths = leaf_paths(args)
    best: Plan | None = None
    for n, batched in candidates(args):
        got = _try(args, n, batched, inputs, paths, order, outputs)
        if got is not None and (best is None or got.rolled > best.rolled):
            best = got
        if best is not None and best.rolled * 2 >= len(order):
            break  # half the graph in the loop: good enough
    return best if best is not None and best.rolled >= MIN_SHARE * len(order) else None


def _try(
    args: tuple[Any, ...],
    n: int,
    batched: list[int],
    inputs: list[Node],
    paths: list[tuple[int, ...]],
    order: list[Node],
    outputs: list[Node],
) -> Plan | None:
    label, ref, places = _seeds(batched, inputs, paths)
    walk = _Walk(n, label, ref)
    walk.run(order)
    aliases = walk.aliases
    outputs = [aliases.get(y, y) for y in outputs]
    common, demoted = walk.common()
    if not common:
        return None
    rep = {r: walk.first[r] for r in common}
    body = [
        (u, tuple([_body_input(x, label.get(x), ref, rep, aliases.get) for x in u.inputs]))
        for u in (walk.first[r] for r in common)
    ]
    mixed = _resolved(demoted + walk.mixed, aliases)  # (demoted nodes read no mixed node)
    outside = read_outside(mixed, outputs, walk.blocks)
    outside.difference_update(demoted)
    shapes = [shape(args[k][0]) for k in batched]
    shared = _resolved(walk.shared, aliases)
    rolled = len(walk.blocks) - len(demoted)
    return Plan(
        n,
        batched,
        label,
        ref,
        shared,
        body,
        mixed,
        list(places.values()),
        outside,
        shapes,
        rolled,
        aliases,
        walk.leaves,
    )


def _seeds(
    batched: list[int], inputs: list[Node], paths: list[tuple[int, ...]]
) -> tuple[dict[Node, int], dict[Node, Any], dict[tuple[int, ...], LoopLeaf]]:
    """({sample leaf: its sample}, {sample leaf: its LoopLeaf, what a role says of it},
    {place: its LoopLeaf})."""
    where = {k: j for j, k in enumerate(batched)}
    label: dict[Node, int] = {}
    ref: dict[Node, Any] = {}
    places: dict[tuple[int, ...], LoopLeaf] = {}
    for x, path in zip(inputs, paths):
        if path[0] in where:
            label[x] = path[1]
            place = (where[path[0]], *path[2:])
            ref[x] = places.get(place) or places.setdefault(place, LoopLeaf(where[path[0]], path[2:]))
    return label, ref, places


class _Walk:
    """One pass over the nodes: the aliases and leaves found (a constant named by its value in
    ``ref``), each node labelled (``label``), each block node given its role (``ref``), the
    shared, mixed and block nodes listed, the first node of each role in block 0 kept
    (``first``) and the (role, sample) pairs seen."""

    def __init__(self, n: int, label: dict[Node, int], ref: dict[Node, Any]) -> None:
        self.n, self.label, self.ref = n, label, ref
        self.roles: dict[Any, int] = {}  # ids in order of first sight: a topological order
        self.first: dict[int, Node] = {}
        self.seen: set[int] = set()  # role * n + sample
        self.shared: list[Node] = []
        self.mixed: list[Node] = []
        self.blocks: list[Node] = []
        self.aliases: dict[Node, Node] = {}
        self.leaves: list[Node] = []

    def run(self, order: list[Node]) -> None:
        n, label, ref, roles, first, seen = self.n, self.label, self.ref, self.roles, self.first, self.seen
        shared, mixed, blocks, aliases, leaves = (
            self.shared,
            self.mixed,
            self.blocks,
            self.aliases,
            self.leaves,
        )
        get_label, get_ref, get_role, resolve = label.get, ref.get, roles.get, aliases.get
        for u in order:  # (the hot loop: a node read once, no call for two inputs)
            ins = u.inputs
            if not ins:
                leaves.append(u)
                if u.__class__ is Constant:
                    ref[u] = ("c", repr(u.data))
                continue
            p = u.primitive
            if p is IDENTITY or p is ONE or p.name == "*1":  # an alias (recording.copies):
                x = ins[0]  # labelled and named as the node it copies
                aliases[u] = x = resolve(x, x)
                if (lab := get_label(x)) is not None:
                    label[u] = lab
                ref[u] = get_ref(x, x)
                continue
            two = len(ins) == 2
            if two:
                x, z = ins
                a, b = get_label(x), get_label(z)
                lab = a if b is None or a == b else b if a is None else MIXED  # (_agree)
            else:
                lab = _agree(ins, get_label)
            if lab is None:
                shared.append(u)
                continue
            label[u] = lab
            if lab == MIXED:
                mixed.append(u)
                continue
            blocks.append(u)
            # the role: a block input by its role, a sample's leaf by its place, a constant
            # by its value, a shared node by itself (equal roles compute equal values)
            key = (
                (u.primitive, get_ref(x, x), get_ref(z, z)) if two else (u.primitive, *map(get_ref, ins, ins))
            )
            role = get_role(key)
            if role is None:
                role = roles[key] = len(roles)
            ref[u] = role
            seen.add(role * n + lab)
            if lab == 0 and role not in first:
                first[role] = u

    def common(self) -> tuple[list[int], list[Node]]:
        """(the roles every sample holds, in order; the nodes of the other roles, labelled mixed
        from now on: they read no mixed node, so before the mixed nodes the order stays
        topological; a node of a common role reads only nodes of common roles)."""
        n, ref, label = self.n, self.ref, self.label
        samples = [0] * len(self.roles)  # role -> in how many samples it is
        for k in self.seen:
            samples[k // n] += 1
        common = [r for r, c in enumerate(samples) if c == n]  # its inputs' roles are common too
        if len(common) == len(samples):
            return common, []
        demoted = [u for u in self.blocks if samples[ref[u]] < n]
        for u in demoted:
            label[u] = MIXED
            ref[u] = None
        return common, demoted


def read_outside(mixed: list[Step], outputs: list[Node], blocks: list[Node]) -> set[Node]:
    """The nodes of ``blocks`` that a mixed node or an output reads."""
    read = set(concat.from_iterable([ins for _, ins in mixed]))
    read.update(outputs)
    return read.intersection(blocks)


def _resolved(nodes: list[Node], aliases: dict[Node, Node]) -> list[Step]:
    """(node, its inputs), an alias among them replaced by the node it copies."""
    copies, resolve = aliases.keys(), aliases.get
    return [
        (u, ins if copies.isdisjoint(ins) else tuple(map(resolve, ins, ins)))
        for u in nodes
        if (ins := u.inputs) is not None
    ]


def _agree(ins: tuple[Node, ...], get_label: Any) -> int | None:
    """The sample of the inputs that have one, when they agree; MIXED when not; None when none
    has one (written out for one and two inputs: the hot path)."""
    if len(ins) == 2:
        a, b = get_label(ins[0]), get_label(ins[1])
        return a if b is None or a == b else b if a is None else MIXED
    if len(ins) == 1:
        return get_label(ins[0])
    labs = set(map(get_label, ins))
    labs.discard(None)
    return None if not labs else labs.pop() if len(labs) == 1 else MIXED


def _body_input(x: Node, lab: int | None, ref: dict[Node, Any], rep: dict[int, Node], resolve: Any) -> Node:
    """Input x of a block-0 node as the body reads it: its role's representative, or the
    sample's leaf, or (shared) itself (the node an alias copies)."""
    if lab is None:
        return resolve(x, x)
    r = ref[x]
    return r if isinstance(r, LoopLeaf) else rep[r]


__all__ = ["MIXED", "LoopLeaf", "Plan", "plan"]
