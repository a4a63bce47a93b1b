"""Field validators shared by every area's request schemas."""

from __future__ import annotations

from marshmallow import ValidationError


def no_nul(value: str) -> None:
    """PostgreSQL text cannot hold NUL, and no name, id, URL or question needs one."""
    if "\x00" in value:
        raise ValidationError("Must not contain NUL characters.")
