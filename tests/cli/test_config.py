"""`datapulse config` and `db status|migrate`: settings from the shell, checked before written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from datapulse.cli import cli
from datapulse.settings import SETTINGS, load_settings


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path


def run(folder: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    environ = {"DATA_DIR": str(folder / "data"), "UPLOAD_FOLDER": str(folder / "uploads")}
    for s in SETTINGS:  # the developer's shell must not leak in
        environ.setdefault(s.name, None)  # type: ignore[arg-type]
    environ.update(env or {})
    return CliRunner().invoke(cli, ["--env-file", str(folder / ".env"), *args], env=environ)


def test_get_prints_the_bare_value_and_masks_secrets(folder: Path) -> None:
    """`get` prints only the value (for `$(...)`); a secret is masked unless --reveal."""
    assert run(folder, "config", "get", "WS_PORT").output == "8765\n"
    assert run(folder, "config", "get", "ws_compression").output == "false\n"
    assert json.loads(
        run(folder, "config", "get", "CORS_ORIGINS", "--json", env={"CORS_ORIGINS": "http://a,http://b"}).output
    ) == {"CORS_ORIGINS": ["http://a", "http://b"]}
    secret = {"LLM_API_KEY": "sk-very-secret"}
    assert run(folder, "config", "get", "LLM_API_KEY", env=secret).output == "********\n"
    assert run(folder, "config", "get", "LLM_API_KEY", "--reveal", env=secret).output == "sk-very-secret\n"
    unknown = run(folder, "config", "get", "NOPE")
    assert unknown.exit_code == 1 and "unknown setting" in unknown.output


def test_set_writes_env_after_checking_the_value(folder: Path) -> None:
    """A valid value lands in .env (other lines kept); an invalid one is refused and nothing written."""
    env_file = folder / ".env"
    env_file.write_text("# mine\nHOST=127.0.0.1\n")
    ok = run(folder, "config", "set", "FLASK_PORT=5055")
    assert ok.exit_code == 0, ok.output
    assert "# mine" in env_file.read_text() and "HOST=127.0.0.1" in env_file.read_text()
    assert load_settings(environ={}, env_file=env_file).FLASK_PORT == 5055
    assert run(folder, "config", "get", "FLASK_PORT").output == "5055\n"
    before = env_file.read_text()
    for bad in ("FLASK_PORT=99999", "FLASK_PORT=http", "LOG_LEVEL=LOUD", "WS_PORT=5055", "NOPE=1"):
        result = run(folder, "config", "set", bad)
        assert result.exit_code == 1, (bad, result.output)
        assert env_file.read_text() == before
    assert run(folder, "config", "set", "no-equals-sign").exit_code == 2
    spaced = run(folder, "config", "set", "CORS_ORIGINS=http://a.example, http://b.example")
    assert spaced.exit_code == 0
    assert load_settings(environ={}, env_file=env_file).CORS_ORIGINS == ("http://a.example", "http://b.example")


def test_check_show_and_export(folder: Path) -> None:
    """check names every bad setting (exit 1); show lists them all with their source; export masks secrets."""
    good = run(folder, "config", "check", "--json")
    assert good.exit_code == 0 and json.loads(good.output) == {"valid": True, "problems": []}
    bad = run(folder, "config", "check", env={"FLASK_PORT": "0", "LOG_FORMAT": "xml"})
    assert bad.exit_code == 1 and "FLASK_PORT" in bad.output and "LOG_FORMAT" in bad.output
    shown = json.loads(run(folder, "config", "show", "--json", env={"WS_PORT": "9001"}).output)
    assert set(shown) == {s.name for s in SETTINGS}
    assert shown["WS_PORT"] == {"value": 9001, "source": "environment"}
    out = folder / "exported.env"
    result = run(folder, "config", "export", str(out), env={"SECRET_KEY": "a-long-secret-value-123"})
    assert result.exit_code == 0 and "a-long-secret-value-123" not in out.read_text()
    assert "SECRET_KEY=********" in out.read_text()


def test_config_py_flags_still_work(folder: Path) -> None:
    """`python config.py --check` and `--summary` are unchanged."""
    root = Path(__file__).resolve().parents[2]
    env = {"PATH": "/usr/bin:/bin", "DATA_DIR": str(folder / "data"), "UPLOAD_FOLDER": str(folder / "up")}
    done = subprocess.run(
        [sys.executable, str(root / "config.py"), "--check", "--env-file", str(folder / ".env")],
        env=env, capture_output=True, text=True, cwd=root, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0 and "configuration OK" in done.stdout


def test_db_status_and_migrate(folder: Path) -> None:
    """An empty database has every migration pending (exit 1); after migrate it is up to date (exit 0)."""
    empty = run(folder, "db", "status", "--json")
    assert empty.exit_code == 1
    info = json.loads(empty.output)
    assert info["backend"] == "sqlite" and info["current"] is None and info["pending"][-1] == info["head"]
    migrated = run(folder, "db", "migrate")
    assert migrated.exit_code == 0 and "->" in migrated.output
    again = run(folder, "db", "migrate")
    assert "already at" in again.output
    status = run(folder, "db", "status")
    assert status.exit_code == 0 and "pending   none" in status.output.replace("  ", "  ")


def test_python_dash_m_and_help_document_exit_codes() -> None:
    """`python -m datapulse --help` works and every command's help names its exit codes."""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "datapulse", "--help"], capture_output=True, text=True, cwd=root)
    assert done.returncode == 0 and "Exit codes" in done.stdout
    for args in (["db", "restore"], ["health"], ["services", "restart"], ["logs"], ["config", "set"]):
        result = CliRunner().invoke(cli, [*args, "--help"])
        assert result.exit_code == 0 and "Exit codes" in result.output, args


@pytest.mark.parametrize("action", ["stop", "restart"])
def test_services_stop_and_restart_ask_first(invoke, action: str) -> None:  # type: ignore[no-untyped-def]
    """Stopping or restarting a service asks first; a 'no' leaves with 1 before the launcher is reached."""
    result = invoke("services", action, "api", input="n\n")
    assert result.exit_code == 1 and "cancelled, nothing changed" in result.output
