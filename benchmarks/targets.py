"""The targets the engine must meet (issue 7), checked against the metrics of one run.

Each target reads the named metrics its section recorded; a target whose section was not run,
or whose peer is absent, is reported with ``met = None`` ("-"). Nothing here fails a run: the
targets are the lead's to meet, the benchmark only measures them.
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.results import Section, ratio

Metrics = dict[str, dict[str, float | None]]
"""Section key -> that section's metrics."""


@dataclass
class Verdict:
    """One target: what it asks, what was measured, and whether it is met (None: not measured)."""

    target: str
    measured: str
    met: bool | None
    value: float | None = None


def _get(m: Metrics, key: str, name: str) -> float | None:
    return m.get(key, {}).get(name)


def _ratio_verdict(target: str, value: float | None, limit: float, at_least: bool,
                   what: str = "") -> Verdict:
    if value is None:
        return Verdict(target, "not measured", None)
    met = value >= limit if at_least else value <= limit
    return Verdict(target, f"{value:.3g}x{what}", met, value)


def w1_vs_micrograd(m: Metrics, peer: str = "edgegrad", gc: str = "") -> Verdict:
    """W1: edgegrad's step >= 30x faster than micrograd's (``gc`` "" for the gc-off policy,
    " gc on" for the collector on)."""
    speedup = ratio(_get(m, "W1", f"micrograd{gc}"), _get(m, "W1", f"{peer}{gc}"))
    return _ratio_verdict(f"W1 {peer} >= 30x faster than micrograd ({_gc(gc)})", speedup, 30.0,
                          True, " faster")


def w1_vs_python(m: Metrics, peer: str = "edgegrad", gc: str = "") -> Verdict:
    """W1: edgegrad's step <= 5x the pure-Python lower bound."""
    slowdown = ratio(_get(m, "W1", f"{peer}{gc}"), _get(m, "W1", f"python{gc}"))
    return _ratio_verdict(f"W1 {peer} <= 5x pure Python ({_gc(gc)})", slowdown, 5.0, False,
                          " the time")


def w1_compiled(m: Metrics, peer: str, gc: str = "") -> Verdict:
    """W1: the compiled step <= 1.5x the hand-written pure-Python step (issue 15)."""
    slowdown = ratio(_get(m, "W1", f"{peer}{gc}"), _get(m, "W1", f"python{gc}"))
    return _ratio_verdict(f"W1 {peer} <= 1.5x pure Python ({_gc(gc)})", slowdown, 1.5, False,
                          " the time")


def w1_compile_time(m: Metrics, peer: str) -> Verdict:
    """W1: ag.compile (trace, generate, compile) takes under 1 s (issue 15)."""
    seconds = _get(m, "W1", f"{peer} compile s")
    if seconds is None:
        return Verdict(f"W1 {peer}: compile time < 1 s", "not measured", None)
    return Verdict(f"W1 {peer}: compile time < 1 s", f"{seconds:.2f} s", seconds < 1.0, seconds)


def _gc(gc: str) -> str:
    return "gc on" if gc else "gc off"


def w2_runs(m: Metrics) -> Verdict:
    """W2: the 1e6 chain runs (forward and backward)."""
    ran = _get(m, "W2", "edgegrad 1e6 runs")
    if ran is None:
        return Verdict("W2 the 1e6 chain runs", "not measured", None)
    seconds = _get(m, "W2", "edgegrad 1e6 seconds")
    return Verdict("W2 the 1e6 chain runs", f"yes, {seconds:.2f} s" if ran else "no", bool(ran))


def w2_scaling(m: Metrics) -> Verdict:
    """W2: time per link at N = 1e6 within 1.5x of that at 1e5."""
    growth = ratio(_get(m, "W2", "edgegrad 1e6 ns/link"), _get(m, "W2", "edgegrad 1e5 ns/link"))
    return _ratio_verdict("W2 time/link at 1e6 <= 1.5x that at 1e5", growth, 1.5, False)


def memory(m: Metrics, unit: str, what: str) -> Verdict:
    """MEM: <= 200 bytes per node (micrograd ~1,170), in ``unit`` "B/op" or "B/node"."""
    ours, theirs = _get(m, "MEM", f"edgegrad {unit}"), _get(m, "MEM", f"micrograd {unit}")
    target = f"MEM <= 200 {unit}, {what}"
    if ours is None:
        return Verdict(target, "not measured", None)
    other = f" (micrograd {theirs:,.0f})" if theirs is not None else ""
    return Verdict(target, f"{ours:,.0f} {unit}{other}", ours <= 200.0, ours)


def cheap_gradient(m: Metrics) -> Verdict:
    """CG: one reverse sweep costs no more than the forward pass that built the graph."""
    value = ratio(_get(m, "CG", "edgegrad reverse"), _get(m, "CG", "edgegrad forward"))
    return _ratio_verdict("CG reverse sweep <= forward pass (W1)", value, 1.0, False,
                          " the forward")


def w4_vs(m: Metrics, peer: str, limit: float) -> Verdict:
    """W4: edgegrad Tensor within ``limit`` x ``peer`` in both dtypes (the worse one counts)."""
    target = f"W4 edgegrad Tensor <= {limit:g}x {peer} (float32, float64)"
    ratios = [ratio(_get(m, "W4", f"edgegrad Tensor {dt}"), _get(m, "W4", f"{peer} {dt}"))
              for dt in ("float32", "float64")]
    known = [r for r in ratios if r is not None]
    if len(known) < 2:
        why = " (edgegrad Tensor absent)" if "W4" in m else ""
        return Verdict(target, f"not measured{why}", None)
    worst = max(known)
    return Verdict(target, " / ".join(f"{r:.3g}x" for r in known), worst <= limit, worst)


def evaluate(sections: list[Section]) -> list[Verdict]:
    """Every target against the metrics of ``sections``."""
    m: Metrics = {s.key: s.metrics for s in sections}
    verdicts = []
    for peer in ("edgegrad", "edgegrad nn"):
        if peer == "edgegrad" or _get(m, "W1", peer) is not None:
            verdicts += [w1_vs_micrograd(m, peer), w1_vs_micrograd(m, peer, " gc on"),
                         w1_vs_python(m, peer), w1_vs_python(m, peer, " gc on")]
    for peer in ("edgegrad compiled", "edgegrad compiled/point"):
        if _get(m, "W1", peer) is not None:
            verdicts += [w1_compiled(m, peer), w1_compiled(m, peer, " gc on"), w1_compile_time(m, peer)]
    verdicts += [w2_runs(m), w2_scaling(m),
                 memory(m, "B/op", "W2's chain with constants (micrograd ~1,170)"),
                 memory(m, "B/node", "shared leaves"), cheap_gradient(m),
                 w4_vs(m, "numpy", 1.3), w4_vs(m, "torch", 1.0)]
    return verdicts
