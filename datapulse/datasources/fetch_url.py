"""Fetch the body of a `url` source safely: checked addresses, pinned connections,
at most 3 redirects (each checked again), a time-out and a streamed size cap."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import certifi
from urllib3 import BaseHTTPResponse, HTTPConnectionPool, HTTPSConnectionPool, Timeout
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import NewConnectionError, ReadTimeoutError

from datapulse.datasources.guard import Allowlist, Target, check_target
from datapulse.errors import DataPulseError, PayloadTooLarge, Unprocessable

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 3
CHUNK = 64 * 1024
USER_AGENT = "DataPulse/1.0 (+url data source)"


class FetchFailed(Unprocessable):
    code = "fetch_failed"


class FetchTimeout(FetchFailed):
    code = "fetch_timeout"


@dataclass(frozen=True)
class FetchResult:
    url: str  # the final URL after redirects
    status: int
    content_type: str
    size: int
    redirects: int


@dataclass(frozen=True)
class FetchPolicy:
    allowlist: Allowlist
    timeout_s: float
    max_bytes: int
    max_redirects: int = MAX_REDIRECTS


def fetch_to_file(url: str, dest: Path, policy: FetchPolicy, headers: Mapping[str, str] | None = None) -> FetchResult:
    """Download `url` into `dest`; raise a DataPulseError saying why it could not."""
    deadline = time.monotonic() + policy.timeout_s
    current = url
    extra = dict(headers or {})
    first_host: str | None = None
    for hop in range(policy.max_redirects + 1):
        target = _check(current, policy)
        first_host = first_host or target.host
        if target.host != first_host:
            extra = {}  # never send the source's credentials to another host
        response = _open(target, extra, deadline)
        try:
            if response.status in REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise FetchFailed(f"HTTP {response.status} redirect without a Location header.")
                current = urljoin(current, location)
                continue
            if response.status >= 400:
                raise FetchFailed(
                    f"The server answered HTTP {response.status}.", details={"status": response.status, "url": current}
                )
            size = _stream(response, dest, policy.max_bytes, deadline)
            content_type = response.headers.get("Content-Type", "")
            return FetchResult(current, response.status, content_type, size, hop)
        finally:
            response.release_conn()
            response.close()
    raise FetchFailed(f"More than {policy.max_redirects} redirects.", code="too_many_redirects", details={"url": url})


def _check(url: str, policy: FetchPolicy) -> Target:
    try:
        return check_target(url, policy.allowlist)
    except OSError as exc:
        raise FetchFailed(f"Cannot resolve the host of {url}: {exc}.", code="dns_failed") from exc


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchTimeout("The fetch took longer than URL_FETCH_TIMEOUT_S.")
    return left


def _open(target: Target, headers: Mapping[str, str], deadline: float) -> BaseHTTPResponse:
    """Connect to one of the checked addresses (never re-resolving the name)."""
    request_headers = {"User-Agent": USER_AGENT, "Accept": "*/*", **headers, "Host": target.host_header}
    last: Exception | None = None
    for address in target.addresses:
        left = _remaining(deadline)
        pool = _pool(target, address, Timeout(connect=left, read=left))
        try:
            return pool.urlopen(
                "GET",
                target.path,
                headers=request_headers,
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
                release_conn=False,
            )
        except NewConnectionError as exc:
            last = exc
            continue
        except ReadTimeoutError as exc:
            raise FetchTimeout("The server did not answer within URL_FETCH_TIMEOUT_S.") from exc
        except Urllib3Error as exc:
            if "timed out" in str(exc).lower():
                raise FetchTimeout("The connection timed out (URL_FETCH_TIMEOUT_S).") from exc
            raise FetchFailed(f"The request failed: {type(exc).__name__}.", details={"host": target.host}) from exc
    raise FetchFailed(f"Cannot connect to {target.host}: {last}.", code="connect_failed", details={"host": target.host})


def _pool(target: Target, address: str, timeout: Timeout) -> HTTPConnectionPool:
    if target.scheme == "https":
        return HTTPSConnectionPool(
            address,
            target.port,
            timeout=timeout,
            maxsize=1,
            retries=False,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
        )
    return HTTPConnectionPool(address, target.port, timeout=timeout, maxsize=1, retries=False)


def _stream(response: BaseHTTPResponse, dest: Path, max_bytes: int, deadline: float) -> int:
    """Write the (decoded) body to dest, aborting past max_bytes or the deadline."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(
            f"The body is {int(declared)} bytes, over URL_FETCH_MAX_MB.",
            code="fetch_too_large",
            details={"max_bytes": max_bytes},
        )
    size = 0
    try:
        with open(dest, "wb") as out:
            for chunk in response.stream(CHUNK, decode_content=True):
                size += len(chunk)
                if size > max_bytes:
                    raise PayloadTooLarge(
                        f"The body is over URL_FETCH_MAX_MB ({max_bytes} bytes).",
                        code="fetch_too_large",
                        details={"max_bytes": max_bytes},
                    )
                out.write(chunk)
                _remaining(deadline)
    except DataPulseError:
        dest.unlink(missing_ok=True)
        raise
    except ReadTimeoutError as exc:
        dest.unlink(missing_ok=True)
        raise FetchTimeout("The server stopped sending within URL_FETCH_TIMEOUT_S.") from exc
    except (Urllib3Error, OSError) as exc:
        dest.unlink(missing_ok=True)
        raise FetchFailed(f"Reading the body failed: {type(exc).__name__}.") from exc
    return size
