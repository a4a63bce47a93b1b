"""DataPulse settings. The definitions live in datapulse/settings.py; this file is the CLI."""

import sys

from datapulse.cli_config import main
from datapulse.settings import Settings, load_settings

__all__ = ["Settings", "load_settings"]

if __name__ == "__main__":
    sys.exit(main())
