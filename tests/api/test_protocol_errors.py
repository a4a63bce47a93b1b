"""Requests gunicorn refuses before Flask are answered in JSON (issue 11 row 15).

A real gunicorn with the platform's configuration on a free port; raw bytes over a
socket, since no HTTP client sends a garbage request line."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from datapulse.api.serve.protocol_errors import MAX_MESSAGE_CHARS, error_body
from tests.api.gunicorn_server import exchange, gunicorn


@pytest.fixture(scope="module")
def gunicorn_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    with gunicorn(tmp_path_factory.mktemp("protocol")) as address:
        yield address


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        pytest.param(b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long", id="20 KB URL"),
        pytest.param(
            b"GET /api/config HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9_000 + b"\r\n\r\n",
            431,
            "request_header_fields_too_large",
            id="9 KB header",
        ),
        pytest.param(b"\x16\x03\x01garbage <script>\r\n\r\n", 400, "bad_request", id="garbage request line"),
    ],
)
def test_gunicorn_refusals_are_json(gunicorn_address: tuple[str, int], raw: bytes, status: int, code: str) -> None:
    got, headers, body = exchange(gunicorn_address, raw)
    assert got == status
    assert headers["content-type"] == "application/json"
    assert headers["x-content-type-options"] == "nosniff"
    assert int(headers["content-length"]) == len(body)
    error = json.loads(body)["error"]
    assert error["code"] == code
    assert error["message"] and len(error["message"]) <= MAX_MESSAGE_CHARS + 1
    assert b"<html" not in body


def test_error_body_names_unknown_statuses_after_the_reason() -> None:
    error = json.loads(error_body(417, "Expectation Failed", ""))["error"]
    assert error == {"code": "expectation_failed", "message": "Expectation Failed", "details": {}}
