"""`datapulse services status|start|stop|restart [api|ws|all]`, through the launcher's control socket."""

from __future__ import annotations

from typing import Any

import click

from datapulse.cli.base import State, confirm, emit_json, fail, json_option, pass_state, table, yes_option
from datapulse.launcher import control

EPILOG = (
    "Exit codes: 0 done (status: every service up), 1 not running, failed, not up in time or"
    " cancelled at the question (stop and restart ask unless --yes), 2 wrong usage."
)
TARGETS = click.Choice(["api", "ws", "all"])


@click.group("services", epilog=EPILOG)
def group() -> None:
    """Status, start, stop and restart of the services run by `run_server.py`."""


def _names(target: str) -> list[str]:
    return [] if target == "all" else [target]


def _ask(state: State, payload: dict[str, Any]) -> dict[str, Any]:
    path = control.socket_path(state.settings)
    try:
        answer = control.request(path, payload)
    except control.NotRunning:
        fail(f"the launcher is not running (no answer on {path}); start it with `python run_server.py`")
    if not answer.get("ok"):
        fail(str(answer.get("error", "the launcher refused")))
    return answer


def _show(status: dict[str, Any], as_json: bool) -> None:
    if as_json:
        emit_json(status)
        return
    rows = [
        (s["name"], s["state"], s["pid"] or "-", "yes" if s["healthy"] else "no", s["restarts"], s["uptime_s"] or "-")
        for s in status["services"]
    ]
    table(rows, ("service", "state", "pid", "healthy", "restarts", "uptime_s"))
    click.echo(f"launcher pid {status['launcher_pid']}")


@group.command("status", epilog=EPILOG)
@json_option
@pass_state
def status(state: State, as_json: bool) -> None:
    """Each service's state, pid, health and restarts."""
    answer = _ask(state, {"cmd": "status"})
    _show(answer, as_json)
    if not all(s["healthy"] for s in answer["services"]):
        raise SystemExit(1)


def _act(state: State, cmd: str, target: str, wait: bool, timeout: float, as_json: bool) -> None:
    names = _names(target)
    answer = _ask(state, {"cmd": cmd, "services": names})
    if not as_json:
        for name, what in answer["done"].items():
            click.echo(f"{name}: {what}")
    if not wait:
        return
    wanted = set(answer["done"])
    before = {n: w for n, w in answer["done"].items()}

    def reached(status: dict[str, Any]) -> bool:
        mine = [s for s in status["services"] if s["name"] in wanted]
        if cmd == "stop":
            return all(s["state"] == "stopped" for s in mine)
        return all(s["healthy"] for s in mine)

    path = control.socket_path(state.settings)
    final = control.wait_for(path, reached, timeout)
    if as_json:
        emit_json({"done": before, **final})
    else:
        _show(final, False)
    if not reached(final):
        fail(f"not {'stopped' if cmd == 'stop' else 'up'} within {timeout:g} s")


DISRUPTIVE = ("stop", "restart")


def _action(cmd: str, help_text: str) -> click.Command:
    @click.argument("target", type=TARGETS, default="all")
    @click.option("--wait/--no-wait", default=True, show_default=True, help="Wait until done (up, or stopped).")
    @click.option("--timeout", default=120.0, show_default=True, help="Seconds to wait.")
    @json_option
    @yes_option
    @pass_state
    def command(state: State, target: str, wait: bool, timeout: float, as_json: bool, yes: bool) -> None:
        if cmd in DISRUPTIVE:  # users of the platform lose their connection: ask first
            confirm(f"{cmd.capitalize()} {target}? Open streams and connections to it end.", yes)
        _act(state, cmd, target, wait, timeout, as_json)

    command.__doc__ = help_text
    return click.command(cmd, epilog=EPILOG)(command)


group.add_command(_action("start", "Start a service the launcher holds stopped."))
group.add_command(_action("stop", "Stop a service and keep it stopped (the launcher keeps running)."))
group.add_command(_action("restart", "Stop a service and start it again."))
