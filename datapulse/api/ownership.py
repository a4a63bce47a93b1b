"""Who sees an object (SPEC 11): its `visibility`, changed by its owner or an admin
(the route's check: datapulse.api.access)."""

from __future__ import annotations

from typing import Any

from datapulse.api.services import services
from datapulse.errors import NotFound


def set_visibility(model: Any, object_id: str, visibility: str, noun: str) -> None:
    """The route checked that the caller owns it (or is an admin): datapulse.api.access."""
    with services().db.session() as session:
        row = session.get(model, object_id)
        if row is None:
            raise NotFound(f"No {noun} with id '{object_id}'.", details={"id": object_id})
        row.visibility = visibility
