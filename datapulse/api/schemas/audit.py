"""Answer shapes of the audit log (SPEC 11): `GET /api/audit`."""

from __future__ import annotations

from typing import Any

from apiflask import Schema, fields

from datapulse.api.schemas.common import PageMeta

NULLABLE: dict[str, Any] = {"required": True, "allow_none": True}


class AuditEntryOut(Schema):
    id = fields.Integer(required=True)
    at = fields.String(required=True, metadata={"description": "ISO 8601, UTC"})
    user_id = fields.Integer(**NULLABLE, metadata={"description": "null: anonymous, or local mode's admin"})
    action = fields.String(required=True, metadata={"description": "e.g. files.delete_file, auth.login_failed"})
    object_type = fields.String(**NULLABLE)
    object_id = fields.String(**NULLABLE)
    status = fields.Integer(required=True, metadata={"description": "the HTTP status of the answer"})
    remote_addr = fields.String(**NULLABLE)
    method = fields.String(**NULLABLE)
    path = fields.String(**NULLABLE)
    details = fields.Dict(required=True)


class AuditPage(PageMeta):
    items = fields.List(fields.Nested(AuditEntryOut), required=True)


CSV_DOC: dict[str, Any] = {
    "description": "The entries, newest first: one page as JSON, or every match as CSV "
    "(`format=csv` or `Accept: text/csv`)",
    "content": {"text/csv": {"schema": {"type": "string"}}},
}
