"""What a run was measured on: date, CPU and cores, ``python -VV``, library versions, threads."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks import threads
from benchmarks.config import Config
from benchmarks.threads import THREADS, VARIABLES
from benchmarks.timing import GC_POLICY


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, else ``platform.processor()``."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def version(dist: str) -> str:
    """The installed version of ``dist``, or "absent"."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "absent"


def code_version() -> str:
    """The repository's commit, and whether the working tree differs from it."""
    root = Path(__file__).resolve().parents[1]
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                                text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    return f"commit {commit or 'unknown'}" + (" + uncommitted changes" if dirty else "")


def describe(cfg: Config) -> dict[str, Any]:
    """The header of a run."""
    import numpy

    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "quick": cfg.quick,
        "code": code_version(),
        "machine": f"{cpu_model()}, {cores()} cores, {platform.system()} {platform.release()}",
        "python": f"Python {sys.version}",  # what `python -VV` prints
        "versions": f"numpy {numpy.__version__}, micrograd {version('micrograd')}, "
                    f"torch {version('torch')}",
        "threads": f"{THREADS} ({', '.join(f'{v}={os.environ.get(v)}' for v in VARIABLES[:3])}, "
                   f"torch.set_num_threads({THREADS}))"
                   + ("" if threads.pinned else "  [NOT pinned before numpy was imported]"),
        "load": "load average at start {:.2f} {:.2f} {:.2f} (1, 5, 15 min)".format(*os.getloadavg()),
        "gc policy": GC_POLICY,
        "rounds": f"median of >= {cfg.repeats} timed rounds after {cfg.warmup} warm-up, peers "
                  f"alternating (rotated each round)",
    }
