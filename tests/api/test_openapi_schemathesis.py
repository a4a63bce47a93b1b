"""Property-based check of the whole API against its own OpenAPI document (schemathesis):
every operation (the SSE events stream included: generated run ids are unknown, so it
answers 404), schemathesis' default checks, at least 100 generated cases each; no 5xx
and no response that breaks its declared schema."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.api.schemathesis_setup import SchemathesisRun

pytestmark = pytest.mark.database  # one module-wide app on SQLite or a fresh PostgreSQL schema

RUN = SchemathesisRun()
schema = RUN.schema
_close_app = RUN.closing()


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,  # the same cases on every run: CI is reproducible, not lucky
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_api_conforms_to_its_schema(case: Any) -> None:
    """Generated requests never get a 5xx nor a response outside the declared schema."""
    case.call_and_validate()
