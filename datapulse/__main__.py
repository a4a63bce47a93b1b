"""`python -m datapulse ...`: the management CLI."""

import sys

from datapulse.cli import main

sys.exit(main())
