"""A twentieth sealed, blind question bank over package-shipped datasets (see README.md)."""
