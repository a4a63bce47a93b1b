"""Checks the bank's own expectations without running the product (blind_fresh's check, on this bank).

.venv/bin/python -m tests.agents.blind20.check [-v]
"""

from __future__ import annotations

import sys

from tests.agents.blind20.datasets import BlindStore
from tests.agents.blind20.questions import BLIND
from tests.agents.blind_fresh.check import main

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:], BlindStore, BLIND))
