"""`python run_server.py [options]` (SPEC 7): validate, summarise, then supervise.

Exit codes: 0 stopped on request (or `--check` passed), 1 invalid configuration or a
child that kept dying before it came up, 2 wrong command-line usage (argparse).
"""

from __future__ import annotations

import argparse
import errno
import shutil
import socket
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from datapulse.launcher.control import ControlServer, socket_path
from datapulse.launcher.logfiles import LogFiles, TeePrinter
from datapulse.launcher.specs import FRONTEND_DIR, ROOT, build_specs, uses_gunicorn
from datapulse.launcher.supervisor import Supervisor
from datapulse.settings import Settings, SettingsError, load_settings, mask_secret
from datapulse.storage.db import migrate_database
from datapulse.storage.private import make_private


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="run_server.py", description="Run the DataPulse API and WebSocket server.")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--api-only", action="store_true", help="run the REST API (and the built UI) alone")
    only.add_argument("--ws-only", action="store_true", help="run the WebSocket server alone")
    parser.add_argument("--with-frontend", action="store_true", help="also run the Vite dev server (npm run dev)")
    parser.add_argument("--debug", action="store_true", help="Flask's development server instead of gunicorn")
    parser.add_argument("--host", help="address to listen on (HOST)")
    parser.add_argument("--flask-port", metavar="PORT", help="port of the API (FLASK_PORT)")
    parser.add_argument("--ws-port", metavar="PORT", help="port of the WebSocket server (WS_PORT)")
    parser.add_argument("--workers", metavar="N", help="API worker processes (WORKERS); >1 implies gunicorn")
    parser.add_argument("--check", action="store_true", help="validate the configuration and exit (0 ok, 1 not)")
    parser.add_argument("--env-file", default=".env", help="the .env file to read (default: .env)")
    return parser


def overrides(args: argparse.Namespace) -> dict[str, Any]:
    """Command-line values as settings; strings, so a bad value is reported like any setting."""
    pairs = {"HOST": args.host, "FLASK_PORT": args.flask_port, "WS_PORT": args.ws_port, "WORKERS": args.workers}
    return {name: value for name, value in pairs.items() if value is not None}


