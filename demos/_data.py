"""Small data sets for the demos, with numpy and a fixed seed.

``two_moons``: two interleaving half circles, (cos t, sin t) and (1 - cos t, 1/2 - sin t) for t
in [0, pi], plus N(0, noise^2) jitter; labels -1 / +1 (micrograd's demo, scikit-learn's shape).
``XOR``: the four points of x1 ⊕ x2.
"""

from __future__ import annotations

import numpy as np

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0.0, 1.0, 1.0, 0.0]


def two_moons(n: int = 100, noise: float = 0.1, seed: int = 0) -> tuple[list[list[float]], list[float]]:
    """n points (n // 2 on the outer moon, label -1; the rest inner, label +1), shuffled."""
    if n < 2:
        raise ValueError(f"two_moons: need at least 2 points, got n={n}")
    if noise < 0:
        raise ValueError(f"two_moons: noise must be >= 0, got noise={noise}")
    rng = np.random.default_rng(seed)
    outer, inner = n // 2, n - n // 2
    t_outer, t_inner = np.linspace(0.0, np.pi, outer), np.linspace(0.0, np.pi, inner)
    X = np.concatenate([np.stack([np.cos(t_outer), np.sin(t_outer)], axis=1),
                        np.stack([1.0 - np.cos(t_inner), 0.5 - np.sin(t_inner)], axis=1)])
    X += rng.normal(0.0, noise, size=X.shape)
    y = np.concatenate([-np.ones(outer), np.ones(inner)])
    order = rng.permutation(n)
    return X[order].tolist(), y[order].tolist()
