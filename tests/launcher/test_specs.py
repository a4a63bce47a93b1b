"""Which children the launcher builds for each option, and the environment they share."""

from __future__ import annotations

import sys
from pathlib import Path

from datapulse.launcher.specs import build_specs, child_env, probe_host
from datapulse.processes import APP_FACTORY
from datapulse.settings import Settings, load_settings


def test_api_runs_under_gunicorn_with_gevent_outside_debug(settings: Settings) -> None:
    """Without --debug the API child is gunicorn with gevent workers bound to HOST:FLASK_PORT."""
    api, ws = build_specs(settings.replace(WORKERS=3), env={})
    assert api.argv[:3] == (sys.executable, "-m", "gunicorn")
    assert api.argv[-7:] == ("-k", "gevent", "-w", "3", "-b", f"127.0.0.1:{settings.FLASK_PORT}", APP_FACTORY)
    assert api.health_url == f"http://127.0.0.1:{settings.FLASK_PORT}/api/health"
    assert api.health_statuses == (200, 503)
    assert ws.argv[1:] == ("websocket_server.py", "--host", "127.0.0.1", "--port", str(settings.WS_PORT))
    assert ws.health_url == f"http://127.0.0.1:{settings.WS_PORT}/health"


def test_debug_uses_flasks_server_unless_several_workers_are_asked_for(settings: Settings) -> None:
    """--debug means Flask's server with one worker, gunicorn again with more than one."""
    (api,) = build_specs(settings, ws=False, debug=True, env={})
    assert api.argv == (sys.executable, "-m", "datapulse.api.serve.devserver")
    (api,) = build_specs(settings.replace(WORKERS=2), ws=False, debug=True, env={})
    assert "gunicorn" in api.argv


def test_only_options_select_children(settings: Settings) -> None:
    """--api-only and --ws-only each build one child."""
    assert [s.name for s in build_specs(settings, ws=False, env={})] == ["api"]
    assert [s.name for s in build_specs(settings, api=False, env={})] == ["ws"]


def test_frontend_dev_server_only_when_the_ui_folder_exists(settings: Settings, tmp_path: Path) -> None:
    """--with-frontend adds `npm run dev` in vue-frontend/ when it has a package.json."""
    assert [s.name for s in build_specs(settings, frontend=True, frontend_dir=tmp_path, env={})] == ["api", "ws"]
    (tmp_path / "package.json").write_text("{}")
    ui = build_specs(settings, frontend=True, frontend_dir=tmp_path, env={})[-1]
    assert (ui.name, ui.argv, ui.cwd, ui.health_url) == ("ui", ("npm", "run", "dev"), tmp_path, None)


def test_wildcard_hosts_are_probed_on_loopback(settings: Settings) -> None:
    """A server listening on every address is health-checked on loopback; IPv6 is bracketed."""
    assert probe_host("0.0.0.0") == "127.0.0.1" and probe_host("::") == "[::1]" and probe_host("::1") == "[::1]"
    (api,) = build_specs(settings.replace(HOST="::"), ws=False, env={})
    assert api.argv[-2] == f"[::]:{settings.FLASK_PORT}"
    assert api.health_url == f"http://[::1]:{settings.FLASK_PORT}/api/health"


def test_child_environment_reads_back_as_the_same_settings(tmp_path: Path) -> None:
    """Every child loads exactly the launcher's settings: absolute folders, the same secret key."""
    launcher = load_settings(
        environ={"DATA_DIR": str(tmp_path / "d"), "UPLOAD_FOLDER": str(tmp_path / "u"), "CORS_ORIGINS": "http://a,http://b",
                 "WS_COMPRESSION": "yes", "FLASK_PORT": "5100"},
        env_file=None,
    )  # fmt: skip
    env = child_env(launcher, base={"PATH": "/bin"})
    assert env["PATH"] == "/bin" and env["PYTHONUNBUFFERED"] == "1"
    assert env["SECRET_KEY"] == launcher.secret_key == (tmp_path / "d" / ".secret_key").read_text().strip()
    assert Path(env["DATA_DIR"]).is_absolute()
    child = load_settings(environ=env, env_file=None)
    assert child.replace(SECRET_KEY="") == launcher
    assert child.CORS_ORIGINS == ("http://a", "http://b") and child.WS_COMPRESSION is True
