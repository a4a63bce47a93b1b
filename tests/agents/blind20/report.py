"""Grade the sealed bank once and print its figures (blind_fresh's report, on this bank).

.venv/bin/python -m tests.agents.blind20.report [-v]

Run it only for the scoring by the lead (README.md): the bank is sealed until then.
"""

from __future__ import annotations

import sys

from tests.agents.blind20.datasets import BlindStore
from tests.agents.blind20.questions import BLIND
from tests.agents.blind_fresh.report import main

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:], BlindStore, BLIND))
