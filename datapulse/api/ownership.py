"""Changing who owns and who sees data (SPEC 11): `visibility` on an object, and a
deleted user's data (given to an admin, or deleted with them)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from datapulse.api.platform import Platform
from datapulse.api.services import services
from datapulse.catalog.names import DATASOURCE, release_table_name
from datapulse.datasources import versions
from datapulse.errors import NotFound
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


def set_visibility(model: Any, object_id: str, visibility: str, noun: str) -> None:
    """The route checked that the caller owns it (or is an admin): datapulse.api.access."""
    with services().db.session() as session:
        row = session.get(model, object_id)
        if row is None:
            raise NotFound(f"No {noun} with id '{object_id}'.", details={"id": object_id})
        row.visibility = visibility


def remove_user(svc: Platform, user_id: int, heir: int | None) -> None:
    """Delete a user; their data goes to the admin `heir`, or is deleted first (None)."""
    if heir is None:
        _delete_data(svc, str(user_id))
    svc.auth.delete_user(user_id, heir, list(OWNED_MODELS))


def _delete_data(svc: Platform, key: str) -> None:
    with svc.db.session() as session:
        files = list(session.scalars(select(StoredFile.id).where(StoredFile.owner_id == key)))
        sources = list(session.scalars(select(DataSource.id).where(DataSource.owner_id == key)))
    for file_id in files:
        svc.uploads.delete(file_id)
    for source_id in sources:
        with svc.db.session() as session:
            source = session.get(DataSource, source_id)
            if source is not None:
                release_table_name(session, DATASOURCE, source_id)
                session.delete(source)
        versions.remove_files(svc.settings, source_id)
    with svc.db.session() as session:
        for model in OWNED_MODELS:
            session.execute(delete(model).where(model.owner_id == key))
