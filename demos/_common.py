"""What every demo shares: its command line (--quick, --out, --help), the out/ folder, saving a
figure or picture atomically and saying where it went, timing, and printing a table.

A demo script starts with the two lines under ``if __package__`` in its header so that it runs
as ``python demos/<name>.py`` from a fresh clone as well as ``import demos.<name>`` in the tests.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from autograd.files import write_atomic
from viz.render import RenderError

DEFAULT_OUT = Path("out")


def parse_args(argv: Sequence[str] | None, description: str,
               add_options: Callable[[argparse.ArgumentParser], None] | None = None
               ) -> argparse.Namespace:
    """The demo's options: --quick (a fast run), --out DIR (default out/), plus its own."""
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="a fast run with smaller sizes (seconds, for tests and CI)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"folder for the files it writes (default: {DEFAULT_OUT}/)")
    if add_options is not None:
        add_options(parser)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    return args


def positive_int(text: str) -> int:
    """argparse type: an int >= 1, or an error naming the value."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    return value


def wrote(path: str | os.PathLike[str]) -> Path:
    """Say where a file was written; returns the path."""
    print(f"wrote {path}")
    return Path(path)


def how_to_view(out: Path) -> None:
    """The last line of a demo that wrote pictures: where they are and how to look at them."""
    print(f"To view the pictures in {out}/, open the .svg files in a web browser:\n"
          f"xdg-open {out}/<name>.svg (Linux), open {out}/<name>.svg (macOS).")


def note(message: str) -> None:
    """A line for what the demo skipped and why (a missing optional package ...)."""
    print(f"note: {message}")


# ----------------------------------------------------------------------------- pictures


def pyplot() -> Any | None:
    """matplotlib.pyplot on the file-only Agg backend, or None when matplotlib is missing."""
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller SVGs
    matplotlib.rcParams["svg.hashsalt"] = "edgegrad"  # the same figure gives the same file
    import matplotlib.pyplot as plt
    return plt


def save_figure(fig: Any, path: Path) -> Path:
    """Write a matplotlib figure (format from the suffix) atomically, close it, say where."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format=path.suffix.lstrip(".") or "svg", bbox_inches="tight",
                metadata={"Date": None} if path.suffix == ".svg" else None)
    import matplotlib.pyplot as plt
    plt.close(fig)
    return wrote(write_atomic(path, buffer.getvalue()))


def save_picture(picture: Any, path: Path) -> Path | None:
    """Save a viz Picture (its .save is atomic) and say where; a render failure is a note."""
    try:
        return wrote(picture.save(path))
    except RenderError as error:  # no renderer must not stop the numbers
        note(f"could not render {path.name}: {error}")
        return None


# ----------------------------------------------------------------------------- timing, tables


def best_time(fn: Callable[[], Any], budget: float = 0.05, repeat: int = 5) -> float:
    """Seconds for one call of fn: the best of up to ``repeat`` calls, fewer past ``budget``;
    the garbage collector is off while it times, as in ``timeit``."""
    best = float("inf")
    spent = 0.0
    collecting = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            took = time.perf_counter() - start
            best = min(best, took)
            spent += took
            if spent > budget:
                break
    finally:
        if collecting:
            gc.enable()
    return best


def seconds(t: float) -> str:
    """A duration in one token a person reads at a glance: 12µs, 3.4ms, 1.25s, 2.1h, 35d."""
    if t != t:
        return "-"
    if t < 1e-3:
        return f"{t * 1e6:.0f}µs"
    if t < 1.0:
        return f"{t * 1e3:.3g}ms"
    if t < 600.0:
        return f"{t:.3g}s"
    if t < 3 * 86400.0:
        return f"{t / 3600:.3g}h"
    return f"{t / 86400:.3g}d"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], left: int = 0) -> str:
    """A plain-text table, columns separated by two spaces, the first ``left`` columns
    left-aligned and the rest right-aligned (it reads the same inside a Markdown code block)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(c.ljust(w) if i < left else c.rjust(w)
                         for i, (c, w) in enumerate(zip(row, widths))).rstrip()

    lines = [line(row) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
