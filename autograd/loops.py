"""A rolled program (``autograd.rolling``'s plan) written as Python: loops over the samples.

The shared nodes first; then ``for i ...`` computing every block; then the mixed nodes. A chain
``c = c_prev op e`` over the samples (a parameter's gradient summed over the points) whose
start is shared and whose order is the loop's runs inside the loop (``acc = acc + e``); the
block values other mixed nodes read are stored in lists (``t5s[i] = t5``); another chain is a
loop of its own over its list. Each chain keeps its operations and their order: the same
rounding as the straight-line program.
"""

from __future__ import annotations

from typing import Any

from autograd import primitives as P
from autograd import rolling
from autograd.recording import usable
from autograd.source import ATOM, Expr, expr
from autograd.writer import Step, Writer


def _fresh(base: str, taken: set[str]) -> str:
    """``base``, or ``base_1``, ``base_2`` ...: the first usable name not taken (then taken)."""
    base = base.lstrip("_") or "x"
    name, k = base, 1
    while not usable(name, taken):
        name, k = f"{base}_{k}", k + 1
    taken.add(name)
    return name


def write_rolled(
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
        lines.append(f"{w.names[chain[-1][0]]} = {_chain_init(w, chain, plan)}")
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
    """The order to visit the samples in (that of the most chains that visit every sample
    once, from a shared node or, for a sum or a product, from the first sample's value; else
    0, 1 ...), and those chains."""
    by_order: dict[tuple[int, ...], list[list[Step]]] = {}
    every = list(range(plan.n))
    for chain in chains:
        k = _stored_input(chain[0][1], plan.outside)
        order = [plan.label[ins[k]] for _, ins in chain]
        start = _chain_start(chain, plan)
        if plan.label.get(start) is not None:  # a sample's value: the chain's first term
            if _identity(chain) is None or plan.role.get(start) != plan.role[chain[0][1][k]]:
                continue
            order.insert(0, plan.label[start])
        if sorted(order) == every:
            by_order.setdefault(tuple(order), []).append(chain)
    if not by_order:
        return every, []
    best = max(by_order, key=lambda o: len(by_order[o]))
    return list(best), by_order[best]


def _identity(chain: list[Step]) -> str | None:
    """The exact identity of a chain's operation: -0.0 for + (-0.0 + x is x, even -0.0), 1.0
    for *; None for another operation."""
    prim = chain[0][0].primitive
    return "-0.0" if prim is P.ADD else "1.0" if prim is P.MUL else None


def _chain_init(w: Writer, chain: list[Step], plan: rolling.Plan) -> str:
    """What a chain run inside the loop starts from: its shared start node, or the identity
    when it starts from a sample's value (the loop then adds that one first)."""
    start = _chain_start(chain, plan)
    if plan.label.get(start) is None:
        return w.text[start]
    identity = _identity(chain)
    assert identity is not None  # (_loop_order fuses no other chain)
    return identity


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


__all__ = ["write_rolled"]
