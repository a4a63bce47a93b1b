"""A fifteenth sealed, blind question bank over files Debian packages ship under /usr/share (see README.md)."""
