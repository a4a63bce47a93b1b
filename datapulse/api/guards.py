"""Request checks made before any work (SPEC 2): the `Host` and `Origin` of every request.

A server bound to loopback is still reachable from the user's own browser: a page on
`attacker.example` whose name is re-bound to 127.0.0.1 (DNS rebinding) sends requests
with `Host: attacker.example`, and any page can send cross-site "simple" requests
(multipart, `text/plain`) that need no CORS preflight. So every request must name the
platform in `Host`, and every state-changing request with an `Origin` must come from the
platform's own pages (or `CORS_ORIGINS`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any
from urllib.parse import urlsplit

from apiflask import APIFlask
from flask import Response, request

from datapulse.errors import BadRequest, Forbidden, PayloadTooLarge
from datapulse.hosts import HostPolicy, split_host
from datapulse.settings import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def nesting_exceeds(value: Any, limit: int) -> bool:
    """True when arrays/objects nest deeper than `limit`; iterative, so depth costs no stack."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
NOT_A_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'"


def page_csp(settings: Settings, host: str | None, html: bytes | None) -> str:
    """The policy of an HTML page: everything from the platform itself (SPEC 2: offline),
    inline scripts only by their hash (the docs page has one), WebSocket to our server."""
    scripts = ["'self'"]
    for body in _INLINE_SCRIPT.findall(html or b""):
        digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
        scripts.append(f"'sha256-{digest}'")
    public = urlsplit(settings.ws_url)
    sockets = {f"{public.scheme}://{public.netloc}"}
    name, _ = split_host(host or "")
    if name:
        bracketed = f"[{name}]" if ":" in name else name
        sockets.add(f"ws://{bracketed}:{settings.WS_PORT}")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src " + " ".join(scripts),
            "style-src 'self' 'unsafe-inline'",  # component libraries set style attributes
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self' " + " ".join(sorted(sockets)),
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def add_security_headers(response: Response, settings: Settings) -> Response:
    """On every response: no MIME sniffing, never inside a frame, and a CSP."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        html = None if response.direct_passthrough or response.is_streamed else response.get_data()
        response.headers["Content-Security-Policy"] = page_csp(settings, request.headers.get("Host"), html)
    else:
        response.headers.setdefault("Content-Security-Policy", NOT_A_PAGE_CSP)
    return response


def init_app(app: APIFlask, settings: Settings) -> None:
    policy = HostPolicy(settings)
    app.extensions["datapulse.host_policy"] = policy
    app.after_request(lambda response: add_security_headers(response, settings))

    @app.before_request
    def _check_host_and_origin() -> None:
        """First thing for every request: nothing is read or done for a foreign caller."""
        host = request.headers.get("Host")
        if not policy.host_allowed(host):
            raise BadRequest(
                "This server does not answer to that host name; add it to ALLOWED_HOSTS.",
                code="host_not_allowed",
                details={"host": (host or "")[:200]},
            )
        origin = request.headers.get("Origin")
        if request.method not in SAFE_METHODS and origin is not None and not policy.origin_allowed(origin, host):
            raise Forbidden(
                "Requests that change data are not accepted from that origin; add it to CORS_ORIGINS.",
                code="origin_not_allowed",
                details={"origin": origin[:200]},
            )
        _check_body()

    def _check_body() -> None:
        """Bodies other than uploads are small JSON: refused at once from Content-Length, or
        while reading without one (werkzeug stops at `max_content_length`); depth bounded."""
        if request.mimetype == "multipart/form-data":
            return  # uploads stream to disk under MAX_UPLOAD_MB
        limit = settings.max_json_bytes
        length = request.content_length
        too_large = PayloadTooLarge(
            f"The request body is larger than the limit of {settings.MAX_JSON_KB} KiB.",
            details={"max_json_bytes": limit, "content_length": length},
        )
        if length is not None and length > limit:
            raise too_large
        request.max_content_length = limit + 1  # a chunked body is read one byte past the limit at most
        if request.is_json and (length or request.environ.get("wsgi.input_terminated")):
            data = request.get_data(cache=True)
            if len(data) > limit:
                raise too_large
            if data.count(b"[") + data.count(b"{") <= settings.MAX_JSON_DEPTH:
                return
            try:  # the parsed body is cached for the view; a syntax error is left to it
                too_deep = nesting_exceeds(request.get_json(silent=True), settings.MAX_JSON_DEPTH)
            except RecursionError:  # deeper than the parser itself can go
                too_deep = True
            if too_deep:
                raise BadRequest(
                    f"The JSON body nests deeper than {settings.MAX_JSON_DEPTH} levels.",
                    code="json_too_deep",
                    details={"max_json_depth": settings.MAX_JSON_DEPTH},
                )
