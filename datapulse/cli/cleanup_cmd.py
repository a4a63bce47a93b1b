"""`datapulse cleanup [--older-than DAYS] [--keep-versions N] [--dry-run]`."""

from __future__ import annotations

import click

from datapulse.cli.base import State, confirm, emit_json, json_option, pass_state, table, yes_option
from datapulse.ops.cleanup import Cleanup, as_rows
from datapulse.storage.db import Database

EPILOG = "Exit codes: 0 done (or listed, with --dry-run), 1 failed or cancelled, 2 wrong usage."


@click.command("cleanup", epilog=EPILOG)
@click.option(
    "--older-than", type=click.FloatRange(min=0), help="Days; finished runs older go. [CLEANUP_OLDER_THAN_DAYS]"
)
@click.option(
    "--keep-versions", type=click.IntRange(min=1), help="Newest versions kept per source. [CLEANUP_KEEP_VERSIONS]"
)
@click.option("--dry-run", is_flag=True, help="List what would go; change nothing.")
@yes_option
@json_option
@pass_state
def group(
    state: State, older_than: float | None, keep_versions: int | None, dry_run: bool, yes: bool, as_json: bool
) -> None:
    """Remove orphaned files, dataset versions beyond the kept count and old finished runs;
    report rows whose files are missing. Nothing a remaining row needs is removed."""
    settings = state.settings
    days = settings.CLEANUP_OLDER_THAN_DAYS if older_than is None else older_than
    keep = settings.CLEANUP_KEEP_VERSIONS if keep_versions is None else keep_versions
    db = Database(settings.database_url)
    try:
        job = Cleanup(settings, db)
        items = job.plan(days, keep)
        removals = [i for i in items if i.action == "remove"]
        if not dry_run and removals:
            confirm(f"Remove {len(removals)} item(s) ({sum(i.bytes for i in removals)} bytes)?", yes)
            done = job.apply(items)
        else:
            done = []
    finally:
        db.dispose()
    reports = [i for i in items if i.action == "report"]
    shown = removals if dry_run else done
    if as_json:
        emit_json(
            {
                "dry_run": dry_run,
                "older_than_days": days,
                "keep_versions": keep,
                "removed" if not dry_run else "would_remove": as_rows(shown),
                "reported": as_rows(reports),
            }
        )
        return
    verb = "would remove" if dry_run else "removed"
    table(
        [(verb, i.kind, i.target, i.detail) for i in shown] + [("report", i.kind, i.target, i.detail) for i in reports]
    )
    click.echo(f"{verb} {len(shown)} item(s), {sum(i.bytes for i in shown)} bytes; {len(reports)} reported")
