"""``python -m benchmarks``: every workload on every available peer, one table."""

import sys

from benchmarks import threads

threads.pin()  # before anything imports numpy

from benchmarks.harness import main  # noqa: E402

sys.exit(main())
