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
from collections import Counter
from itertools import chain as concat
from typing import Any

from autograd import rolling
from autograd.arraysource import ARRAY_GLOBALS, ARRAY_SOURCE, tensor_call
from autograd.pytree import tree_map as _tree_map
from autograd.recording import LazyNames, Recording, argument_names, usable
from autograd.source import ATOM, GLOBALS, SOURCE, Expr, expr, literal
from autograd.value import Constant

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
    _resolve = rec.aliases.get
    outputs = [_resolve(y, y) for y in rec.outputs]
    constants, closed = _leaves(rec)
    plan = (
        None
        if arrays or len(rec.order) < ROLL_MIN_NODES
        else rolling.plan(rec.args, rec.inputs, constants, rec.order, rec.aliases, outputs)
    )
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
        _write_rolled(w, plan, outputs, params, taken, lines)

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


def _fresh(base: str, taken: set[str]) -> str:
    """``base``, or ``base_1``, ``base_2`` ...: the first usable name not taken (then taken)."""
    base = base.lstrip("_") or "x"
    name, k = base, 1
    while not usable(name, taken):
        name, k = f"{base}_{k}", k + 1
    taken.add(name)
    return name


def _write_rolled(
    w: Writer,
    plan: rolling.Plan,
    outputs: list[Any],
    params: list[str],
    taken: set[str],
    lines: list[str],
) -> None:
    """The shared nodes, then ``for i ...`` computing every block, then the mixed nodes. A
    chain over the samples whose start is shared and whose order is the loop's runs inside the
    loop; the block values other mixed nodes read are stored in lists; other chains are loops
    over those lists."""
    label, n, shared, mixed = plan.label, plan.n, plan.shared, plan.mixed
    index = _fresh("i", taken)
    uses, pinned = w.uses(shared + mixed, set(outputs))
    pinned.update(x for _, ins in plan.body for x in ins if x not in label)  # read at every sample
    w.write(shared, uses, pinned, lines)
    chains, every_chain = _chains(mixed, plan, uses, pinned)
    order, fused = _loop_order(every_chain, plan)
    rep = {plan.role[u]: u for u, _ in plan.body}
    done = {id(c) for c in fused}
    loose = [step for step in mixed if step[0] not in chains]
    read = {x for _, ins in loose for x in ins}  # (a fused chain reads no list)
    read.update(x for c in every_chain if id(c) not in done for _, ins in c for x in ins)
    read.update(outputs)
    needed = plan.outside.intersection(read)
    stored = {r: _fresh(f"{w.names[rep[r]]}s", taken) for r in sorted({plan.role[x] for x in needed})}
    lines.extend(f"{lst} = [0.0] * {n}" for lst in stored.values())
    body_uses, body_pinned = w.uses(plan.body, {rep[r] for r in stored})
    for chain in fused:
        e = rep[plan.role[chain[0][1][_stored_input(chain[0][1], plan.outside)]]]
        body_uses[e] = body_uses.get(e, 0) + 1
        lines.append(f"{w.names[chain[-1][0]]} = {w.text[_chain_start(chain, plan)]}")
    lines.extend(_loop_header(w, plan, order, params, index, taken))
    body: list[str] = []
    w.write(plan.body, body_uses, body_pinned, body)
    body.extend(f"{lst}[{index}] = {w.text[rep[r]]}" for r, lst in stored.items())
    body.extend(_accumulate(w, chain, plan, rep) for chain in fused)
    lines.extend(f"    {line}" for line in body)
    for x in needed:
        w.text[x], w.prec[x] = f"{stored[plan.role[x]]}[{label[x]}]", ATOM
    for c in fused:
        last = c[-1][0]
        w.text[last], w.prec[last] = w.names[last], ATOM
    if len(fused) == len(every_chain):  # the rest is straight-line code
        w.write(loose, uses, pinned, lines)
    else:
        _write_mixed(w, mixed, chains, fused, plan, stored, uses, pinned, index, lines)


def _loop_order(chains: list[list[Step]], plan: rolling.Plan) -> tuple[list[int], list[list[Step]]]:
    """The order to visit the samples in (that of the most chains that start from a shared
    node and visit every sample once; else 0, 1 ...), and those chains."""
    by_order: dict[tuple[int, ...], list[list[Step]]] = {}
    every = list(range(plan.n))
    for chain in chains:
        k = _stored_input(chain[0][1], plan.outside)
        order = tuple([plan.label[ins[k]] for _, ins in chain])
        if plan.label.get(_chain_start(chain, plan)) is None and sorted(order) == every:
            by_order.setdefault(order, []).append(chain)
    if not by_order:
        return every, []
    order = max(by_order, key=lambda o: len(by_order[o]))
    return list(order), by_order[order]


def _chain_start(chain: list[Step], plan: rolling.Plan) -> Any:
    """The node a chain starts from (the input of its first step that is not a block value)."""
    ins = chain[0][1]
    return ins[1 - _stored_input(ins, plan.outside)]


def _loop_header(
    w: Writer, plan: rolling.Plan, order: list[int], params: list[str], index: str, taken: set[str]
) -> list[str]:
    """``for i, (sample ...) in enumerate(zip(...)):``, or for another order ``for i in
    order:`` and one sample of each batched argument unpacked."""
    places = {(p.arg, p.path): p for p in plan.leaves}
    for p in plan.leaves:
        w.text[p], w.prec[p] = (
            _fresh("_".join([params[plan.batched[p.arg]], "i", *map(str, p.path)]), taken),
            ATOM,
        )
    targets = [_sample_pattern(shape, k, (), places, w.text) for k, shape in enumerate(plan.shapes)]
    sources = [params[k] for k in plan.batched]
    if order != list(range(plan.n)):
        return [f"for {index} in {_order(order)}:"] + [
            f"    {target} = {source}[{index}]" for target, source in zip(targets, sources)
        ]
    if len(targets) == 1:
        return [f"for {index}, {targets[0]} in enumerate({sources[0]}):"]
    return [f"for {index}, ({', '.join(targets)}) in enumerate(zip({', '.join(sources)})):"]


