"""Outbound HTTP of plugins under the address rules of url sources (SPEC 4, 12): every
URL resolved and checked before the request, no redirects, a deadline and a size cap."""

from __future__ import annotations

import time
from typing import Any

import requests

from datapulse.datasources import guard
from datapulse.plugins.registry import PluginFailure

MAX_BODY = 20 * 1024 * 1024


class HTTPStatusFailure(PluginFailure):
    def __init__(self, message: str, status_code: int) -> None:
        super().__init__(message, details={"status": status_code})
        self.status_code = status_code


def request(
    method: str,
    url: str,
    allowlist: guard.Allowlist,
    timeout_s: float,
    *,
    max_bytes: int = MAX_BODY,
    **kwargs: Any,
) -> tuple[int, str, bytes]:
    """(status, content type, body) of one request; ForbiddenAddress for a refused address,
    requests' exceptions for connection problems, PluginFailure past the deadline or cap."""
    guard.check_target(url, allowlist)
    deadline = time.monotonic() + timeout_s
    with requests.request(
        method, url, timeout=(min(timeout_s, 10.0), timeout_s), allow_redirects=False, stream=True, **kwargs
    ) as response:
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise PluginFailure(f"The answer is larger than {max_bytes // (1024 * 1024)} MiB.")
            if time.monotonic() > deadline:
                raise requests.Timeout(f"no complete answer within {timeout_s:g} s")
            chunks.append(chunk)
        return response.status_code, response.headers.get("Content-Type", ""), b"".join(chunks)
