"""Which tables exist for SQL and the agents: table_name → Relation (how to read it).

A file is a table once it is `ready`: read from its Parquet copy when that exists,
else from its stored source with the options its profile used (`file_relation`, the
one place that decides). A copy recorded but gone from the disk is reported to the
caller's `on_missing_copy` (the files service writes it again) and the source serves
meanwhile, so the table never vanishes. A data source is a table through its newest
dataset version, or, a `live` sql source, as a `LiveSource` (its database and query; the
caller checks its URL against the settings before use:
`datapulse.datasources.fetch_sql.live_source`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datapulse.data.relation import Relation
from datapulse.errors import Conflict, NotFound
from datapulse.sqlsource.live import LiveSource
from datapulse.storage.models import DatasetVersion, DataSource, FileStatus, StoredFile

log = logging.getLogger(__name__)
# Told the id of a ready file whose recorded Parquet copy is missing from the disk.
MissingCopy = Callable[[str], object]


def file_relation(stored: StoredFile, on_missing_copy: MissingCopy | None = None) -> Relation | None:
    """How to read a file's rows, or None while it is not a table (not ready, or an
    xlsx whose copy is missing: it has no other reader)."""
    return _relation(stored.id, stored.status, stored.derived_path, stored.stored_path, stored.schema, on_missing_copy)


def _relation(
    file_id: str,
    status: str,
    derived: str | None,
    stored: str,
    schema: dict[str, Any] | None,
    on_missing_copy: MissingCopy | None = None,
) -> Relation | None:
    if status != FileStatus.READY:
        return None
    if derived:
        if Path(derived).is_file():
            return Relation(Path(derived))
        log.warning("the Parquet copy of file %s is missing: reading its stored source", file_id)
        if on_missing_copy is not None:
            on_missing_copy(file_id)
    read = (schema or {}).get("read")
    if not read:
        return None
    try:
        return Relation.stored(Path(stored), read)
    except ValueError:  # an xlsx (read through its copy only)
        return None


def _latest_versions(session: Session, datasource_ids: Iterable[str] | None = None) -> dict[str, DatasetVersion]:
    """datasource id → its highest DatasetVersion."""
    newest = select(DatasetVersion.datasource_id, func.max(DatasetVersion.version).label("v")).group_by(
        DatasetVersion.datasource_id
    )
    if datasource_ids is not None:
        newest = newest.where(DatasetVersion.datasource_id.in_(list(datasource_ids)))
    sub = newest.subquery()
    stmt = select(DatasetVersion).join(
        sub, (DatasetVersion.datasource_id == sub.c.datasource_id) & (DatasetVersion.version == sub.c.v)
    )
    return {v.datasource_id: v for v in session.scalars(stmt)}


Table = Relation | LiveSource


def is_live(source: DataSource) -> bool:
    config = source.config or {}
    return source.type == "sql" and config.get("mode") == "live"


def live_of(config: dict[str, Any]) -> LiveSource:
    return LiveSource(url=config["url"], query=config["query"])


def all_tables(session: Session, on_missing_copy: MissingCopy | None = None) -> dict[str, Table]:
    """Every ready file, every data source with at least one version, every live source."""
    tables: dict[str, Table] = {}
    files = session.execute(
        select(
            StoredFile.id, StoredFile.table_name, StoredFile.derived_path, StoredFile.stored_path, StoredFile.schema
        ).where(StoredFile.status == FileStatus.READY)
    )
    for file_id, table_name, derived, stored, schema in files:
        relation = _relation(file_id, FileStatus.READY, derived, stored, schema, on_missing_copy)
        if relation is not None:
            tables[table_name] = relation
    versions = _latest_versions(session)
    if versions:
        stmt = select(DataSource.id, DataSource.table_name).where(DataSource.id.in_(list(versions)))
        names = {ds_id: name for ds_id, name in session.execute(stmt)}
        for ds_id, version in versions.items():
            if ds_id in names:
                tables[names[ds_id]] = Relation(Path(version.path))
    for source in session.scalars(select(DataSource).where(DataSource.type == "sql")):
        if is_live(source):
            tables[source.table_name] = live_of(source.config)
    return tables


def resolve_tables(
    session: Session, file_ids: Iterable[str] = (), datasource_ids: Iterable[str] = ()
) -> dict[str, Table]:
    """The tables of the given files and data sources.

    Raises NotFound naming an unknown id, and Conflict (409 `not_ready`) for a file
    that is still processing or failed, or a source that has no data yet.
    """
    file_ids, datasource_ids = list(dict.fromkeys(file_ids)), list(dict.fromkeys(datasource_ids))
    tables: dict[str, Table] = {}
    if file_ids:
        found = {f.id: f for f in session.scalars(select(StoredFile).where(StoredFile.id.in_(file_ids)))}
        for fid in file_ids:
            stored = found.get(fid)
            if stored is None:
                raise NotFound(f"No file with id '{fid}'.", details={"file_id": fid})
            relation = file_relation(stored)
            if relation is None:
                raise Conflict(
                    f"File '{stored.name}' is not ready (status {stored.status}).",
                    code="not_ready",
                    details={"file_id": fid, "status": stored.status},
                )
            tables[stored.table_name] = relation
    if datasource_ids:
        sources = {s.id: s for s in session.scalars(select(DataSource).where(DataSource.id.in_(datasource_ids)))}
        versions = _latest_versions(session, datasource_ids)
        for ds_id in datasource_ids:
            source = sources.get(ds_id)
            if source is None:
                raise NotFound(f"No data source with id '{ds_id}'.", details={"datasource_id": ds_id})
            if is_live(source):
                tables[source.table_name] = live_of(source.config)
                continue
            if ds_id not in versions:
                raise Conflict(
                    f"Data source '{source.name}' has no data yet (status {source.status}).",
                    code="not_ready",
                    details={"datasource_id": ds_id, "status": source.status},
                )
            tables[source.table_name] = Relation(Path(versions[ds_id].path))
    return tables


def table_columns(session: Session) -> list[dict[str, Any]]:
    """Every SQL table (the ones `all_tables` lists) with its columns' names and types,
    read from the stored profiles (no data is read): what a SQL editor completes and shows.

    Sorted by name; a table whose profile has no columns yet lists none.
    """
    out: list[dict[str, Any]] = []
    files = session.execute(
        select(
            StoredFile.id, StoredFile.table_name, StoredFile.derived_path, StoredFile.stored_path, StoredFile.schema
        ).where(StoredFile.status == FileStatus.READY)
    )
    for file_id, table_name, derived, stored, schema in files:
        if _relation(file_id, FileStatus.READY, derived, stored, schema) is not None:
            out.append({"name": table_name, "kind": "file", "id": file_id, "columns": _columns(schema)})
    versions = _latest_versions(session)
    if versions:
        stmt = select(DataSource.id, DataSource.table_name).where(DataSource.id.in_(list(versions)))
        for ds_id, table_name in session.execute(stmt):
            out.append(
                {"name": table_name, "kind": "datasource", "id": ds_id, "columns": _columns(versions[ds_id].schema)}
            )
    return sorted(out, key=lambda t: str(t["name"]))


def _columns(schema: dict[str, Any] | None) -> list[dict[str, str]]:
    """`[{"name", "dtype"}]` from a stored profile's `schema.columns` (SPEC 3)."""
    columns = (schema or {}).get("columns") or []
    return [
        {"name": str(c["name"]), "dtype": str(c.get("dtype") or "")}
        for c in columns
        if isinstance(c, dict) and "name" in c
    ]
