"""``python -m equityhub.stats METHOD INPUT.csv ...``: the statistics command line."""

import sys

from equityhub.stats.cli import main

sys.exit(main())
