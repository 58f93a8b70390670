"""``python -m qnindex``: the command line (see ``qnindex.pipeline.cli``)."""
import sys

from qnindex.pipeline.cli import main

sys.exit(main())
