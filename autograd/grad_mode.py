"""What operations record: ``no_grad`` (nothing, as ``torch.no_grad``) and ``scope`` (a name
stored on every node made inside, e.g. "layer1/neuron3", so pictures can draw a scope as a box).

Both are per thread, as PyTorch's grad mode: one thread inside ``no_grad`` or a scope changes
nothing for the others, and a new thread starts recording, with no scope. (One ``no_grad()`` or
``scope(...)`` object is entered by one thread at a time; ``with no_grad():`` makes a fresh one.)
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _State(threading.local):
    """Per thread: ``mode`` = (whether operations record, the current scope), one tuple so that
    node creation, the hot path, reads the thread's state once; the class-level value is each
    thread's start."""

    mode: tuple[bool, str | None] = (True, None)

    @property
    def recording(self) -> bool:
        return self.mode[0]

    @recording.setter
    def recording(self, on: bool) -> None:
        self.mode = (on, self.mode[1])

    @property
    def scope(self) -> str | None:
        return self.mode[1]

    @scope.setter
    def scope(self, name: str | None) -> None:
        self.mode = (self.mode[0], name)


_state = _State()


class no_grad:
    """Context manager and decorator: operations inside make leaves, recording no inputs and
    no local derivatives (the fast path for inference, e.g. a decision boundary over a grid)."""

    def __enter__(self) -> None:
        self._previous = _state.recording
        _state.recording = False

    def __exit__(self, *exc: object) -> None:
        _state.recording = self._previous

    def __call__(self, fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with no_grad():
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


def is_grad_enabled() -> bool:
    """True when operations record the graph (PyTorch's name)."""
    return _state.recording


class scope:
    """Context manager: nodes made inside get ``node.scope == name`` (nested scopes join with
    "/"), as TensorFlow's name scopes; ``viz.draw_graph(..., collapse=True)`` draws one box per
    scope."""

    def __init__(self, name: str) -> None:
        if not isinstance(name, str) or not name:
            raise TypeError(f"scope: name must be a non-empty str, got {name!r}")
        self.name = name

    def __enter__(self) -> str:
        self._previous = _state.scope
        _state.scope = self.name if self._previous is None else f"{self._previous}/{self.name}"
        return _state.scope

    def __exit__(self, *exc: object) -> None:
        _state.scope = self._previous
