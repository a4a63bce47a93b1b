"""The one real gunicorn the attack modules with the platform's defaults share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.gunicorn_server import SharedGunicorn, gunicorn_process

# test_heavy_rows' settings; test_protocol_errors' refusals come before the app and its
# settings. Each attack judges its own requests and what it stored itself.
SHARED_GUNICORN_ENV = {
    "BATCH_DEADLINE_S": "2",  # row 8: the batch's overall deadline
    "QUERY_TIMEOUT_S": "120",  # far beyond each test: only the deadline or a cancel ends a query
    "RATE_LIMIT_UPLOAD": "100000/minute",
}


@pytest.fixture(scope="package")
def shared_gunicorn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedGunicorn]:
    """(address, master process, DATA_DIR) of a gunicorn started once for tests/api: a
    start takes 10 s, 25 s with both cores busy (the warm master's imports), so
    test_heavy_rows and test_protocol_errors no longer start one each."""
    data = tmp_path_factory.mktemp("shared-gunicorn")
    with gunicorn_process(data, **SHARED_GUNICORN_ENV) as (address, server):
        yield address, server, data
