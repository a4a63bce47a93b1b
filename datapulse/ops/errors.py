"""The one error the operations raise: a sentence for the administrator, nothing changed
unless the message says so."""

from __future__ import annotations


class OpsError(RuntimeError):
    """An operation refused or failed; `str()` is what the CLI prints."""
