"""The command line: run the chosen sections, print one table, optionally save it as JSON.

    python -m benchmarks [--quick] [--json PATH] [--only W1,W2,...] [--repeats N]

Exit status 1 when peers disagree numerically (a broken peer or engine), else 0; targets that
are missed do not fail the run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from time import perf_counter

from benchmarks.allocator import DEFAULT, hold_steady
from benchmarks.config import FULL, QUICK, Config
from benchmarks.layouts import MALLOC
from benchmarks.machine import describe
from benchmarks.results import Section
from benchmarks.table import render
from benchmarks.targets import evaluate

DESCRIPTION = ("Run every benchmark workload on every available peer (edgegrad, micrograd, pure "
               "Python, numpy, torch), alternating peers, and print one table of medians, ratios "
               "and the engine's targets.")

SECTIONS = {
    "W1": "benchmarks.workloads.w1",
    "W2": "benchmarks.workloads.w2",
    "W3": "benchmarks.workloads.w3",
    "W4": "benchmarks.workloads.w4",
    "MEM": "benchmarks.workloads.nodes",
    "CG": "benchmarks.workloads.cheap_gradient",
    "INF": "benchmarks.workloads.inference",
}
"""Section key -> module with ``run(cfg) -> Section``, in the order they run."""


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=DESCRIPTION)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: small sizes, 2 rounds (times mean nothing)")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also save the results as JSON")
    parser.add_argument("--only", metavar="KEYS", default=",".join(SECTIONS),
                        help=f"comma-separated sections among {', '.join(SECTIONS)}")
    parser.add_argument("--malloc", choices=("steady", "default"), default="steady",
                        help="steady (default): glibc's malloc thresholds fixed for the run, so "
                             "no peer pays page faults by luck (benchmarks.allocator); default: "
                             "glibc's dynamic thresholds")
    parser.add_argument("--repeats", type=int, default=FULL.repeats,
                        help=f"timed rounds per workload, at least 5 (default {FULL.repeats})")
    args = parser.parse_args(argv)
    args.only = [key.strip().upper() for key in args.only.split(",") if key.strip()]
    unknown = [key for key in args.only if key not in SECTIONS]
    if unknown:
        parser.error(f"unknown sections {unknown}; choose among {list(SECTIONS)}")
    if not args.quick and args.repeats < 5:
        parser.error("--repeats must be at least 5 (medians of fewer are noise); use --quick")
    return args


def run_sections(keys: list[str], cfg: Config) -> list[Section]:
    """Run each section in turn, reporting progress on stderr."""
    sections = []
    for key in keys:
        start = perf_counter()
        print(f"[bench] {key} ...", file=sys.stderr, flush=True)
        sections.append(importlib.import_module(SECTIONS[key]).run(cfg))
        print(f"[bench] {key} done in {perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return sections


def main(argv: list[str] | None = None) -> int:
    """Run, print the table, save JSON if asked; 1 when a numerical check failed."""
    args = parse(argv)
    cfg = QUICK if args.quick else Config(repeats=args.repeats)
    malloc = hold_steady() if args.malloc == "steady" else DEFAULT
    os.environ[MALLOC] = args.malloc  # for measurements in fresh processes (benchmarks.layouts)
    meta = describe(cfg)
    meta["malloc"] = malloc
    sections = run_sections(args.only, cfg)
    verdicts = evaluate(sections)
    print(render(meta, sections, verdicts), end="", flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        data = {"meta": meta, "sections": [s.to_json() for s in sections],
                "targets": [asdict(v) for v in verdicts]}
        args.json.write_text(json.dumps(data, indent=1, default=str) + "\n")
    failed = [c.name for s in sections for c in s.checks if not c.ok]
    for name in failed:
        print(f"[bench] MISMATCH: {name}", file=sys.stderr)
    return 1 if failed else 0
