"""A large upload's profile starts while the request still makes its bytes durable (fsync,
rename, commit): it reads a duplicate of the upload's descriptor, and the background job
takes its result instead of profiling again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import datapulse.files.jobs as jobs_module
from tests.files.helpers import assert_consistent, assert_nothing_left, csv_bytes, upload


def _store(app: Any) -> Any:
    return app.extensions["datapulse"].uploads


@pytest.fixture
def profiled(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The paths `profile_source` was called with."""
    calls: list[Path] = []
    real = jobs_module.profile_source

    def spy(stored: Path, file_type: str, derived: Path, *choice: Any) -> dict[str, Any]:
        calls.append(Path(stored))
        return real(stored, file_type, derived, *choice)

    monkeypatch.setattr(jobs_module, "profile_source", spy)
    return calls


def test_a_large_upload_is_profiled_once_from_its_descriptor_before_it_lands(app, settings, profiled) -> None:  # type: ignore[no-untyped-def]
    store = _store(app)
    store.sync_limit = 10
    response = upload(app.test_client(), (csv_bytes(200), "sales.csv"))
    assert response.status_code == 201, response.get_json()
    store.jobs.wait_idle(timeout=60)
    info = app.test_client().get(f"/api/files/{response.get_json()['files'][0]['id']}").get_json()
    assert info["status"] == "ready" and info["rows"] == 200
    assert len(profiled) == 1 and str(profiled[0]).startswith("/proc/self/fd/")
    assert info["schema"]["read"]["format"] == "csv"
    assert_consistent(app, settings)


def test_content_the_early_profile_cannot_read_makes_the_file_failed(app, settings, profiled) -> None:  # type: ignore[no-untyped-def]
    store = _store(app)
    store.sync_limit = 10
    response = upload(app.test_client(), (b'{"a": 1, "b": [1, 2' + b" " * 100, "broken.json"))
    assert response.status_code == 201, response.get_json()
    store.jobs.wait_idle(timeout=60)
    info = app.test_client().get(f"/api/files/{response.get_json()['files'][0]['id']}").get_json()
    assert info["status"] == "failed" and "json" in info["error"].lower()
    assert "/proc/" not in info["error"]  # no path of ours in what the user reads
    assert len(profiled) == 1  # the early profile's failure is the job's, not profiled again
    assert_consistent(app, settings)


def test_an_upload_that_fails_after_its_profile_started_leaves_nothing(app, settings, profiled, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = _store(app)
    store.sync_limit = 10

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("datapulse.files.uploads.os.fsync", broken_fsync)
    response = upload(app.test_client(), (csv_bytes(200), "sales.csv"))
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"
    store.jobs.wait_idle(timeout=60)
    assert len(profiled) == 1  # it ran on the duplicate descriptor, and its result was dropped
    assert_nothing_left(app, settings)


def test_without_proc_fd_the_job_profiles_the_landed_file(app, settings, profiled, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(jobs_module, "_FD_DIR", Path("/nonexistent/fd"))
    store = _store(app)
    store.sync_limit = 10
    response = upload(app.test_client(), (csv_bytes(50), "sales.csv"))
    assert response.status_code == 201
    store.jobs.wait_idle(timeout=60)
    file_id = response.get_json()["files"][0]["id"]
    assert app.test_client().get(f"/api/files/{file_id}").get_json()["status"] == "ready"
    assert len(profiled) == 1 and profiled[0].name == f"{file_id}.csv"
