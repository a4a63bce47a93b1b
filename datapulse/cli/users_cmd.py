"""`datapulse users list|create|update|delete` (SPEC 11 and 13): the first admin comes
from here, before anyone can sign in."""

from __future__ import annotations

import sys
from typing import Any

import click
from sqlalchemy import select

from datapulse.auth.principal import ROLES
from datapulse.auth.service import AuthService
from datapulse.cli.base import State, confirm, emit_json, fail, json_option, pass_state, table, yes_option
from datapulse.errors import DataPulseError
from datapulse.events import iso
from datapulse.storage.auth_models import User
from datapulse.storage.db import Database, open_database

EPILOG = "Exit codes: 0 done, 1 failed (unknown user, taken email, weak password, last admin), 2 wrong usage."


def _service(state: State) -> tuple[AuthService, Database]:
    db = open_database(state.settings)
    return AuthService(state.settings, db), db


def _row(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "disabled": user.disabled,
        "created_at": iso(user.created_at) if user.created_at else None,
        "last_login_at": iso(user.last_login_at) if user.last_login_at else None,
    }


def _find(db: Database, who: str) -> User:
    """A user by id or email."""
    with db.session() as session:
        stmt = (
            select(User).where(User.id == int(who)) if who.isdigit() else select(User).where(User.email == who.lower())
        )
        user = session.scalar(stmt)
    if user is None:
        fail(f"no user '{who}'")
    return user


def _password(given: str | None) -> str:
    """--password, else standard input: a prompt (asked twice) on a terminal, one line otherwise."""
    if given is not None:
        return given
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        fail("no password: pass --password or write it to standard input")
    return line


@click.group("users", epilog=EPILOG)
def group() -> None:
    """Manage users: admins, analysts and viewers (AUTH_MODE=users)."""


@group.command("list", epilog=EPILOG)
@json_option
@pass_state
def list_users(state: State, as_json: bool) -> None:
    """Every user with role and state."""
    _auth, db = _service(state)
    try:
        with db.session() as session:
            rows = [_row(u) for u in session.scalars(select(User).order_by(User.id))]
    finally:
        db.dispose()
    if as_json:
        emit_json(rows)
        return
    table(
        [(r["id"], r["email"], r["name"], r["role"], "disabled" if r["disabled"] else "active") for r in rows],
        ["ID", "EMAIL", "NAME", "ROLE", "STATE"],
    )


@group.command("create", epilog=EPILOG)
@click.option("--email", required=True, help="Sign-in email (stored lower-case).")
@click.option("--role", required=True, type=click.Choice(ROLES), help="admin, analyst or viewer.")
@click.option("--name", default="", help="Display name.")
@click.option("--password", default=None, help="The password; without it, read from standard input.")
@pass_state
def create(state: State, email: str, role: str, name: str, password: str | None) -> None:
    """Create a user (the first admin: `--role admin`)."""
    auth, db = _service(state)
    try:
        user = auth.create_user(email, _password(password), role, name=name)
    except DataPulseError as exc:
        fail(exc.message)
    finally:
        db.dispose()
    click.echo(f"created {user.role} {user.email} (id {user.id})")


@group.command("update", epilog=EPILOG)
@click.argument("user")
@click.option("--role", type=click.Choice(ROLES), help="A new role.")
@click.option("--name", help="A new display name.")
@click.option("--new-password", is_flag=True, help="Set a new password (read like create's).")
@click.option("--password", default=None, help="The new password (implies --new-password).")
@click.option("--disable/--enable", "disabled", default=None, help="Disable (signs them out) or enable.")
@pass_state
def update(
    state: State,
    user: str,
    role: str | None,
    name: str | None,
    new_password: bool,
    password: str | None,
    disabled: bool | None,
) -> None:
    """Change a user (USER: id or email)."""
    auth, db = _service(state)
    try:
        found = _find(db, user)
        changes: dict[str, Any] = {"role": role, "name": name, "disabled": disabled}
        if new_password or password is not None:
            changes["password"] = _password(password)
        changed = auth.update_user(found.id, {k: v for k, v in changes.items() if v is not None})
    except DataPulseError as exc:
        fail(exc.message)
    finally:
        db.dispose()
    click.echo(f"updated {changed.email}: {changed.role}, {'disabled' if changed.disabled else 'active'}")


@group.command("delete", epilog=EPILOG)
@click.argument("user")
@click.option("--transfer-to", help="The admin (id or email) who gets the user's data.")
@click.option("--delete-data", is_flag=True, help="Delete the user's files, sources, conversations ... too.")
@yes_option
@pass_state
def delete(state: State, user: str, transfer_to: str | None, delete_data: bool, yes: bool) -> None:
    """Delete a user (USER: id or email); choose --transfer-to ADMIN or --delete-data."""
    if (transfer_to is None) == (not delete_data):
        fail("choose one: --transfer-to ADMIN or --delete-data", code=2)
    from datapulse.bus import make_bus
    from datapulse.files.uploads import UploadStore
    from datapulse.userdata import remove_user

    settings = state.settings
    auth, db = _service(state)
    bus = make_bus(settings)  # deleted files are announced like any delete
    uploads = UploadStore(settings, db, bus)
    try:
        found = _find(db, user)
        heir = _find(db, transfer_to).id if transfer_to else None
        what = f"give their data to user {heir}" if heir else "delete their data"
        confirm(f"Delete {found.email} and {what}?", yes)
        remove_user(settings, db, uploads, auth, found.id, heir)
    except DataPulseError as exc:
        fail(exc.message)
    finally:
        uploads.stop()
        bus.close()
        db.dispose()
    click.echo(f"deleted {found.email}")
