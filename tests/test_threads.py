"""Threads, as PyTorch: grad mode (``no_grad``, ``is_grad_enabled``) and ``scope`` are per thread.

References: closed forms (d(a^2 + 3a)/da = 2a + 3; d(sum t^2)/dt = 2t) computed in each thread
while another thread sits inside ``no_grad`` or another scope; a new thread starts recording
with no scope, whatever the thread that started it is doing (torch.no_grad is thread-local).
The interpreter switches threads every microsecond (``sys.setswitchinterval(1e-6)``) so that
the two threads' operations interleave finely.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from autograd import Tensor, Value, is_grad_enabled, no_grad, scope

ROUNDS = 2_000


@pytest.fixture(autouse=True)
def fast_switching() -> Iterator[None]:
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(previous)
    assert is_grad_enabled()  # nothing leaked into the main thread


def run_together(*bodies: Callable[[], list[str]]) -> list[str]:
    """Run each body in its own thread, all started together; their problems, and any error."""
    problems: list[str] = []
    start = threading.Barrier(len(bodies))

    def run(body: Callable[[], list[str]]) -> None:
        try:
            start.wait()
            problems.extend(body())
        except BaseException as error:  # noqa: BLE001 -- reported by the test, not lost in a thread
            problems.append(f"{body.__name__} raised {error!r}")

    threads = [threading.Thread(target=run, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return problems


def record_and_check(rounds: int) -> list[str]:
    """Build graphs and sweep them in this thread, checking against closed forms."""
    problems = []
    for i in range(rounds):
        if not is_grad_enabled():
            problems.append(f"round {i}: is_grad_enabled() is False")
        a = Value(float(i % 7) - 3.0)
        y = a * a + 3.0 * a
        y.backward()
        if not y.inputs or a.grad != 2.0 * a.data + 3.0:
            problems.append(f"round {i}: inputs {y.inputs!r}, grad {a.grad} != {2.0 * a.data + 3.0}")
        t = Tensor(np.array([1.0, -2.0, 0.5]) * i, requires_grad=True)
        (t * t).sum().backward()
        if t.grad is None or not np.array_equal(t.grad, 2.0 * t.data):
            problems.append(f"round {i}: Tensor grad {t.grad} != {2.0 * t.data}")
    return problems


def test_no_grad_in_one_thread_does_not_stop_another() -> None:
    inside, finished = threading.Event(), threading.Event()

    def sits_in_no_grad() -> list[str]:
        with no_grad():
            inside.set()
            finished.wait(timeout=60)
            return [] if not is_grad_enabled() else ["no_grad thread: recording came back on"]

    def records_meanwhile() -> list[str]:
        inside.wait(timeout=60)
        try:
            return record_and_check(200)
        finally:
            finished.set()

    assert run_together(sits_in_no_grad, records_meanwhile) == []


def test_no_grad_toggling_in_one_thread_while_another_records() -> None:
    done = threading.Event()

    def toggles() -> list[str]:
        problems, i = [], 0
        while not done.is_set():  # in and out of no_grad for as long as the other thread records
            i += 1
            with no_grad():
                y = Value(float(i)) * 2.0
                if y.inputs or is_grad_enabled():
                    problems.append(f"round {i}: recorded under no_grad ({y.inputs!r})")
            if not is_grad_enabled():
                problems.append(f"round {i}: no_grad did not end")
        return problems if i > 0 else ["the toggling thread never ran"]

    def records() -> list[str]:
        try:
            return record_and_check(ROUNDS // 4)
        finally:
            done.set()

    assert run_together(toggles, records) == []


def test_scopes_do_not_leak_between_threads() -> None:
    both_inside = threading.Barrier(2)

    def names(outer: str) -> Callable[[], list[str]]:
        def body() -> list[str]:
            problems = []
            with scope(outer) as name:
                both_inside.wait(timeout=60)  # both threads inside their scopes from here on
                if name != outer:
                    problems.append(f"{outer}: scope entered as {name!r}")
                for i in range(ROUNDS):
                    y = Value(1.0) * float(i)
                    with scope("inner"):
                        z = y + 1.0
                    if (y.scope, z.scope) != (outer, f"{outer}/inner"):
                        problems.append(f"{outer}, round {i}: scopes {y.scope!r}, {z.scope!r}")
            if Value(1.0).scope is not None:
                problems.append(f"{outer}: scope did not end")
            return problems

        body.__name__ = f"scope {outer}"
        return body

    assert run_together(names("left"), names("right")) == []


def test_a_new_thread_starts_recording_with_no_scope() -> None:
    seen: list[object] = []

    def child() -> None:
        y = Value(2.0) * 3.0
        seen.extend([is_grad_enabled(), y.scope, bool(y.inputs)])

    with no_grad(), scope("parent"):
        thread = threading.Thread(target=child)
        thread.start()
        thread.join()
        here = Value(2.0) * 3.0
    assert seen == [True, None, True]
    assert here.scope == "parent" and here.inputs == ()


def test_concurrent_backward_into_a_shared_leaf_adds_every_contribution() -> None:
    """Two threads each add d(2w)/dw = 2 into one leaf 20,000 times: exactly 80,000."""
    w = Value(1.0)
    t = Tensor(np.ones(3), requires_grad=True)
    rounds = 20_000

    def accumulate() -> list[str]:
        for _ in range(rounds):
            (w * 2.0).backward()
        for _ in range(rounds // 20):
            (t * 2.0).sum().backward()
        return []

    assert run_together(accumulate, accumulate) == []
    assert w.grad == 2.0 * 2 * rounds
    np.testing.assert_array_equal(t.grad, np.full(3, 2.0 * 2 * (rounds // 20)))
