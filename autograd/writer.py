"""Lines of Python from steps (node, inputs): the table's rules run on expressions.

Each computed node's value is its entry's rule run on expressions (``autograd.source``): the
rule that computes floats writes the code, so no rule is written twice. A node read once, by an
operation that reads each input once (+, -, *, /, dot ...), is inlined into that operation's
expression (``a * b + c * d`` rather than three lines), up to a depth; every other node gets a
variable named after it. A node whose entry has a domain check calls that check first, so the
compiled code refuses what the interpreted engine refuses.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain as concat
from typing import Any

from autograd.arraysource import tensor_call
from autograd.source import ATOM, SOURCE, Expr, expr

MAX_DEPTH = 100
"""Inlined expressions nest at most this deep (Python's parser has limits; lines stay readable)."""

_templates: dict[tuple[Any, tuple[int, ...], Any], tuple[str, int, bool]] = {}
Step = tuple[Any, tuple[Any, ...]]


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


class Writer:
    """Writes steps (node, inputs) as lines of Python: each node's value is its entry's
    template on its inputs' text; a node read once is inlined into its reader, others get
    their variable; a checked entry calls its domain check first."""

    def __init__(self, m: Any, namespace: dict[str, Any], names: dict[Any, str]) -> None:
        self.m = m
        self.namespace = namespace
        self.names = names
        self.text: dict[Any, str] = {}  # each node's expression as text and precedence
        self.prec: dict[Any, int] = {}
        self.depth: dict[Any, int] = {}
        self.checks: dict[Any, str] = {}
        self.checked: set[str] = set()

    def uses(self, steps: list[Step], pinned: set[Any]) -> tuple[dict[Any, int], set[Any]]:
        """How often each node is read, and ``pinned`` grown by the inputs of checked entries
        (and of entries that read an input twice): those must be variables."""
        uses = Counter(concat.from_iterable([ins for _, ins in steps]))
        m = self.m
        kinds = {(u.primitive, len(ins)) for u, ins in steps}  # (entry, inputs): the same answer
        pin = {  # must the inputs be variables?
            k for k in kinds if getattr(k[0], "domain", None) is not None or not reads_each_input_once(*k, m)
        }
        if pin:
            pinned.update(x for u, ins in steps if (u.primitive, len(ins)) in pin for x in ins)
        return uses, pinned

    def write(self, steps: list[Step], uses: dict[Any, int], pinned: set[Any], lines: list[str]) -> None:
        """Append the lines computing ``steps`` (in topological order) to ``lines``."""
        text, prec, depth, names, m = self.text, self.prec, self.depth, self.names, self.m
        namespace, checks, checked = self.namespace, self.checks, self.checked
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


_WORDS = {"**": "pow", "*": "mul", "/": "div", "+": "add", "-": "sub", ".": "_"}


def _check_name(op: str, namespace: dict[str, Any]) -> str:
    """``_domain_sqrt``, ``_domain_pow0_5`` ...: the name of an entry's domain check."""
    text = re.sub(r"\*\*|[*/+.-]", lambda m: _WORDS[m.group(0)], op)
    name = "_domain_" + re.sub(r"[^0-9a-zA-Z_]", "", text)
    k, base = 1, name
    while name in namespace:
        name, k = f"{base}_{k}", k + 1
    return name


__all__ = ["MAX_DEPTH", "Step", "Writer", "reads_each_input_once", "template"]
