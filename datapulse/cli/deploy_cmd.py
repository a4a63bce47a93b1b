"""`datapulse deploy --target systemd|nginx|compose [--env dev|staging|prod] [--output DIR]`."""

from __future__ import annotations

from pathlib import Path

import click

from datapulse.cli.base import State, emit_json, fail, json_option, pass_state
from datapulse.ops.deploy import ENVIRONMENTS, TARGETS, profile, render, write
from datapulse.settings import parse_networks

EPILOG = "Exit codes: 0 written, 1 files exist (give --force) or cannot be written, 2 wrong usage."


def _ports(value: str | None) -> tuple[int, ...] | None:
    if not value:
        return None
    try:
        return tuple(int(v) for v in value.split(","))
    except ValueError:
        raise click.BadParameter("expected ports separated by commas, e.g. 5000,5001") from None


def _addresses(value: str | None) -> tuple[str, ...] | None:
    if not value:
        return None
    found = tuple(v.strip() for v in value.split(",") if v.strip())
    try:
        parse_networks(found)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return found


@click.command("deploy", epilog=EPILOG)
@click.option("--target", type=click.Choice(TARGETS), required=True, help="What to write files for.")
@click.option("--env", "env", type=click.Choice(ENVIRONMENTS), default="prod", show_default=True)
@click.option(
    "--output", type=click.Path(file_okay=False, path_type=Path), help="Folder [default: deploy/<target>-<env>]"
)
@click.option("--server-name", help="nginx server_name (the public host name).")
@click.option("--listen", type=int, help="Port nginx listens on.")
@click.option("--api-ports", help="API instances' ports, comma-separated (e.g. 5000,5001).")
@click.option("--ws-ports", help="WebSocket servers' ports, comma-separated (e.g. 8765,8766).")
@click.option("--workers", type=click.IntRange(1, 64), help="gunicorn workers per API instance.")
@click.option("--user", help="System user the services run as.")
@click.option(
    "--conn-per-client", type=click.IntRange(1, 100_000), help="nginx limit_conn: connections per client address."
)
@click.option("--trusted-proxies", help="Where nginx reaches the API from (TRUSTED_PROXIES) [default: 127.0.0.1,::1].")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@json_option
@pass_state
def group(
    state: State,
    target: str,
    env: str,
    output: Path | None,
    server_name: str | None,
    listen: int | None,
    api_ports: str | None,
    ws_ports: str | None,
    workers: int | None,
    user: str | None,
    conn_per_client: int | None,
    trusted_proxies: str | None,
    force: bool,
    as_json: bool,
) -> None:
    """Write deployment files for one target and environment."""
    p = profile(
        env,
        server_name=server_name,
        listen=listen,
        api_ports=_ports(api_ports),
        ws_ports=_ports(ws_ports),
        workers=workers,
        user=user,
        max_upload_mb=state.settings.MAX_UPLOAD_MB,
        rate_limit=state.settings.RATE_LIMIT,  # nginx's coarse limit at the app's pace
        conn_per_client=conn_per_client,
        trusted_proxies=_addresses(trusted_proxies),
    )
    folder = output or Path("deploy") / f"{target}-{env}"
    try:
        written = write(render(target, p), folder, force)
    except FileExistsError as exc:
        fail(f"would overwrite {exc} (give --force)")
    except OSError as exc:
        fail(f"cannot write to {folder}: {exc.strerror or exc}")
    if as_json:
        emit_json({"target": target, "env": env, "files": [str(w) for w in written]})
        return
    for path in written:
        click.echo(f"wrote {path}")
