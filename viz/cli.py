"""``python -m viz EXPR --at NAME=VALUE ... [--mode reverse|forward|both] [--wrt NAME]
[--highlight-path K] [-o FILE]``: one figure of an expression's graph, for a slide.

    python -m viz "(a + b) * (b + 1)" --at a=2 b=1 --mode both --wrt b -o e.svg
    python -m viz "e = (a + b) * (b + 1)" --at a=2 b=1 --highlight-path 1 --wrt b -o e.png

The expression is parsed, never evaluated (``viz.expression``). ``-o`` picks the format by
its suffix: .svg (anywhere), .png and .pdf (with the system Graphviz), .dot; without ``-o`` the
SVG goes to standard output. ``--highlight-path K`` draws the K-th path (from 1) from ``--wrt``
to the output in bold with its product. Exit status 0, or 2 for a bad command line or
expression, 1 when drawing fails; nothing runs before the expression is accepted.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path

import autograd
from viz.dot import MODES, draw_graph
from viz.expression import ExpressionError, build, functions
from viz.render import RenderError


def _assignment(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"--at: expected NAME=VALUE, got {text!r}")
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--at {name}: {value!r} is not a number") from None
    if not math.isfinite(number):
        raise argparse.ArgumentTypeError(f"--at {name}: needs a finite number, got {value!r}")
    return name, number


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m viz",
        description="Draw an expression's computational graph with the local derivative on every edge.",
        epilog="functions: " + ", ".join(sorted(functions())),
    )
    p.add_argument("expression", help='e.g. "(a + b) * (b + 1)" or "e = (a + b) * (b + 1)"')
    p.add_argument(
        "--at",
        nargs="+",
        type=_assignment,
        required=True,
        metavar="NAME=VALUE",
        help="the value of every variable",
    )
    p.add_argument(
        "--mode",
        choices=MODES,
        default="reverse",
        help="reverse: ∂y/∂node in each node; forward: ∂node/∂wrt; both",
    )
    p.add_argument("--wrt", metavar="NAME", help="the input of forward mode and of --highlight-path")
    p.add_argument("--highlight-path", type=int, metavar="K", help="draw the K-th path (from 1) bold")
    p.add_argument("-o", "--output", metavar="FILE", help=".svg, .png, .pdf or .dot (default: SVG to stdout)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    at = dict(args.at)
    try:
        y, inputs = build(args.expression, at)
    except (ExpressionError, ArithmeticError, ValueError, TypeError) as error:
        print(f"python -m viz: error: {error}", file=sys.stderr)
        return 2
    stem = Path(args.output).stem if args.output else ""
    if y.label is None and stem.isidentifier() and stem not in inputs:
        y.label = stem  # "-o e.svg" names the output e, as the lectures' e = (a + b)(b + 1)
    wrt = None
    if args.wrt is not None:
        if args.wrt not in inputs:
            print(
                f"python -m viz: error: --wrt {args.wrt}: not a variable of the expression "
                f"(its variables: {', '.join(inputs) or 'none'})",
                file=sys.stderr,
            )
            return 2
        wrt = inputs[args.wrt]
    elif (args.mode != "reverse" or args.highlight_path is not None) and len(inputs) == 1:
        wrt = next(iter(inputs.values()))
    if wrt is None and (args.mode != "reverse" or args.highlight_path is not None):
        print(
            f"python -m viz: error: --mode {args.mode} / --highlight-path need --wrt NAME "
            f"(one of {', '.join(inputs)})",
            file=sys.stderr,
        )
        return 2
    highlight = None
    if args.highlight_path is not None:
        found = list(autograd.paths(y, wrt))
        if not 1 <= args.highlight_path <= len(found):
            print(
                f"python -m viz: error: --highlight-path {args.highlight_path}: there are "
                f"{len(found)} path(s) from {args.wrt or next(iter(inputs))} to the output",
                file=sys.stderr,
            )
            return 2
        highlight = found[args.highlight_path - 1]
    try:
        picture = draw_graph(y, mode=args.mode, wrt=wrt, highlight=highlight)
        if args.output is None:
            sys.stdout.write(picture.svg())
        else:
            picture.save(args.output)
    except (RenderError, ValueError, OSError) as error:
        print(f"python -m viz: error: {error}", file=sys.stderr)
        return 1
    return 0
