"""``python -m ses_graph.cli``: the ``ses-graph`` command."""

import sys

from . import main

sys.exit(main())
