"""FileInfo (SPEC 3), built in one place from a file's row, and the one place that
announces a file's change as `file_update`.

The service returns FileInfo; the API's `FileOut` serializes it and the event carries
the same fields, so the HTTP answer and the broadcast cannot drift apart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from datapulse.bus.base import EventBus, emit
from datapulse.events import DELETED, FileUpdate, iso
from datapulse.storage.models import FileStatus, StoredFile


@dataclass(frozen=True)
class FileInfo:
    """What a client is told about a file; `schema` only where SPEC 3 asks for it."""

    id: str
    name: str
    table_name: str
    size: int
    type: str
    checksum: str
    status: str  # a FileStatus, or `deleted` in the event that announces a delete
    rows: int | None
    columns: int | None
    error: str | None
    created_at: str
    updated_at: str | None
    schema: dict[str, Any] | None = None
    owner_id: str | None = None  # who may see it: datapulse.auth.access
    visibility: str = "private"

    @classmethod
    def of(cls, row: StoredFile, with_schema: bool = False) -> FileInfo:
        return cls(
            id=row.id,
            name=row.name,
            table_name=row.table_name,
            size=row.size,
            type=row.type,
            checksum=row.checksum,
            status=FileStatus(row.status).value,
            rows=row.rows,
            columns=row.columns,
            error=row.error,
            created_at=iso(row.created_at),
            updated_at=iso(row.updated_at) if row.updated_at else None,
            schema=row.schema if with_schema else None,
            owner_id=row.owner_id,
            visibility=row.visibility or "private",
        )

    @property
    def ready(self) -> bool:
        return self.status == FileStatus.READY

    @property
    def failed(self) -> bool:
        return self.status == FileStatus.FAILED

    def deleted(self) -> FileInfo:
        """The info a delete announces and answers with: the last state, status `deleted`."""
        return replace(self, status=DELETED)

    def payload(self) -> dict[str, Any]:
        """The FileInfo of a `file_update` event (no schema: events stay small)."""
        data = asdict(self)
        del data["schema"]
        return data


def announce(bus: EventBus, action: str, info: FileInfo) -> None:
    """Publish `file_update` (`created`, `updated` or `deleted`): the only place that does."""
    emit(bus, FileUpdate(action, info.payload()))
