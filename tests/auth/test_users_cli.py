"""`datapulse users ...` (SPEC 13) and the launcher's refusal of `local` off loopback."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner, Result

from datapulse.api.app import create_app
from datapulse.bus.base import MemoryBus
from datapulse.cli import cli
from datapulse.launcher import cli as launcher
from datapulse.settings import Settings
from datapulse.storage.models import StoredFile
from tests.auth.conftest import upload_csv


def environ(settings: Settings) -> dict[str, str]:
    return {
        "DATA_DIR": str(settings.DATA_DIR),
        "UPLOAD_FOLDER": str(settings.UPLOAD_FOLDER),
        "DATABASE_URL": settings.DATABASE_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        "PASSWORD_HASH_TIME_COST": "1",
        "PASSWORD_HASH_MEMORY_KIB": "64",
        "LOG_LEVEL": "WARNING",
        "FLASK_PORT": str(settings.FLASK_PORT),
        "WS_PORT": str(settings.WS_PORT),
    }


def run(settings: Settings, *args: str, input: str | None = None) -> Result:
    env_file = settings.DATA_DIR.parent / "none.env"
    return CliRunner().invoke(cli, ["--env-file", str(env_file), *args], env=environ(settings), input=input)


def test_create_list_update_delete(settings: Settings, team: Any) -> None:
    made = run(
        settings, "users", "create", "--email", "Boss@Example.com", "--role", "admin", "--password", "long enough pw"
    )
    assert made.exit_code == 0, made.output
    piped = run(settings, "users", "create", "--email", "ana@example.com", "--role", "analyst", input="from stdin pw\n")
    assert piped.exit_code == 0, piped.output
    again = run(settings, "users", "create", "--email", "ana@example.com", "--role", "viewer", "--password", "x" * 10)
    assert again.exit_code == 1 and "exists" in again.output
    weak = run(settings, "users", "create", "--email", "w@example.com", "--role", "viewer", "--password", "short")
    assert weak.exit_code == 1 and "at least" in weak.output
    listed = {u["email"]: u for u in json.loads(run(settings, "users", "list", "--json").output)}
    assert listed["boss@example.com"]["role"] == "admin" and listed["ana@example.com"]["role"] == "analyst"
    assert team.login("ana@example.com", "from stdin pw").status_code == 200
    disabled = run(settings, "users", "update", "ana@example.com", "--disable")
    assert disabled.exit_code == 0 and "disabled" in disabled.output
    assert team.login("ana@example.com", "from stdin pw").status_code == 403
    # Delete: the owner's file goes to the admin chosen, or with them.
    file_id = upload_csv(team, "owner")
    assert run(settings, "users", "delete", "owner@example.com", "--yes").exit_code == 2
    moved = run(settings, "users", "delete", "owner@example.com", "--transfer-to", "boss@example.com", "--yes")
    assert moved.exit_code == 0, moved.output
    with team.platform.db.session() as session:
        assert session.get(StoredFile, file_id).owner_id == str(listed["boss@example.com"]["id"])
    gone_file = upload_csv(team, "other")
    deleted = run(settings, "users", "delete", "other@example.com", "--delete-data", "--yes")
    assert deleted.exit_code == 0, deleted.output
    with team.platform.db.session() as session:
        assert session.get(StoredFile, gone_file) is None
    assert run(settings, "users", "delete", "nobody@example.com", "--delete-data", "--yes").exit_code == 1


def test_launcher_refuses_local_mode_off_loopback(settings: Settings) -> None:
    args = launcher.build_parser().parse_args(["--check", "--api-only"])
    public = settings.replace(HOST="0.0.0.0", AUTH_MODE="local")
    found = launcher.problems(public, args)
    assert any("AUTH_MODE=local" in p and "datapulse users create" in p for p in found)
    assert settings.replace(HOST="0.0.0.0", AUTH_MODE="").auth_mode == "users"
    assert settings.replace(HOST="127.0.0.1", AUTH_MODE="").auth_mode == "local"
    assert not any("AUTH_MODE" in p for p in launcher.problems(settings.replace(AUTH_MODE=""), args))


def test_api_in_users_mode_from_the_default(settings: Settings) -> None:
    """HOST off loopback and no AUTH_MODE: sign-in is required."""
    app = create_app(settings.replace(HOST="0.0.0.0", AUTH_MODE=""), bus=MemoryBus())
    host = {"Host": f"127.0.0.1:{settings.FLASK_PORT}"}
    assert app.test_client().get("/api/files", headers=host).status_code == 401
    app.extensions["datapulse"].db.dispose()
