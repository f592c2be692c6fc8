"""``python benchmarks/run.py``: the same as ``python -m benchmarks`` (see ``harness``)."""

import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: import the package from the repository root, not from this folder
    # (whose module names, e.g. ``timing``, must not shadow top-level ones).
    _here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
    sys.path.insert(0, str(_here.parent))

from benchmarks import threads  # noqa: E402

threads.pin()  # before anything imports numpy

from benchmarks.harness import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
