"""``trace(f, *args)``: f recorded once on example arguments, as a ``Program``: the graph
written as equations, one per node, in topological order, and its two derivative programs.

    c = a + b            c̄ = ē · d                ḃ = 1
    d = b + 1            b̄ = c̄ + d̄   (reverse)    ċ = ḃ        (forward, wrt b)
    e = c · d            ...                      ė = ċ · d + ḋ · c

``reverse()`` is back propagation as a program: for each node v, in reverse order, its adjoint
v̄ = sum over the nodes u that read v of ū · ∂u/∂v (every consumer comes before v, so each
equation reads only adjoints already written). ``forward(wrt)`` is its mirror: u̇ = sum over
u's inputs x of ẋ · ∂u/∂x. The local derivatives ∂u/∂x are printed from the table
(``prim.symbols``), so the programs say what the sweeps compute, edge by edge.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any, NamedTuple

from autograd.primitive import fmt
from autograd.pytree import tree_map as _tree_map
from autograd.recording import Recording, record

_NUM = r"(-?(?:[0-9.]+(?:e[+-]?[0-9]+)?|inf))"
_FORMS = [  # one-input families: the parameter is in the primitive's name (see table_arithmetic)
    (re.compile(rf"^\+{_NUM}$"), "{x} + {c}"),
    (re.compile(rf"^-{_NUM}$"), "{x} - {c}"),
    (re.compile(rf"^\*{_NUM}$"), "{c} · {x}"),
    (re.compile(rf"^/{_NUM}$"), "{x} / {c}"),
    (re.compile(rf"^{_NUM}-$"), "{c} - {x}"),
    (re.compile(rf"^{_NUM}/$"), "{c} / {x}"),
    (re.compile(rf"^\*\*{_NUM}$"), "{x}^{c}"),
    (re.compile(rf"^{_NUM}\*\*$"), "{c}^{x}"),
]
_OPERATORS = {
    "+": "{0} + {1}",
    "-": "{0} - {1}",
    "*": "{0} · {1}",
    "/": "{0} / {1}",
    "**": "{0}^{1}",
    "neg": "-{0}",
    "abs": "|{0}|",
    "1[>0]": "1[{0} > 0]",
    "1[>]": "1[{0} > {1}]",
    "1[=]": "1[{0} = {1}]",
    "select": "{1} if {0} else {2}",
}


def notation(prim: Any, xs: list[str]) -> str:
    """The right-hand side of a node's equation, in the table's notation."""
    name = prim.name
    if name in _OPERATORS and len(xs) == _OPERATORS[name].count("{"):
        return _OPERATORS[name].format(*xs)
    if len(xs) == 1:
        for pattern, form in _FORMS:
            match = pattern.match(name)
            if match:
                return form.format(x=xs[0], c=match.group(1))
        if name.startswith("1[") and "x" in name:
            return name.replace("x", xs[0])
    if name in ("dot", "dot+b"):
        n = len(xs) // 2
        terms = " + ".join(f"{w}·{x}" for w, x in zip(xs[:n], xs[n : 2 * n]))
        return f"{terms} + {xs[-1]}" if name == "dot+b" else terms
    return f"{name}({', '.join(xs)})"


def _atomic(text: str) -> bool:
    """True when ``text`` needs no parentheses as a factor (no operator outside brackets)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and i > 0 and ch in " +-/·":
            return False
    return True


def term(factor: str, partial: str) -> str | None:
    """factor · partial, simplified for the partials 0, 1 and -1 (None for 0)."""
    if partial == "0":
        return None
    if partial == "1":
        return factor
    if partial == "-1":
        return f"-{factor}"
    if "G" in partial:  # a tensor-only entry's rule, G the adjoint
        return partial.replace("G", factor)
    return f"{factor} · {partial if _atomic(partial) else f'({partial})'}"


def total(terms: Iterable[str]) -> str:
    out = ""
    for t in terms:
        out = t if not out else (f"{out} - {t[1:]}" if t.startswith("-") else f"{out} + {t}")
    return out


def bar(name: str) -> str:
    """The adjoint's name: ē for e (a combining macron, composed where Unicode has the letter)."""
    return unicodedata.normalize("NFC", name + "\u0304")


def dot(name: str) -> str:
    """The tangent's name: ė for e."""
    return unicodedata.normalize("NFC", name + "\u0307")


class Equation(NamedTuple):
    """``name = expression``."""

    name: str
    expression: str

    def __str__(self) -> str:
        return f"{self.name} = {self.expression}"


