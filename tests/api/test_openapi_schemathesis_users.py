"""The schemathesis run of test_openapi_schemathesis.py in `users` mode (SPEC 11): every
operation called by a signed-in admin (a personal API token: it survives the password
changes the generated cases make), fewer cases each; no 5xx, no response outside the
declared schema. Without the token every non-public operation answers 401."""

from __future__ import annotations

import atexit
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from datapulse.auth.principal import Principal
from tests.api.schemathesis_setup import CONFIG, build_app, close_app

pytestmark = pytest.mark.database

APP, TMP, CLEANUP = build_app(AUTH_MODE="users", PASSWORD_HASH_TIME_COST="1", PASSWORD_HASH_MEMORY_KIB="64")
_auth = APP.extensions["datapulse"].auth
ADMIN = _auth.create_user("admin@example.com", "correct horse battery", "admin", name="Admin")
TOKEN = _auth.create_token(Principal(user_id=ADMIN.id, role="admin"), "schemathesis", ["read", "write"], None)[1]
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", APP, config=CONFIG)


def _close() -> None:
    global APP, CLEANUP
    if APP is None:
        return
    app, APP = APP, None
    cleanup, CLEANUP = CLEANUP, None
    close_app(app, TMP, cleanup)


atexit.register(_close)


@pytest.fixture(scope="module", autouse=True)
def _close_app() -> Iterator[None]:
    try:
        yield
    finally:
        _close()


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_api_conforms_to_its_schema_when_signed_in(case: Any) -> None:
    """As an admin with an API token. The admin is never the target of a generated user
    change (demoted, disabled or deleted, it would turn every later case into a 401)."""
    if (case.path_parameters or {}).get("user_id") == str(ADMIN.id):
        case.path_parameters["user_id"] = str(ADMIN.id + 100_000)
    case.call_and_validate(headers=HEADERS)
