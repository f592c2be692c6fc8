"""What operations record: ``no_grad`` (nothing, as ``torch.no_grad``) and ``scope`` (a name
stored on every node made inside, e.g. "layer1/neuron3", so pictures can draw a scope as a box).

Both are per thread, as PyTorch's grad mode: one thread inside ``no_grad`` or a scope changes
nothing for the others, and a new thread starts recording, with no scope. (One ``no_grad()`` or
``scope(...)`` object is entered by one thread at a time; ``with no_grad():`` makes a fresh one.)
They live in a context variable, so an asyncio task's ``no_grad`` holds in that task only (a
free-threaded Python 3.14, whose new threads copy their starter's context, would start a thread
in its starter's mode).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


_MODE: ContextVar[tuple[bool, str | None]] = ContextVar("autograd_mode", default=(True, None))
"""(whether operations record, the current scope): one tuple so that node creation, the hot
path, reads it once. A context variable is per thread (a new thread starts from the default)
and costs a third of a ``threading.local`` attribute to read."""

mode = _MODE.get
"""The current (recording, scope): what every new node reads."""


class _State:
    """The mode as attributes: ``mode``, and its parts ``recording`` and ``scope``."""

    @property
    def mode(self) -> tuple[bool, str | None]:
        return _MODE.get()

    @mode.setter
    def mode(self, value: tuple[bool, str | None]) -> None:
        _MODE.set(value)

    @property
    def recording(self) -> bool:
        return _MODE.get()[0]

    @recording.setter
    def recording(self, on: bool) -> None:
        _MODE.set((on, _MODE.get()[1]))

    @property
    def scope(self) -> str | None:
        return _MODE.get()[1]

    @scope.setter
    def scope(self, name: str | None) -> None:
        _MODE.set((_MODE.get()[0], name))


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
