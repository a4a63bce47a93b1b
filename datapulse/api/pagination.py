"""Pagination of every list (SPEC 2): `?page=1&per_page=50` → items, total, page, per_page."""

from __future__ import annotations

from typing import Any

from apiflask import Schema, fields
from apiflask.validators import Range

from datapulse.storage.db import paginate_select as paginate_select  # the blueprints' import

MAX_PER_PAGE = 500


class PageQuery(Schema):
    page = fields.Integer(load_default=1, validate=Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=50, validate=Range(min=1, max=MAX_PER_PAGE))


class PageOut(Schema):
    items = fields.List(fields.Dict())
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


def page_of(items: list[Any], total: int, page: int, per_page: int) -> dict[str, Any]:
    return {"items": items, "total": total, "page": page, "per_page": per_page}
