"""The root command group and what every command shares: settings, output, confirmation."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import click

from datapulse.settings import Settings, SettingsError, load_settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

EPILOG = "Exit codes: 0 done, 1 failed or refused, 2 wrong usage."


@dataclass
class State:
    """What the root group parsed; settings are read on first use, so `--help` needs none."""

    env_file: Path
    _settings: Settings | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = load_settings(env_file=self.env_file)
            except SettingsError as exc:
                fail("invalid configuration:\n  - " + "\n  - ".join(exc.problems))
        return self._settings


pass_state = click.make_pass_decorator(State)


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--env-file",
    default=".env",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The .env file to read (and that `config set` writes).",
)
@click.pass_context
def cli(ctx: click.Context, env_file: Path) -> None:
    """Manage a DataPulse installation: users, settings, database, services, logs,
    health, cleanup and deployment files."""
    ctx.obj = State(env_file=env_file)


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    """Print why on stderr and leave with `code` (never a traceback)."""
    click.echo(f"datapulse: {message}", err=True)
    raise SystemExit(code)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, default=str, ensure_ascii=False))


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str] | None = None) -> None:
    """Columns padded to their widest cell: readable in a terminal, easy to grep."""
    cells = [[str(c) for c in row] for row in ([headers] if headers else []) + list(rows)]
    if not cells:
        return
    widths = [max(len(row[i]) for row in cells if i < len(row)) for i in range(max(len(r) for r in cells))]
    for row in cells:
        click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())


def confirm(question: str, yes: bool) -> None:
    """Ask before a destructive step unless --yes; a 'no' (or no terminal) leaves with 1."""
    if yes:
        return
    try:
        answer = click.confirm(question, default=False)
    except click.Abort:  # end of input, Ctrl-C
        answer = False
    if not answer:
        fail("cancelled, nothing changed")


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
yes_option = click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
