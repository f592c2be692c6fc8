"""Looking up a component by name (an activation, a loss, an init, an accuracy)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def by_name(table: Mapping[str, Any], name: str, kind: str, op: str) -> Any:
    """``table[name]``, or a ValueError naming ``op`` and listing the known names."""
    found = table.get(name)
    if found is None:
        raise ValueError(f"{op}: unknown {kind} {name!r}; known: {', '.join(table)}")
    return found
