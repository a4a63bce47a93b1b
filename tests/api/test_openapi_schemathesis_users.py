"""The schemathesis run of test_openapi_schemathesis.py in `users` mode (SPEC 11): every
generated case is sent by a signed-in admin, then by an analyst (personal API tokens: they
survive the password changes the generated cases make), so the scoped queries, the 403s
and the 404s of another user's objects are exercised too; 10 random cases per operation
after the coverage phase (the local-mode run makes 25); no 5xx, no response outside the declared schema."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from datapulse.auth.principal import Principal
from tests.api.schemathesis_setup import SchemathesisRun

pytestmark = pytest.mark.database

RUN = SchemathesisRun(AUTH_MODE="users", PASSWORD_HASH_TIME_COST="1", PASSWORD_HASH_MEMORY_KIB="64")
schema = RUN.schema
_close_app = RUN.closing()
_auth = RUN.app.extensions["datapulse"].auth
ADMIN = _auth.create_user("admin@example.com", "correct horse battery", "admin", name="Admin")
TOKEN = _auth.create_token(Principal(user_id=ADMIN.id, role="admin"), "schemathesis", ["read", "write"], None)[1]
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
ANALYST = _auth.create_user("analyst@example.com", "correct horse battery", "analyst", name="Analyst")
ANALYST_TOKEN = _auth.create_token(Principal(user_id=ANALYST.id, role="analyst"), "st", ["read", "write"], None)[1]


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_api_conforms_to_its_schema_when_signed_in(case: Any) -> None:
    """As an admin, then as an analyst. Neither is the target of a generated user
    change (demoted, disabled or deleted, it would turn every later case into a 401)."""
    if (case.path_parameters or {}).get("user_id") in (str(ADMIN.id), str(ANALYST.id)):
        case.path_parameters["user_id"] = str(ADMIN.id + 100_000)
    case.call_and_validate(headers=HEADERS)
    case.call_and_validate(headers={"Authorization": f"Bearer {ANALYST_TOKEN}"})
