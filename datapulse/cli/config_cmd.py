"""`datapulse config show|check|get|set|export`: the settings of SPEC 8 from the shell."""

from __future__ import annotations

import os
from pathlib import Path

import click
from dotenv import set_key

from datapulse.cli.base import EPILOG, State, emit_json, fail, json_option, pass_state, table
from datapulse.settings import SETTINGS, Setting, SettingsError, load_settings, mask_secret, redact_url

_BY_NAME = {s.name: s for s in SETTINGS}


@click.group("config", epilog=EPILOG)
def group() -> None:
    """Show, check and change settings (environment > .env > defaults)."""


def _setting(key: str) -> Setting:
    setting = _BY_NAME.get(key.upper())
    if setting is None:
        fail(f"unknown setting {key!r} (see `datapulse config show`)")
    return setting


@group.command("show", epilog=EPILOG)
@json_option
@pass_state
def show(state: State, as_json: bool) -> None:
    """Every setting, its value (secrets masked) and where it came from."""
    settings = state.settings
    summary = settings.summary()
    if as_json:
        emit_json(
            {s.name: {"value": summary[s.name], "source": settings.sources.get(s.name, "default")} for s in SETTINGS}
        )
        return
    table([(s.name, summary[s.name], settings.sources.get(s.name, "default")) for s in SETTINGS])


@group.command("check", epilog="Exit codes: 0 valid, 1 invalid (every problem listed), 2 wrong usage.")
@click.option("--ports", is_flag=True, help="Also check that FLASK_PORT and WS_PORT are free.")
@json_option
@pass_state
def check(state: State, ports: bool, as_json: bool) -> None:
    """Validate every setting at once and name each bad one."""
    try:
        settings = load_settings(env_file=state.env_file)
        problems = settings.validate(check_ports=ports)
    except SettingsError as exc:
        problems = exc.problems
    if as_json:
        emit_json({"valid": not problems, "problems": problems})
    elif problems:
        click.echo("configuration invalid:\n  - " + "\n  - ".join(problems), err=True)
    else:
        click.echo("configuration OK")
    if problems:
        raise SystemExit(1)


@group.command("get", epilog="Exit codes: 0 printed, 1 unknown setting or invalid configuration, 2 wrong usage.")
@click.argument("key")
@click.option("--reveal", is_flag=True, help="Print a secret's real value instead of a mask.")
@json_option
@pass_state
def get(state: State, key: str, reveal: bool, as_json: bool) -> None:
    """Print one setting's bare value (for scripts: `$(datapulse config get WS_PORT)`)."""
    setting = _setting(key)
    value = getattr(state.settings, setting.name)
    if setting.secret and value and not reveal:
        value = mask_secret(setting.name, str(value))
    elif isinstance(value, str) and not reveal:
        value = redact_url(value)  # a password inside any URL-valued setting
    if as_json:
        emit_json(
            {
                setting.name: list(value)
                if isinstance(value, tuple)
                else str(value)
                if isinstance(value, Path)
                else value
            }
        )
    elif isinstance(value, bool):
        click.echo("true" if value else "false")
    elif isinstance(value, tuple):
        click.echo(",".join(value))
    else:
        click.echo(str(value))


@group.command(
    "set", epilog="Exit codes: 0 written, 1 unknown setting or invalid value (nothing written), 2 wrong usage."
)
@click.argument("assignment", metavar="KEY=VALUE")
@pass_state
def set_(state: State, assignment: str) -> None:
    """Write KEY=VALUE into the .env file, after checking the value (nothing written if invalid).

    The environment still wins over .env: a variable set in the shell hides the new value."""
    key, sep, value = assignment.partition("=")
    if not sep:
        fail("expected KEY=VALUE", code=2)
    setting = _setting(key.strip())
    env_file: Path = state.env_file
    environ = {k: v for k, v in os.environ.items() if k != setting.name}
    problems = _new_problems(environ, env_file, setting.name, value)
    if problems:
        fail("not written:\n  - " + "\n  - ".join(problems))
    env_file.touch(exist_ok=True)
    set_key(str(env_file), setting.name, value, quote_mode="auto")
    shadow = " (note: the environment also sets it, and wins)" if setting.name in os.environ else ""
    click.echo(f"{setting.name} written to {env_file}{shadow}")


def _problems(environ: dict[str, str], env_file: Path, overrides: dict[str, str]) -> list[str]:
    try:
        return load_settings(environ=environ, env_file=env_file, overrides=overrides).validate()
    except SettingsError as exc:
        return exc.problems


def _new_problems(environ: dict[str, str], env_file: Path, name: str, value: str) -> list[str]:
    """Problems the new value brings (a range, a cast, a clash with another setting); old ones do not block."""
    before = set(_problems(environ, env_file, {}))
    return [p for p in _problems(environ, env_file, {name: value}) if p not in before or p.startswith(name)]


@group.command("export", epilog=EPILOG)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_state
def export(state: State, file: Path) -> None:
    """Write every setting as commented .env lines (secrets masked)."""
    summary = state.settings.summary()
    lines = [f"# {s.help}\n{s.name}={summary[s.name]}" for s in SETTINGS]
    fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # settings are the user's alone
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write("\n".join(lines) + "\n")
    click.echo(f"wrote {len(SETTINGS)} settings to {file} (secrets masked)")
