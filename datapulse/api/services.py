"""How a request handler reaches the app's Platform: `services()`."""

from __future__ import annotations

from flask import current_app

from datapulse.api.platform import Platform

EXTENSION_KEY = "datapulse"


def services() -> Platform:
    platform: Platform = current_app.extensions[EXTENSION_KEY]
    return platform
