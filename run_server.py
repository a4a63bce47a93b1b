"""Starts DataPulse under supervision (SPEC 7): `python run_server.py --help`."""

import sys

from datapulse.launcher.cli import main

if __name__ == "__main__":
    sys.exit(main())
