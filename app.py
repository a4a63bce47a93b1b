"""WSGI entry point: `gunicorn -k gevent app:app` (SPEC 1).

Nothing is built at import: `app` is built and started on first access (module
`__getattr__`), so importing this module (gunicorn's master, a tool) has no side
effect. The launcher runs gunicorn on the factory instead, `datapulse.api.app:create_app()`,
and starts and stops the platform from gunicorn's worker hooks.
"""

from __future__ import annotations

from typing import Any

_built: dict[str, Any] = {}


def __getattr__(name: str) -> Any:
    if name != "app":
        raise AttributeError(name)
    if "app" not in _built:
        from datapulse.api.app import started_app

        _built["app"] = started_app()
    return _built["app"]
