"""What a benchmark run produces: rows of peers, grouped into comparable sets, per section.

A *section* is one workload (W1, W2 ...). It holds *groups*: sets of rows measured on the same
task (W2 has one group per chain length N, W4 one per dtype), so ratios are taken within a
group only. A *row* is one peer: its median ``value`` in the group's ``unit``, or a status
saying why it has none ("absent: ...", "fails: ...", "skipped: ..."). Sections also carry the
numerical agreement *checks* between peers and the named *metrics* that ``targets`` reads.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from typing import Any

OK = "ok"


@dataclass
class Row:
    """One peer in a group: its median and extra columns, or why it has none."""

    peer: str
    value: float | None = None
    status: str = OK
    samples: list[float] = field(default_factory=list)
    extra: dict[str, float | str | None] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == OK and self.value is not None


@dataclass
class Column:
    """An extra column: its key in ``Row.extra``, header and unit ("s", "ns", "B", "x", "g")."""

    key: str
    header: str
    unit: str


@dataclass
class Group:
    """Rows measured on the same task; ``unit`` is the unit of ``Row.value``."""

    title: str
    unit: str
    header: str = "median"
    detail: str = ""
    rows: list[Row] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    ratios: bool = True

    def row(self, peer: str) -> Row | None:
        """The row of ``peer``, if listed."""
        return next((r for r in self.rows if r.peer == peer), None)


@dataclass
class Check:
    """A numerical agreement check between peers: the largest difference against a tolerance."""

    name: str
    max_diff: float
    tol: float
    peers: list[str]

    @property
    def ok(self) -> bool:
        return self.max_diff <= self.tol


@dataclass
class Section:
    """One workload: its groups, agreement checks, notes and the metrics targets read."""

    key: str
    title: str
    groups: list[Group] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    metrics: dict[str, float | None] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["checks"] = [{**asdict(c), "ok": c.ok} for c in self.checks]
        return data


def median(xs: list[float]) -> float | None:
    """The median of ``xs``, None when empty."""
    return statistics.median(xs) if xs else None


def ratio(a: float | None, b: float | None) -> float | None:
    """a / b, None when either is missing or b is zero."""
    if a is None or b is None or b == 0:
        return None
    return a / b


def max_spread(values: list[float]) -> float:
    """The largest |a - b| over ``values`` (0 for fewer than two)."""
    return max(values) - min(values) if len(values) > 1 else 0.0