class Program:
    """Equations in topological order between ``inputs`` (names) and ``outputs`` (names in f's
    output structure). ``print(program)`` lists them; a traced program also has
    ``reverse()`` and ``forward(wrt)`` (and ``recording``, the graph it was read from)."""

    def __init__(
        self, inputs: list[str], equations: list[Equation], outputs: Any, recording: Recording | None = None
    ) -> None:
        self.inputs = inputs
        self.equations = equations
        self.outputs = outputs
        self.recording = recording

    @classmethod
    def from_recording(cls, rec: Recording) -> Program:
        """One equation per computed node; identity and x·1 nodes take their input's name."""
        name = _namer(rec)
        equations = [
            Equation(name(node), notation(node.primitive, [name(x) for x in node.inputs]))
            for node in rec.computed()
        ]
        it = iter(rec.outputs)
        outputs = _tree_map(lambda _: name(next(it)), rec.out)
        inputs = list(dict.fromkeys(rec.names[x] for x in rec.inputs))
        return cls(inputs, equations, outputs, rec)

    def __len__(self) -> int:
        return len(self.equations)

    def __iter__(self) -> Any:
        return iter(self.equations)

    def __str__(self) -> str:
        lines = [f"inputs: {', '.join(self.inputs)}"]
        lines += [str(eq) for eq in self.equations]
        lines.append(f"outputs: {_show(self.outputs)}")
        return unicodedata.normalize("NFC", "\n".join(lines))

    def __repr__(self) -> str:
        return f"<Program: {len(self.inputs)} inputs, {len(self.equations)} equations>"

    def _graph(self) -> tuple[Recording, Any, Any, list[Any]]:
        if self.recording is None:
            raise ValueError("Program: only a traced program (ag.trace) has derivative programs")
        rec = self.recording
        aliases = rec.aliases
        return rec, _namer(rec), lambda node: aliases.get(node, node), rec.computed()

    def reverse(self) -> Program:
        """The adjoint program (back propagation): v̄ = sum_u ū · ∂u/∂v over the nodes u reading
        v, seeded with 1 at the output (at every output: the gradient of their sum)."""
        rec, name, resolve, computed = self._graph()
        partials = {u: u.primitive.symbols([name(x) for x in u.inputs], name(u)) for u in computed}
        users: dict[Any, list[tuple[Any, int]]] = {}
        for u in computed:
            for k, x in enumerate(u.inputs):
                users.setdefault(resolve(x), []).append((u, k))
        seeded = {resolve(y) for y in rec.outputs}
        live: set[Any] = set()
        equations = []
        for node in reversed(rec.order):
            if node not in rec.names or node in rec.aliases:
                continue
            terms = ["1"] if node in seeded else []
            terms += [
                t
                for u, k in users.get(node, ())
                if u in live
                for t in [term(bar(name(u)), partials[u][k])]
                if t is not None
            ]
            if terms:
                live.add(node)
                equations.append(Equation(bar(name(node)), total(terms)))
        for x in rec.inputs:
            if resolve(x) not in live:
                equations.append(Equation(bar(name(x)), "0"))
        outputs = tuple(dict.fromkeys(bar(name(x)) for x in rec.inputs))
        return Program(list(self.inputs), equations, outputs[0] if len(outputs) == 1 else outputs)

    def forward(self, wrt: Any) -> Program:
        """The tangent program for the direction ẇ = 1 on the inputs named in ``wrt`` (a name
        or a list of names): u̇ = sum_x ẋ · ∂u/∂x over u's inputs x that depend on ``wrt``
        (for a tensor-only entry, ∂x u[ẋ]: its derivative along x applied to ẋ)."""
        rec, name, resolve, computed = self._graph()
        wanted = [wrt] if isinstance(wrt, str) else list(wrt)
        by_name = {name(x): resolve(x) for x in rec.inputs}
        unknown = [w for w in wanted if w not in by_name]
        if unknown:
            raise ValueError(f"forward: {unknown[0]!r} is not an input; inputs: {', '.join(by_name)}")
        reached = {by_name[w] for w in wanted}
        equations = [Equation(dot(w), "1") for w in wanted]
        for u in computed:
            syms = None
            terms = []
            for k, x in enumerate(u.inputs):
                if resolve(x) in reached:
                    syms = syms or u.primitive.symbols([name(v) for v in u.inputs], name(u))
                    if u.primitive.elementwise:
                        t = term(dot(name(x)), syms[k])
                    else:  # a tensor-only entry's symbols are its VJP: write the JVP out
                        call = notation(u.primitive, [name(v) for v in u.inputs])
                        t = f"∂{name(x)} {call}[{dot(name(x))}]"
                    if t is not None:
                        terms.append(t)
            if syms is not None:
                reached.add(u)
                equations.append(Equation(dot(name(u)), total(terms) or "0"))
        tangents = iter([dot(name(y)) if resolve(y) in reached else "0" for y in rec.outputs])
        outputs = _tree_map(lambda _: next(tangents), rec.out)
        return Program([dot(w) for w in wanted], equations, outputs)


def _namer(rec: Recording) -> Any:
    names = rec.names

    def name(node: Any) -> str:
        got = names.get(node)
        if got is not None:
            return got
        data = node.data
        return fmt(float(data)) if getattr(data, "ndim", 0) == 0 else f"const{list(data.shape)}"

    return name


def _show(tree: Any) -> str:
    if isinstance(tree, tuple):
        return "(" + ", ".join(_show(t) for t in tree) + ("," if len(tree) == 1 else "") + ")"
    if isinstance(tree, list):
        return "[" + ", ".join(_show(t) for t in tree) + "]"
    return str(tree)


def trace(f: Any, *args: Any) -> Program:
    """f recorded once on ``args`` (floats, Values, lists of them) as a :class:`Program`:
    ``print`` it for its equations, ``.reverse()`` / ``.forward(wrt)`` for its adjoint and
    tangent programs. Python control flow in f is fixed by these arguments."""
    return Program.from_recording(record(f, args))


__all__ = ["Equation", "Program", "notation", "trace"]
