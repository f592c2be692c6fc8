"""Python source from a recorded graph: one function, generated from the table.

The nodes are written as lines by ``autograd.writer`` (each entry's rule run on expressions, a
node read once inlined into its reader, domain checks called first), named by
``recording.name_nodes``: straight-line code. A large graph that repeats one block per sample
of its list arguments is rolled into a loop over the samples (``autograd.rolling`` plans it,
``autograd.loops`` writes it). Constants are written as float literals; leaves that are neither
arguments nor constants (parameters closed over by f) are read from their ``.data`` at every
call. The outputs are checked for NaN.
"""

from __future__ import annotations

from typing import Any

from autograd import rolling
from autograd.arraysource import ARRAY_GLOBALS, ARRAY_SOURCE
from autograd.loops import write_rolled
from autograd.pytree import tree_map as _tree_map
from autograd.recording import LazyNames, Recording, argument_names, usable
from autograd.source import ATOM, GLOBALS, SOURCE, literal
from autograd.value import Constant
from autograd.writer import Step, Writer, reads_each_input_once


class NotANumber(ArithmeticError):
    """A compiled program produced NaN (the interpreted engine names the operation)."""


def _pattern(tree: Any, names: Any) -> str:
    """An unpacking target for a (nested) list argument: ``[w_0, [x_1, x_2]]``."""
    if isinstance(tree, (list, tuple)):
        return "[" + ", ".join(_pattern(t, names) for t in tree) + "]"
    return next(names)


ROLL_MIN_NODES = 2000
"""A graph of at least this many nodes is rolled into loops where its graph repeats one
block per sample (``autograd.rolling``); a smaller one stays straight-line code."""


def generate(rec: Recording, fname: str = "program") -> tuple[str, dict[str, Any]]:
    """(source of ``def fname(*args)``, its globals) computing f's outputs from its arguments."""
    arrays = rec.tensors
    m = ARRAY_SOURCE if arrays else SOURCE
    namespace: dict[str, Any] = dict(ARRAY_GLOBALS if arrays else GLOBALS, NotANumber=NotANumber)
    plan = (
        None
        if arrays or len(rec.order) < ROLL_MIN_NODES
        else rolling.plan(rec.args, rec.inputs, rec.order, rec.outputs)
    )
    if plan is not None:  # its pass found the aliases and leaves: no other pass
        rec.scanned = (plan.aliases, plan.leaf_nodes)
    _resolve = rec.aliases.get
    outputs = [_resolve(y, y) for y in rec.outputs]
    constants, closed = _leaves(rec)
    # a rolled program names only the few nodes it writes as variables
    names: dict[Any, str] = rec.names if plan is None else rec.lazy_names()
    taken = names.taken if isinstance(names, LazyNames) else set(names.values())

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
        taken.add(param)

    w = Writer(m, namespace, names)
    for node in constants:
        e = literal(node.data)
        w.text[node], w.prec[node] = e.text, e.prec
    for node in closed:  # a leaf f closes over: read at every call
        namespace[f"_leaf_{names[node]}"] = node
        lines.append(f"{names[node]} = _leaf_{names[node]}.data")
    for node in (*rec.inputs, *closed):
        w.text[node], w.prec[node] = names[node], ATOM

    if plan is None:
        steps = _steps(rec)
        uses, pinned = w.uses(steps, set(outputs))
        w.write(steps, uses, pinned, lines)
    else:
        write_rolled(w, plan, outputs, params, taken, lines)

    text = w.text
    it = iter(outputs)
    copy = "array({})" if arrays else "{}"  # arrays are returned as copies, as the engine does
    out_tree = _tree_map(lambda _: copy.format(text[next(it)]), rec.out)
    variables = [text[y] for y in outputs if not isinstance(y, Constant)]
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


def _steps(rec: Recording) -> list[Step]:
    """The computed nodes with their inputs (aliases followed), aliases left out, in order."""
    copies = rec.aliases.keys()
    resolve = rec.aliases.get
    return [
        (u, ins if copies.isdisjoint(ins) else tuple(map(resolve, ins, ins)))
        for u in rec.order
        if (ins := u.inputs) and u not in copies
    ]


def _leaves(rec: Recording) -> tuple[list[Any], list[Any]]:
    """The constants, and the leaves that are neither inputs nor constants (closed over)."""
    leaves = rec.leaves
    inputs = set(rec.inputs)
    constants = [u for u in leaves if isinstance(u, Constant)]
    return constants, [u for u in leaves if u not in inputs and not isinstance(u, Constant)]


def _literal(tree: Any) -> str:
    if isinstance(tree, tuple):
        return "(" + ", ".join(_literal(t) for t in tree) + ("," if len(tree) == 1 else "") + ")"
    if isinstance(tree, list):
        return "[" + ", ".join(_literal(t) for t in tree) + "]"
    return str(tree)


__all__ = ["NotANumber", "generate", "reads_each_input_once"]
