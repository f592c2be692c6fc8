"""Loop rolling in ``ag.compile``: a batch's repeated blocks run as a ``for`` over the samples.

Reference: the interpreted engine (``ag.value_and_grad`` of the same f on the same arguments),
to 1e-12, and the straight-line program (rolling off), bit for bit (the same operations in the
same order), on random batches; and the engine's errors, which the rolled program must raise
identically.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from conftest import programs
from hypothesis import given, settings
from hypothesis import strategies as st
from test_compile import close

import autograd as ag
from autograd import codegen, compiler
from benchmarks.peers import w1_compiled


@pytest.fixture(autouse=True)
def roll_small_programs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Roll programs of any size, so small batches exercise it."""
    monkeypatch.setattr(codegen, "ROLL_MIN_NODES", 0)


def rolled(source: str) -> bool:
    """Whether the program holds a loop (a line that starts with ``for``)."""
    return "\n    for " in source


def straight(f: Any, *args: Any) -> Any:
    """f compiled without rolling, run on ``args``."""
    saved, codegen.ROLL_MIN_NODES = codegen.ROLL_MIN_NODES, 10**9
    try:
        compiled = ag.compile(f)
        out = compiled(*args)
        assert not rolled(compiled.source)
        return out
    finally:
        codegen.ROLL_MIN_NODES = saved


def batch(rng: random.Random, n: int, nin: int) -> tuple[list[list[float]], list[float]]:
    X = [[rng.gauss(0, 1) for _ in range(nin)] for _ in range(n)]
    return X, [rng.choice((-1.0, 1.0)) for _ in range(n)]


def test_a_batch_loss_and_its_gradient_roll_and_match_the_engine() -> None:
    rng = random.Random(1)
    sizes = [(3, 5), (5, 4), (4, 1)]
    count = sum(nout * (nin + 1) for nin, nout in sizes)
    f = w1_compiled.make_loss(sizes)
    step = ag.compile(ag.value_and_grad(f))
    for _ in range(5):
        params = [rng.gauss(0, 0.7) for _ in range(count)]
        X, y = batch(rng, 12, 3)
        got = step(params, X, y)
        assert got == straight(ag.value_and_grad(f), params, X, y)
        assert close(got, ag.value_and_grad(f)(params, X, y))
    # the gradient sums over the samples in reverse (the reverse sweep's order): so does the loop
    loop = "    for i in range(11, -1, -1):\n        [X_i_0, X_i_1, X_i_2] = X[i]\n        y_i = y[i]\n"
    assert loop in step.source
    assert step.traces == 1


def test_per_sample_outputs_and_sums_in_any_order() -> None:
    """Outputs read from the loop's lists; sums over the samples in shuffled orders: the loop
    visits the samples in the first one's order (and sums there), the other is a loop of its
    own over the stored values."""
    rng = random.Random(2)
    order, other = list(range(9)), list(range(9))
    rng.shuffle(order)
    rng.shuffle(other)

    def f(w: Any, xs: Any) -> Any:
        scores = [(w[0] * x + w[1]).exp() for x in xs]
        total, second = w[2] * 0.5, w[2] * w[3]
        for i in order:
            total = total + scores[i] * w[3]
        for i in other:
            second = second * scores[i]
        return [total, second, *scores]

    step = ag.compile(f)
    for _ in range(4):
        w = [rng.gauss(0, 0.5) for _ in range(4)]
        xs = [rng.gauss(0, 1) for _ in range(9)]
        want = [v.data for v in f([ag.Value(a) for a in w], [ag.Value(x) for x in xs])]
        assert close(step(w, xs), want)
        assert step(w, xs) == straight(f, w, xs)
    assert f"    for i in ({', '.join(map(str, order))}):\n        xs_i = xs[i]\n" in step.source
    assert f"    for i in ({', '.join(map(str, other))}):\n        t" in step.source


def test_blocks_that_differ_by_control_flow_are_not_rolled_and_stay_correct() -> None:
    def f(w: Any, xs: Any) -> Any:
        return ag.sum([w * x if x.data > 0 else (w * x).exp() for x in xs])

    xs = [1.0, -1.0, 2.0, -3.0]
    step = ag.compile(ag.value_and_grad(f, argnums=(0, 1)))
    assert close(step(0.3, xs), ag.value_and_grad(f, argnums=(0, 1))(0.3, xs))


def test_a_domain_error_inside_the_loop_is_the_engines() -> None:
    def f(w: Any, xs: Any) -> Any:
        return ag.sum([(w * x).log() for x in xs])

    step = ag.compile(ag.value_and_grad(f))
    assert close(step(2.0, [1.0, 2.0, 3.0]), ag.value_and_grad(f)(2.0, [1.0, 2.0, 3.0]))
    assert rolled(step.source)
    with pytest.raises(ValueError) as want:
        ag.value_and_grad(f)(2.0, [1.0, -2.0, 3.0])
    with pytest.raises(ValueError) as got:
        step(2.0, [1.0, -2.0, 3.0])
    assert str(got.value) == str(want.value)


