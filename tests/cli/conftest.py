"""Fixtures for the CLI tests: settings over SQLite or a fresh PostgreSQL schema, the
platform's app with scripted agents, and `invoke` running `datapulse` with those settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from datapulse.bus.base import MemoryBus
from datapulse.cli import cli
from datapulse.settings import Settings, load_settings
from tests.chat.helpers import AGENTS, ScriptedAgents
from tests.conftest import free_port, postgres_schema


@pytest.fixture(params=["sqlite", "postgres"])
def any_db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The empty string (SQLite in DATA_DIR) or a URL to a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield ""
        return
    with postgres_schema() as url:
        yield url


def environ_for(tmp_path: Path, database_url: str) -> dict[str, str]:
    return {
        "DATA_DIR": str(tmp_path / "data"),
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "FLASK_PORT": str(free_port()),
        "WS_PORT": str(free_port()),
        "SECRET_KEY": "cli-test-secret-0123456789",
        "LOG_LEVEL": "WARNING",
    }


@pytest.fixture
def cli_env(tmp_path: Path, any_db_url: str) -> dict[str, str]:
    return environ_for(tmp_path, any_db_url)


@pytest.fixture
def cli_settings(cli_env: dict[str, str]) -> Settings:
    return load_settings(environ=cli_env, env_file=None)


@pytest.fixture
def invoke(cli_env: dict[str, str], tmp_path: Path) -> Callable[..., Result]:
    """Run `datapulse ARGS` with the test's settings (no .env of the repository is read)."""

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(
            cli, ["--env-file", str(tmp_path / "test.env"), *args], env={**cli_env, **(env or {})}, input=input
        )

    return run


@contextmanager
def platform_app(settings: Settings) -> Iterator[Any]:
    """The API app as the platform builds it, with scripted agents; stopped on exit."""
    from datapulse.api.app import create_app

    app = create_app(settings, bus=MemoryBus())
    app.config["TESTING"] = True
    platform = app.extensions["datapulse"]
    platform.executor.analyse = ScriptedAgents()
    platform.executor.list_agents = lambda: list(AGENTS)
    platform.start()
    try:
        yield app
    finally:
        platform.stop()
