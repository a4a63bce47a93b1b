"""The audit log (SPEC 11): writing entries and reading them back.

`entry_row(...)` is an entry's column values, clipped to their sizes: the API stores
them through the event writer (group commit) after every successful write and for
sign-ins (datapulse/api/audit.py).

`select_entries` builds the filtered query of `GET /api/audit`, newest first.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, false, or_, select

from datapulse.events import iso, utcnow
from datapulse.storage.audit_models import AuditEntry

# The columns of an entry, in the order of the CSV export.
COLUMNS = (
    "id",
    "at",
    "user_id",
    "action",
    "object_type",
    "object_id",
    "status",
    "remote_addr",
    "method",
    "path",
    "details",
)
LOCAL_USER = "local"  # the `user` filter for entries without a user (anonymous or `local` mode)

# Sign-in and account actions the users service records (the API's writes are named after
# their endpoint, e.g. `files.delete_file`).
LOGIN = "auth.login"
LOGIN_FAILED = "auth.login_failed"
LOGOUT = "auth.logout"
TOKEN_CREATED = "tokens.create"
TOKEN_REVOKED = "tokens.revoke"
USER_CREATED = "users.create"
USER_CHANGED = "users.update"
USER_DELETED = "users.delete"


def _clip(value: str | None, size: int) -> str | None:
    return None if value is None else value[:size]


def entry_row(
    *,
    action: str,
    status: int,
    user_id: int | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    remote_addr: str | None = None,
    method: str | None = None,
    path: str | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """An entry's column values, clipped to their sizes."""
    return {
        "at": at or utcnow(),
        "user_id": user_id,
        "action": action[:120],
        "object_type": _clip(object_type, 64),
        "object_id": _clip(None if object_id is None else str(object_id), 128),
        "status": status,
        "remote_addr": _clip(remote_addr, 64),
        "method": _clip(method, 8),
        "path": _clip(path, 512),
        "details": details or {},
    }


MAX_USER_ID = 2**31 - 1  # user ids are 32-bit integers in every database


def select_entries(
    *,
    user: str | None = None,
    action: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select[AuditEntry]:
    """Entries matching every filter given, newest first. `user` is a user id or `local`;
    `action` matches itself and, as a prefix, its sub-actions (`files` finds
    `files.delete_file`); `since` is inclusive, `until` exclusive."""
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    if user is not None:
        if user == LOCAL_USER:
            stmt = stmt.where(AuditEntry.user_id.is_(None))
        elif int(user) > MAX_USER_ID:  # no such user; PostgreSQL would refuse the comparison
            stmt = stmt.where(false())
        else:
            stmt = stmt.where(AuditEntry.user_id == int(user))
    if action:
        stmt = stmt.where(or_(AuditEntry.action == action, AuditEntry.action.startswith(action + ".", autoescape=True)))
    if object_type:
        stmt = stmt.where(AuditEntry.object_type == object_type)
    if object_id:
        stmt = stmt.where(AuditEntry.object_id == object_id)
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= _utc(since))
    if until is not None:
        stmt = stmt.where(AuditEntry.at < _utc(until))
    return stmt


def _utc(moment: datetime) -> datetime:
    """Stored times are UTC; a time without a zone is taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def entry_dict(entry: AuditEntry) -> dict[str, Any]:
    out = {name: getattr(entry, name) for name in COLUMNS}
    out["at"] = iso(entry.at)
    return out
