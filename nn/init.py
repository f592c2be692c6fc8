"""Weight initialisation: a layer's nout x nin weight matrix (one row per neuron, W_ij from input
j to unit i), drawn from a seeded ``numpy.random.Generator``; no global random state.

    uniform         W_ij ~ U(-1, 1)                                   (micrograd)
    xavier_uniform  W_ij ~ U(-a, a), a = sqrt(6 / (fan_in + fan_out)) (Glorot & Bengio 2010)
    xavier_normal   W_ij ~ N(0, 2 / (fan_in + fan_out))
    he_uniform      W_ij ~ U(-a, a), a = sqrt(6 / fan_in)             (He et al. 2015, for ReLU)
    he_normal       W_ij ~ N(0, 2 / fan_in)

Aliases: "xavier" and "glorot" are xavier_uniform, "he" and "kaiming" are he_normal. Biases
start at a constant (``bias_init``, 0 by default; seed 001 advises a small positive value such
as 0.1 for ReLU units so that they do not start dead).

``uniform`` draws ``rng.uniform(-1, 1, size=(nout, nin))`` layer by layer, so
``MLP(2, [16, 16, 1], seed=0)`` holds exactly ``benchmarks.peers.moons.init_weights(seed=0)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from nn.lookup import by_name

Init = Callable[[int, int, np.random.Generator], list[list[float]]]
"""(fan_in, fan_out, rng) -> fan_out rows of fan_in floats."""


def uniform(fan_in: int, fan_out: int, rng: np.random.Generator) -> list[list[float]]:
    """W_ij ~ U(-1, 1), as micrograd's Neuron."""
    return rng.uniform(-1.0, 1.0, size=(fan_out, fan_in)).tolist()


def xavier_uniform(fan_in: int, fan_out: int, rng: np.random.Generator) -> list[list[float]]:
    """W_ij ~ U(-a, a), a = sqrt(6 / (fan_in + fan_out)): Var W = 2 / (fan_in + fan_out)."""
    a = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_out, fan_in)).tolist()


def xavier_normal(fan_in: int, fan_out: int, rng: np.random.Generator) -> list[list[float]]:
    """W_ij ~ N(0, 2 / (fan_in + fan_out))."""
    return rng.normal(0.0, math.sqrt(2.0 / (fan_in + fan_out)), size=(fan_out, fan_in)).tolist()


def he_uniform(fan_in: int, fan_out: int, rng: np.random.Generator) -> list[list[float]]:
    """W_ij ~ U(-a, a), a = sqrt(6 / fan_in): Var W = 2 / fan_in."""
    a = math.sqrt(6.0 / fan_in)
    return rng.uniform(-a, a, size=(fan_out, fan_in)).tolist()


def he_normal(fan_in: int, fan_out: int, rng: np.random.Generator) -> list[list[float]]:
    """W_ij ~ N(0, 2 / fan_in)."""
    return rng.normal(0.0, math.sqrt(2.0 / fan_in), size=(fan_out, fan_in)).tolist()


INITS: dict[str, Init] = {
    "uniform": uniform,
    "xavier_uniform": xavier_uniform,
    "xavier": xavier_uniform,
    "glorot": xavier_uniform,
    "xavier_normal": xavier_normal,
    "he_uniform": he_uniform,
    "he_normal": he_normal,
    "he": he_normal,
    "kaiming": he_normal,
}


def resolve(init: str | Init, op: str = "init") -> Init:
    """The init function for a name or a callable (fan_in, fan_out, rng) -> rows."""
    if isinstance(init, str):
        return by_name(INITS, init, "init", op)
    if callable(init):
        return init
    raise TypeError(f"{op}: init must be a name or a callable, got {type(init).__name__} ({init!r})")


def make_rng(seed: int | None, rng: np.random.Generator | None, op: str) -> np.random.Generator:
    """``rng`` if given, else a fresh generator seeded with ``seed`` (an int)."""
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"{op}: rng must be a numpy.random.Generator, got {type(rng).__name__}")
        return rng
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"{op}: seed must be an int, got {type(seed).__name__} ({seed!r})")
    return np.random.default_rng(int(seed))


def draw(init: Init, fan_in: int, fan_out: int, rng: np.random.Generator, op: str) -> list[list[float]]:
    """``init(fan_in, fan_out, rng)`` checked to be fan_out rows of fan_in finite floats."""
    rows = init(fan_in, fan_out, rng)
    rows = [list(map(float, row)) for row in rows]
    if len(rows) != fan_out or any(len(row) != fan_in for row in rows):
        raise ValueError(f"{op}: init returned the wrong shape, expected {fan_out} rows of {fan_in}")
    if not all(math.isfinite(w) for row in rows for w in row):
        raise ValueError(f"{op}: init returned a non-finite weight")
    return rows


__all__ = [
    "Init",
    "INITS",
    "uniform",
    "xavier_uniform",
    "xavier_normal",
    "he_uniform",
    "he_normal",
    "resolve",
    "make_rng",
    "draw",
]
