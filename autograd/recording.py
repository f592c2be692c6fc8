"""f recorded once on example arguments, for ``trace`` (a Program) and ``compile`` (Python).

The recording is the functional layer's (``functional._Trace``: fresh variables, f run once,
transforms inside f nested with ``create_graph``), with the masks of the rules recorded as
nodes (``autograd.masks``), so the program of ``value_and_grad(f)`` recomputes every relu
mask from its input instead of remembering the example's. Names: an argument's name from f's
signature (a list argument ``w`` gives ``w_0, w_1 ...``), or the label of a Value passed in;
an intermediate node its label, else the next free letter after single-letter inputs (the
lecture's a, b, then c, d, e), else t1, t2 ...
"""

from __future__ import annotations

import functools
import inspect
import keyword
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from autograd import primitives as P
from autograd.functional import _leaves, _Trace
from autograd.masks import masks_as_nodes
from autograd.pytree import tree_map as _tree_map
from autograd.source import GLOBALS
from autograd.value import Constant, Value

Node = Any


@dataclass
class Recording:
    """f recorded once: ``inputs`` (one variable per argument leaf, in order), ``outputs`` (the
    output leaves as nodes), ``out`` (f's result, for its structure), ``order`` (topological),
    ``args`` (the arguments, Values replaced by their data) and ``names`` {node: name}, made
    when first read (``lazy_names`` names only the nodes asked for)."""

    f: Callable[..., Any]
    args: tuple[Any, ...]
    inputs: list[Node]
    outputs: list[Node]
    out: Any
    order: list[Node]
    input_names: list[str]
    tensors: bool

    @functools.cached_property
    def scanned(self) -> tuple[dict[Node, Node], list[Node]]:
        """(``aliases``, ``leaves``), found in one pass when first read (``rolling.plan``
        finds them in its own pass and sets them)."""
        return scan(self.order)

    @property
    def aliases(self) -> dict[Node, Node]:
        """identity and x·1 nodes -> the node they copy (followed to a node that is no alias)."""
        return self.scanned[0]

    @property
    def leaves(self) -> list[Node]:
        """the nodes of ``order`` no operation made (inputs, constants, closed-over leaves)."""
        return self.scanned[1]

    @functools.cached_property
    def names(self) -> dict[Node, str]:
        """{node: name} for every node (``name_nodes``)."""
        return name_nodes(self.order, self.inputs, self.input_names, self.aliases)

    def lazy_names(self) -> LazyNames:
        """{node: name} with the inputs named as ``names`` names them, any other node named
        when first asked for: its label, else the next free t-name (t1, t2 ... in the order
        the nodes are asked for)."""
        return LazyNames(name_inputs(self.inputs, self.input_names))

    def computed(self) -> list[Node]:
        """The nodes an operation made, aliases left out, in topological order."""
        aliases = self.aliases
        return [n for n in self.order if n.inputs and n not in aliases]


def _positional(f: Callable[..., Any]) -> list[str] | None:
    """The names of f's positional parameters; None when it takes ``*args`` only."""
    try:
        params = list(inspect.signature(f).parameters.values())
    except (TypeError, ValueError):
        return []
    names = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return None if not names and any(p.kind is p.VAR_POSITIONAL for p in params) else names


def argument_names(f: Callable[..., Any], n: int) -> list[str]:
    """The names of f's first n positional parameters. A transform (``value_and_grad(f)`` ...)
    takes ``*args``: the names are then those of the one function it closes over, looked up
    through up to four such wrappers; x0, x1 ... where there are none."""
    names = _positional(f)
    for _ in range(4):
        if names is not None:
            break
        cells = [c.cell_contents for c in getattr(f, "__closure__", None) or ()]
        inner = [c for c in cells if callable(c)]
        if len(inner) != 1:
            break
        f = inner[0]
        names = _positional(f)
    names = names or []
    return [names[i] if i < len(names) else f"x{i}" for i in range(n)]


def leaf_names(names: list[str], args: tuple[Any, ...]) -> list[str]:
    """One name per argument leaf: the argument's name, with its index path in lists."""
    out: list[str] = []
    stack = [(name, a) for name, a in zip(names, args)][::-1]
    while stack:
        name, a = stack.pop()
        if isinstance(a, (list, tuple)):
            stack.extend([(f"{name}_{i}", x) for i, x in enumerate(a)][::-1])
        else:
            out.append(name)
    return out


RESERVED = (
    set(GLOBALS)
    | set(keyword.kwlist)
    | {"True", "False", "None", "print", "float", "list", "tuple", "len", "range", "self"}
)


def usable(name: Any, taken: set[str]) -> bool:
    """A label fit to be a variable name: an identifier, not reserved, not taken, no leading _."""
    return (
        isinstance(name, str)
        and name.isidentifier()
        and not name.startswith("_")
        and name not in RESERVED
        and name not in taken
    )


ONE = P.mul_constant(1.0)
"""x * 1: an alias's entry (as identity)."""


