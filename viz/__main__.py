"""``python -m viz``: the command line for figures (see ``viz.cli``)."""

import sys

from viz.cli import main

sys.exit(main())
