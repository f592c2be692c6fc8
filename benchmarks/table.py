"""The printed table: a header saying what was measured on, then per section and group the
peers' absolute medians and their ratios against every other peer, the agreement checks, and
finally the targets with "met?".

Peers with a median are numbered; ratio column "/k" holds (row's median) / (peer k's median):
below 1 the row's peer is faster (or smaller). Peers without a median (absent, failing,
skipped) are listed after them with their status.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

from benchmarks.results import Column, Group, Section
from benchmarks.targets import Verdict

WIDTH = 100


def fmt(x: Any, unit: str) -> str:
    """``x`` in ``unit``: "s" (scaled to ns/us/ms/s), "x" (a ratio), "g" (a plain number),
    anything else a count of that unit ("B/node", "ns/link"; "" a bare count)."""
    if x is None:
        return "-"
    if isinstance(x, str):
        return x
    if unit == "s":
        for scale, name in ((1.0, "s"), (1e-3, "ms"), (1e-6, "us")):
            if abs(x) >= scale:
                return f"{x / scale:.3g} {name}"
        return f"{x / 1e-9:.3g} ns"
    if unit == "x":
        return f"{x:.3g}x"
    if unit == "g":
        return f"{x:.13g}"
    return f"{x:,.0f} {unit}".rstrip()


def _grid(lines: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    return ["  ".join(cell.rjust(w) if i in right else cell.ljust(w)
                      for i, (cell, w) in enumerate(zip(line, widths))).rstrip() for line in lines]


def group_lines(group: Group) -> list[str]:
    """One group: a title line, a numbered row per peer with a median (ratio column "/k" is
    peer k), then the others' statuses."""
    title = f"-- {group.title}" + (f"  ({group.detail})" if group.detail else "")
    ok = [r for r in group.rows if r.ok]
    n_ratios = len(ok) if group.ratios and len(ok) > 1 else 0
    columns: list[Column] = group.columns
    out = [title]
    if ok:
        head = ["#", "peer", group.header, *(c.header for c in columns),
                *(f"/{k + 1}" for k in range(n_ratios))]
        lines = [head]
        for i, r in enumerate(ok):
            cells = [str(i + 1), r.peer, fmt(r.value, group.unit),
                     *(fmt(r.extra.get(c.key), c.unit) for c in columns)]
            cells += [_ratio(r.value, c.value) for c in ok[:n_ratios]]
            lines.append(cells)
        out += ["   " + line for line in _grid(lines, right={0} | set(range(2, len(head))))]
    out += [f"      {r.peer}: {r.status}" for r in group.rows if not r.ok]
    return out


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or not b:
        return "-"
    return f"{a / b:.3g}"


def section_lines(section: Section) -> list[str]:
    """A section: its title, groups, checks and notes."""
    out = ["", f"== {section.key}  {section.title}"]
    for group in section.groups:
        out += group_lines(group)
    for check in section.checks:
        verdict = "OK" if check.ok else "MISMATCH"
        out.append(f"   check: {check.name}: {check.max_diff:.3g} <= {check.tol:.3g}  {verdict}")
    for note in section.notes:
        out += textwrap.wrap(note, WIDTH, initial_indent="   note: ", subsequent_indent="         ")
    return out


def target_lines(verdicts: Iterable[Verdict]) -> list[str]:
    """The targets the engine must meet, what was measured, and whether each is met."""
    lines = [["target", "measured", "met?"]]
    for v in verdicts:
        met = "-" if v.met is None else ("yes" if v.met else "NO")
        lines.append([v.target, v.measured, met])
    return ["", "== Targets  (the engine's; measured in this run)",
            *("   " + line for line in _grid(lines, right=set()))]


def header_lines(meta: dict[str, Any]) -> list[str]:
    """What the run was measured on and how."""
    return [f"edgegrad benchmarks, {meta['date']}" + ("  [QUICK: sizes and rounds reduced, times "
                                                      "are not comparable]" if meta["quick"] else ""),
            *(f"   {key}: {meta[key]}" for key in ("code", "machine", "load", "python", "versions",
                                                    "threads", "gc policy", "malloc", "rounds")
              if key in meta)]


def render(meta: dict[str, Any], sections: Iterable[Section], verdicts: Iterable[Verdict]) -> str:
    """The whole table as text."""
    lines = header_lines(meta)
    for section in sections:
        lines += section_lines(section)
    lines += target_lines(verdicts)
    return "\n".join(lines) + "\n"