def bind_problem(host: str, port: int) -> str | None:
    """Why a server could not listen on host:port (busy, or not an address of this machine)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port is already in use on {host}"
            return f"cannot listen on HOST={host!r} ({exc.strerror or exc})"
    return None


def problems(
    settings: Settings, args: argparse.Namespace, root: Path = ROOT, frontend_dir: Path = FRONTEND_DIR
) -> list[str]:
    """Everything that would stop the launch, each naming its setting or option."""
    found = settings.validate(check_ports=False)
    refused = settings.auth_mode_problem()
    if refused:
        found.append(refused)
    wanted = []
    if not args.ws_only:
        wanted.append("FLASK_PORT")
    if not args.api_only:
        wanted.append("WS_PORT")
        if not (root / "websocket_server.py").is_file():
            path = root / "websocket_server.py"
            found.append(f"websocket_server.py: {path} is missing (--api-only runs the API alone)")
    for name in wanted:
        port = getattr(settings, name)
        problem = bind_problem(settings.HOST, port) if 1 <= port <= 65535 else None
        if problem:
            found.append(f"{name}={port}: {problem}")
    if args.with_frontend and (frontend_dir / "package.json").is_file() and shutil.which("npm") is None:
        found.append("--with-frontend: npm is not on PATH")
    return found


def summary(settings: Settings, args: argparse.Namespace, frontend_dir: Path = FRONTEND_DIR) -> list[str]:
    """A few lines for the start of the log; secrets masked."""
    lines = ["DataPulse"]
    if not args.ws_only:
        if uses_gunicorn(args.debug, settings.WORKERS):
            server = f"gunicorn, {settings.WORKERS} gevent worker{'s' if settings.WORKERS > 1 else ''}"
        else:
            server = "Flask development server, debug"
        lines.append(f"  API         {settings.api_origin}  ({server})")
        if args.debug and settings.HOST not in ("127.0.0.1", "localhost", "::1"):
            lines.append(f"  WARNING     --debug on HOST={settings.HOST}: Werkzeug's debugger runs code for anyone")
        if settings.HOST.strip("[]") in ("0.0.0.0", "::"):
            lines.append(
                f"  NOTE        HOST={settings.HOST}: reachable from other machines by IP address, by this machine's"
                " name, or by a name in ALLOWED_HOSTS; the UI connects to the WebSocket under the same name"
            )
    if not args.api_only:
        lines.append(f"  WebSocket   {settings.ws_url}")
    if not args.ws_only:
        built = (frontend_dir / "dist" / "index.html").is_file()
        lines.append(f"  UI          {'built, served at ' + settings.api_origin + '/' if built else 'not built'}")
    if args.with_frontend:
        present = (frontend_dir / "package.json").is_file()
        dev = f"npm run dev in {frontend_dir}" if present else "no vue-frontend/package.json: skipped"
        lines.append(f"  UI dev      {dev}")
    url = settings.database_url
    if url.startswith("sqlite"):
        lines.append(f"  database    sqlite ({url.split(':///', 1)[-1]})")
    else:
        lines.append(f"  database    {url.split(':', 1)[0].split('+')[0]} ({mask_secret('DATABASE_URL', url)})")
    if settings.REDIS_URL:
        lines.append(f"  event bus   redis ({mask_secret('REDIS_URL', settings.REDIS_URL)})")
    else:
        alone = ", not started with --api-only" if args.api_only else ""
        lines.append(f"  event bus   local (API -> WebSocket server on port {settings.WS_PORT}{alone})")
    lines.append(f"  DATA_DIR    {settings.DATA_DIR.resolve()}")
    lines.append(f"  uploads     {settings.UPLOAD_FOLDER.resolve()}")
    secret = "set (********)" if settings.SECRET_KEY else "generated once, kept in DATA_DIR/.secret_key"
    lines.append(f"  SECRET_KEY  {secret}")
    return lines


def migrate_step(settings: Settings, args: argparse.Namespace, out: TextIO) -> str | None:
    """Bring the schema to the newest revision once, before any server (and so any API
    worker) starts; None when done, else why not. Under the migration lock, so launchers
    starting at once on one database apply each migration once. The WebSocket server
    reads the database only in users mode (its tokens and users)."""
    if args.ws_only and settings.auth_mode != "users":
        return None
    try:
        if migrate_database(settings):
            print("  schema      migrated to the newest revision", file=out, flush=True)
    except Exception as exc:  # noqa: BLE001 - unreachable, refused, a failing migration: all stop the launch
        return f"the database could not be migrated: {type(exc).__name__}: {exc}"
    return None


def main(
    argv: list[str] | None = None,
    environ: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(environ=environ, env_file=args.env_file, overrides=overrides(args))
    except SettingsError as exc:
        print("refusing to start: invalid configuration\n  - " + "\n  - ".join(exc.problems), file=err)
        return 1
    found = problems(settings, args)
    if found:
        print("refusing to start: invalid configuration\n  - " + "\n  - ".join(found), file=err)
        return 1
    print("\n".join(summary(settings, args)), file=out, flush=True)
    if args.check:
        print("configuration OK", file=out)
        return 0
    make_private(settings)  # the children inherit the umask
    failed = migrate_step(settings, args, out)
    if failed:
        print(f"refusing to start: {failed}", file=err)
        return 1
    specs = build_specs(
        settings, api=not args.ws_only, ws=not args.api_only, frontend=args.with_frontend, debug=args.debug
    )
    files = LogFiles.from_settings(settings)
    width = max(len(name) for name in ("launcher", *(spec.name for spec in specs)))
    supervisor = Supervisor(specs, printer=TeePrinter(files, width=width))
    supervisor.install_signal_handlers()
    control = ControlServer(socket_path(settings), supervisor)
    try:
        control.start()
    except (OSError, RuntimeError) as exc:
        print(f"refusing to start: control socket: {exc}", file=err)
        files.close()
        return 1
    try:
        code = supervisor.run()
    finally:
        control.close()
        files.close()
    if code and supervisor.failure:
        print(f"run_server.py: {supervisor.failure}", file=err)
    return code
