"""Who may read and change what (SPEC 11), decided in one place.

- Every ORM query run in a session of the platform while a non-admin principal is in
  effect gets a filter: an owned object (`OwnedMixin`) is seen when it is `shared` or the
  principal's own; a run (and so its events) when its conversation is. Lists, look-ups by
  id, the SQL catalogue and the agents' table lookup all go through it, so another
  user's private object is simply not there (404), never "forbidden".
- `can_read` / `can_change` answer for one object (the API's checks on the object in
  the URL, the WebSocket's per-event filter); `access_of` reads an object's owner and
  visibility by kind and id, unscoped.
- What a principal creates is theirs: `owner_id` is filled in at flush.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, event, or_, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from datapulse.auth.principal import Principal, current
from datapulse.storage.models import SHARED, Conversation, DataSource, OwnedMixin, Run, StoredFile
from datapulse.storage.plugin_models import Assistant, Plugin, PluginExecution, Template

# The kinds of owned objects, by the name of the URL argument that carries their id.
OWNED: dict[str, type[OwnedMixin]] = {
    "file_id": StoredFile,
    "datasource_id": DataSource,
    "conversation_id": Conversation,
    "assistant_id": Assistant,
    "plugin_id": Plugin,
    "template_id": Template,
    "execution_id": PluginExecution,
}


def visible(model: Any, principal: Principal) -> ColumnElement[bool]:
    """The SQL condition under which `principal` (not an admin) sees a row of `model`."""
    return or_(model.visibility == SHARED, model.owner_id == principal.owner_key)


def can_read(principal: Principal | None, owner_id: str | None, visibility: str) -> bool:
    """May `principal` see an object with this owner and visibility? (None: the platform.)"""
    if principal is None or principal.is_admin:
        return True
    return visibility == SHARED or (owner_id is not None and owner_id == principal.owner_key)


def can_change(principal: Principal | None, owner_id: str | None) -> bool:
    """May `principal` change or delete it: its owner or an admin (what their role and
    token scope allow is the route's question, datapulse.api.access)."""
    if principal is None or principal.is_admin:
        return True
    return owner_id is not None and owner_id == principal.owner_key


def access_of(session: Session, arg: str, object_id: str) -> tuple[str | None, str] | None:
    """(owner_id, visibility) of the object a URL argument names, unscoped; None if absent.
    A run answers with its conversation's (it is seen with it), its owner being its own."""
    with _unscoped():
        if arg == "run_id":
            row = session.execute(
                select(Run.owner_id, Conversation.owner_id, Conversation.visibility)
                .join(Conversation, Conversation.id == Run.conversation_id)
                .where(Run.id == object_id)
            ).first()
            return None if row is None else (row[0] or row[1], row[2])
        model = OWNED[arg]
        found = session.execute(
            select(model.owner_id, model.visibility).where(model.id == object_id)  # type: ignore[attr-defined]
        ).first()
        return None if found is None else (found[0], found[1])


def owner_principal(db: Any, owner_id: str | None) -> Principal | None:
    """The principal a run (or any work done for a user) acts as: its owner with their
    current role; None (the platform, unscoped) for an object of the installation."""
    if owner_id is None or not owner_id.isdigit():
        return None
    from datapulse.storage.auth_models import User

    with db.session() as session, _unscoped():
        user = session.get(User, int(owner_id))
    if user is None or user.disabled:
        return Principal(user_id=int(owner_id), role="viewer", write_scope=False)  # sees shared data only
    return Principal(user_id=user.id, role=user.role, email=user.email, name=user.name)


class _unscoped:
    """A block that reads as the platform (no principal), e.g. to tell 404 from 403."""

    def __enter__(self) -> None:
        self._token = current.set(None)

    def __exit__(self, *_exc: object) -> None:
        current.reset(self._token)


def scope_sessions(factory: sessionmaker[Session]) -> None:
    """Make every session of `factory` filter by, and assign ownership to, the current principal."""
    event.listen(factory, "do_orm_execute", _filter)
    event.listen(factory, "before_flush", _assign_owner)


def _filter(state: ORMExecuteState) -> None:
    principal = current.get()
    if principal is None or principal.is_admin:
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    key = principal.owner_key
    state.statement = state.statement.options(
        with_loader_criteria(
            OwnedMixin,
            lambda cls: or_(cls.visibility == SHARED, cls.owner_id == key),
            include_aliases=True,
        ),
        with_loader_criteria(
            Run,
            lambda cls: cls.conversation_id.in_(
                select(Conversation.id).where(or_(Conversation.visibility == SHARED, Conversation.owner_id == key))
            ),
            include_aliases=True,
        ),
    )


def _assign_owner(session: Session, _context: Any, _instances: Any) -> None:
    principal = current.get()
    if principal is None or principal.user_id is None:
        return
    for obj in session.new:
        if isinstance(obj, (OwnedMixin, Run)) and obj.owner_id is None:
            obj.owner_id = principal.owner_key
