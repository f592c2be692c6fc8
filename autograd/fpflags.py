"""numpy's floating-point flags raised as errors, cheaply: ``watch()`` ... ``unwatch(token)``
is ``with np.errstate(over="raise", invalid="raise", divide=..., under="ignore")``.

The Tensor engine watches the flags around every operation (an overflow or a NaN made from
numbers is an error naming the op, never a silent inf), so their cost matters on small arrays:
``np.errstate`` builds its state anew on every entry (microseconds), while setting the
context variable it sets to a state built once costs about 0.15 µs. This is the one place that
reaches into numpy's internals for speed; where they are missing, it falls back to
``np.errstate``.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

_RULES: dict[str, dict[str, str]] = {
    "op": {"over": "raise", "invalid": "raise", "divide": "raise", "under": "ignore"},
    "sweep": {"over": "raise", "invalid": "raise", "divide": "ignore", "under": "ignore"},
}

try:  # numpy >= 2: the error state is a context variable holding an extobj
    from numpy._core._ufunc_config import (  # type: ignore[attr-defined]  # private, see above
        _extobj_contextvar,
        _make_extobj,
    )

    _STATES = {name: _make_extobj(**rules) for name, rules in _RULES.items()}

    def watch(kind: str = "op") -> Any:
        """Raise numpy's flags as FloatingPointError until ``unwatch(token)``."""
        return _extobj_contextvar.set(_STATES[kind])

    # The hot paths call these directly: C callables, no Python frame per operation.
    watch_op = functools.partial(_extobj_contextvar.set, _STATES["op"])
    watch_sweep = functools.partial(_extobj_contextvar.set, _STATES["sweep"])
    unwatch = _extobj_contextvar.reset

except (ImportError, TypeError):  # pragma: no cover - older or newer numpy

    def watch(kind: str = "op") -> Any:
        state = np.errstate(**_RULES[kind])  # type: ignore[arg-type]  # keys are errstate's
        state.__enter__()
        return state

    def unwatch(token: Any) -> None:
        token.__exit__(None, None, None)

    watch_op = functools.partial(watch, "op")
    watch_sweep = functools.partial(watch, "sweep")


__all__ = ["watch", "watch_op", "watch_sweep", "unwatch"]
