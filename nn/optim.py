"""Optimisers with PyTorch's update rules: ``SGD`` (plain gradient descent w <- w - lr dL/dw
(seed 000) by default, with momentum and weight decay as options) and ``Adam``.

A parameter is anything with ``.data`` and ``.grad`` that support float arithmetic (+, -, *,
/, ** 0.5 with floats): Values hold floats, Tensors numpy arrays. ``zero_grad`` sets a Value's
``grad`` to 0.0 and a Tensor's to None (PyTorch's default: ``backward`` then stores its first
gradient instead of adding into 0.0); ``step`` skips a parameter whose grad is None (no loss
reached it), as PyTorch does. The optimisers keep their state (momentum buffers, moment
estimates) in lists aligned with the parameter list.
"""

from __future__ import annotations

import math
import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from nn import engine as E
from nn.checks import in_range


class Optimizer:
    """``params`` (a list, or a model: its ``parameters()``), ``lr``, ``step()``, ``zero_grad()``.

    A step is all or nothing: the new values (and the optimiser's state) are computed first; a
    gradient that is inf or NaN (ValueError) or an update that overflows (OverflowError) is
    refused, naming the parameter, with every parameter left as it was; the new values are then
    written with Ctrl-C held back, so an interrupted step applies all of the update or none."""

    def __init__(self, params: Any, lr: float) -> None:
        op = type(self).__name__
        names = None
        if hasattr(params, "parameters") and callable(params.parameters):
            if hasattr(params, "named_parameters"):
                names = [name for name, _ in params.named_parameters()]
            params = params.parameters()
        if not isinstance(params, Iterable):
            raise TypeError(
                f"{op}: params must be a list of parameters or a model, got {type(params).__name__}"
            )
        self.params: list[Any] = list(params)
        if not self.params:
            raise ValueError(f"{op}: got an empty parameter list")
        for p in self.params:
            if not (hasattr(p, "data") and hasattr(p, "grad")):
                raise TypeError(f"{op}: a parameter needs .data and .grad, got {type(p).__name__} ({p!r})")
        self.names: list[str] = (
            names
            if names and len(names) == len(self.params)
            else [f"parameter {i}" for i in range(len(self.params))]
        )
        self.lr = in_range(lr, f"{op}: lr", 0.0, math.inf, low_open=True)

    def zero_grad(self) -> None:
        """grad <- 0 for every Value, None for every Tensor."""
        for p in self.params:
            E.zero_grad(p)

    def step(self) -> None:
        """One update from the current gradients, all or nothing."""
        for i, p in enumerate(self.params):
            if p.grad is not None and not _finite(p.grad):
                raise ValueError(
                    f"{type(self).__name__}.step: the gradient of {self.names[i]} is "
                    f"not finite ({_first_bad(p.grad)!r}); no parameter was changed"
                )
        new, state = self._compute()
        for i, v in enumerate(new):
            if v is not None and not _finite(v):
                raise OverflowError(
                    f"{type(self).__name__}.step: the update of {self.names[i]} "
                    f"overflows ({_first_bad(v)!r}); no parameter was changed"
                )
        with _held_interrupts():
            for p, v in zip(self.params, new):
                if v is not None:
                    E.restore(p, v)
            for name, value in state.items():
                setattr(self, name, value)

    def _compute(self) -> tuple[list[Any], dict[str, Any]]:
        """(the new value of each parameter, None to leave it; the optimiser's new state)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.params)} parameters, lr={self.lr:g})"


def _finite(x: Any) -> bool:
    return bool(x - x == 0.0) if isinstance(x, float) else bool(np.isfinite(x).all())


def _first_bad(x: Any) -> float:
    return x if isinstance(x, float) else float(np.asarray(x)[~np.isfinite(x)].flat[0])


@contextmanager
def _held_interrupts() -> Iterator[None]:
    """Ctrl-C (SIGINT) held back until the block ends, then delivered (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[Any] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(frame))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            if callable(previous):
                previous(signal.SIGINT, received[0])
            else:
                raise KeyboardInterrupt


class SGD(Optimizer):
    """g = dL/dw + weight_decay w;  v <- momentum v + g (v = 0 at first);  w <- w - lr v.
    With the defaults it is gradient descent w <- w - lr dL/dw (PyTorch's SGD without dampening
    or Nesterov)."""

    def __init__(self, params: Any, lr: float, momentum: float = 0.0, weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        self.momentum = in_range(momentum, "SGD: momentum", 0.0, 1.0, high_open=True)
        self.weight_decay = in_range(weight_decay, "SGD: weight_decay", 0.0)
        self.velocity: list[Any] = [0.0] * len(self.params)

    def _compute(self) -> tuple[list[Any], dict[str, Any]]:
        lr, mu, wd = self.lr, self.momentum, self.weight_decay
        if mu == 0.0 and wd == 0.0:
            return [None if p.grad is None else p.data - lr * p.grad for p in self.params], {}
        v = list(self.velocity)
        new: list[Any] = []
        for i, p in enumerate(self.params):
            if p.grad is None:  # None: a Tensor no loss reached
                new.append(None)
                continue
            g = p.grad + wd * p.data if wd else p.grad
            if mu:
                v[i] = g = mu * v[i] + g
            new.append(p.data - lr * g)
        return new, {"velocity": v}


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015): m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;
    w <- w - lr m_hat / (sqrt(v_hat) + eps), m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t)."""

    def __init__(
        self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8
    ) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"Adam: betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (
            in_range(betas[0], "Adam: betas[0]", 0.0, 1.0, high_open=True),
            in_range(betas[1], "Adam: betas[1]", 0.0, 1.0, high_open=True),
        )
        self.eps = in_range(eps, "Adam: eps", 0.0, math.inf, low_open=True)
        self.t = 0
        self.m: list[Any] = [0.0] * len(self.params)
        self.v: list[Any] = [0.0] * len(self.params)

    def _compute(self) -> tuple[list[Any], dict[str, Any]]:
        t = self.t + 1
        b1, b2 = self.betas
        c1, c2 = 1.0 - b1**t, 1.0 - b2**t
        lr, eps = self.lr, self.eps
        m, v = list(self.m), list(self.v)
        new: list[Any] = []
        for i, p in enumerate(self.params):
            g = p.grad
            if g is None:
                new.append(None)
                continue
            m[i] = b1 * m[i] + (1.0 - b1) * g
            v[i] = b2 * v[i] + (1.0 - b2) * (g * g)
            new.append(p.data - lr * (m[i] / c1) / ((v[i] / c2) ** 0.5 + eps))
        return new, {"t": t, "m": m, "v": v}


OPTIMIZERS = {"sgd": SGD, "adam": Adam}

__all__ = ["Optimizer", "SGD", "Adam", "OPTIMIZERS"]
