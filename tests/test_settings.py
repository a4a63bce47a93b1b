"""Settings: typed, validated all at once, secrets never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from datapulse.settings import SETTINGS, Settings, SettingsError, load_settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_defaults_match_spec() -> None:
    """The documented defaults of SPEC section 8."""
    s = load_settings(environ={}, env_file=None)
    assert (s.HOST, s.FLASK_PORT, s.WS_PORT, s.MAX_UPLOAD_MB) == ("127.0.0.1", 5000, 8765, 2048)
    assert s.METRICS_INTERVAL == 2 and s.HEARTBEAT_INTERVAL == 30 and s.WS_MAX_MESSAGE_KB == 64
    assert s.QUERY_TIMEOUT_S == 30 and s.REDIS_URL == "" and s.database_url.startswith("sqlite:///")


def test_every_cast_error_is_reported_at_once() -> None:
    """Two bad values give one error naming both."""
    with pytest.raises(SettingsError) as info:
        load_settings(environ={"FLASK_PORT": "http", "WS_COMPRESSION": "maybe"}, env_file=None)
    assert len(info.value.problems) == 2
    assert "FLASK_PORT" in str(info.value) and "WS_COMPRESSION" in str(info.value)


def test_range_errors_come_with_the_type_errors(capsys: pytest.CaptureFixture[str]) -> None:
    """`config.py --check` names a range error in the same run as a type error."""
    from datapulse.cli_config import main

    environ = {"FLASK_PORT": "http", "WS_PORT": "0", "METRICS_INTERVAL": "0.01"}
    with pytest.raises(SettingsError) as info:
        load_settings(environ=environ, env_file=None)
    problems = "\n".join(info.value.problems)
    assert "FLASK_PORT='http'" in problems and "WS_PORT=0" in problems and "METRICS_INTERVAL=0.01" in problems
    assert "both" not in problems  # the port pair is not compared with a port that did not cast
    with pytest.MonkeyPatch.context() as mp:
        for name, value in environ.items():
            mp.setenv(name, value)
        assert main(["--check", "--env-file", "/nonexistent/.env"]) == 1
    err = capsys.readouterr().err
    assert "FLASK_PORT" in err and "WS_PORT=0" in err and "METRICS_INTERVAL" in err


def test_validate_lists_every_problem(tmp_path: Path) -> None:
    """Out of range, clashing ports, a file where a folder should be: all reported."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    s = Settings(FLASK_PORT=70000, WS_PORT=70000, UPLOAD_FOLDER=blocker, DATA_DIR=tmp_path, LOG_LEVEL="LOUD")
    problems = "\n".join(s.validate())
    for needle in ("FLASK_PORT=70000", "WS_PORT", "UPLOAD_FOLDER", "LOG_LEVEL"):
        assert needle in problems


def test_llm_planner_limits_are_checked(tmp_path: Path) -> None:
    """The planner's retry and breaker settings are cast from text and range-checked."""
    s = load_settings(environ={"LLM_ATTEMPTS": "5", "LLM_BACKOFF_S": "0.5", "LLM_BREAKER_OPEN_S": "90"}, env_file=None)
    assert (s.LLM_ATTEMPTS, s.LLM_BACKOFF_S, s.LLM_BACKOFF_MAX_S) == (5, 0.5, 2.0)
    assert (s.LLM_BREAKER_FAILURES, s.LLM_BREAKER_OPEN_S) == (3, 90.0)
    bad = Settings(
        DATA_DIR=tmp_path,
        UPLOAD_FOLDER=tmp_path,
        LLM_ATTEMPTS=0,
        LLM_BREAKER_FAILURES=0,
        LLM_BREAKER_OPEN_S=0,
        LLM_BACKOFF_S=3.0,
        LLM_BACKOFF_MAX_S=1.0,
    )
    problems = "\n".join(bad.validate())
    for needle in ("LLM_ATTEMPTS=0", "LLM_BREAKER_FAILURES=0", "LLM_BREAKER_OPEN_S=0", "LLM_BACKOFF_MAX_S=1.0"):
        assert needle in problems
    assert Settings(DATA_DIR=tmp_path, UPLOAD_FOLDER=tmp_path).validate() == []


def test_env_file_then_environment_then_overrides(tmp_path: Path) -> None:
    """.env < environment < command line."""
    env = tmp_path / ".env"
    env.write_text("FLASK_PORT=6000\nWS_PORT=6001\n")
    s = load_settings(environ={"WS_PORT": "7001"}, env_file=env, overrides={"HOST": "0.0.0.0"})
    assert (s.FLASK_PORT, s.WS_PORT, s.HOST) == (6000, 7001, "0.0.0.0")
    assert s.sources["FLASK_PORT"] == ".env" and s.sources["HOST"] == "command line"


def test_secrets_are_masked_in_summary() -> None:
    """No secret value appears in a summary."""
    s = Settings(
        SECRET_KEY="supersecretvalue123",
        LLM_API_KEY="sk-abc",
        DATABASE_URL="postgresql://u:pw@db.example/x",
    )
    text = repr(s.summary())
    assert "supersecretvalue123" not in text and "sk-abc" not in text and "pw@" not in text
    assert "db.example" in text


def test_generated_secret_key_is_kept(tmp_path: Path) -> None:
    """Without SECRET_KEY, one key is generated and shared through DATA_DIR."""
    a = Settings(DATA_DIR=tmp_path).secret_key
    b = Settings(DATA_DIR=tmp_path).secret_key
    assert a == b and len(a) == 64


def test_every_setting_is_documented_in_readme() -> None:
    """The README's settings table names every setting."""
    text = README.read_text()
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in text]
    assert not missing, f"undocumented settings: {missing}"