def test_nan_from_a_sample_is_refused() -> None:
    def f(w: Any, xs: Any) -> Any:
        return ag.sum([w * x for x in xs])

    step = ag.compile(f)
    assert step(2.0, [1.0, 2.0]) == 6.0
    with pytest.raises(ValueError):
        step(2.0, [1.0, float("nan")])


@settings(max_examples=40, deadline=None)
@given(programs(max_leaves=4, max_steps=8), st.integers(2, 5), st.floats(-1e-3, 1e-3))
def test_random_graphs_summed_over_a_batch(program: Any, n: int, shift: float) -> None:
    """A random program per sample (its first leaf shared, the others the sample's), summed:
    the rolled value and gradient are the straight-line ones, and close to the engine's."""

    def f(w: Any, xs: Any) -> Any:
        return ag.sum([program(w, *x) for x in xs])

    w, *rest = program.leaves
    xs = [[v + k * shift for v in rest] for k in range(n)]
    vg = ag.value_and_grad(f, argnums=(0, 1))
    try:
        want = vg(w, xs)
    except (ArithmeticError, ValueError) as error:
        with pytest.raises(type(error)):
            ag.compile(vg)(w, xs)
        return
    got = ag.compile(vg)(w, xs)
    assert close(got, want)
    assert got == straight(vg, w, xs)


def test_a_large_trace_frees_its_graph_and_records_again_for_its_program(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def f(w: Any, xs: Any) -> Any:
        return ag.sum([(w * x).tanh() for x in xs])

    kept = ag.compile(f)
    kept(0.5, [1.0, 2.0, 3.0])
    monkeypatch.setattr(compiler, "KEEP_NODES", 0)
    freed = ag.compile(f)
    assert freed(0.5, [1.0, 2.0, 3.0]) == kept(0.5, [1.0, 2.0, 3.0])
    assert freed.latest is not None and freed.latest.recording is None
    assert str(freed.program) == str(kept.program)


def test_closed_over_values_and_samples_read_outside_the_loop() -> None:
    """A Value f closes over is read before the loop at every call; the samples' own leaves,
    read by a mixed node, are the unpacked arguments."""
    w = ag.Value(0.5, label="w")

    def f(xs: Any) -> Any:
        return [ag.sum([(w * x).sin() for x in xs]) * ag.sum(xs), *xs]

    step = ag.compile(f)
    xs = [0.1, -0.4, 0.7, 1.3]
    for data in (0.5, -1.5):
        w.data = data
        want = [v.data if isinstance(v, ag.Value) else v for v in f([ag.Value(x) for x in xs])]
        assert close(step(xs), want)
    assert "w = _leaf_w.data" in step.source and rolled(step.source)


def test_the_batch_is_the_list_arguments_whose_loop_computes_the_most() -> None:
    """a and b (two lists of one length) are tried first, but only a few products repeat per
    index: the samples of xs, whose blocks hold most of the graph, are rolled instead."""

    def f(a: Any, b: Any, xs: Any) -> Any:
        s = ag.sum([ai * bi for ai, bi in zip(a, b)])
        return ag.sum([(s * x).tanh() * x for x in xs])

    rng = random.Random(3)
    a, b = [rng.gauss(0, 1) for _ in range(4)], [rng.gauss(0, 1) for _ in range(4)]
    xs = [rng.gauss(0, 1) for _ in range(12)]
    vg = ag.value_and_grad(f, argnums=(0, 1, 2))
    step = ag.compile(vg)
    got = step(a, b, xs)
    assert got == straight(vg, a, b, xs)
    assert close(got, vg(a, b, xs))
    assert "xs_i = xs[i]" in step.source or "xs_i in enumerate(xs)" in step.source


def test_a_sum_over_the_samples_that_starts_from_a_sample_runs_in_the_loop() -> None:
    """Without a shared term the gradient's sums start from the first sample's value: the loop
    starts them from the exact identity (-0.0 for +), so no list is kept, and every float is
    the straight-line one, the sign of a zero included."""

    def f(w: Any, xs: Any) -> Any:
        return ag.sum([(w[0] * x + w[1]).relu() * w[2] for x in xs])

    vg = ag.value_and_grad(f)
    step = ag.compile(vg)
    rng = random.Random(4)
    for _ in range(4):
        w, xs = [rng.gauss(0, 1) for _ in range(3)], [rng.gauss(0, 1) for _ in range(10)]
        got = step(w, xs)
        assert repr(got) == repr(straight(vg, w, xs))
        assert close(got, vg(w, xs))
    assert " = -0.0\n" in step.source and "range(9, -1, -1)" in step.source
