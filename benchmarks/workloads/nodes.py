"""MEM, issue 2's first benchmark as a section of the harness: on a 100,000-node graph,
nanoseconds per node for forward and for backward, and bytes per node (tracemalloc).

The graph is ``peers.nodes_graph``: a chain whose every node is a binary operation on shared
leaves, so edgegrad and micrograd hold the same nodes. Bytes per node = memory traced while
building the graph / its node count (leaves included), with the garbage collector off; the
"backward peak" column is the extra memory the reverse sweep needs at its peak (topological
order, adjoints, the gradients written into nodes). Run it alone: ``python -m benchmarks
--only MEM``.
"""

from __future__ import annotations

import gc
import tracemalloc
from functools import partial
from time import perf_counter
from typing import Any

from benchmarks.config import Config
from benchmarks.peers.nodes_graph import ENGINES
from benchmarks.peers.w2_chain import python_chain
from benchmarks.results import Column, Group, Row, Section, median
from benchmarks.timing import alternate
from benchmarks.workloads.common import probe, row

NODES = 100_000


def timed(engine: str, links: int) -> tuple[float, float, float]:
    """(forward seconds, backward seconds, dy/dx) for ``engine`` ("python": floats, no graph)."""
    if engine == "python":
        return python_chain(links)
    build, backward, _ = ENGINES[engine]
    start = perf_counter()
    x, y = build(links)
    forward = perf_counter() - start
    start = perf_counter()
    backward(y)
    return forward, perf_counter() - start, float(x.grad)


def traced(engine: str, links: int, shared: bool = True) -> tuple[float, int, float | None]:
    """(bytes per node of the graph, nodes, backward peak bytes per node), by tracemalloc;
    ``shared=False`` builds W2's chain (plain numbers) and skips the backward.
    micrograd's backward is not traced: its 100,000-deep recursion runs in quadratic time
    under tracemalloc (minutes)."""
    build, backward, count = ENGINES[engine]
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        x, y = build(links, shared)
        graph = tracemalloc.get_traced_memory()[0] - base
        peak = None
        if engine != "micrograd" and shared:
            tracemalloc.reset_peak()
            backward(y)
            peak = tracemalloc.get_traced_memory()[1] - base - graph
    finally:
        tracemalloc.stop()
        gc.enable()
    nodes = count(y)
    del x, y
    gc.collect()
    return graph / nodes, nodes, None if peak is None else peak / nodes


def _per_node(outs: list[Any], nodes: int, phase: int | None) -> float | None:
    return median([(o[0] + o[1] if phase is None else o[phase]) / nodes * 1e9 for o in outs])


def _constants_group(links: int, absent: dict[str, str], section: Section) -> Group:
    """Bytes per *operation* of W2's chain, whose numbers are plain Python numbers."""
    group = Group(f"memory per operation, W2's chain ({links:,} links, plain numbers)",
                  "B/op", header="graph", detail="tracemalloc", columns=[Column("nodes", "nodes", "")])
    for name in ENGINES:
        if name in absent:
            group.rows.append(Row(name, status=absent[name]))
            continue
        per_node, count, _ = traced(name, links, shared=False)
        value = per_node * count / (2 * links)
        group.rows.append(Row(name, value=value, extra={"nodes": count}))
        section.metrics[f"{name} B/op"] = value
    return group


def run(cfg: Config) -> Section:
    """Two groups (time per node, bytes per node); metrics "<engine> B/node", "<engine> ns/node"."""
    nodes = cfg.size(NODES, 10_000)
    links = nodes // 2
    section = Section("MEM", f"memory and time per node on a {nodes:,}-node graph (issue 2)")
    _, absent = probe({name: partial(build, 1) for name, (build, _, _) in ENGINES.items()})
    names = [*ENGINES, "python"]
    rounds = cfg.rounds(5)
    runs = alternate({name: partial(timed, name, links) for name in names if name not in absent},
                     rounds, cfg.warmup)
    speed = Group("time per node", "ns/node", header="fwd+bwd",
                  detail=f"median of {rounds} rounds after {cfg.warmup} warm-up",
                  columns=[Column("fwd", "forward", "ns/node"), Column("bwd", "backward", "ns/node")])
    for name in names:
        def per_node(run: Any, phase: int | None = None) -> float | None:
            return _per_node(run.outputs[-len(run.seconds):], nodes, phase)
        r = row(name, runs.get(name), absent, value=per_node,
                extra=lambda run: {"fwd": per_node(run, 0), "bwd": per_node(run, 1)})
        speed.rows.append(r)
        section.metrics[f"{name} ns/node"] = r.value
    memory = Group("memory per node", "B/node", header="graph",
                   detail="tracemalloc, median of 3 builds",
                   columns=[Column("nodes", "nodes", ""), Column("peak", "backward peak", "B/node")])
    for name in ENGINES:
        if name in absent:
            memory.rows.append(Row(name, status=absent[name]))
            continue
        samples = [traced(name, links) for _ in range(1 if cfg.quick else 3)]
        value = median([s[0] for s in samples])
        memory.rows.append(Row(name, value=value, samples=[s[0] for s in samples],
                               extra={"nodes": samples[0][1],
                                      "peak": median([s[2] for s in samples if s[2] is not None])}))
        section.metrics[f"{name} B/node"] = value
    section.groups += [speed, memory, _constants_group(links, absent, section)]
    grads = {name: run.outputs[-1][2] for name, run in runs.items() if run.error is None and run.outputs}
    if grads:
        from benchmarks.results import Check

        reference = grads.get("python", next(iter(grads.values())))
        section.checks.append(Check("dy/dx vs pure Python, max relative difference",
                                    max(abs(g - reference) / reference for g in grads.values()),
                                    1e-12, sorted(grads)))
    section.notes += [
        "B/op: bytes per operation of W2's chain, y * 1.0001 + 0.001 with plain numbers: "
        "micrograd wraps each number as a new constant leaf (4 nodes per link), edgegrad makes "
        "it the parameter of a one-input node (2 nodes per link); the convention of the "
        "issue's 'micrograd ~1,170'.",
        f"Graph: y <- y * a + c for {links:,} links with a, c shared leaves: {nodes:,} operation "
        "nodes + 3 leaves on both engines. python: floats, no graph (per operation).",
        "micrograd's backward runs with the recursion limit raised (its sort recurses once per "
        "node); under the default limit it fails from ~500 links (W2). Its backward peak is not "
        "traced (deep recursion under tracemalloc takes minutes).",
    ]
    return section
