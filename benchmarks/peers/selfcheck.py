"""Self-check that the peers compute the same steps: ``python -m benchmarks.peers.selfcheck``.

W1: micrograd, pure Python and numpy losses agree to 1e-9 over three steps from the same weights.
W4: numpy (and torch when importable) losses agree to 1e-9 in float64 and 1e-4 in float32.
W2: the pure-Python chain derivative equals 1.0001**N (up to N-step rounding) and micrograd's.
"""

from __future__ import annotations

import math

import numpy as np

from . import moons, w1_micrograd, w1_numpy, w1_python, w2_chain, w4_numpy, w4_torch

STEPS = 3


def check_w1() -> None:
    """Same data, same initial weights, same losses on each of the first STEPS steps."""
    X, y = moons.make_moons()
    weights = moons.init_weights()
    peers = (w1_micrograd, w1_python, w1_numpy)
    states = [peer.setup(X, y, weights) for peer in peers]
    for k in range(STEPS):
        ref, *others = (peer.run_step(state) for peer, state in zip(peers, states))
        for peer, loss in zip(peers[1:], others):
            assert abs(loss - ref) <= 1e-9, f"W1 step {k}: {peer.__name__} {loss!r} != micrograd {ref!r}"
        print(f"W1 step {k}: loss {ref:.12f} (micrograd = python = numpy)")


def check_w4() -> None:
    """float64 losses within 1e-9 and float32 within 1e-4: across backends, and float32 vs float64."""
    backends = [w4_numpy] + ([w4_torch] if w4_torch.available() else [])
    losses: dict[str, list[list[float]]] = {}
    for dtype, tol in ((np.float64, 1e-9), (np.float32, 1e-4)):
        states = [backend.setup(dtype) for backend in backends]
        per_step = [[backend.run_step(state) for backend, state in zip(backends, states)] for _ in range(STEPS)]
        for k, (ref, *others) in enumerate(per_step):
            for backend, loss in zip(backends[1:], others):
                assert abs(loss - ref) <= tol, f"W4 {dtype.__name__} step {k}: {backend.__name__} {loss!r} != numpy {ref!r}"
        assert all(W.dtype == dtype for W in states[0].Ws), f"w4_numpy drifted from {dtype.__name__}"
        losses[dtype.__name__] = per_step
    for k, (ref64, ref32) in enumerate(zip(losses["float64"], losses["float32"])):
        assert abs(ref64[0] - ref32[0]) <= 1e-4, f"W4 step {k}: float32 {ref32[0]!r} != float64 {ref64[0]!r}"
        print(f"W4 step {k}: loss f64 {ref64[0]:.12f}, f32 {ref32[0]:.7f} ({' = '.join(b.__name__.rsplit('_', 1)[1] for b in backends)})")


def check_w2(ns: tuple[int, ...] = (1, 100, 1000, 100_000)) -> None:
    """Chain derivative against the closed form, and against micrograd while its recursion holds."""
    for n in ns:
        _, _, grad = w2_chain.python_chain(n)
        assert isinstance(grad, float)
        assert math.isclose(grad, 1.0001**n, rel_tol=4 * n * 2.0**-52), f"W2 N={n}: {grad!r} != {1.0001**n!r}"
        print(f"W2 N={n}: python dy/dx = {grad!r} ~ 1.0001**N = {1.0001**n!r}")
    _, _, grad = w2_chain.micrograd_chain(100)
    assert grad == w2_chain.python_chain(100)[2], f"W2 N=100: micrograd {grad!r}"
    print("W2 N=100: micrograd dy/dx equals the pure-Python one")


def main() -> None:
    check_w1()
    check_w4()
    check_w2()
    print("selfcheck OK")


if __name__ == "__main__":
    main()
