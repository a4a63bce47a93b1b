"""One log line per request, with a request id, so that `LOG_FORMAT=json` log files (and a
client quoting the `X-Request-ID` response header) can tie a failure to its request."""

from __future__ import annotations

import logging
import re
import time
import uuid

from apiflask import APIBlueprint
from flask import Flask, Response, g, request

from datapulse.api.platform import Platform

log = logging.getLogger("datapulse.access")
bp = APIBlueprint("request_log", __name__)
HEADER = "X-Request-ID"
_SAFE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_RUN = re.compile(r"/api/chat/runs/([0-9a-f]{32})")


def init_app(app: Flask, platform: Platform) -> None:
    @app.before_request
    def _start() -> None:
        given = request.headers.get(HEADER, "")
        g.request_id = given if _SAFE.match(given) else uuid.uuid4().hex[:16]
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        request_id = getattr(g, "request_id", None)
        if request_id is None:
            return response
        response.headers.setdefault(HEADER, request_id)
        if log.isEnabledFor(logging.INFO):
            ms = (time.perf_counter() - g.request_started) * 1000
            run = _RUN.search(request.path)
            extra = f" run_id={run.group(1)}" if run else ""
            log.info(
                "%s %s %s %.1fms request_id=%s%s",
                request.method,
                request.path,
                response.status_code,
                ms,
                request_id,
                extra,
            )
        return response
