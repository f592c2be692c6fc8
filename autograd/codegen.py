"""Python source from a recorded graph: one straight-line function, generated from the table.

Each computed node's value is its entry's rule run on expressions (``autograd.source``): the
rule that computes floats writes the code, so no rule is written twice. A node read once, by an
operation that reads each input once (+, -, *, /, dot ...), is inlined into that operation's
expression (``a * b + c * d`` rather than three lines), up to a depth; every other node gets a
variable named after it (``recording.name_nodes``). A node whose entry has a domain check calls
that check first, so the compiled code refuses what the interpreted engine refuses. Constants
are written as float literals; leaves that are neither arguments nor constants (parameters
closed over by f) are read from their ``.data`` at every call. The outputs are checked for NaN.
"""

from __future__ import annotations

import re
from typing import Any

from autograd.arraysource import ARRAY_GLOBALS, ARRAY_SOURCE, tensor_call
from autograd.pytree import tree_map as _tree_map
from autograd.recording import Recording, argument_names, usable
from autograd.source import ATOM, GLOBALS, SOURCE, Expr, expr, literal
from autograd.value import Constant

MAX_DEPTH = 100
"""Inlined expressions nest at most this deep (Python's parser has limits; lines stay readable)."""

_templates: dict[tuple[Any, tuple[int, ...], Any], tuple[str, int, bool]] = {}


def template(prim: Any, precs: tuple[int, ...], m: Any = SOURCE) -> tuple[str, int, bool]:
    """The entry's value as a format string over its inputs ``{0}, {1} ...`` (given their
    precedences), the result's precedence, and whether it reads each input at most once (so an
    input may be an inlined expression). The rule writes it, on expressions, once per key."""
    key = (prim, precs, m)
    got = _templates.get(key)
    if got is None:
        holes = [Expr(f"\x00{i}\x00", p) for i, p in enumerate(precs)]
        value = expr(prim.rule(m, *holes)[0])
        text = value.text.replace("{", "{{").replace("}", "}}")
        once = all(text.count(f"\x00{i}\x00") <= 1 for i in range(len(precs)))
        got = _templates[key] = (re.sub("\x00([0-9]+)\x00", r"{\1}", text), value.prec, once)
    return got


def reads_each_input_once(prim: Any, n: int, m: Any = SOURCE) -> bool:
    """True when the rule's value mentions each of its n inputs at most once (a tensor-only
    entry is a call of its value rule: it reads each once)."""
    return not prim.elementwise or template(prim, (ATOM,) * n, m)[2]


class NotANumber(ArithmeticError):
    """A compiled program produced NaN (the interpreted engine names the operation)."""


def _pattern(tree: Any, names: Any) -> str:
    """An unpacking target for a (nested) list argument: ``[w_0, [x_1, x_2]]``."""
    if isinstance(tree, (list, tuple)):
        return "[" + ", ".join(_pattern(t, names) for t in tree) + "]"
    return next(names)


