"""An eighteenth sealed, blind question bank over package-shipped data files (see README.md)."""
