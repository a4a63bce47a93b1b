"""What a client reads of its files: the filtered, sorted list, one FileInfo, a page of
rows and the original bytes. The API's files blueprint parses the request and
serializes the answer; which rows match, and when a file can be read, is decided here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Select, or_, select

from datapulse.catalog.tables import file_relation
from datapulse.data.engine import preview as preview_rows
from datapulse.errors import Conflict, NotFound
from datapulse.files.info import FileInfo
from datapulse.storage.db import Database, contains_pattern
from datapulse.storage.models import FileStatus, StoredFile

SORTS: dict[str, Any] = {
    "name": StoredFile.name.asc(),
    "-name": StoredFile.name.desc(),
    "size": StoredFile.size.asc(),
    "-size": StoredFile.size.desc(),
    "created_at": StoredFile.created_at.asc(),
    "-created_at": StoredFile.created_at.desc(),
    "rows": StoredFile.rows.asc(),
    "-rows": StoredFile.rows.desc(),
    "type": StoredFile.type.asc(),
    "-type": StoredFile.type.desc(),
}
MIMETYPES = {
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "txt": "text/plain",
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "ndjson": "application/x-ndjson",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}


@dataclass(frozen=True)
class Download:
    """The original bytes of a file, under its original name."""

    path: Path
    mimetype: str
    name: str


def list_select(
    search: str | None = None,
    type: str | None = None,
    status: str | None = None,
    min_size: int | None = None,
    max_size: int | None = None,
    sort: str = "-created_at",
) -> Select[StoredFile]:
    """The files matching the filters, in the order of `sort` (a key of SORTS), ties by id.
    `search` matches part of the name or the table name, wildcards taken literally."""
    stmt = select(StoredFile)
    if search:
        like = contains_pattern(search)
        stmt = stmt.where(or_(StoredFile.name.ilike(like, escape="\\"), StoredFile.table_name.ilike(like, escape="\\")))
    if type:
        stmt = stmt.where(StoredFile.type == type)
    if status:
        stmt = stmt.where(StoredFile.status == status)
    if min_size is not None:
        stmt = stmt.where(StoredFile.size >= min_size)
    if max_size is not None:
        stmt = stmt.where(StoredFile.size <= max_size)
    return stmt.order_by(SORTS[sort], StoredFile.id)


def get_row(db: Database, file_id: str) -> StoredFile:
    """The file's row (detached), or NotFound."""
    with db.session() as session:
        row = session.get(StoredFile, file_id)
    if row is None:
        raise NotFound(f"No file with id '{file_id}'.", details={"file_id": file_id})
    return row


def detail(db: Database, file_id: str) -> FileInfo:
    """FileInfo with the schema (per-column profile)."""
    return FileInfo.of(get_row(db, file_id), with_schema=True)


def preview(
    db: Database,
    file_id: str,
    offset: int,
    limit: int,
    sort: str | None = None,
    contains: str | None = None,
    rederive: Callable[[str], bool] | None = None,
) -> dict[str, Any]:
    """A page of the file's rows with `total_rows`; Conflict (`not_ready`) while it is
    not a table (processing, failed). `sort` is a column (`-name` descending); `contains`
    keeps the rows where some cell contains it (the page then adds `matching_rows`).
    A missing Parquet copy is handed to `rederive` (the page is read from the source,
    or, for an xlsx, from the copy `rederive` has just written)."""
    row = get_row(db, file_id)
    missing: list[str] = []
    relation = file_relation(row, missing.append)
    if missing and rederive is not None and rederive(file_id):
        row = get_row(db, file_id)
        relation = file_relation(row)
    unreadable = relation is None or not relation.path.is_file()
    if unreadable and row.status == FileStatus.READY and not Path(row.stored_path).is_file():
        raise NotFound("The stored bytes of this file are missing.", code="file_missing", details={"file_id": file_id})
    if relation is None:
        raise Conflict(
            f"The file is not ready (status {row.status}).",
            code="not_ready",
            details={"status": row.status, "error": row.error},
        )
    descending = bool(sort and sort.startswith("-"))
    column = sort[1:] if sort and descending else sort
    page = preview_rows(relation, offset, limit, sort=column, descending=descending, contains=contains or None)
    return {**page, "total_rows": row.rows or 0}


def download(db: Database, file_id: str) -> Download:
    """Where the original bytes are; NotFound (`file_missing`) when they were lost."""
    row = get_row(db, file_id)
    path = Path(row.stored_path)
    if not path.is_file():
        raise NotFound("The stored bytes of this file are missing.", code="file_missing", details={"file_id": file_id})
    return Download(path, MIMETYPES.get(row.type, "application/octet-stream"), row.name)
