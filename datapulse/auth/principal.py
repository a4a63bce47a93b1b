"""Who is asking: a `Principal`, and the one in effect for the current request or run.

The API puts it on `flask.g.principal` and in `current` (a context variable, so that the
storage layer can scope queries without knowing Flask); a chat run acts as its owner.
No principal in effect means the platform itself (start-up, schedulers): unscoped.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

ADMIN, ANALYST, VIEWER = "admin", "analyst", "viewer"
ROLES = (ADMIN, ANALYST, VIEWER)


@dataclass(frozen=True)
class Principal:
    """A signed-in user (or, in local mode, the built-in admin with `user_id` None)."""

    user_id: int | None
    role: str
    email: str = ""
    name: str = ""
    write_scope: bool = True  # False for an API token scoped ["read"]
    via: str = "local"  # local, session, bearer (access token), token (API token)
    family_id: str | None = None  # the sign-in this came from (session, access token)
    token_id: str | None = None  # the API token this came from

    @property
    def owner_key(self) -> str | None:
        """The value of `owner_id` on what this principal creates."""
        return None if self.user_id is None else str(self.user_id)

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def may_write(self) -> bool:
        """Creates and changes data: not a viewer, not through a read-only token."""
        return self.role in (ADMIN, ANALYST) and self.write_scope


LOCAL_ADMIN = Principal(user_id=None, role=ADMIN, email="", name="local", via="local")

current: ContextVar[Principal | None] = ContextVar("datapulse_principal", default=None)


@contextmanager
def acting_as(principal: Principal | None) -> Iterator[None]:
    """Run a block (a chat run, a test) as `principal`."""
    token = current.set(principal)
    try:
        yield
    finally:
        current.reset(token)
