"""A nineteenth sealed, blind question bank over package-shipped datasets (see README.md)."""
