"""`datapulse db status|migrate|backup|restore`."""

from __future__ import annotations

from pathlib import Path

import click

from datapulse.cli.base import State, confirm, emit_json, fail, json_option, pass_state, table, yes_option
from datapulse.ops import platform
from datapulse.ops.archive import verify
from datapulse.ops.backup import backup as make_backup
from datapulse.ops.errors import OpsError
from datapulse.ops.restore import restore as do_restore
from datapulse.ops.schema import migrate as do_migrate
from datapulse.ops.schema import status as schema_status
from datapulse.settings import mask_secret

EPILOG = "Exit codes: 0 done, 1 failed or refused (nothing changed), 2 wrong usage."


@click.group("db", epilog=EPILOG)
def group() -> None:
    """The metadata database: schema revision, migrations, backup and restore."""


@group.command(
    "status", epilog="Exit codes: 0 up to date, 1 migrations pending or the database unreachable, 2 wrong usage."
)
@json_option
@pass_state
def status(state: State, as_json: bool) -> None:
    """The backend, the current schema revision and the migrations still to apply."""
    settings = state.settings
    try:
        found = schema_status(settings, mask_secret("DATABASE_URL", settings.database_url))
    except Exception as exc:  # any driver error: the database cannot be read
        fail(f"cannot read the database: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    info = found.as_dict()
    if as_json:
        emit_json(info)
    else:
        table(
            [
                ("backend", info["backend"]),
                ("database", info["url"]),
                ("revision", info["current"] or "(empty: no schema yet)"),
                ("head", info["head"]),
                ("pending", ", ".join(found.pending) or "none"),
            ]
        )
    if not info["up_to_date"]:
        raise SystemExit(1)


@group.command("migrate", epilog=EPILOG)
@pass_state
def migrate(state: State) -> None:
    """Apply every pending migration (safe while the platform runs: migrations take a lock)."""
    try:
        before, after = do_migrate(state.settings)
    except Exception as exc:
        fail(f"migration failed: {type(exc).__name__}: {exc}")
    if before == after:
        click.echo(f"already at {after}")
    else:
        click.echo(f"migrated {before or '(empty)'} -> {after}")


@group.command("backup", epilog=EPILOG)
@click.argument("file", type=click.Path(path_type=Path))
@json_option
@pass_state
def backup(state: State, file: Path, as_json: bool) -> None:
    """Write FILE (.tar.gz): the database, the uploads, the derived data and a manifest.

    Safe while the platform runs."""
    try:
        result = make_backup(state.settings, file)
    except OpsError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"backup failed, no archive written: {exc}")
    if as_json:
        emit_json({k: v for k, v in result.items() if k != "members"} | {"members": len(result["members"])})
        return
    click.echo(
        f"wrote {result['file']}: {len(result['members'])} members, {result['bytes']} bytes, "
        f"revision {result['revision']}, {result['seconds']:.1f} s"
    )
    for path in result["missing"]:
        click.echo(f"warning: {path} is named by the database but was gone when read", err=True)


@group.command("restore", epilog=EPILOG)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--stop", is_flag=True, help="Stop the running platform (through its launcher) first.")
@click.option("--check-only", is_flag=True, help="Verify the archive and exit; change nothing.")
@yes_option
@json_option
@pass_state
def restore(state: State, file: Path, stop: bool, check_only: bool, yes: bool, as_json: bool) -> None:
    """Replace the database and the files by those in FILE.

    The whole archive is verified first (every checksum, the manifest, a schema revision
    this code can migrate from); a corrupt, truncated or foreign archive changes nothing.
    The platform must be stopped (or give --stop). Migrations run afterwards."""
    settings = state.settings
    try:
        checked = verify(file)
    except OpsError as exc:
        fail(f"refused: {exc}")
    m = checked.manifest
    if check_only:
        info = {"ok": True, "revision": checked.revision, "backend": checked.backend, "created_at": m["created_at"]}
        if as_json:
            emit_json(info)
        else:
            click.echo(f"archive OK: revision {info['revision']}, {info['backend']}, made {info['created_at']}")
        return
    up = platform.running(settings)
    if up and not stop:
        fail("refused: the platform is running (" + "; ".join(up) + "); stop it first or give --stop")
    confirm(
        f"Replace the database and the files of this installation by the backup of {m['created_at']} "
        f"(revision {checked.revision})?",
        yes,
    )
    try:
        if up:
            platform.stop_launcher(settings)
        result = do_restore(settings, file, checked)
    except OpsError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"restore failed and was rolled back: {exc}")
    if as_json:
        emit_json(result)
    else:
        click.echo(
            f"restored {result['members']} members from {result['created_at']}; "
            f"revision {result['archive_revision']} -> {result['revision']}"
        )
        if up:
            click.echo("the platform was stopped; start it again with `python run_server.py`")
