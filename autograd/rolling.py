"""Loop rolling: a graph that repeats one block per sample of its list arguments, as a ``for``.

f traced on a batch (``loss(params, X, y)`` summing over the points of X and y) records the same
operations once per sample. Choose the batched arguments (the list arguments of one length n)
and label every node: a leaf of sample i has label i; a computed node has its inputs' label
when they agree (no label when none has one: a shared node, as f(params)), else it is mixed.
A node of block i has a role: its operation and its inputs' roles, where a leaf of the sample
is named by its place in it, a constant by its value and a shared node by itself. Equal roles
compute equal values, so when every block holds the same set of roles, block 0's nodes (one
per role) written once inside ``for i in range(n)`` compute every block, and each value a
mixed node or an output reads is stored in a list (``t5s[i] = t5``).

Mixed nodes stay straight-line code, but a chain ``c_k = c_(k-1) + e_k`` over stored values
(the gradient of a shared parameter, summed over the samples) is a fold: ``for i in order:
acc = acc + t5s[i]``, the same operations in the same order, so the same rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain as concat
from typing import Any

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


def plan(
    args: tuple[Any, ...],
    inputs: list[Node],
    constants: list[Node],
    order: list[Node],
    aliases: dict[Node, Node],
    outputs: list[Node],
) -> Plan | None:
    """A way to roll the nodes of ``order`` (see the module), aliases read as the node they
    copy, or None when no choice of batch gives blocks that all hold the same roles.
    ``outputs``: the output nodes, aliases followed."""
    paths = leaf_paths(args)
    for n, batched in candidates(args):
        got = _try(args, n, batched, inputs, paths, constants, order, aliases, outputs)
        if got is not None:
            return got
    return None


def _try(
    args: tuple[Any, ...],
    n: int,
    batched: list[int],
    inputs: list[Node],
    paths: list[tuple[int, ...]],
    constants: list[Node],
    order: list[Node],
    aliases: dict[Node, Node],
    outputs: list[Node],
) -> Plan | None:
    where = {k: j for j, k in enumerate(batched)}
    label: dict[Node, int] = {}
    ref: dict[Node, Any] = {c: ("c", repr(c.data)) for c in constants}  # what a role says of
    places: dict[tuple[int, ...], LoopLeaf] = {}  # an input: see _try's loop
    for x, path in zip(inputs, paths):
        if path[0] in where:
            label[x] = path[1]
            place = (where[path[0]], *path[2:])
            ref[x] = places.get(place) or places.setdefault(place, LoopLeaf(where[path[0]], path[2:]))
    roles: dict[Any, int] = {}  # ids in order of first sight: a topological order of roles
    first: dict[int, Node] = {}  # role -> its first node in block 0
    seen: set[int] = set()  # role * n + sample, for each node of a block
    shared: list[Node] = []
    mixed: list[Node] = []
    blocks: list[Node] = []
    get_label, get_ref, get_role = label.get, ref.get, roles.get
    copies, resolve = aliases.keys(), aliases.get
    for u in order:
        ins = u.inputs
        if not ins:
            continue
        if u in copies:  # an alias: labelled and named as the node it copies
            x = resolve(u)
            if (lab := get_label(x)) is not None:
                label[u] = lab
            ref[u] = get_ref(x, x)
            continue
        two = len(ins) == 2  # (written out for two inputs, the hot path; see _agree)
        if two:
            x, z = ins
            a, b = get_label(x), get_label(z)
            lab = a if b is None or a == b else b if a is None else MIXED
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
        key = (u.primitive, get_ref(x, x), get_ref(z, z)) if two else (u.primitive, *map(get_ref, ins, ins))
        # the role: a block input by its role, a sample's leaf by its place, a constant by
        # its value, a shared node by itself (equal roles compute equal values)
        role = get_role(key)
        if role is None:
            role = roles[key] = len(roles)
        ref[u] = role
        seen.add(role * n + lab)
        if lab == 0 and role not in first:
            first[role] = u
    samples = [0] * len(roles)  # role -> in how many samples it is
    for k in seen:
        samples[k // n] += 1
    common = [r for r, c in enumerate(samples) if c == n]  # its inputs' roles are common too
    if not common:
        return None
    demoted: list[Node] = []
    if len(common) < len(roles):  # a role some samples lack: its nodes are mixed (as the first
        demoted = [u for u in blocks if samples[ref[u]] < n]  # step of a sum over the samples,
        for u in demoted:  # adding block n-1's value to a shared node). They read no mixed
            label[u] = MIXED  # node: before the mixed nodes, the order stays topological
            ref[u] = None
        mixed = demoted + mixed
    rep = {r: first[r] for r in common}
    body = [
        (u, tuple([_body_input(x, get_label(x), ref, rep, resolve) for x in u.inputs]))
        for u in (first[r] for r in common)
    ]
    steps = _resolved(mixed, aliases)
    outside = read_outside(steps, outputs, blocks)
    outside.difference_update(demoted)
    shapes = [shape(args[k][0]) for k in batched]
    return Plan(
        n,
        batched,
        label,
        ref,
        _resolved(shared, aliases),
        body,
        steps,
        list(places.values()),
        outside,
        shapes,
    )


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
