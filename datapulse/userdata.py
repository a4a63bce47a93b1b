"""A user's data as a whole (SPEC 11): when an admin deletes a user, it goes to another
admin or is deleted with them. Used by `DELETE /api/users/<id>` and `datapulse users delete`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from datapulse.auth.service import AuthService
from datapulse.catalog.names import DATASOURCE, release_table_name
from datapulse.datasources import versions
from datapulse.files.uploads import UploadStore
from datapulse.settings import Settings
from datapulse.storage.db import Database
from datapulse.storage.models import Conversation, DataSource, Run, StoredFile, TableName
from datapulse.storage.plugin_models import Assistant, Plugin, PluginExecution, Template

# Everything with an owner, in the order their rows can go.
OWNED_MODELS: tuple[Any, ...] = (
    PluginExecution,
    Assistant,
    Template,
    Plugin,
    Run,
    Conversation,
    DataSource,
    StoredFile,
    TableName,
)


def remove_user(
    settings: Settings, db: Database, uploads: UploadStore, auth: AuthService, user_id: int, heir: int | None
) -> None:
    """Delete a user; their data goes to the admin `heir`, or is deleted first (None)."""
    if heir is None:
        _delete_data(settings, db, uploads, str(user_id))
    auth.delete_user(user_id, heir, list(OWNED_MODELS))


def _delete_data(settings: Settings, db: Database, uploads: UploadStore, key: str) -> None:
    with db.session() as session:
        files = list(session.scalars(select(StoredFile.id).where(StoredFile.owner_id == key)))
        sources = list(session.scalars(select(DataSource.id).where(DataSource.owner_id == key)))
    for file_id in files:
        uploads.delete(file_id)  # its bytes and derived copies too
    for source_id in sources:
        with db.session() as session:
            source = session.get(DataSource, source_id)
            if source is not None:
                release_table_name(session, DATASOURCE, source_id)
                session.delete(source)
        versions.remove_files(settings, source_id)
    with db.session() as session:
        for model in OWNED_MODELS:
            session.execute(delete(model).where(model.owner_id == key))
