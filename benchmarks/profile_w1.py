"""Where edgegrad's W1 step spends its time: ``python -m benchmarks.profile_w1``.

Runs ``--steps`` W1 steps of the chosen peer (``w1_edgegrad`` or ``w1_edgegrad_nn``) under
cProfile, with the garbage collector off as in the timed runs, and prints the ``--top``
functions by their own time (tottime) and by cumulative time. cProfile's per-call overhead
inflates small functions; read the ranking, not the absolute numbers.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import sys

from benchmarks import threads


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_w1",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--peer", choices=("edgegrad", "edgegrad_nn"), default="edgegrad")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args(argv)
    threads.pin()

    from benchmarks.peers import load, moons

    peer, status = load(f"w1_{args.peer}")
    if peer is None:
        print(f"w1_{args.peer}: {status}", file=sys.stderr)
        return 1
    state = peer.setup(*moons.make_moons(), moons.init_weights())
    peer.run_step(state)  # warm-up
    gc.collect()
    gc.disable()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.steps):
        peer.run_step(state)
    profiler.disable()
    gc.enable()
    for key in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(key).print_stats(args.top)
        print(f"== w1_{args.peer}, {args.steps} steps, sorted by {key}")
        print(out.getvalue().split("\n", 4)[-1] if key == "cumulative" else out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
