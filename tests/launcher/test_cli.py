"""The launcher's command line, in process: options, validation, the summary, --check."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import pytest

from datapulse.launcher import cli
from tests.conftest import free_port


@pytest.fixture
def environ(tmp_path: Path) -> dict[str, str]:
    return {
        "DATA_DIR": str(tmp_path / "data"),
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "FLASK_PORT": str(free_port()),
        "WS_PORT": str(free_port()),
        "SECRET_KEY": "cli-test-secret-key-0123456789",
    }


def run(args: list[str], environ: dict[str, str], tmp_path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([*args, "--env-file", str(tmp_path / "absent.env")], environ=environ, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_check_passes_and_prints_a_summary_without_secrets(environ: dict[str, str], tmp_path: Path) -> None:
    """--check on a good configuration exits 0 with addresses, database and bus; secrets masked."""
    environ.update(DATABASE_URL="postgresql://bob:hunter22@db.example:5432/dp", REDIS_URL="redis://:pw@cache:6379/0")
    code, out, err = run(["--check"], environ, tmp_path)
    assert (code, err) == (0, "")
    assert f"http://127.0.0.1:{environ['FLASK_PORT']}  (gunicorn, 1 gevent worker)" in out
    assert f"ws://127.0.0.1:{environ['WS_PORT']}/ws" in out
    assert "database    postgresql (postgresql://***@db.example:5432/***)" in out
    assert "event bus   redis (redis://***@cache:6379/***)" in out
    assert "configuration OK" in out
    for secret in ("hunter22", ":pw@", environ["SECRET_KEY"]):
        assert secret not in out


def test_command_line_options_override_the_environment(environ: dict[str, str], tmp_path: Path) -> None:
    """--host, --flask-port, --ws-port and --workers win over the environment."""
    port_a, port_b = free_port(), free_port()
    args = ["--check", "--debug", "--host", "127.0.0.1", "--flask-port", str(port_a), "--ws-port", str(port_b)]
    code, out, _ = run([*args, "--workers", "2"], environ, tmp_path)
    assert code == 0
    assert f"http://127.0.0.1:{port_a}  (gunicorn, 2 gevent workers)" in out and f":{port_b}/ws" in out
    code, out, _ = run(["--check", "--debug"], environ, tmp_path)
    assert "(Flask development server, debug)" in out


def test_bad_settings_are_all_named_and_refused(environ: dict[str, str], tmp_path: Path) -> None:
    """Every invalid setting is reported at once, by name, and the launcher exits 1."""
    environ.update(WS_PORT=environ["FLASK_PORT"], LOG_LEVEL="LOUD")
    code, out, err = run(["--check", "--workers", "0"], environ, tmp_path)
    assert (code, out) == (1, "")
    assert err.startswith("refusing to start: invalid configuration")
    for fragment in ("WORKERS=0: must be at least 1", "LOG_LEVEL='LOUD'", "FLASK_PORT and WS_PORT are both"):
        assert fragment in err


def test_a_value_that_cannot_be_cast_names_the_option(environ: dict[str, str], tmp_path: Path) -> None:
    """A non-numeric --flask-port is refused as the FLASK_PORT setting from the command line."""
    code, _, err = run(["--flask-port", "abc"], environ, tmp_path)
    assert code == 1 and "FLASK_PORT='abc' (command line): expected int" in err


def test_busy_ports_count_only_for_the_services_that_run(environ: dict[str, str], tmp_path: Path) -> None:
    """A taken WS port blocks a full start but not --api-only, and the reverse for --ws-only."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", int(environ["WS_PORT"])))
        busy.listen()
        code, _, err = run(["--check"], environ, tmp_path)
        assert code == 1 and f"WS_PORT={environ['WS_PORT']}: port is already in use" in err
        assert run(["--check", "--api-only"], environ, tmp_path)[0] == 0
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", int(environ["FLASK_PORT"])))
        busy.listen()
        assert run(["--check", "--ws-only"], environ, tmp_path)[0] == 0
        assert run(["--check"], environ, tmp_path)[0] == 1


def test_api_only_and_ws_only_exclude_each_other(environ: dict[str, str], tmp_path: Path) -> None:
    """Asking for both is a usage error (exit 2, from argparse)."""
    with pytest.raises(SystemExit) as exc:
        run(["--api-only", "--ws-only"], environ, tmp_path)
    assert exc.value.code == 2


def test_a_missing_websocket_server_is_a_problem_unless_api_only(tmp_path: Path) -> None:
    """Without websocket_server.py only --api-only can start."""
    settings_env = {"DATA_DIR": str(tmp_path / "d"), "UPLOAD_FOLDER": str(tmp_path / "u"),
                    "FLASK_PORT": str(free_port()), "WS_PORT": str(free_port())}  # fmt: skip
    settings = cli.load_settings(environ=settings_env, env_file=None)
    args = cli.build_parser().parse_args([])
    assert any(p.startswith("websocket_server.py:") for p in cli.problems(settings, args, root=tmp_path))
    args = cli.build_parser().parse_args(["--api-only"])
    assert cli.problems(settings, args, root=tmp_path) == []


def test_with_frontend_needs_npm_when_the_ui_folder_exists(
    environ: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--with-frontend is refused when vue-frontend/ exists but npm cannot be found."""
    (tmp_path / "package.json").write_text("{}")
    monkeypatch.setattr(cli.shutil, "which", lambda name: None)
    settings = cli.load_settings(environ=environ, env_file=None)
    args = cli.build_parser().parse_args(["--with-frontend"])
    assert "--with-frontend: npm is not on PATH" in cli.problems(settings, args, frontend_dir=tmp_path)
    assert "--with-frontend: npm is not on PATH" not in cli.problems(settings, args, frontend_dir=tmp_path / "no")


def test_summary_reports_whether_the_ui_is_built(environ: dict[str, str], tmp_path: Path) -> None:
    """The summary says the built UI is served at the API address, or that it is not built."""
    settings = cli.load_settings(environ=environ, env_file=None)
    args = cli.build_parser().parse_args(["--with-frontend"])
    assert any(line.endswith("UI          not built") for line in cli.summary(settings, args, tmp_path))
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "index.html").write_text("<html></html>")
    lines = cli.summary(settings, args, tmp_path)
    assert f"  UI          built, served at {settings.api_origin}/" in lines
    assert "no vue-frontend/package.json: skipped" in "\n".join(lines)
    assert "database    sqlite (" in "\n".join(lines) and "event bus   local" in "\n".join(lines)


@pytest.mark.parametrize("host", ["no-such-host.invalid", "192.0.2.1"])
def test_a_host_this_machine_cannot_listen_on_is_named(environ: dict[str, str], tmp_path: Path, host: str) -> None:
    """An unknown or foreign HOST is reported as such, not as a busy port."""
    code, _, err = run(["--check", "--host", host], environ, tmp_path)
    assert code == 1
    assert f"FLASK_PORT={environ['FLASK_PORT']}: cannot listen on HOST={host!r}" in err
    assert "already in use" not in err


def test_debug_on_a_public_address_is_warned_about(environ: dict[str, str], tmp_path: Path) -> None:
    """--debug on a non-loopback HOST warns that the interactive debugger is exposed."""
    code, out, _ = run(["--check", "--debug", "--host", "0.0.0.0"], environ, tmp_path)
    assert code == 0 and "WARNING     --debug on HOST=0.0.0.0" in out
    code, out, _ = run(["--check", "--debug"], environ, tmp_path)
    assert "WARNING" not in out
