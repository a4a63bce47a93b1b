"""Fields and shapes every area's schemas share."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from apiflask import Schema, fields

from datapulse.events import iso


class Timestamp(fields.String):
    """A datetime as the platform writes it everywhere: ISO 8601 in UTC with a Z."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        return iso(value) if isinstance(value, datetime) else str(value)


class JsonList(fields.List):
    """A JSON column holding a list: None (an old row) is shown as []."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> list[Any] | None:
        return super()._serialize(list(value or []), attr, obj, **kwargs)


class JsonDict(fields.Dict):
    """A JSON column holding an object: None (an old row) is shown as {}."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> dict[str, Any] | None:
        return super()._serialize(dict(value or {}), attr, obj, **kwargs)


class PageMeta(Schema):
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
