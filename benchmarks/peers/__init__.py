"""Peer implementations the edgegrad engine is benchmarked against.

One workload/peer per module, each exposing ``setup(...) -> state`` and
``run_step(state) -> float`` (loss before the update) so a harness can time
``run_step`` alone:

- ``moons``: shared data (two moons) and shared MLP initial weights.
- ``w1_micrograd``, ``w1_python``, ``w1_numpy``: W1, one SGD step of a
  2-16-16-1 ReLU MLP with hinge loss + L2 on 100 moons points.
- ``w4_numpy``, ``w4_torch``: W4, one SGD step of a 784-128-64-10 ReLU MLP
  with softmax cross-entropy on a batch of 64.
- ``w2_chain``: W2, a deep scalar chain y <- 1.0001*y + 0.001, then backward.
- ``selfcheck``: ``python -m benchmarks.peers.selfcheck`` checks the peers agree.
"""