def is_alias(node: Node) -> bool:
    """identity and x * 1 copy their input exactly: the program gives them the input's name."""
    prim = node.primitive
    return copies(prim)


def copies(prim: Any) -> bool:
    """identity and x * 1 (an entry that returns its input)."""
    return prim is P.IDENTITY or prim is ONE or (prim is not None and prim.name == "*1")


def find_aliases(order: list[Node]) -> dict[Node, Node]:
    """{alias: the node it copies}, chains of aliases followed (order is topological)."""
    return scan(order)[0]


def scan(order: list[Node]) -> tuple[dict[Node, Node], list[Node]]:
    """(the aliases: see ``find_aliases``, the leaves) in one pass over the nodes (each read
    of a node is a likely cache miss in a large graph: one pass, not two)."""
    aliases: dict[Node, Node] = {}
    leaves: list[Node] = []
    for u in order:
        ins = u.inputs
        if not ins:
            leaves.append(u)
            continue
        if copies(u.primitive):
            x = ins[0]
            aliases[u] = aliases.get(x, x)
    return aliases, leaves


def name_inputs(inputs: list[Node], input_names: list[str]) -> dict[Node, str]:
    """{input: its name}, made a usable and distinct identifier (``w``, ``w_1`` ...)."""
    names: dict[Node, str] = {}
    taken: set[str] = set()
    for node, name in zip(inputs, input_names):
        if node not in names:
            base = name.lstrip("_") if name.lstrip("_").isidentifier() else "x"
            name, k = base, 1
            while not usable(name, taken):
                name, k = f"{base}_{k}", k + 1
            names[node] = name
            taken.add(name)
    return names


class LazyNames(dict[Node, str]):
    """{node: name}: a node not named yet is named when first asked for (``names[node]``), by
    its label if usable, else the next free t-name; ``taken`` the names given."""

    def __init__(self, given: dict[Node, str]) -> None:
        super().__init__(given)
        self.taken = set(given.values())
        self.count = 0

    def __missing__(self, node: Node) -> str:
        label, taken = node.label, self.taken
        if label is not None and usable(label, taken):
            name = label
        else:
            self.count += 1
            while f"t{self.count}" in taken:
                self.count += 1
            name = f"t{self.count}"
        self[node] = name
        taken.add(name)
        return name


def name_nodes(
    order: list[Node], inputs: list[Node], input_names: list[str], aliases: dict[Node, Node]
) -> dict[Node, str]:
    """{node: name} for the inputs, the aliases, the other leaves and the intermediate nodes."""
    names = name_inputs(inputs, input_names)
    taken = set(names.values())
    # letters continue after single-letter inputs (a, b -> c, d, e), then t1, t2 ...
    single = bool(taken) and all(len(n) == 1 and n in string.ascii_lowercase for n in taken)
    rest = [u for u in order if u not in names and u.__class__ is not Constant]
    if not single and _plain(rest, taken):  # every node without a label: t1, t2 ... in order
        plain = [u for u in rest if u not in aliases]
        names.update(zip(plain, map("t{}".format, range(1, len(plain) + 1))))
        names.update((u, names[aliases[u]]) for u in rest if u in aliases)
        return names
    letters = [c for c in string.ascii_lowercase if c > max(taken)][::-1] if single else []
    k = 0
    alias = aliases.get
    for node in order:  # (one pass, no call for a node that takes the next t-name: the hot path)
        if node in names or node.__class__ is Constant:
            continue
        copied = alias(node)
        if copied is not None:
            names[node] = names[copied]
            continue
        label = node.label
        if label is not None and usable(label, taken):
            name = label
        else:
            while letters and letters[-1] in taken:
                letters.pop()
            if letters:
                name = letters.pop()
            else:
                k += 1
                name = f"t{k}"
                while name in taken:
                    k += 1
                    name = f"t{k}"
        names[node] = name
        taken.add(name)
    return names


def _plain(nodes: list[Node], taken: set[str]) -> bool:
    """No node has a label and no name taken looks like t1, t2 ...: the t-names go in order."""
    return all(u.label is None for u in nodes) and not any(n[:1] == "t" and n[1:].isdigit() for n in taken)


def record(f: Callable[..., Any], args: tuple[Any, ...], op: str = "trace") -> Recording:
    """f run once on fresh variables for ``args`` (Values among them give their data and label)."""
    labels = [x.label if isinstance(x, Value) else None for x in _leaves(args)]
    args = tuple(_tree_map(lambda x: x.data if isinstance(x, Value) else x, a) for a in args)
    with masks_as_nodes():
        tr = _Trace(op, f, args, tuple(range(len(args))))
    given = leaf_names(argument_names(f, len(args)), args)
    input_names = [
        label if label is not None and label.isidentifier() else name for label, name in zip(labels, given)
    ]
    return Recording(f, args, tr.inputs, tr.outputs, tr.out, tr.order, input_names, tr.tensors)


__all__ = [
    "LazyNames",
    "Recording",
    "argument_names",
    "find_aliases",
    "is_alias",
    "leaf_names",
    "name_nodes",
    "record",
]