def generate(rec: Recording, fname: str = "program") -> tuple[str, dict[str, Any]]:
    """(source of ``def fname(*args)``, its globals) computing f's outputs from its arguments."""
    names = rec.names
    arrays = rec.tensors
    m = ARRAY_SOURCE if arrays else SOURCE
    namespace: dict[str, Any] = dict(ARRAY_GLOBALS if arrays else GLOBALS, NotANumber=NotANumber)
    taken = set(names.values())
    aliases = rec.aliases
    _resolve = aliases.get
    copies = aliases.keys()
    steps = [
        (u, u.inputs if copies.isdisjoint(u.inputs) else tuple([_resolve(x, x) for x in u.inputs]))
        for u in rec.computed()
    ]

    # parameters: a number argument is its variable; a list argument is unpacked
    lines: list[str] = []
    params: list[str] = []
    leaf_names = iter(names[x] for x in rec.inputs)
    for arg_name, arg in zip(argument_names(rec.f, len(rec.args)), rec.args):
        if isinstance(arg, (list, tuple)):
            param = arg_name if usable(arg_name, taken) else f"_arg{len(params)}"
            lines.append(f"{_pattern(arg, leaf_names)} = {param}")
        else:
            param = next(leaf_names)
        params.append(param)

    # how often each node is read; outputs and inputs of checked entries must be variables
    uses: dict[Any, int] = {}
    pinned = {_resolve(y, y) for y in rec.outputs}
    pins: dict[tuple[Any, int], bool] = {}  # (entry, inputs) -> must its inputs be variables?
    get = uses.get
    for u, ins in steps:
        for x in ins:
            uses[x] = get(x, 0) + 1
        key = (u.primitive, len(ins))  # (one entry with n inputs: the same answer every time)
        pin = pins.get(key)
        if pin is None:
            pin = pins[key] = getattr(u.primitive, "domain", None) is not None or not reads_each_input_once(
                u.primitive, len(ins), m
            )
        if pin:
            pinned.update(ins)

    # each node's expression as text and precedence (two dicts: the loop below is the hot path)
    text: dict[Any, str] = {}
    prec: dict[Any, int] = {}
    checks: dict[Any, str] = {}
    checked: set[str] = set()
    depth: dict[Any, int] = {}
    inputs = set(rec.inputs)
    for node in rec.order:
        if node.inputs:
            continue
        if isinstance(node, Constant):
            e = literal(node.data)
            text[node], prec[node] = e.text, e.prec
        else:
            text[node], prec[node] = names[node], ATOM
            if node not in inputs:  # closed over: read at every call
                namespace[f"_leaf_{names[node]}"] = node
                lines.append(f"{names[node]} = _leaf_{names[node]}.data")

    append = lines.append
    templates = _templates
    for u, ins in steps:
        prim = u.primitive
        texts = [text[x] for x in ins]
        if not prim.elementwise:  # a tensor-only entry: a call of its value rule
            value, value_prec = tensor_call(u, [Expr(t) for t in texts], namespace), ATOM
        else:
            if prim.domain is not None:
                check = checks.get(prim)
                if check is None:
                    check = checks[prim] = _check_name(prim.name, namespace)
                    namespace[check] = prim.domain
                line = f"{check}({', '.join(texts)})"
                if line not in checked:
                    checked.add(line)
                    append(line)
            precs = tuple([prec[x] for x in ins])
            got = templates.get((prim, precs, m)) or template(prim, precs, m)
            value, value_prec = got[0].format(*texts), got[1]
        if uses.get(u, 0) == 1 and u not in pinned:
            d = 1
            for x in ins:
                if x in depth and depth[x] >= d:
                    d = depth[x] + 1
            if d < MAX_DEPTH:
                text[u], prec[u], depth[u] = value, value_prec, d
                continue
        name = names[u]
        append(f"{name} = {value}")
        text[u], prec[u] = name, ATOM

    it = iter(rec.outputs)
    copy = "array({})" if arrays else "{}"  # arrays are returned as copies, as the engine does
    out_tree = _tree_map(lambda _: copy.format(text[_resolve(y := next(it), y)]), rec.out)
    variables = [text[_resolve(y, y)] for y in rec.outputs if not isinstance(_resolve(y, y), Constant)]
    if arrays:  # numpy flags a NaN made from numbers, as the engine's elementwise ops ask it to
        lines = ['with errstate(invalid="raise", over="ignore", divide="ignore", under="ignore"):'] + [
            f"    {line}" for line in lines
        ]
        lines.append(f"    return {_literal(out_tree)}")
    else:
        if len(variables) <= 4:
            checks_nan = " or ".join(f"{v} != {v}" for v in variables)
        else:  # one C-level sum; only a NaN (or inf - inf) makes it NaN, then look closer
            lines.append(f"_outputs = {_literal(tuple(variables))}")
            checks_nan = "(_sum := sum(_outputs)) != _sum and any(v != v for v in _outputs)"
        if checks_nan:
            lines.append(f"if {checks_nan}:")
            lines.append("    raise NotANumber")
        lines.append(f"return {_literal(out_tree)}")
    source = f"def {fname}({', '.join(params)}):\n" + "".join(f"    {line}\n" for line in lines)
    return source, namespace


_WORDS = {"**": "pow", "*": "mul", "/": "div", "+": "add", "-": "sub", ".": "_"}


def _check_name(op: str, namespace: dict[str, Any]) -> str:
    """``_domain_sqrt``, ``_domain_pow0_5`` ...: the name of an entry's domain check."""
    text = re.sub(r"\*\*|[*/+.-]", lambda m: _WORDS[m.group(0)], op)
    name = "_domain_" + re.sub(r"[^0-9a-zA-Z_]", "", text)
    k, base = 1, name
    while name in namespace:
        name, k = f"{base}_{k}", k + 1
    return name


def _literal(tree: Any) -> str:
    if isinstance(tree, tuple):
        return "(" + ", ".join(_literal(t) for t in tree) + ("," if len(tree) == 1 else "") + ")"
    if isinstance(tree, list):
        return "[" + ", ".join(_literal(t) for t in tree) + "]"
    return str(tree)


__all__ = ["NotANumber", "generate", "reads_each_input_once"]