def _accumulate(w: Writer, chain: list[Step], plan: rolling.Plan, rep: dict[int, Any]) -> str:
    """``acc = acc op e``: one step of a chain, inside the loop (e: the block value's text)."""
    first, ins = chain[0]
    k = _stored_input(ins, plan.outside)
    acc = w.names[chain[-1][0]]
    e = rep[plan.role[ins[k]]]
    holes = [Expr(acc), Expr(w.text[e], w.prec[e])]
    if k == 0:
        holes.reverse()
    return f"{acc} = {expr(first.primitive.rule(w.m, *holes)[0]).text}"


def _sample_pattern(
    shape: Any, arg: int, path: tuple[int, ...], places: dict[Any, Any], text: dict[Any, str]
) -> str:
    """The unpacking target for one sample of a batched argument: its places' loop variables,
    ``_`` for a place no block reads."""
    if isinstance(shape, list):
        return (
            "["
            + ", ".join(_sample_pattern(s, arg, (*path, j), places, text) for j, s in enumerate(shape))
            + "]"
        )
    place = places.get((arg, path))
    return text[place] if place is not None else "_"


def _write_mixed(
    w: Writer,
    mixed: list[Step],
    chains: dict[Any, list[Step]],
    fused: list[list[Step]],
    plan: rolling.Plan,
    stored: dict[int, str],
    uses: dict[Any, int],
    pinned: set[Any],
    index: str,
    lines: list[str],
) -> None:
    """The mixed steps, each chain ``c = c_prev op e`` over stored values written as one loop
    (the ``fused`` chains are done: the loop over the samples computed them)."""
    done = {id(c) for c in fused}
    run: list[Step] = []
    for step in mixed:
        chain = chains.get(step[0])
        if chain is None:
            run.append(step)
        elif chain[-1][0] is step[0] and id(chain) not in done:
            w.write(run, uses, pinned, lines)
            run = []
            _write_fold(w, chain, plan, stored, index, lines)
    w.write(run, uses, pinned, lines)


def _chains(
    mixed: list[Step], plan: rolling.Plan, uses: dict[Any, int], pinned: set[Any]
) -> tuple[dict[Any, list[Step]], list[list[Step]]]:
    """({node: its chain}, the chains) for the chains of at least FOLD_MIN binary steps, each
    reading the one before it (read nowhere else) and a block value of one role, in one
    position."""
    outside, role = plan.outside, plan.role
    open_: dict[Any, tuple[Any, list[Step]]] = {}  # chain's last node -> (signature, chain)
    chains: list[list[Step]] = []
    foldable: dict[Any, bool] = {}  # entry -> elementwise and unchecked?
    for step in mixed:
        u, ins = step
        if len(ins) != 2:
            continue
        x, z = ins
        k = 1 if z in outside else 0 if x in outside else -1  # (see _stored_input)
        if k < 0:
            continue
        prim = u.primitive
        ok = foldable.get(prim)
        if ok is None:
            ok = foldable[prim] = prim.elementwise and prim.domain is None
        if not ok:
            continue
        prev, e = (x, z) if k else (z, x)
        sig = (prim, k, role[e])
        got = open_.pop(prev, None)
        if got is not None and got[0] == sig and uses[prev] == 1 and prev not in pinned:
            chain = got[1]
        else:
            chain = []
            chains.append(chain)
        chain.append(step)
        open_[u] = (sig, chain)
    chains = [chain for chain in chains if len(chain) >= FOLD_MIN]
    return {u: chain for chain in chains for u, _ in chain}, chains


FOLD_MIN = 4
"""A chain of at least this many steps over the samples is written as a loop."""


def _stored_input(ins: tuple[Any, ...], outside: set[Any]) -> int:
    """Which input of a binary step is a stored block value (the second when both), else -1."""
    return 1 if ins[1] in outside else 0 if ins[0] in outside else -1


def _write_fold(
    w: Writer, chain: list[Step], plan: rolling.Plan, stored: dict[int, str], index: str, lines: list[str]
) -> None:
    """``acc = init`` then ``for i in order: acc = acc op stored[i]`` (the chain's operations in
    its order: the same rounding)."""
    first, ins = chain[0]
    k = _stored_input(ins, plan.outside)
    init = _chain_start(chain, plan)
    order = [plan.label[s[1][k]] for s in chain]
    last = chain[-1][0]
    acc = w.names[last]
    holes = [Expr(acc), Expr(f"{stored[plan.role[ins[k]]]}[{index}]")]
    if k == 0:
        holes.reverse()
    value = expr(first.primitive.rule(w.m, *holes)[0]).text
    lines.append(f"{acc} = {w.text[init]}")
    lines.append(f"for {index} in {_order(order)}:")
    lines.append(f"    {acc} = {value}")
    w.text[last], w.prec[last] = acc, ATOM


def _order(order: list[int]) -> str:
    """The samples' order as ``range(...)`` when it is one, else a tuple literal."""
    step = order[1] - order[0]
    if step and all(b - a == step for a, b in zip(order, order[1:])):
        return f"range({order[0]}, {order[-1] + step}{'' if step == 1 else f', {step}'})"
    return f"({', '.join(map(str, order))})"


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
